"""/agency/invoices: the agency's work reports (Service Invoices) by approval state."""

import frappe
from frappe import _
from frappe.utils import cint

from zhira_after_sales.agency import portal_invoices
from zhira_after_sales.agency.portal import money, page_context
from zhira_after_sales.utils.typed_text import typed_fields

no_cache = 1


def get_context(context):
	agency = page_context(context, "invoices", _("Invoices"))
	state = frappe.form_dict.get("state")
	context.state = state if state in portal_invoices.STATE_COLORS else ""
	context.states = [(s, portal_invoices.state_label(s)) for s in portal_invoices.STATE_COLORS]
	context.start = max(cint(frappe.form_dict.get("start")), 0)
	context.page_length = portal_invoices.PAGE_LENGTH
	context.rows = portal_invoices.invoices(agency, context.state, context.start)
	for row in context.rows:
		typed_fields(row, "customer_name", "serial_no")
	context.money = money
	return context
