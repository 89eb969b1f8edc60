"""/service/card?name=: a warranty card of the customer's, in the print format of their language,
with the browser's print dialog."""

import frappe

from zhira_after_sales.customer_care import my_devices
from zhira_after_sales.customer_care.customer_portal import page_context

no_cache = 1


def get_context(context):
	customer = page_context(context, "devices", frappe._("Warranty card"))
	try:
		context.print_html = my_devices.card_html(customer, frappe.form_dict.get("name"))
	except frappe.DoesNotExistError:
		frappe.clear_messages()
		raise frappe.PageDoesNotExistError
	return context
