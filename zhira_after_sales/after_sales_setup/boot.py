"""Desk boot: the After Sales Settings the desk's own filters need (the workspace's Overdue
Referrals card counts receptions referred more than `referral_overdue_days` days ago)."""

import frappe
from frappe.utils import cint

DEFAULT_REFERRAL_OVERDUE_DAYS = 3


def referral_overdue_days() -> int:
	"""The setting; empty (a site that never saved it since the field came) is the default 3."""
	value = frappe.db.get_single_value("After Sales Settings", "referral_overdue_days")
	return cint(value) or DEFAULT_REFERRAL_OVERDUE_DAYS


def extend_bootinfo(bootinfo):
	if frappe.session.user != "Guest":
		bootinfo.zhira_after_sales = {"referral_overdue_days": referral_overdue_days()}
