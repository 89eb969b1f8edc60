"""What Service Desk tells Messaging about a sender and a document (registered in hooks.py):
the technician with a sender's mobile and their open receptions, for the operator reading an
Unmatched SMS (`zhira_sms_sender_context`); a status's customer label (`zhira_sms_template_context`)
and a status's own template for Status Changed (`zhira_sms_event_template`) for SMS Templates."""

import frappe

from zhira_after_sales.consts import CLOSED_CATEGORIES
from zhira_after_sales.service_desk.sms_commands import find_technician
from zhira_after_sales.utils.phone import number_variants

STATUS_CHANGED = "Status Changed"


def sender_context(number: str, customer: str | None = None) -> dict:
	"""The technician whose registered mobile this is, and the open receptions of this mobile or
	customer."""
	return {"technician": find_technician(number), "receptions": open_receptions(number, customer)}


def open_receptions(number: str, customer: str | None = None, limit: int = 10) -> list[dict]:
	closed = frappe.get_all("Service Status", {"category": ("in", CLOSED_CATEGORIES)}, pluck="name")
	or_filters = [["mobile_no", "in", number_variants(number)]]
	if customer:
		or_filters.append(["customer", "=", customer])
	return frappe.get_all(
		"Service Reception",
		filters=[["status", "not in", closed or [""]]],
		or_filters=or_filters,
		fields=["name", "tracking_code", "status", "customer", "customer_name"],
		order_by="creation desc",
		limit=limit,
	)


def service_status(doc) -> str | None:
	"""The document's status, when it is a Service Status."""
	status = doc.get("status") if hasattr(doc, "get") else None
	if status and isinstance(status, str):
		return frappe.get_cached_value("Service Status", status, "name")  # None when it is not one
	return None


def template_context(doc) -> dict:
	"""`status_label`: the customer's wording of the document's status ("" for other statuses)."""
	status = service_status(doc)
	if not status:
		return {"status_label": ""}
	return {"status_label": frappe.get_cached_value("Service Status", status, "customer_label") or status}


def status_template(event: str, doc) -> str | None:
	"""For Status Changed, the SMS Template the document's status names as its own."""
	if event != STATUS_CHANGED:
		return None
	status = service_status(doc)
	return frappe.get_cached_value("Service Status", status, "sms_template") if status else None
