"""Agencies accept and decline referrals: the settings name the statuses each answer moves a
reception to, and a referred (or accepted) reception may go back to the initial status."""

import frappe

from zhira_after_sales.setup import default_data as data
from zhira_after_sales.setup.install import set_referral_answer_statuses


def execute():
	for source, target in data.DECLINE_TRANSITIONS:
		if not (frappe.db.exists("Service Status", source) and frappe.db.exists("Service Status", target)):
			continue
		status = frappe.get_doc("Service Status", source)
		if target not in {row.status for row in status.allowed_next}:
			status.append("allowed_next", {"status": target})
			status.save(ignore_permissions=True)
	settings = frappe.get_single("After Sales Settings")
	set_referral_answer_statuses(settings)
	settings.flags.ignore_permissions = True
	settings.save()
