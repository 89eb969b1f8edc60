"""Dashboard charts in Jalali periods for the people who read Jalali dates.

Frappe's time-series Dashboard Charts (Count, Sum or Average of a DocType by a date field) put
the values in Gregorian days, weeks, months, quarters and years, and label them "Sep 2026". For a
user who uses Jalali (overrides.jalali.uses_jalali) this endpoint, registered over Frappe's
`frappe.desk.doctype.dashboard_chart.dashboard_chart.get` in hooks.py, groups the same rows in
Jalali periods instead: Azar 1405 is one bar, a week starts on Saturday, a quarter is three Jalali
months, a year starts on 1 Farvardin; days and weeks are labelled with their Jalali date. The rows
are read as Frappe reads them (frappe.get_list with the chart's filters: the user's permissions
and the app's narrowing hold). Every other chart, and every other user, gets Frappe's function.

Frappe caches a chart's data under the chart's name for everyone; the Jalali figures are cached
under their own key, so a Persian user and an English one never see each other's periods.
"""

import datetime

import frappe
from frappe import _
from frappe.desk.doctype.dashboard_chart import dashboard_chart as frappe_chart
from frappe.translate import get_user_lang
from frappe.utils import add_days, flt, get_datetime, getdate, now_datetime
from frappe.utils.dateutils import get_from_date_from_timespan

from zhira_after_sales.overrides.jalali import uses_jalali
from zhira_after_sales.utils import jalali

TIME_SERIES = ("Count", "Sum", "Average")
GRAINS = ("Daily", "Weekly", "Monthly", "Quarterly", "Yearly")
CACHE_SECONDS = 600


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	args = {
		"chart_name": chart_name,
		"chart": chart,
		"no_cache": no_cache,
		"filters": filters,
		"from_date": from_date,
		"to_date": to_date,
		"timespan": timespan,
		"time_interval": time_interval,
		"heatmap_year": heatmap_year,
		"refresh": refresh,
	}
	doc = frappe.get_doc("Dashboard Chart", chart_name) if chart_name else None
	if doc is None and chart:
		doc = frappe._dict(frappe.parse_json(chart))
	grain = time_interval or (doc and doc.time_interval)
	if not (doc and uses_jalali() and is_time_series(doc) and grain in GRAINS):
		return frappe_chart.get(**{k: v for k, v in args.items() if v is not None})

	key = f"chart-data:{doc.name}:jalali:{frappe.session.user}"
	if not no_cache and not int(refresh or 0):
		cached = frappe.cache.get_value(key)
		if cached and cached.get("args") == repr(args):
			return cached["data"]
	data = jalali_chart(doc, filters, from_date, to_date, timespan, grain)
	if not no_cache:
		frappe.cache.set_value(key, {"args": repr(args), "data": data}, expires_in_sec=CACHE_SECONDS)
	return data


def is_time_series(doc) -> bool:
	return doc.chart_type in TIME_SERIES and doc.type != "Heatmap" and bool(doc.based_on)


def jalali_chart(doc, filters, from_date, to_date, timespan, grain) -> dict:
	timespan = timespan or doc.timespan
	if timespan == "Select Date Range":
		from_date = get_datetime(from_date or doc.from_date)
		to_date = get_datetime(to_date or doc.to_date)
	to_date = getdate(to_date or now_datetime())
	start = getdate(from_date) if from_date else getdate(get_from_date_from_timespan(to_date, timespan))
	start = period_start(start, grain)

	filters = frappe.parse_json(filters) or frappe.parse_json(doc.filters_json) or []
	filters = [
		*filters,
		[doc.document_type, "docstatus", "<", 2, False],
		[doc.document_type, doc.based_on, ">=", start.isoformat(), False],
		[doc.document_type, doc.based_on, "<", add_days(to_date, 1).isoformat(), False],
	]
	value_field = doc.value_based_on or "1"
	rows = frappe.get_list(
		doc.document_type,
		fields=[doc.based_on, f"SUM({value_field})", "COUNT(*)"],
		filters=filters,
		group_by=doc.based_on,
		order_by=doc.based_on,
		as_list=True,
		parent_doctype=doc.parent_document_type,
	)
	periods = periods_between(start, to_date, grain)
	sums = dict.fromkeys(periods, 0.0)
	counts = dict.fromkeys(periods, 0)
	for value_date, total, count in rows:
		period = period_start(getdate(value_date), grain)
		if period in sums:
			sums[period] += flt(total)
			counts[period] += int(count or 0)
	values = [value_of(doc.chart_type, sums[p], counts[p]) for p in periods]
	return {
		"labels": [label(p, grain) for p in periods],
		"datasets": [{"name": doc.name, "values": values}],
	}


def value_of(chart_type: str, total: float, count: int) -> float:
	if chart_type == "Count":
		return count
	if chart_type == "Average":
		return total / count if count else 0
	return total


def period_start(day: datetime.date, grain: str) -> datetime.date:
	"""The first day of the Jalali period `day` is in."""
	if grain == "Daily":
		return day
	if grain == "Weekly":  # an Iranian week starts on Saturday (Python: Monday 0 ... Saturday 5)
		return day - datetime.timedelta(days=(day.weekday() + 2) % 7)
	jd = jalali.to_jalali(day)
	if grain == "Monthly":
		return jalali.to_gregorian(jd.year, jd.month, 1)
	if grain == "Quarterly":
		return jalali.to_gregorian(jd.year, 3 * ((jd.month - 1) // 3) + 1, 1)
	return jalali.to_gregorian(jd.year, 1, 1)


def next_period(start: datetime.date, grain: str) -> datetime.date:
	if grain == "Daily":
		return start + datetime.timedelta(days=1)
	if grain == "Weekly":
		return start + datetime.timedelta(days=7)
	jd = jalali.to_jalali(start)
	months = {"Monthly": 1, "Quarterly": 3, "Yearly": 12}[grain]
	month = jd.month - 1 + months
	return jalali.to_gregorian(jd.year + month // 12, month % 12 + 1, 1)


def periods_between(start: datetime.date, end: datetime.date, grain: str) -> list[datetime.date]:
	periods, period = [], period_start(start, grain)
	while period <= end:
		periods.append(period)
		period = next_period(period, grain)
	return periods


def label(start: datetime.date, grain: str) -> str:
	"""In the user's own language (a request signed with an API token is otherwise answered in the
	site's language)."""
	if grain in ("Daily", "Weekly"):
		return jalali.format_date(start)
	jd = jalali.to_jalali(start)
	lang = get_user_lang()
	if grain == "Monthly":
		return f"{_(jalali.MONTHS_EN[jd.month - 1], lang=lang)} {jd.year}"
	if grain == "Quarterly":
		return _("Quarter {0} {1}", lang=lang).format((jd.month - 1) // 3 + 1, jd.year)
	return str(jd.year)
