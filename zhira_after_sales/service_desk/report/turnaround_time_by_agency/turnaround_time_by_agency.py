# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""How fast receptions are referred and done: the receptions received in a date range, grouped by
agency, territory or the Jalali month they were received in. Head office only.

- Receptions: received in the range (cancelled ones too).
- Referred: those referred to an agency, the one they are with now. A reception with no agency is
  under Not Referred.
- Done: those in a status of the Completed category now (a cancelled reception is not done).
- Received → Referred: from received to the first referral to the reception's agency (a
  technician chosen or changed later is a new referral row and does not move it; a reception
  declined by one agency and referred to another counts until the second got it). Over the
  referred receptions.
- Referred → Done: from that referral to closed (the agency's time). Over the referred and done.
- Received → Done: from received to closed (the customer's wait). Over the done.
Each as the average and the longest, in days (to a tenth). A reception still open is in no time:
its wait is not over yet.

The database groups the receptions (by the group's field, or by the day received for Jalali
months, whose days are then added up per month here: a month is at most 31 rows of a day each).
The first referral is looked up per reception by the referral rows' parent index.

A prepared report: at a million receptions a year's range takes over Frappe's 15 s (35 s on a busy
2-core machine with a 128 MB buffer pool), so the desk runs it in the background."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Date, Max, Min, Sum

from zhira_after_sales.service_desk.report import management_reports as reports
from zhira_after_sales.utils import report_math, report_query
from zhira_after_sales.utils.text import to_persian_digits

AGENCY, TERRITORY, MONTH = "Agency", "Territory", "Jalali Month"
GROUPS = (AGENCY, TERRITORY, MONTH)
GROUP_FIELDS = {AGENCY: "service_agency", TERRITORY: "territory"}
# the three spans, each with an average and a longest column
SPANS = ("to_referral", "to_done_by_agency", "to_done")
COUNTS = ("receptions", "referred", "done")
SUMS = (*COUNTS, *(f"{span}_{part}" for span in SPANS for part in ("seconds", "count")))
CHART_GROUPS = 20


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	group_by = filters.group_by or AGENCY
	if group_by not in GROUPS:
		frappe.throw(_("Group By: choose one of {0}.").format(", ".join(_(g) for g in GROUPS)))
	rows = by_month(filters) if group_by == MONTH else by_field(filters, group_by)
	# each reception is in exactly one group
	total = report_query.add_up(rows, SUMS)
	for span in SPANS:
		total[f"{span}_max_seconds"] = max((row[f"{span}_max_seconds"] or 0 for row in rows), default=0)
	total.update(group_label=_("Total"), is_total=1)
	total = finish(total)
	data = [*rows, total] if rows else []
	return get_columns(group_by), data, None, get_chart(rows, group_by), get_summary(total)


def span_label(span: str) -> str:
	return {
		"to_referral": _("Received → Referred"),
		"to_done_by_agency": _("Referred → Done"),
		"to_done": _("Received → Done"),
	}[span]


def get_columns(group_by: str) -> list[dict]:
	columns = [{"fieldname": "group_label", "label": _(group_by), "fieldtype": "Data", "width": 180}]
	if group_by == AGENCY:
		columns.append({"fieldname": "group_name", "label": _("Name"), "fieldtype": "Data", "width": 200})
	count = {"fieldtype": "Int", "width": 100}
	columns += [
		{"fieldname": "receptions", "label": _("Receptions"), **count},
		{"fieldname": "referred", "label": _("Referred"), **count},
		{"fieldname": "done", "label": _("Done"), **count},
	]
	for span in SPANS:
		label = span_label(span)
		columns += [
			{
				"fieldname": f"{span}_average",
				"label": _("{0}: Average Days").format(label),
				"fieldtype": "Float",
				"precision": 1,
				"width": 165,
			},
			{
				"fieldname": f"{span}_max",
				"label": _("{0}: Longest Days").format(label),
				"fieldtype": "Float",
				"precision": 1,
				"width": 165,
			},
		]
	return columns


def received(filters):
	"""The receptions received in the range, each with its first referral to its agency (NULL when
	it has none) and whether it is done: a derived table."""
	reception = frappe.qb.DocType("Service Reception")
	referral = frappe.qb.DocType("Service Reception Referral")
	first_referral = (
		frappe.qb.from_(referral)
		.select(Min(referral.referred_on))
		.where(
			(referral.parent == reception.name)
			& (referral.parenttype == "Service Reception")
			& (referral.parentfield == "referrals")
			& (referral.service_agency == reception.service_agency)
		)
	)
	is_done = reception.status.isin(reports.completed_statuses()) & reception.closed_on.isnotnull()
	query = frappe.qb.from_(reception).select(
		reception.service_agency,
		reception.territory,
		reception.received_on,
		reception.closed_on,
		first_referral.as_("referred_on"),
		Case().when(is_done, 1).else_(0).as_("is_done"),
	)
	query = report_query.within(query, reception.received_on, filters)
	if filters.service_agency:
		query = query.where(reception.service_agency == filters.service_agency)
	if filters.territory:
		query = query.where(reception.territory.isin(territories(filters.territory)))
	return query


def territories(territory: str) -> list[str]:
	"""The territory and those under it."""
	lft, rgt = frappe.db.get_value("Territory", territory, ["lft", "rgt"]) or (None, None)
	if lft is None:
		return [territory]
	return frappe.get_all("Territory", {"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")


def measures(row):
	"""Counts, and per span the sum, count and longest of its seconds, over the derived table `row`."""
	referred = row.referred_on.isnotnull()
	done = row.is_done == 1
	spans = {
		"to_referral": (referred, row.received_on, row.referred_on),
		"to_done_by_agency": (referred & done, row.referred_on, row.closed_on),
		"to_done": (done, row.received_on, row.closed_on),
	}
	fields = [
		Count("*").as_("receptions"),
		Count(row.referred_on).as_("referred"),
		Sum(row.is_done).as_("done"),
	]
	for span, (condition, start, end) in spans.items():
		seconds = Case().when(condition, reports.SecondsBetween(start, end))
		fields += [
			Sum(seconds).as_(f"{span}_seconds"),
			Count(seconds).as_(f"{span}_count"),
			Max(seconds).as_(f"{span}_max_seconds"),
		]
	return fields


def finish(row):
	for field in COUNTS:
		row[field] = int(row.get(field) or 0)
	for span in SPANS:
		count = int(row.get(f"{span}_count") or 0)
		row[f"{span}_count"] = count
		row[f"{span}_average"] = reports.days(row.get(f"{span}_seconds"), count)
		row[f"{span}_max"] = reports.days(row.get(f"{span}_max_seconds")) if count else None
	return row


def by_field(filters, group_by: str) -> list[dict]:
	row = received(filters).as_("reception")
	key = report_query.group_key(row[GROUP_FIELDS[group_by]])
	rows = report_query.grouped(frappe.qb.from_(row).select(key, *measures(row)), key)
	names = (
		reports.record_names("Service Agency", "agency_name", [r.group_key for r in rows])
		if group_by == AGENCY
		else {}
	)
	not_set = _("Not Referred") if group_by == AGENCY else _("Not Set")
	for r in rows:
		r.group_label = r.group_key or not_set
		if group_by == AGENCY:
			r.group_name = names.get(r.group_key)
		finish(r)
	# the most receptions first; Not Referred / Not Set last
	rows.sort(key=lambda r: (r.group_key is None, -r.receptions, r.group_label))
	return rows


def by_month(filters) -> list[dict]:
	"""Grouped by the day received in the database, the days added up per Jalali month here."""
	row = received(filters).as_("reception")
	day = Date(row.received_on).as_("day")
	days = report_query.grouped(frappe.qb.from_(row).select(day, *measures(row)), day)
	months: dict[tuple[int, int], frappe._dict] = {}
	for d in days:
		month = months.setdefault(report_math.jalali_month(d.day), frappe._dict())
		for field in SUMS:
			month[field] = (month.get(field) or 0) + (d[field] or 0)
		for span in SPANS:
			field = f"{span}_max_seconds"
			month[field] = max(month.get(field) or 0, d[field] or 0)
	rows = []
	for (year, number), month in sorted(months.items()):
		month.update(
			group_key=report_math.month_key(year, number),
			group_label=report_query.month_label(year, number),
		)
		rows.append(finish(month))
	return rows


def get_chart(rows: list[dict], group_by: str) -> dict | None:
	if not rows:
		return None
	if group_by != MONTH:
		rows = rows[:CHART_GROUPS]
	return {
		"data": {
			"labels": [row.get("group_name") or row.group_label for row in rows],
			"datasets": [
				{
					"name": span_label(span),
					"values": [row[f"{span}_average"] or 0 for row in rows],
				}
				for span in SPANS
			],
		},
		"type": "line" if group_by == MONTH else "bar",
		"colors": ["#2490ef", "#f79009", "#7a5af8"],
		"fieldtype": "Float",
		"axisOptions": {"xIsSeries": 1} if group_by == MONTH else {},
	}


def days_text(days: float | None) -> str:
	"""'4.4 days' in the user's language and digits (a Float summary shows three decimals)."""
	if days is None:
		return ""
	text = _("{0} days").format(f"{days:.1f}")
	return to_persian_digits(text) if frappe.local.lang == "fa" else text


def get_summary(total: dict) -> list[dict]:
	summary = [
		{"label": _("Receptions"), "value": total.receptions, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Referred"), "value": total.referred, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Done"), "value": total.done, "datatype": "Int", "indicator": "Green"},
	]
	for span, indicator in zip(SPANS, ("Orange", "Orange", "Red"), strict=True):
		summary.append(
			{
				"label": _("{0}: Average").format(span_label(span)),
				"value": days_text(total[f"{span}_average"]),
				"datatype": "Data",
				"indicator": indicator,
			}
		)
	return summary
