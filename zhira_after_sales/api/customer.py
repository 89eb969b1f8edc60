"""Endpoints of the customer pages (/service). The customer is always the logged-in user's
(customer_portal.require_customer), never a name from the request."""

import frappe
from frappe import _

from zhira_after_sales.api.limits import NOTE, check_length
from zhira_after_sales.customer_care import my_requests, service_request
from zhira_after_sales.customer_care.customer_portal import require_customer


@frappe.whitelist(methods=["POST"])
def submit_request(**values):
	"""A service request (multipart form; the serial label's photo as `label_photo`)."""
	customer = require_customer()
	values.pop("cmd", None)
	files = getattr(getattr(frappe, "request", None), "files", None) or {}
	return service_request.submit_request(customer, values, files.get("label_photo"))


@frappe.whitelist(methods=["POST"])
def cancel_request(name: str, reason: str | None = None):
	customer = require_customer()
	check_length(reason, _("Reason"), NOTE)
	return my_requests.cancel_request(customer, name, reason)


@frappe.whitelist()
def get_requests(start: int = 0):
	return my_requests.requests(require_customer(), start)


@frappe.whitelist()
def get_request(name: str):
	return my_requests.request_view(require_customer(), name)
