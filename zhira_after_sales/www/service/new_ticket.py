"""/service/new-ticket: the customer writes to head office - category, the device it is about,
subject, description and a photo or PDF."""

import frappe
from frappe import _

from zhira_after_sales.customer_care.customer_portal import page_context
from zhira_after_sales.service_desk import tickets

no_cache = 1


def get_context(context):
	customer = page_context(context, "tickets", _("New ticket"))
	context.categories = tickets.category_choices()
	context.devices = frappe.get_all(
		"Customer Device",
		{"customer": customer},
		["name", "item", "item_name", "serial_no"],
		order_by="creation desc",
		limit_page_length=50,
	)
	context.base = "/service"
	context.max_file_mb = tickets.max_file_mb()
	return context
