"""/agency/invoice?name=<Service Invoice>: one of the agency's work reports, read-only: what head
office approved, voided or changed and why. Another agency's invoice is not found."""

import frappe
from frappe import _

from zhira_after_sales.agency import portal_invoices
from zhira_after_sales.agency.portal import money, page_context

no_cache = 1


def get_context(context):
	agency = page_context(context, "invoices", _("Invoice"))
	name = (frappe.form_dict.get("name") or "").strip()[:140]
	try:
		context.inv = portal_invoices.invoice_view(agency, name)
	except frappe.DoesNotExistError:
		frappe.clear_messages()
		raise frappe.PageDoesNotExistError
	context.title = _("Invoice {0}").format(name)
	context.money = money
	return context
