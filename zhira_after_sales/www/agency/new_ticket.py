"""/agency/new-ticket: the agency writes to head office - category, subject, description and a
photo or PDF."""

from frappe import _

from zhira_after_sales.agency.portal import page_context
from zhira_after_sales.service_desk import tickets

no_cache = 1


def get_context(context):
	page_context(context, "tickets", _("New ticket"))
	context.categories = tickets.category_choices()
	context.devices = []  # an agency's ticket is about no customer's device
	context.base = "/agency"
	context.max_file_mb = tickets.max_file_mb()
	return context
