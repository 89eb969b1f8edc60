"""/agency/statement: the agency's statement of account for a period typed in Jalali (the current
Jalali month by default): opening balance, one line per voucher with its running balance, the
closing balance, totals by kind, and an Excel copy."""

import frappe
from frappe import _

from zhira_after_sales.agency import portal_money
from zhira_after_sales.agency.portal import page_context
from zhira_after_sales.exceptions import PortalInputError
from zhira_after_sales.utils import jalali

no_cache = 1


def get_context(context):
	agency = page_context(context, "statement", _("Statement"))
	args = frappe.form_dict
	context.typed = {key: (args.get(key) or "").strip()[:40] for key in ("from_date", "to_date")}
	context.error = None
	try:
		from_date, to_date = portal_money.period(context.typed["from_date"], context.typed["to_date"])
	except PortalInputError as error:
		frappe.clear_messages()
		context.error = str(error)
		from_date, to_date = portal_money.period()
	context.from_text = portal_money.jalali_text(from_date)
	context.to_text = portal_money.jalali_text(to_date)
	context.from_value = jalali.format_date(from_date)
	context.to_value = jalali.format_date(to_date)
	context.data = portal_money.statement_page(agency, from_date, to_date)
	context.amount = portal_money.amount
	context.quantity = portal_money.quantity
	context.balance_words = portal_money.balance_words
	context.quick_periods = portal_money.quick_periods()
	context.excel_url = (
		"/api/method/zhira_after_sales.api.agency_money.statement_xlsx?"
		+ frappe.utils.urlencode({"from_date": context.from_value, "to_date": context.to_value})
	)
	return context
