"""Endpoints of the Service Invoice (the agency's work report)."""

import frappe

from zhira_after_sales.agency import invoice_mapper
from zhira_after_sales.api.gate import require_doc, requires


@frappe.whitelist()
@requires("Service Invoice", "create")
def make_service_invoice(source_name: str, target_doc: str | None = None, customer_device: str | None = None):
	"""A new Service Invoice for a device of reception `source_name` ("Create → Service Invoice";
	`frappe.model.open_mapped_doc` passes the device in `args`)."""
	require_doc("Service Reception", source_name)
	customer_device = customer_device or (frappe.flags.args or {}).get("customer_device")
	return invoice_mapper.make_service_invoice(source_name, target_doc, customer_device)
