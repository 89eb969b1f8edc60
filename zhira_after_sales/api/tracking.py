"""The guest tracking page's endpoint (/track): tracking code + mobile -> the status in the
customer's words, or one and the same "not found" (zhira_after_sales.customer_care.guest_tracking)."""

import frappe

from zhira_after_sales.customer_care.guest_tracking import track as track_request


@frappe.whitelist(allow_guest=True, methods=["POST"])
def track(tracking_code: str, mobile: str):
	return track_request(tracking_code, mobile)
