"""/service/ticket?name=<Service Ticket>: one of the customer's tickets - the conversation with head
office, a reply with a photo or PDF, Resolved and Close. Another customer's ticket is not found."""

import frappe
from frappe import _

from zhira_after_sales.customer_care.customer_portal import page_context
from zhira_after_sales.service_desk import tickets
from zhira_after_sales.utils.typed_text import typed_fields

no_cache = 1


def get_context(context):
	customer = page_context(context, "tickets", _("Ticket"))
	name = (frappe.form_dict.get("name") or "").strip()[:140]
	try:
		context.t = tickets.ticket_view("Customer", customer, name)
	except frappe.DoesNotExistError:
		frappe.clear_messages()
		raise frappe.PageDoesNotExistError
	# what the party and head office typed, shown as typed (utils.typed_text)
	typed_fields(context.t, "subject")
	for message in context.t["messages"]:
		typed_fields(message, "text", "sender")
	context.title = _("Ticket {0}").format(name)
	context.base = "/service"
	context.max_file_mb = tickets.max_file_mb()
	return context
