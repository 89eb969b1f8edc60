"""The agency's rows in the device passport (see zhira_after_sales.service_desk.passport): each
submitted Service Invoice of the device with its decision, the parts an approved invoice replaced,
and the defective parts due back. Read through the user's permissions: an agency sees its own."""

import frappe
from frappe import _
from frappe.utils import flt

INVOICE_INDICATORS = {"Pending": "orange", "Approved": "green", "Rejected": "red", "Cancelled": "gray"}
RETURN_INDICATORS = {
	"Awaiting Return": "orange",
	"Received": "green",
	"Short": "yellow",
	"Rejected": "red",
	"Billed": "purple",
	"Void": "gray",
}


def device_timeline(device) -> list[dict]:
	invoices = frappe.get_list(
		"Service Invoice",
		filters={"customer_device": device.name, "docstatus": ("in", (1, 2))},
		fields=["name", "invoice_type", "approval_status", "service_date", "agency", "approved_on"],
		order_by="service_date asc, creation asc",
	)
	rows = []
	parts = approved_parts([i.name for i in invoices if i.approval_status == "Approved"])
	for invoice in invoices:
		rows.append(
			{
				"date": str(invoice.service_date),
				"kind": "service_invoice",
				"title": _("{0} {1}: {2}").format(
					_(invoice.invoice_type), invoice.name, _(invoice.approval_status)
				),
				"description": _("Agency {0}").format(invoice.agency),
				"indicator": INVOICE_INDICATORS.get(invoice.approval_status, "gray"),
				"reference_doctype": "Service Invoice",
				"reference_name": invoice.name,
			}
		)
		for part in parts.get(invoice.name, []):
			rows.append(
				{
					"date": str(invoice.service_date),
					"kind": "part",
					"title": _("Part replaced: {0} × {1}").format(
						part.item_name or part.item, frappe.format(flt(part.qty), {"fieldtype": "Float"})
					),
					"description": _("{0} part, Service Invoice {1}").format(_(part.coverage), invoice.name),
					"indicator": "blue",
					"reference_doctype": "Service Invoice",
					"reference_name": invoice.name,
				}
			)
	for part_return in frappe.get_list(
		"Defective Part Return",
		filters={"customer_device": device.name},
		fields=["name", "item", "item_name", "qty", "status", "due_date", "creation"],
		order_by="creation asc",
	):
		rows.append(
			{
				"date": str(part_return.creation),
				"kind": "hot_part",
				"title": _("Defective part {0} due back: {1}").format(
					part_return.item_name or part_return.item, _(part_return.status)
				),
				"description": _("Due {0}").format(
					frappe.format(part_return.due_date, {"fieldtype": "Date"})
				),
				"indicator": RETURN_INDICATORS.get(part_return.status, "gray"),
				"reference_doctype": "Defective Part Return",
				"reference_name": part_return.name,
			}
		)
	return rows


def approved_parts(invoice_names: list[str]) -> dict[str, list]:
	"""Approved part lines by invoice (child rows of invoices the caller may already read)."""
	if not invoice_names:
		return {}
	by_invoice = {}
	for row in frappe.get_all(
		"Service Invoice Part",
		filters={
			"parenttype": "Service Invoice",
			"parent": ("in", invoice_names),
			"line_status": "Approved",
		},
		fields=["parent", "item", "item_name", "qty", "coverage"],
		order_by="idx asc",
	):
		by_invoice.setdefault(row.parent, []).append(row)
	return by_invoice
