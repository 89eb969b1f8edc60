# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The agencies ranked by their score for a date range (live figures: customer_care.agency_score):
rank, agency, S, N, P and the score, with the counts behind them. Head office only. The monthly
Agency Scorecards keep each month as it was snapshotted."""

import frappe
from frappe import _
from frappe.utils import getdate

from zhira_after_sales.customer_care import agency_score
from zhira_after_sales.utils.jalali import format_date


def execute(filters=None):
	filters = frappe._dict(filters or {})
	from_date, to_date = period(filters)
	rows = agency_score.ranking(from_date, to_date)
	for row in rows:
		row["note"] = _("No surveys") if row["score"] is None else None
	w = agency_score.weight()
	return get_columns(), rows, message(from_date, to_date, w), None, summary(rows, w)


def period(filters) -> tuple:
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Choose the period: From Date and To Date."))
	from_date, to_date = getdate(filters.from_date), getdate(filters.to_date)
	if to_date < from_date:
		frappe.throw(
			_("To Date ({0}) is before From Date ({1}).").format(format_date(to_date), format_date(from_date))
		)
	return from_date, to_date


def get_columns() -> list[dict]:
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 70},
		{
			"fieldname": "agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 120,
		},
		{"fieldname": "agency_name", "label": _("Agency Name"), "fieldtype": "Data", "width": 180},
		{
			"fieldname": "satisfaction",
			"label": _("Satisfaction % (S)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 130,
		},
		{"fieldname": "responses_count", "label": _("Survey Responses"), "fieldtype": "Int", "width": 120},
		{
			"fieldname": "services_completed",
			"label": _("Services Completed (N)"),
			"fieldtype": "Int",
			"width": 150,
		},
		{
			"fieldname": "penalty_points",
			"label": _("Penalty Points (P)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 130,
		},
		{"fieldname": "complaints_count", "label": _("Upheld Complaints"), "fieldtype": "Int", "width": 120},
		{
			"fieldname": "deduction",
			"label": _("Deduction (w x P / max(N, 1))"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 150,
		},
		{"fieldname": "score", "label": _("Score"), "fieldtype": "Float", "precision": 2, "width": 90},
		{"fieldname": "note", "label": _("Note"), "fieldtype": "Data", "width": 110},
	]


def message(from_date, to_date, w: float) -> str:
	return _(
		"Live scores from {0} to {1}: score = S - w x P / max(N, 1), kept between 0 and 100, with w = {2}. S: the mean satisfaction % of the agency's completed survey responses; N: its receptions completed; P: the penalty points of its upheld complaints closed in the period. An agency without survey responses has no score and is listed last."
	).format(format_date(from_date), format_date(to_date), frappe.format(w, {"fieldtype": "Float"}))


def summary(rows: list[dict], w: float) -> list[dict]:
	scored = [row for row in rows if row["score"] is not None]
	return [
		{"value": len(scored), "label": _("Agencies Ranked"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": len(rows) - len(scored),
			"label": _("Without Surveys"),
			"datatype": "Int",
			"indicator": "Grey",
		},
		{"value": w, "label": _("Penalty Weight (w)"), "datatype": "Float", "indicator": "Grey"},
	]
