# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Complaints received in a date range, grouped by factor, factor type, agency, technician,
status, ISO 10002 stage, channel or severity: how many, how many are still open and overdue, how
many were upheld and the penalty points they carry.

The database groups the complaints. By factor or factor type a complaint counts once in each of
its factors (a complaint with two factors is in two rows; one without factors is under Not Set),
so the rows may add up to more than the total, which counts each complaint once. A factor's
penalty points are its points on the upheld complaints, and they add up to the complaints'
penalty points: an upheld complaint carries its factors' points, another none."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum

from zhira_after_sales.customer_care import report_rules, reports
from zhira_after_sales.customer_care.complaint_rules import FINAL_STAGES, STAGES

SEVERITIES = ("Low", "Medium", "High", "Critical")

# group by -> (where the value is: "complaint" or "factor", field, DocType named by the value)
GROUPS = {
	"Factor": ("factor", "complaint_factor", "Complaint Factor"),
	"Factor Type": ("factor", "factor_type", None),
	"Agency": ("complaint", "service_agency", "Service Agency"),
	"Technician": ("complaint", "technician", "Service Technician"),
	"Status": ("complaint", "status", "Complaint Status"),
	"ISO Stage": ("complaint", "iso_stage", None),
	"Channel": ("complaint", "channel", None),
	"Severity": ("complaint", "severity", None),
}
DEFAULT_GROUP = "Factor"
# groups shown in their own order rather than by how many complaints they have
NATURAL_ORDER = {"ISO Stage": STAGES, "Severity": SEVERITIES}
# the name shown beside a record's code
NAME_FIELDS = {"Agency": ("Service Agency", "agency_name"), "Technician": ("Service Technician", "full_name")}
CHART_GROUPS = 15
COUNTS = ("complaints", "open", "overdue", "upheld")


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	group_by = filters.group_by or DEFAULT_GROUP
	if group_by not in GROUPS:
		frappe.throw(_("Group By: choose one of {0}.").format(", ".join(_(g) for g in GROUPS)))
	rows, total = get_rows(filters, group_by)
	data = [*rows, total] if rows else []
	return get_columns(group_by), data, None, get_chart(rows), get_summary(total)


def get_columns(group_by: str) -> list[dict]:
	count = {"fieldtype": "Int", "width": 110}
	columns = [{"fieldname": "group_label", "label": _(group_by), "fieldtype": "Data", "width": 220}]
	if group_by in NAME_FIELDS:
		columns.append({"fieldname": "group_name", "label": _("Name"), "fieldtype": "Data", "width": 200})
	return [
		*columns,
		{"fieldname": "complaints", "label": _("Complaints"), **count},
		{"fieldname": "open", "label": _("Open"), **count},
		{"fieldname": "overdue", "label": _("Overdue"), **count},
		{"fieldname": "upheld", "label": _("Upheld"), **count},
		{
			"fieldname": "upheld_percent",
			"label": _("Upheld %"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 110,
		},
		{
			"fieldname": "penalty_points",
			"label": _("Penalty Points"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 130,
		},
	]


def complaint_query(filters):
	complaint = frappe.qb.DocType("Complaint")
	query = reports.within(frappe.qb.from_(complaint), complaint.received_on, filters)
	if filters.service_agency:
		query = query.where(complaint.service_agency == filters.service_agency)
	return complaint, query


def measures(complaint, per_factor: bool = False):
	"""Complaints, open, overdue and upheld. Joined to the factor rows a complaint is on several
	rows, so it is counted by its distinct name; alone, each row is a complaint (cheaper)."""
	is_open = complaint.iso_stage.notin(FINAL_STAGES)
	conditions = {
		"open": is_open,
		"overdue": is_open & (complaint.overdue == 1),
		"upheld": complaint.upheld == 1,
	}
	if per_factor:
		return (
			Count(complaint.name).distinct().as_("complaints"),
			*(Count(Case().when(c, complaint.name)).distinct().as_(k) for k, c in conditions.items()),
		)
	return (
		Count("*").as_("complaints"),
		*(Sum(Case().when(c, 1).else_(0)).as_(k) for k, c in conditions.items()),
	)


def get_rows(filters, group_by: str) -> tuple[list[dict], dict]:
	"""The groups, grouped by the database, and the total."""
	where, fieldname, _doctype = GROUPS[group_by]
	complaint, query = complaint_query(filters)
	if where == "factor":
		factor = frappe.qb.DocType("Complaint Factor Detail")
		query = query.left_join(factor).on(
			(factor.parent == complaint.name)
			& (factor.parenttype == "Complaint")
			& (factor.parentfield == "factors")
		)
		value = factor[fieldname]
		penalty = Sum(Case().when(complaint.upheld == 1, factor.penalty_points).else_(0))
	else:
		value = complaint[fieldname]
		penalty = Sum(complaint.penalty_points)
	key = reports.group_key(value)
	per_factor = where == "factor"
	rows = reports.grouped(
		query.select(key, *measures(complaint, per_factor), penalty.as_("penalty_points")), key
	)
	names = record_names(group_by, [row.group_key for row in rows])
	for row in rows:
		row.group_label = group_label(group_by, row.group_key)
		if group_by in NAME_FIELDS:
			row.group_name = names.get(row.group_key)
		finish(row)
	# a complaint is in one group of its own fields, but in as many factor groups as it has factors
	total = get_total(filters) if per_factor else reports.add_up(rows, (*COUNTS, "penalty_points"))
	total.update(group_key=None, group_label=_("Total"), is_total=1)
	return sort_rows(rows, group_by), finish(total)


def get_total(filters) -> frappe._dict:
	complaint, query = complaint_query(filters)
	return query.select(*measures(complaint), Sum(complaint.penalty_points).as_("penalty_points")).run(
		as_dict=True
	)[0]


def finish(row):
	for field in COUNTS:
		row[field] = int(row.get(field) or 0)
	row.penalty_points = float(row.get("penalty_points") or 0)
	row.upheld_percent = report_rules.percent(row.upheld, row.complaints)
	return row


def group_label(group_by: str, value: str | None) -> str:
	if not value:
		return _("Not Set")
	_where, _fieldname, doctype = GROUPS[group_by]
	return value if doctype else _(value)


def record_names(group_by: str, values: list) -> dict:
	if group_by not in NAME_FIELDS or not values:
		return {}
	doctype, fieldname = NAME_FIELDS[group_by]
	return dict(
		frappe.get_all(
			doctype, filters={"name": ("in", [v for v in values if v])}, fields=["name", fieldname], as_list=1
		)
	)


def sort_rows(rows: list[dict], group_by: str) -> list[dict]:
	order = NATURAL_ORDER.get(group_by)
	if order:
		return sorted(rows, key=lambda r: order.index(r.group_key) if r.group_key in order else len(order))
	# most complaints first; Not Set last
	return sorted(rows, key=lambda r: (r.group_key is None, -r.complaints, r.group_label))


def get_chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	rows = rows[:CHART_GROUPS]
	return {
		"data": {
			"labels": [row.group_label for row in rows],
			"datasets": [
				{"name": _("Complaints"), "values": [row.complaints for row in rows]},
				{"name": _("Upheld"), "values": [row.upheld for row in rows]},
			],
		},
		"type": "bar",
		"colors": ["#2490ef", "#f04438"],
		"fieldtype": "Int",
	}


def get_summary(total: dict) -> list[dict]:
	return [
		{"label": _("Complaints"), "value": total.complaints, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Open"), "value": total.open, "datatype": "Int", "indicator": "Orange"},
		{"label": _("Overdue"), "value": total.overdue, "datatype": "Int", "indicator": "Red"},
		{"label": _("Upheld"), "value": total.upheld, "datatype": "Int", "indicator": "Red"},
		{
			"label": _("Penalty Points"),
			"value": total.penalty_points,
			"datatype": "Float",
			"indicator": "Red",
		},
	]
