"""/service/request?name=: one of the customer's requests - status, history, devices, the agency
that serves it - and cancelling it while nobody has started on it."""

import frappe
from frappe import _

from zhira_after_sales.customer_care import my_requests
from zhira_after_sales.customer_care.customer_portal import page_context
from zhira_after_sales.service_desk.visits import time_label
from zhira_after_sales.utils.typed_text import typed_fields

no_cache = 1


def get_context(context):
	customer = page_context(context, "requests", _("Request"))
	try:
		context.r = my_requests.request_view(customer, frappe.form_dict.get("name"))
	except frappe.DoesNotExistError:
		frappe.clear_messages()
		raise frappe.PageDoesNotExistError
	# what the customer and head office typed, shown as typed (utils.typed_text)
	typed_fields(context.r, "city", "address_line")
	for device in context.r["devices"]:
		typed_fields(device, "description", "serial_no")
	context.title = _("Request {0}").format(context.r["tracking_code"])
	context.time_label = time_label
	context.sent = frappe.form_dict.get("sent")
	return context
