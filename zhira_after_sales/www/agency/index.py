"""/agency: the agency's cartable of referrals (new, accepted, in progress, done) with search and
filters; a plain GET form, so it works without script and on a slow connection."""

import frappe
from frappe import _
from frappe.utils import cint

from zhira_after_sales.agency import cartable
from zhira_after_sales.agency.portal import page_context
from zhira_after_sales.exceptions import PortalInputError
from zhira_after_sales.utils.typed_text import typed_fields

no_cache = 1

FILTERS = ("q", "status", "service_type", "from_date", "to_date")


def get_context(context):
	agency = page_context(context, "cartable", _("Referrals"))
	args = frappe.form_dict
	context.tab = args.get("tab") if args.get("tab") in cartable.TABS else cartable.NEW
	context.filters = {key: (args.get(key) or "").strip()[:140] for key in FILTERS}
	context.start = max(cint(args.get("start")), 0)
	context.page_length = cartable.PAGE_LENGTH
	context.counts = cartable.counts(agency)
	context.tabs = [
		{"tab": tab, "label": label, "count": context.counts[tab]}
		for tab, label in cartable.tab_labels().items()
	]
	context.statuses = frappe.get_all(
		"Service Status", {"is_active": 1}, ["name", "customer_label"], order_by="sort_order asc"
	)
	context.service_types = frappe.get_all("Service Type", pluck="name", order_by="name asc")
	context.rows, context.error = [], None
	try:
		context.rows = cartable.receptions(
			agency,
			context.tab,
			search=context.filters["q"],
			status=context.filters["status"],
			service_type=context.filters["service_type"],
			from_date=context.filters["from_date"],
			to_date=context.filters["to_date"],
			start=context.start,
		)
	except PortalInputError as error:
		frappe.clear_messages()
		context.error = str(error)
	# what customers and head office typed, shown as typed (utils.typed_text)
	for row in context.rows:
		typed_fields(row, "customer_name", "city")
		for device in row.get("devices") or []:
			typed_fields(device, "serial_no")
	context.query = {k: v for k, v in context.filters.items() if v}
	return context
