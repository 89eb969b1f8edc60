# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The periodic service visits not done past their due date and the grace days (After Sales
Settings), per agency: how many, the oldest due date and the average days late (today less the due
date). A visit is overdue when the daily job marked it so, or when it is still open and due before
today less the grace days (the job has not run yet). Active plans only; a visit counts for its own
agency, else its plan's.

With an agency chosen, the report lists that agency's overdue visits, oldest first. Head office
only."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Min, Sum
from frappe.utils import getdate, nowdate
from pypika.terms import Function

from zhira_after_sales.service_desk import periodic_reports as reports
from zhira_after_sales.service_desk.periodic import overdue_cutoff, settings
from zhira_after_sales.utils import jalali

CHART_AGENCIES = 15


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	today = getdate(nowdate())
	message = _("Overdue: not done {0} days after the due date (before {1}), or marked Overdue.").format(
		settings().grace_days, jalali.format_date(overdue_cutoff(today))
	)
	if filters.service_agency:
		rows = get_visits(filters.service_agency, today)
		return visit_columns(), rows, message, None, visit_summary(rows)
	rows, total = get_agencies(today)
	data = [*rows, total] if rows else []
	return agency_columns(), data, message, get_chart(rows), agency_summary(total)


def agency_columns() -> list[dict]:
	return [
		{
			"fieldname": "service_agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 130,
		},
		{"fieldname": "agency_name", "label": _("Agency Name"), "fieldtype": "Data", "width": 200},
		{"fieldname": "overdue", "label": _("Overdue Visits"), "fieldtype": "Int", "width": 120},
		{"fieldname": "oldest_due_date", "label": _("Oldest Due Date"), "fieldtype": "Date", "width": 130},
		{
			"fieldname": "average_days_late",
			"label": _("Average Days Late"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 140,
		},
	]


def visit_columns() -> list[dict]:
	return [
		{"fieldname": "due_date", "label": _("Due On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_late", "label": _("Days Late"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "plan",
			"label": _("Periodic Service Plan"),
			"fieldtype": "Link",
			"options": "Periodic Service Plan",
			"width": 130,
		},
		{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "mobile_no", "label": _("Mobile No"), "fieldtype": "Data", "width": 130},
		{"fieldname": "item_name", "label": _("Item Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "serial_no", "label": _("Serial No"), "fieldtype": "Data", "width": 130},
		{"fieldname": "task", "label": _("Service Task"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "service_agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 120,
		},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "service_reception",
			"label": _("Service Reception"),
			"fieldtype": "Link",
			"options": "Service Reception",
			"width": 130,
		},
	]


def overdue_query(today):
	visit, plan, agency, query = reports.visits_query()
	return visit, plan, agency, query.where(reports.overdue_condition(visit, today))


def get_agencies(today) -> tuple[list[dict], dict]:
	visit, _plan, agency, query = overdue_query(today)
	rows = (
		query.select(
			agency.as_("service_agency"),
			Count("*").as_("overdue"),
			Min(visit.due_date).as_("oldest_due_date"),
			Sum(Function("DATEDIFF", today, visit.due_date)).as_("days_late"),
		)
		.groupby(agency)
		.run(as_dict=True)
	)
	names = reports.agency_names([row.service_agency for row in rows])
	for row in rows:
		row.service_agency = row.service_agency or None
		row.agency_name = names.get(row.service_agency) if row.service_agency else _("Not Set")
		finish(row)
	rows.sort(key=lambda r: (-r.overdue, r.oldest_due_date, r.service_agency or ""))
	total = frappe._dict(
		service_agency=None,
		agency_name=_("Total"),
		overdue=sum(row.overdue for row in rows),
		days_late=sum(row.days_late for row in rows),
		oldest_due_date=min((row.oldest_due_date for row in rows), default=None),
		is_total=1,
	)
	return rows, finish(total)


def finish(row):
	row.overdue = int(row.overdue or 0)
	row.days_late = int(row.days_late or 0)
	row.average_days_late = round(row.days_late / row.overdue, 1) if row.overdue else None
	return row


def get_visits(agency_code: str, today) -> list[dict]:
	visit, plan, agency, query = overdue_query(today)
	rows = (
		query.where(agency == agency_code)
		.select(
			visit.due_date,
			plan.name.as_("plan"),
			plan.customer_name,
			plan.mobile_no,
			plan.item_name,
			plan.serial_no,
			visit.task,
			agency.as_("service_agency"),
			visit.status.as_("status_key"),
			visit.service_reception,
		)
		.orderby(visit.due_date)
		.orderby(plan.name)
		.orderby(visit.idx)
		.run(as_dict=True)
	)
	for row in rows:
		row.days_late = (getdate(today) - getdate(row.due_date)).days
		row.status = _(row.status_key)
	return rows


def get_chart(rows: list[dict]) -> dict | None:
	return reports.agency_bar_chart(rows[:CHART_AGENCIES], _("Overdue Visits"), "overdue", "#f04438", "Int")


def agency_summary(total: dict) -> list[dict]:
	return [
		{"label": _("Overdue Visits"), "value": total.overdue, "datatype": "Int", "indicator": "Red"},
		{
			"label": _("Average Days Late"),
			"value": total.average_days_late or 0,
			"datatype": "Float",
			"indicator": "Orange",
		},
	]


def visit_summary(rows: list[dict]) -> list[dict]:
	days = [row.days_late for row in rows]
	return [
		{"label": _("Overdue Visits"), "value": len(rows), "datatype": "Int", "indicator": "Red"},
		{
			"label": _("Average Days Late"),
			"value": round(sum(days) / len(days), 1) if days else 0,
			"datatype": "Float",
			"indicator": "Orange",
		},
	]
