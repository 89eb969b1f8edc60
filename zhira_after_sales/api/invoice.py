"""Endpoints of the Service Invoice (the agency's work report)."""

import frappe

from zhira_after_sales.agency import invoice_approval, invoice_mapper
from zhira_after_sales.api.gate import require_doc, requires


@frappe.whitelist()
@requires("Service Invoice", "create")
def make_service_invoice(source_name: str, target_doc: str | None = None, customer_device: str | None = None):
	"""A new Service Invoice for a device of reception `source_name` ("Create → Service Invoice";
	`frappe.model.open_mapped_doc` passes the device in `args`)."""
	require_doc("Service Reception", source_name)
	customer_device = customer_device or (frappe.flags.args or {}).get("customer_device")
	return invoice_mapper.make_service_invoice(source_name, target_doc, customer_device)


@frappe.whitelist(methods=["POST"])
@requires("Service Invoice", "write")
def approve_service_invoice(name: str, void_parts: list[str] | str | None = None) -> dict:
	"""Head office approves a submitted invoice: wages, parts, warranty start and the reception's
	completion are posted in this request's one transaction (any error rolls all of it back).
	`void_parts`: the names of part rows head office refuses (they are not posted)."""
	invoice = require_doc("Service Invoice", name, "write")
	invoice_approval.void_parts(invoice, frappe.parse_json(void_parts) if void_parts else [])
	invoice_approval.approve(invoice)
	return decision(invoice)


@frappe.whitelist(methods=["POST"])
@requires("Service Invoice", "write")
def reject_service_invoice(name: str, reason: str) -> dict:
	invoice = require_doc("Service Invoice", name, "write")
	invoice_approval.reject(invoice, reason)
	return decision(invoice)


@frappe.whitelist(methods=["POST"])
@requires("Service Invoice", "write")
def set_rejection_reason(name: str, reason: str) -> dict:
	"""Head office writes why it is about to reject a pending invoice (the desk's Reject action
	saves it before the workflow moves the invoice)."""
	invoice = require_doc("Service Invoice", name, "write")
	invoice_approval.set_rejection_reason(invoice, reason)
	return decision(invoice)


def decision(invoice) -> dict:
	fields = ("name", "approval_status", "approved_by", "approved_on", "rejection_reason")
	fields += ("purchase_invoice", "stock_entry", "sales_invoice")
	return {f: invoice.get(f) for f in fields}
