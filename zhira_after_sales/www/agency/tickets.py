"""/agency/tickets: the agency's tickets with head office, by status; a button opens a new one."""

import frappe
from frappe import _
from frappe.utils import cint

from zhira_after_sales.agency.portal import page_context
from zhira_after_sales.service_desk import tickets
from zhira_after_sales.utils.typed_text import typed_fields

no_cache = 1


def get_context(context):
	agency = page_context(context, "tickets", _("Tickets"))
	status = frappe.form_dict.get("status")
	context.statuses = tickets.status_choices()
	context.status = status if status in dict(context.statuses) else ""
	context.start = max(cint(frappe.form_dict.get("start")), 0)
	context.page_length = tickets.PAGE_LENGTH
	context.rows = tickets.tickets_for("Service Agency", agency, context.status or None, context.start)
	for row in context.rows:
		typed_fields(row, "subject")
	context.base = "/agency"
	return context
