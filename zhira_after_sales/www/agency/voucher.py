"""/agency/voucher?type=...&name=...: one voucher of the agency's statement, read-only (wages,
parts sold, hot-part charges, payments, journal entries); a voucher not on the agency's own
account is not found (404), the same page as one that does not exist."""

import frappe
from frappe import _

from zhira_after_sales.agency import portal_money
from zhira_after_sales.agency.portal import page_context

no_cache = 1


def get_context(context):
	agency = page_context(context, "statement", _("Voucher"))
	context.amount = portal_money.amount
	context.quantity = portal_money.quantity
	args = frappe.form_dict
	try:
		context.voucher = portal_money.voucher(agency, args.get("type"), args.get("name"))
	except frappe.DoesNotExistError:
		frappe.clear_messages()
		context.voucher = None
		context.http_status_code = 404
		return context
	context.title = f"{context.voucher.type_label} {context.voucher.name}"
	return context
