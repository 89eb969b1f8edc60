# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The periodic service visits of active plans due in a period: today, this or next week (Saturday
to Friday), this or next Jalali month, or a date range; optionally of one agency (the visit's own,
else its plan's) and one visit status. One row per visit, by due date. Head office only."""

import frappe
from frappe import _

from zhira_after_sales.service_desk import periodic_reports as reports
from zhira_after_sales.service_desk import periodic_rules as rules
from zhira_after_sales.utils import jalali

SUMMARY = (
	(rules.PLANNED, "Blue"),
	(rules.REMINDED, "Blue"),
	(rules.RECEPTION_CREATED, "Orange"),
	(rules.OVERDUE, "Red"),
	(rules.DONE, "Green"),
	(rules.SKIPPED, "Grey"),
)


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	if filters.status and filters.status not in rules.STATUSES:
		frappe.throw(
			_("Status: choose one of {0}.").format(", ".join(_(s) for s in rules.STATUSES)),
			title=_("Status"),
		)
	start, end = reports.period_range(filters)
	rows = get_rows(filters, start, end)
	message = _("Due from {0} to {1}").format(
		frappe.bold(jalali.format_date(start)), frappe.bold(jalali.format_date(end))
	)
	return get_columns(), rows, message, None, get_summary(rows)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "due_date", "label": _("Due On"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "plan",
			"label": _("Periodic Service Plan"),
			"fieldtype": "Link",
			"options": "Periodic Service Plan",
			"width": 130,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 120,
		},
		{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "mobile_no", "label": _("Mobile No"), "fieldtype": "Data", "width": 130},
		{"fieldname": "item", "label": _("Item"), "fieldtype": "Link", "options": "Item", "width": 120},
		{"fieldname": "item_name", "label": _("Item Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "serial_no", "label": _("Serial No"), "fieldtype": "Data", "width": 130},
		{"fieldname": "task", "label": _("Service Task"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "service_type",
			"label": _("Service Type"),
			"fieldtype": "Link",
			"options": "Service Type",
			"width": 120,
		},
		{
			"fieldname": "service_agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 120,
		},
		{"fieldname": "agency_name", "label": _("Agency Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "service_reception",
			"label": _("Service Reception"),
			"fieldtype": "Link",
			"options": "Service Reception",
			"width": 130,
		},
	]


def get_rows(filters, start, end) -> list[dict]:
	visit, plan, agency, query = reports.visits_query()
	query = query.where(visit.due_date[start:end])
	if filters.service_agency:
		query = query.where(agency == filters.service_agency)
	if filters.status:
		query = query.where(visit.status == filters.status)
	rows = (
		query.select(
			visit.due_date,
			plan.name.as_("plan"),
			plan.customer,
			plan.customer_name,
			plan.mobile_no,
			plan.item,
			plan.item_name,
			plan.serial_no,
			visit.task,
			visit.service_type,
			agency.as_("service_agency"),
			visit.status.as_("status_key"),
			visit.service_reception,
		)
		.orderby(visit.due_date)
		.orderby(plan.name)
		.orderby(visit.idx)
		.run(as_dict=True)
	)
	names = reports.agency_names({row.service_agency for row in rows})
	for row in rows:
		row.service_agency = row.service_agency or None
		row.agency_name = names.get(row.service_agency)
		row.status = _(row.status_key)
	return rows


def get_summary(rows: list[dict]) -> list[dict]:
	counts = {}
	for row in rows:
		counts[row.status_key] = counts.get(row.status_key, 0) + 1
	return [
		{"label": _("Visits"), "value": len(rows), "datatype": "Int", "indicator": "Blue"},
		*(
			{"label": _(status), "value": counts[status], "datatype": "Int", "indicator": colour}
			for status, colour in SUMMARY
			if counts.get(status)
		),
	]
