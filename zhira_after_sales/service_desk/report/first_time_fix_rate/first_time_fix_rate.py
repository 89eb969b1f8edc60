# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""First-time fix and repeat visits: the receptions done in a date range, and how many of them the
customer had to call back for. Grouped by agency, item group or the Jalali month they were done in.
Head office only.

- Done: receptions that reached a status of the Completed category (closed) in the range. A
  cancelled reception is not done.
- Repeated: done receptions one of whose devices (by its Customer Device, the installed-base
  record) was received again, in another reception that is not cancelled, after the done
  reception was closed and at most `repeat_days` days (30 unless chosen) after. A device without
  a Customer Device (no serial number) cannot be followed, so its reception is never repeated.
  For the receptions closed in the last `repeat_days` days the window is not over yet: they may
  still become repeated.
- First-Time Fixed: done − repeated. First-Time Fix % = 100 × first-time fixed ÷ done; Repeat % =
  100 × repeated ÷ done.
By item group a reception counts in the group of each of its devices (a reception with a heater and
a cooler is in both rows, and repeated in the group of the device that came back), so the rows may
add up to more than the total, which counts each reception once. The item group filter keeps the
receptions with a device of that group (or a group under it), and only those devices' returns.

The database counts each done reception once (by the closed_on index) with a correlated EXISTS for
"repeated": its device rows (by parent), the rows of the same Customer Device (by the
customer_device index) and their receptions (by name), the window in the condition. No DISTINCT
count: by item group the (reception, item group) pairs are made once in a derived table first.
A prepared report: at a million receptions a year's range takes 20 s (50 s by item group) on a busy
2-core machine with a 128 MB buffer pool, over Frappe's 15 s, so the desk runs it in the background."""

import frappe
from frappe import _
from frappe.query_builder import Case, Interval
from frappe.query_builder.functions import Coalesce, Count, Date, Max, Sum
from frappe.utils import cint
from pypika.terms import ExistsCriterion, LiteralValue

from zhira_after_sales.service_desk.report import management_reports as reports
from zhira_after_sales.utils import report_math, report_query

AGENCY, ITEM_GROUP, MONTH = "Agency", "Item Group", "Jalali Month"
GROUPS = (AGENCY, ITEM_GROUP, MONTH)
DEFAULT_REPEAT_DAYS = 30
MAX_REPEAT_DAYS = 3650
COUNTS = ("done", "repeated")
CHART_GROUPS = 20


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	group_by = filters.group_by or AGENCY
	if group_by not in GROUPS:
		frappe.throw(_("Group By: choose one of {0}.").format(", ".join(_(g) for g in GROUPS)))
	filters.repeat_days = repeat_days(filters)
	rows = by_month(filters) if group_by == MONTH else by_field(filters, group_by)
	# by item group a reception may be in several rows: the total counts it once
	total = get_total(filters) if group_by == ITEM_GROUP and rows else report_query.add_up(rows, COUNTS)
	total.update(group_label=_("Total"), is_total=1)
	total = finish(total)
	data = [*rows, total] if rows else []
	return get_columns(group_by), data, None, get_chart(rows, group_by), get_summary(total)


def repeat_days(filters) -> int:
	if filters.get("repeat_days") in (None, ""):
		return DEFAULT_REPEAT_DAYS
	days = cint(filters.repeat_days)
	if not 1 <= days <= MAX_REPEAT_DAYS:
		frappe.throw(
			_("Repeat Within Days: enter a number of days from 1 to {0}.").format(MAX_REPEAT_DAYS),
			title=_("Repeat Within Days"),
		)
	return days


def get_columns(group_by: str) -> list[dict]:
	columns = [{"fieldname": "group_label", "label": _(group_by), "fieldtype": "Data", "width": 180}]
	if group_by == AGENCY:
		columns.append({"fieldname": "group_name", "label": _("Name"), "fieldtype": "Data", "width": 200})
	count = {"fieldtype": "Int", "width": 150}
	percent = {"fieldtype": "Percent", "precision": 1, "width": 190}
	return [
		*columns,
		{"fieldname": "done", "label": _("Done"), **count},
		{"fieldname": "first_time_fixed", "label": _("First-Time Fixed"), **count},
		{"fieldname": "repeated", "label": _("Repeated"), **count},
		{"fieldname": "first_time_fix_percent", "label": _("First-Time Fix %"), **percent},
		{"fieldname": "repeat_percent", "label": _("Repeat %"), **percent},
	]


def done_receptions(filters):
	"""The done receptions the filters choose: the table and the query, not yet selected."""
	done = frappe.qb.DocType("Service Reception", alias="done_reception")
	query = frappe.qb.from_(done).where(done.status.isin(reports.completed_statuses()))
	query = report_query.within(query, done.closed_on, filters)
	if filters.service_agency:
		query = query.where(done.service_agency == filters.service_agency)
	return done, query


def came_back(done, device, filters):
	"""EXISTS: the device row `device` of the done reception `done` is the Customer Device of a row
	of another reception, not cancelled, received after `done` closed and within the repeat days.
	(Service Reception Device is a child of Service Reception's devices only, so its rows are looked
	up by the customer_device index alone.)"""
	again = frappe.qb.DocType("Service Reception Device", alias="again_device")
	repeat = frappe.qb.DocType("Service Reception", alias="repeat_reception")
	return ExistsCriterion(
		frappe.qb.from_(again)
		.join(repeat)
		.on(repeat.name == again.parent)
		.select(LiteralValue("1"))
		.where(
			(again.customer_device == device.customer_device)
			& (again.parent != done.name)
			& (repeat.received_on > done.closed_on)
			& (repeat.received_on <= done.closed_on + Interval(days=filters.repeat_days))
			& repeat.status.notin(reports.cancelled_statuses())
		)
	)


def devices_of(done, filters):
	"""A done reception's device rows (of the filters' item groups)."""
	device = frappe.qb.DocType("Service Reception Device", alias="done_device")
	query = frappe.qb.from_(device).where(device.parent == done.name)
	if filters.item_group:
		query = query.where(device.item_group.isin(reports.item_groups(filters.item_group)))
	return device, query


def per_reception(filters, key=None) -> list[dict]:
	"""Done and repeated, each done reception on one row (grouped by `key`, or all together): EXISTS
	a device of it that came back; with an item group filter, only receptions with a device of it."""
	done, query = done_receptions(filters)
	device, devices = devices_of(done, filters)
	repeated = ExistsCriterion(devices.select(LiteralValue("1")).where(came_back(done, device, filters)))
	if filters.item_group:
		query = query.where(ExistsCriterion(devices.select(LiteralValue("1"))))
	measures = (Count("*").as_("done"), Sum(Case().when(repeated, 1).else_(0)).as_("repeated"))
	if key is None:
		return query.select(*measures).run(as_dict=True)
	return report_query.grouped(query.select(key(done), *measures), key(done))


def per_item_group(filters) -> list[dict]:
	"""Done and repeated per item group: each (done reception, item group of its devices) once, in a
	derived table, then counted per group."""
	done, query = done_receptions(filters)
	device = frappe.qb.DocType("Service Reception Device", alias="done_device")
	query = query.join(device).on(device.parent == done.name)
	if filters.item_group:
		query = query.where(device.item_group.isin(reports.item_groups(filters.item_group)))
	pairs = (
		query.select(
			Coalesce(device.item_group, "").as_("item_group"),
			Max(Case().when(came_back(done, device, filters), 1).else_(0)).as_("repeated"),
		)
		.groupby(done.name, Coalesce(device.item_group, ""))
		.as_("pair")
	)
	key = report_query.group_key(pairs.item_group)
	return report_query.grouped(
		frappe.qb.from_(pairs).select(key, Count("*").as_("done"), Sum(pairs.repeated).as_("repeated")), key
	)


def finish(row):
	for field in COUNTS:
		row[field] = int(row.get(field) or 0)
	row.first_time_fixed = row.done - row.repeated
	row.first_time_fix_percent = report_math.percent(row.first_time_fixed, row.done)
	row.repeat_percent = report_math.percent(row.repeated, row.done)
	return row


def by_field(filters, group_by: str) -> list[dict]:
	if group_by == AGENCY:
		rows = per_reception(filters, lambda done: report_query.group_key(done.service_agency))
	else:
		rows = per_item_group(filters)
	names = (
		reports.record_names("Service Agency", "agency_name", [r.group_key for r in rows])
		if group_by == AGENCY
		else {}
	)
	for row in rows:
		row.group_label = row.group_key or (_("Not Referred") if group_by == AGENCY else _("Not Set"))
		if group_by == AGENCY:
			row.group_name = names.get(row.group_key)
		finish(row)
	# the most done first; Not Referred / Not Set last
	rows.sort(key=lambda r: (r.group_key is None, -r.done, r.group_label))
	return rows


def by_month(filters) -> list[dict]:
	"""Grouped by the day closed in the database, the days added up per Jalali month here."""
	days = per_reception(filters, lambda done: Date(done.closed_on).as_("day"))
	months: dict[tuple[int, int], frappe._dict] = {}
	for d in days:
		month = months.setdefault(report_math.jalali_month(d.day), frappe._dict())
		for field in COUNTS:
			month[field] = (month.get(field) or 0) + (d[field] or 0)
	rows = []
	for (year, number), month in sorted(months.items()):
		month.update(
			group_key=report_math.month_key(year, number),
			group_label=report_query.month_label(year, number),
		)
		rows.append(finish(month))
	return rows


def get_total(filters) -> frappe._dict:
	return frappe._dict(per_reception(filters)[0])


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
					"name": _("First-Time Fix %"),
					"values": [round(row.first_time_fix_percent or 0, 1) for row in rows],
				},
				{"name": _("Repeat %"), "values": [round(row.repeat_percent or 0, 1) for row in rows]},
			],
		},
		"type": "line" if group_by == MONTH else "bar",
		"colors": ["#12b76a", "#f04438"],
		"fieldtype": "Percent",
		"axisOptions": {"xIsSeries": 1} if group_by == MONTH else {},
	}


def get_summary(total: dict) -> list[dict]:
	def rounded(value):
		return round(value, 1) if value is not None else None

	return [
		{"label": _("Done"), "value": total.done, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Repeated"), "value": total.repeated, "datatype": "Int", "indicator": "Red"},
		{
			"label": _("First-Time Fix %"),
			"value": rounded(total.first_time_fix_percent),
			"datatype": "Percent",
			"indicator": "Green",
		},
		{
			"label": _("Repeat %"),
			"value": rounded(total.repeat_percent),
			"datatype": "Percent",
			"indicator": "Red",
		},
	]
