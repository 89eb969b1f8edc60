"""/agency/parts-request?name=...: one parts request of the agency, read-only: what head office
approved, voided and sent, and why it refused; another agency's request is not found (404), the
same page as a request that does not exist."""

import frappe
from frappe import _

from zhira_after_sales.agency import portal_money, portal_parts
from zhira_after_sales.agency.portal import page_context

no_cache = 1


def get_context(context):
	agency = page_context(context, "parts", _("Parts Request"))
	context.amount = portal_money.amount
	context.quantity = portal_money.quantity
	context.created = bool(frappe.form_dict.get("created"))
	try:
		context.request = portal_parts.request_detail(agency, frappe.form_dict.get("name"))
	except frappe.DoesNotExistError:
		frappe.clear_messages()
		context.request = None
		context.http_status_code = 404
		return context
	context.title = _("Parts Request {0}").format(context.request.name)
	return context
