# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""How many of the periodic service visits due in a date range each agency did: visits due, done,
skipped, overdue (not done past the due date and the grace days, or marked Overdue) and still open
(not done, not overdue yet), and the completion rate, done / (due - skipped): a skipped visit (the
customer declined, head office skipped it) is not the agency's to do. The visits of active and
completed plans; a cancelled plan's are left out. A visit counts for its own agency, else its
plan's. Head office only."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, nowdate

from zhira_after_sales.service_desk import periodic_reports as reports
from zhira_after_sales.service_desk import periodic_rules as rules

COUNTS = ("due", "done", "skipped", "overdue", "open")
CHART_AGENCIES = 20


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	start, end = reports.date_range(filters)
	rows, total = get_rows(filters, start, end, getdate(nowdate()))
	data = [*rows, total] if rows else []
	return get_columns(), data, None, get_chart(rows), get_summary(total)


def get_columns() -> list[dict]:
	count = {"fieldtype": "Int", "width": 100}
	return [
		{
			"fieldname": "service_agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 130,
		},
		{"fieldname": "agency_name", "label": _("Agency Name"), "fieldtype": "Data", "width": 200},
		{"fieldname": "due", "label": _("Visits Due"), **count},
		{"fieldname": "done", "label": _("Done"), **count},
		{"fieldname": "skipped", "label": _("Skipped"), **count},
		{"fieldname": "overdue", "label": _("Overdue"), **count},
		{"fieldname": "open", "label": _("Still Open"), **count},
		{
			"fieldname": "completion",
			"label": _("Completion %"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 120,
		},
	]


def get_rows(filters, start, end, today) -> tuple[list[dict], dict]:
	visit, _plan, agency, query = reports.visits_query(plan_statuses=("Active", "Completed"))
	query = query.where(visit.due_date[start:end])
	if filters.service_agency:
		query = query.where(agency == filters.service_agency)
	overdue = reports.overdue_condition(visit, today)
	conditions = {
		"done": visit.status == rules.DONE,
		"skipped": visit.status == rules.SKIPPED,
		"overdue": overdue,
		"open": visit.status.isin(list(reports.OPEN)) & overdue.negate(),
	}
	rows = (
		query.select(
			agency.as_("service_agency"),
			Count("*").as_("due"),
			*(Sum(Case().when(c, 1).else_(0)).as_(k) for k, c in conditions.items()),
		)
		.groupby(agency)
		.run(as_dict=True)
	)
	names = reports.agency_names([row.service_agency for row in rows])
	for row in rows:
		row.service_agency = row.service_agency or None
		row.agency_name = names.get(row.service_agency) if row.service_agency else _("Not Set")
		finish(row)
	rows.sort(key=lambda r: (r.completion is None, -(r.completion or 0), -r.due, r.service_agency or ""))
	total = frappe._dict({field: sum(row[field] for row in rows) for field in COUNTS})
	total.update(service_agency=None, agency_name=_("Total"), is_total=1)
	return rows, finish(total)


def finish(row):
	for field in COUNTS:
		row[field] = int(row.get(field) or 0)
	row.completion = reports.percent(row.done, row.due - row.skipped)
	return row


def get_chart(rows: list[dict]) -> dict | None:
	rated = [row for row in rows if row.completion is not None][:CHART_AGENCIES]
	return reports.agency_bar_chart(rated, _("Completion %"), "completion", "#12b76a", "Percent")


def get_summary(total: dict) -> list[dict]:
	return [
		{"label": _("Visits Due"), "value": total.due, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Done"), "value": total.done, "datatype": "Int", "indicator": "Green"},
		{"label": _("Skipped"), "value": total.skipped, "datatype": "Int", "indicator": "Grey"},
		{"label": _("Overdue"), "value": total.overdue, "datatype": "Int", "indicator": "Red"},
		{"label": _("Still Open"), "value": total.open, "datatype": "Int", "indicator": "Orange"},
		{
			"label": _("Completion %"),
			"value": total.completion if total.completion is not None else 0,
			"datatype": "Percent",
			"indicator": "Green",
		},
	]
