"""/agency/invoice?name=<Service Invoice>: one of the agency's work reports, read-only: what head
office approved, voided or changed and why. Another agency's invoice is not found."""

import frappe
from frappe import _

from zhira_after_sales.agency import portal_invoices
from zhira_after_sales.agency.portal import money, page_context
from zhira_after_sales.utils.typed_text import typed_fields

no_cache = 1


def get_context(context):
	agency = page_context(context, "invoices", _("Invoice"))
	name = (frappe.form_dict.get("name") or "").strip()[:140]
	try:
		context.inv = portal_invoices.invoice_view(agency, name)
	except frappe.DoesNotExistError:
		frappe.clear_messages()
		raise frappe.PageDoesNotExistError
	# what the agency, its technicians and head office typed, shown as typed (utils.typed_text);
	# a change's old and new values are text too (the notes a technician wrote, among others)
	inv = context.inv
	typed_fields(inv["doc"], "customer_name", "serial_no", "rejection_reason")
	for row in inv["services"]:
		typed_fields(row, "description", "reason")
	for row in inv["parts"]:
		typed_fields(row, "note")
	for row in inv["changes"]:
		typed_fields(row, "old", "new")
	for row in inv["timeline"]:
		typed_fields(row, "text")
	context.title = _("Invoice {0}").format(name)
	context.money = money
	return context
