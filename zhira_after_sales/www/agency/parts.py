"""/agency/parts: the agency's parts requests with the form for a new one, the consignment stock
it holds, and the defective (hot) parts it owes back; three tabs of plain links, so the page
reads without script."""

import frappe
from frappe import _
from frappe.utils import cint

from zhira_after_sales.agency import parts_request, portal_money, portal_parts
from zhira_after_sales.agency.portal import consignment_stock, page_context
from zhira_after_sales.service_desk import tracking

no_cache = 1

FORM_ROWS = 3  # part rows the form shows before "Add a part"


def get_context(context):
	agency = page_context(context, "parts", _("Parts"))
	args = frappe.form_dict
	context.tab = args.get("tab") if args.get("tab") in portal_parts.TABS else portal_parts.REQUESTS
	context.tabs = [{"tab": tab, "label": label} for tab, label in portal_parts.tab_labels().items()]
	context.amount = portal_money.amount
	context.quantity = portal_money.quantity
	if context.tab == portal_parts.REQUESTS:
		requests_tab(context, agency, args)
	elif context.tab == portal_parts.STOCK:
		context.stock = consignment_stock(agency)
	else:
		context.show = "all" if args.get("show") == "all" else "open"
		context.hot_parts = portal_parts.hot_parts(agency, context.show)
	return context


def requests_tab(context, agency, args):
	context.start = max(cint(args.get("start")), 0)
	context.page_length = portal_parts.PAGE_LENGTH
	context.requests = portal_parts.requests(agency, context.start, context.page_length)
	context.parts = portal_parts.spare_parts()
	context.form_rows = FORM_ROWS
	context.warranty, context.purchase = parts_request.WARRANTY, parts_request.PURCHASE
	# a link from a referral may bring its tracking code
	context.tracking_code = tracking.normalize(args.get("tracking_code"))[:20]
	context.request_type = (
		parts_request.PURCHASE
		if args.get("request_type") == parts_request.PURCHASE
		else parts_request.WARRANTY
	)
