"""/service: the customer's own requests, newest first, each with its status in the customer's
words; the way to a new request, the devices and the tickets."""

import frappe
from frappe import _
from frappe.utils import cint

from zhira_after_sales.customer_care import my_requests
from zhira_after_sales.customer_care.customer_portal import page_context

no_cache = 1


def get_context(context):
	customer = page_context(context, "requests", _("My Requests"))
	context.start = max(cint(frappe.form_dict.get("start")), 0)
	context.page_length = my_requests.PAGE_LENGTH
	context.rows = my_requests.requests(customer, context.start)
	context.sent = frappe.form_dict.get("sent")
	return context
