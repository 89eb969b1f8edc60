"""Desk boot: which DocTypes show the Send SMS action (hooks: zhira_smart_sms_doctypes)."""

import frappe


def smart_sms_doctypes() -> list[str]:
	return list(dict.fromkeys(frappe.get_hooks("zhira_smart_sms_doctypes") or []))


def boot_session(bootinfo):
	if frappe.session.user != "Guest" and frappe.has_permission("SMS Message", "create"):
		bootinfo.zhira_smart_sms_doctypes = smart_sms_doctypes()
