"""/service/new-request: the service request form - product group then model, service type,
serial and a photo of its label, address, landline, description, preferred day and time. It posts
to zhira_after_sales.api.customer.submit_request (multipart, for the photo)."""

import frappe
from frappe import _

from zhira_after_sales.customer_care import service_request
from zhira_after_sales.customer_care.customer_portal import page_context
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.typed_text import typed_fields

no_cache = 1


def get_context(context):
	customer = page_context(context, "new-request", _("New Request"))
	context.options = service_request.request_options()
	context.today = jalali.format_date(frappe.utils.nowdate(), persian_digits=context.persian)
	context.customer_info = frappe.db.get_value(
		"Customer", customer, ["customer_name", "mobile_no"], as_dict=True
	)
	last = frappe.get_all(
		"Service Reception",
		{"customer": customer},
		["territory", "city", "address_line", "phone_no"],
		order_by="received_on desc",
		limit=1,
	)
	# the last request's address, shown as typed in the form's fields (utils.typed_text)
	context.last = typed_fields(last[0], "city", "address_line", "phone_no") if last else frappe._dict()
	# "Request a service for this device" comes with the model and serial
	item = frappe.form_dict.get("item")
	context.prefill = frappe._dict(
		item=item if any(m.name == item for m in context.options["models"]) else "",
		serial_no=(frappe.form_dict.get("serial_no") or "")[:60],
	)
	return context
