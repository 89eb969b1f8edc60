# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Customer satisfaction from completed Happy Calls (Survey Responses completed in a date range),
grouped by agency, technician, item group or Jalali month:

- Responses: completed surveys.
- Average Satisfaction %: the mean of the surveys' satisfaction %, each survey counting once.
- Weighted Satisfaction %: 100 × Σ score ÷ Σ highest possible score over the surveys, so a survey
  with more (or weightier) questions counts more.

The database groups the surveys (by the group's field, or by day for Jalali months, whose days
are then added up per month here: a month is at most 31 rows of a day each)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Date, Sum

from zhira_after_sales.customer_care import report_rules, reports
from zhira_after_sales.customer_care.survey_rules import COMPLETED

AGENCY, TECHNICIAN, ITEM_GROUP, MONTH = "Agency", "Technician", "Item Group", "Jalali Month"
# group by -> Survey Response field
GROUP_FIELDS = {AGENCY: "service_agency", TECHNICIAN: "technician", ITEM_GROUP: "item_group"}
GROUPS = (AGENCY, TECHNICIAN, ITEM_GROUP, MONTH)
NAME_FIELDS = {AGENCY: ("Service Agency", "agency_name"), TECHNICIAN: ("Service Technician", "full_name")}
CHART_GROUPS = 20
SUMS = ("responses", "percent_sum", "percent_count", "score", "max_score")


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	group_by = filters.group_by or AGENCY
	if group_by not in GROUPS:
		frappe.throw(_("Group By: choose one of {0}.").format(", ".join(_(g) for g in GROUPS)))
	rows = by_month(filters) if group_by == MONTH else by_field(filters, group_by)
	# each survey is in exactly one group
	total = reports.add_up(rows, SUMS)
	total.update(group_label=_("Total"), is_total=1)
	total = finish(total)
	data = [*rows, total] if rows else []
	return get_columns(group_by), data, None, get_chart(rows, group_by), get_summary(total)


def get_columns(group_by: str) -> list[dict]:
	columns = [{"fieldname": "group_label", "label": _(group_by), "fieldtype": "Data", "width": 200}]
	if group_by in NAME_FIELDS:
		columns.append({"fieldname": "group_name", "label": _("Name"), "fieldtype": "Data", "width": 200})
	return [
		*columns,
		{"fieldname": "responses", "label": _("Responses"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "average_percent",
			"label": _("Average Satisfaction %"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 180,
		},
		{
			"fieldname": "weighted_percent",
			"label": _("Weighted Satisfaction %"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 190,
		},
		{"fieldname": "score", "label": _("Score"), "fieldtype": "Float", "precision": 1, "width": 110},
		{
			"fieldname": "max_score",
			"label": _("Highest Possible Score"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 170,
		},
	]


def completed(filters):
	"""The completed surveys the filters choose."""
	response = frappe.qb.DocType("Survey Response")
	query = frappe.qb.from_(response).where(
		(response.status == COMPLETED) & response.completed_on.isnotnull()
	)
	query = reports.within(query, response.completed_on, filters)
	if filters.service_agency:
		query = query.where(response.service_agency == filters.service_agency)
	if filters.technician:
		query = query.where(response.technician == filters.technician)
	if filters.template:
		query = query.where(response.template == filters.template)
	if filters.item_group:
		query = query.where(response.item_group.isin(item_groups(filters.item_group)))
	return response, query


def item_groups(item_group: str) -> list[str]:
	"""The item group and the groups under it."""
	lft, rgt = frappe.db.get_value("Item Group", item_group, ["lft", "rgt"]) or (None, None)
	if lft is None:
		return [item_group]
	return frappe.get_all("Item Group", {"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")


def measures(response):
	return (
		Count("*").as_("responses"),
		Sum(response.satisfaction_percent).as_("percent_sum"),
		Count(response.satisfaction_percent).as_("percent_count"),
		Sum(response.score).as_("score"),
		Sum(response.max_score).as_("max_score"),
	)


def finish(row):
	row.responses = int(row.get("responses") or 0)
	row.score = float(row.get("score") or 0)
	row.max_score = float(row.get("max_score") or 0)
	row.average_percent = (
		float(row.percent_sum or 0) / row.percent_count if row.get("percent_count") else None
	)
	row.weighted_percent = report_rules.percent(row.score, row.max_score)
	return row


def by_field(filters, group_by: str) -> list[dict]:
	response, query = completed(filters)
	key = reports.group_key(response[GROUP_FIELDS[group_by]])
	rows = reports.grouped(query.select(key, *measures(response)), key)
	names = record_names(group_by, [row.group_key for row in rows])
	for row in rows:
		row.group_label = row.group_key or _("Not Set")
		if group_by in NAME_FIELDS:
			row.group_name = names.get(row.group_key)
		finish(row)
	# the most satisfied first; Not Set last
	rows.sort(key=lambda r: (r.group_key is None, -(r.average_percent or 0), -r.responses, r.group_label))
	return rows


def by_month(filters) -> list[dict]:
	"""Grouped by day in the database, the days added up per Jalali month here."""
	response, query = completed(filters)
	day = Date(response.completed_on).as_("day")
	days = reports.grouped(query.select(day, *measures(response)), day)
	months: dict[tuple[int, int], frappe._dict] = {}
	for row in days:
		key = report_rules.jalali_month(row.day)
		month = months.setdefault(
			key,
			frappe._dict(responses=0, percent_sum=0.0, percent_count=0, score=0.0, max_score=0.0),
		)
		month.responses += row.responses
		month.percent_sum += float(row.percent_sum or 0)
		month.percent_count += int(row.percent_count or 0)
		month.score += float(row.score or 0)
		month.max_score += float(row.max_score or 0)
	rows = []
	for (year, number), month in sorted(months.items()):
		month.update(
			group_key=report_rules.month_key(year, number), group_label=reports.month_label(year, number)
		)
		rows.append(finish(month))
	return rows


def record_names(group_by: str, values: list) -> dict:
	if group_by not in NAME_FIELDS or not values:
		return {}
	doctype, fieldname = NAME_FIELDS[group_by]
	return dict(
		frappe.get_all(
			doctype, filters={"name": ("in", [v for v in values if v])}, fields=["name", fieldname], as_list=1
		)
	)


def get_chart(rows: list[dict], group_by: str) -> dict | None:
	if not rows:
		return None
	if group_by != MONTH:
		rows = sorted(rows, key=lambda r: -r.responses)[:CHART_GROUPS]
	return {
		"data": {
			"labels": [row.get("group_name") or row.group_label for row in rows],
			"datasets": [
				{
					"name": _("Average Satisfaction %"),
					"values": [round(row.average_percent or 0, 1) for row in rows],
				},
				{
					"name": _("Weighted Satisfaction %"),
					"values": [round(row.weighted_percent or 0, 1) for row in rows],
				},
			],
		},
		"type": "line" if group_by == MONTH else "bar",
		"colors": ["#12b76a", "#2490ef"],
		"fieldtype": "Percent",
		"axisOptions": {"xIsSeries": 1} if group_by == MONTH else {},
	}


def get_summary(total: dict) -> list[dict]:
	return [
		{"label": _("Responses"), "value": total.responses, "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Average Satisfaction %"),
			"value": round(total.average_percent, 1) if total.average_percent is not None else None,
			"datatype": "Percent",
			"indicator": "Green",
		},
		{
			"label": _("Weighted Satisfaction %"),
			"value": round(total.weighted_percent, 1) if total.weighted_percent is not None else None,
			"datatype": "Percent",
			"indicator": "Green",
		},
	]
