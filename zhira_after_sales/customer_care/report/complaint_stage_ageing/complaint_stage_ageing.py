# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Open complaints (not Closed or Rejected) and how long they have waited: in their current ISO
10002 stage (since the date that stage was reached) and since they were received, in calendar
time, bucketed 0-1, 1-3, 3-7 and over 7 days (customer_care.report_rules), with the overdue flag
the Service Level Agreement sets (the one the Overdue Complaints card counts).

Two views: one row per complaint, oldest in its stage first, or one row per stage with the
number of complaints in each bucket. The chart and the summary always come from the per-stage
counts, grouped by the database."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Min, Sum
from frappe.utils import now_datetime

from zhira_after_sales.customer_care import report_rules, reports
from zhira_after_sales.customer_care.complaint_rules import OPEN_STAGES, STAGE_DATE_FIELDS

COMPLAINTS, STAGES = "Complaints", "Stages"
BUCKET_LABELS = {
	"days_0_1": "0-1 Days",
	"days_1_3": "1-3 Days",
	"days_3_7": "3-7 Days",
	"days_over_7": "Over 7 Days",
}
BUCKET_COLORS = ["#12b76a", "#fdb022", "#f79009", "#f04438"]
DAY = 24.0


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	now = now_datetime()
	stages = stage_counts(filters, now)
	if (filters.view or COMPLAINTS) == STAGES:
		columns, data = stage_columns(), stage_rows(stages, now)
	else:
		columns, data = complaint_columns(), complaint_rows(filters, now)
	return columns, data, None, get_chart(stages), get_summary(stages)


def bucket_label(key: str | None) -> str:
	return _(BUCKET_LABELS[key]) if key else ""


# --- the query ------------------------------------------------------------------------------------


def open_complaints(filters):
	complaint = frappe.qb.DocType("Complaint")
	query = frappe.qb.from_(complaint).where(complaint.iso_stage.isin(OPEN_STAGES))
	if filters.service_agency:
		query = query.where(complaint.service_agency == filters.service_agency)
	if filters.iso_stage:
		query = query.where(complaint.iso_stage == filters.iso_stage)
	if filters.severity:
		query = query.where(complaint.severity == filters.severity)
	if frappe.utils.cint(filters.overdue_only):
		query = query.where(complaint.overdue == 1)
	return complaint, query


def stage_date(complaint):
	"""When the complaint reached its current stage (its received date where that is missing)."""
	case = Case()
	for stage in OPEN_STAGES:
		case = case.when(complaint.iso_stage == stage, complaint[STAGE_DATE_FIELDS[stage]])
	return Coalesce(case, complaint.received_on)


def bucket_case(since, now):
	"""The bucket of a complaint in its stage `since`, by comparing dates with the buckets' limits."""
	case = Case()
	for key, start in report_rules.bucket_starts(now):
		if start is None:
			return case.else_(key)
		case = case.when(since > start, key)
	return case


# --- per stage --------------------------------------------------------------------------------------


def stage_counts(filters, now) -> dict[str, frappe._dict]:
	complaint, query = open_complaints(filters)
	since = stage_date(complaint)
	bucket = bucket_case(since, now)
	rows = (
		query.select(
			complaint.iso_stage,
			bucket.as_("bucket"),
			Count("*").as_("complaints"),
			Sum(complaint.overdue).as_("overdue"),
			Min(since).as_("oldest_since"),
			Min(complaint.received_on).as_("oldest_received"),
		)
		.groupby(complaint.iso_stage, bucket)
		.run(as_dict=True)
	)
	stages = {stage: empty_stage(stage) for stage in OPEN_STAGES}
	for row in rows:
		stage = stages[row.iso_stage]
		stage[row.bucket] = row.complaints
		stage.open += row.complaints
		stage.overdue += int(row.overdue or 0)
		stage.oldest_since = earliest(stage.oldest_since, row.oldest_since)
		stage.oldest_received = earliest(stage.oldest_received, row.oldest_received)
	return stages


def empty_stage(stage: str) -> frappe._dict:
	return frappe._dict(
		stage=_(stage),
		iso_stage=stage,
		open=0,
		overdue=0,
		oldest_since=None,
		oldest_received=None,
		**{key: 0 for key in report_rules.BUCKET_KEYS},
	)


def earliest(a, b):
	return min(d for d in (a, b) if d) if (a or b) else None


def stage_columns() -> list[dict]:
	count = {"fieldtype": "Int", "width": 100}
	return [
		{"fieldname": "stage", "label": _("ISO Stage"), "fieldtype": "Data", "width": 140},
		{"fieldname": "open", "label": _("Open Complaints"), **count, "width": 130},
		*({"fieldname": key, "label": bucket_label(key), **count} for key in report_rules.BUCKET_KEYS),
		{"fieldname": "overdue", "label": _("Overdue"), **count},
		{
			"fieldname": "oldest_days",
			"label": _("Oldest in Stage (Days)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 170,
		},
		{
			"fieldname": "oldest_received_days",
			"label": _("Oldest Since Received (Days)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 200,
		},
	]


def stage_rows(stages: dict, now) -> list[dict]:
	rows = []
	total = empty_stage("")
	total.update(stage=_("Total"), is_total=1)
	for stage in stages.values():
		stage.oldest_days = days(stage.oldest_since, now)
		stage.oldest_received_days = days(stage.oldest_received, now)
		rows.append(stage)
		for field in ("open", "overdue", *report_rules.BUCKET_KEYS):
			total[field] += stage[field]
		total.oldest_since = earliest(total.oldest_since, stage.oldest_since)
		total.oldest_received = earliest(total.oldest_received, stage.oldest_received)
	total.oldest_days = days(total.oldest_since, now)
	total.oldest_received_days = days(total.oldest_received, now)
	return [*rows, total]


def days(since, now) -> float | None:
	hours = report_rules.hours_between(since, now)
	return round(hours / DAY, 1) if hours is not None else None


# --- per complaint ----------------------------------------------------------------------------------


def complaint_columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Complaint"),
			"fieldtype": "Link",
			"options": "Complaint",
			"width": 120,
		},
		{"fieldname": "customer_name", "label": _("Complainant"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "service_agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 120,
		},
		{"fieldname": "severity_label", "label": _("Severity"), "fieldtype": "Data", "width": 90},
		{"fieldname": "stage", "label": _("ISO Stage"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "status",
			"label": _("Status"),
			"fieldtype": "Link",
			"options": "Complaint Status",
			"width": 130,
		},
		{"fieldname": "stage_since", "label": _("In Stage Since"), "fieldtype": "Datetime", "width": 150},
		{
			"fieldname": "hours_in_stage",
			"label": _("In Stage (Hours)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 120,
		},
		{
			"fieldname": "days_in_stage",
			"label": _("In Stage (Days)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 120,
		},
		{"fieldname": "bucket_label", "label": _("Ageing"), "fieldtype": "Data", "width": 110},
		{"fieldname": "received_on", "label": _("Received On"), "fieldtype": "Datetime", "width": 150},
		{
			"fieldname": "days_since_received",
			"label": _("Since Received (Days)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 150,
		},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Check", "width": 80},
	]


def complaint_rows(filters, now) -> list[dict]:
	complaint, query = open_complaints(filters)
	since = stage_date(complaint)
	rows = (
		query.select(
			complaint.name,
			complaint.customer_name,
			complaint.service_agency,
			complaint.severity,
			complaint.iso_stage,
			complaint.status,
			complaint.received_on,
			complaint.overdue,
			since.as_("stage_since"),
		)
		.orderby(since)
		.orderby(complaint.name)
		.run(as_dict=True)
	)
	for row in rows:
		in_stage = report_rules.hours_between(row.stage_since, now)
		received = report_rules.hours_between(row.received_on, now)
		row.update(
			stage=_(row.iso_stage),
			severity_label=_(row.severity) if row.severity else "",
			# a complaint with no date to age from (imported without Received On) shows no age
			hours_in_stage=round(in_stage, 1) if in_stage is not None else None,
			days_in_stage=round(in_stage / DAY, 1) if in_stage is not None else None,
			bucket=report_rules.bucket_of(in_stage),
			days_since_received=round(received / DAY, 1) if received is not None else None,
		)
		row.bucket_label = bucket_label(row.bucket)
	return rows


# --- chart and summary ------------------------------------------------------------------------------


def get_chart(stages: dict) -> dict | None:
	if not any(stage.open for stage in stages.values()):
		return None
	return {
		"data": {
			"labels": [stage.stage for stage in stages.values()],
			"datasets": [
				{"name": bucket_label(key), "values": [stage[key] for stage in stages.values()]}
				for key in report_rules.BUCKET_KEYS
			],
		},
		"type": "bar",
		"colors": BUCKET_COLORS,
		"barOptions": {"stacked": 1},
		"fieldtype": "Int",
	}


def get_summary(stages: dict) -> list[dict]:
	total = sum(stage.open for stage in stages.values())
	overdue = sum(stage.overdue for stage in stages.values())
	oldest = sum(stage[report_rules.BUCKET_KEYS[-1]] for stage in stages.values())
	return [
		{"label": _("Open Complaints"), "value": total, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Overdue"), "value": overdue, "datatype": "Int", "indicator": "Red"},
		{"label": _(BUCKET_LABELS["days_over_7"]), "value": oldest, "datatype": "Int", "indicator": "Orange"},
	]
