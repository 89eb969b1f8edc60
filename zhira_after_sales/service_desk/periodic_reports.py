"""What the periodic service reports share (Periodic Services Due, Periodic Services Overdue by
Agency, Periodic Service Completion Rate) and the "Periodic Services Due Today" number card.

    require_head_office()           the reports are head office's: an agency or a technician is refused
    period_range(filters, today)    (first, last) due date of a period: this/next Jalali week or month
    visits_query(...)               the visits joined to their plans, with the agency that serves each
    overdue_condition(...)          a visit not done past its due date and the grace days
    due_today()                     the number card's count

A visit is served by its own agency when it has one, else by its plan's. A cancelled plan's visits
are in none of the reports. Weeks run from Saturday to Friday, as Iranian calendars print them;
months are Jalali months."""

import datetime

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Count, NullIf
from frappe.utils import getdate, nowdate

from zhira_after_sales import access
from zhira_after_sales.service_desk import periodic_rules as rules
from zhira_after_sales.service_desk.periodic import PLAN, VISIT, overdue_cutoff
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.jalali_periods import timespan_range

DATE_RANGE = "Date Range"
TODAY = "Today"
THIS_WEEK = "This Week"
NEXT_WEEK = "Next Week"
THIS_MONTH = "This Month"
NEXT_MONTH = "Next Month"
PERIODS = (TODAY, THIS_WEEK, NEXT_WEEK, THIS_MONTH, NEXT_MONTH, DATE_RANGE)
SATURDAY = 5  # datetime.date.weekday()
# a visit not finished (Done or Skipped)
OPEN = rules.OPEN


def require_head_office():
	access.require_head_office(_("Only head office reads the periodic service reports."))


def week_start(day: datetime.date) -> datetime.date:
	"""The Saturday that starts the week of `day`."""
	return day - datetime.timedelta(days=(day.weekday() - SATURDAY) % 7)


def period_range(filters, today=None) -> tuple[datetime.date, datetime.date]:
	"""(first, last) day of the filters' period around `today`, both included; a Date Range is the
	filters' from_date and to_date, both required and in order."""
	today = getdate(today or nowdate())
	period = filters.get("period") or DATE_RANGE
	if period == TODAY:
		return today, today
	if period in (THIS_WEEK, NEXT_WEEK):
		start = week_start(today) + datetime.timedelta(days=7 if period == NEXT_WEEK else 0)
		return start, start + datetime.timedelta(days=6)
	if period in (THIS_MONTH, NEXT_MONTH):
		return timespan_range(period.lower(), today)
	if period != DATE_RANGE:
		frappe.throw(
			_("Period: choose one of {0}.").format(", ".join(_(p) for p in PERIODS)), title=_("Period")
		)
	return date_range(filters)


def date_range(filters) -> tuple[datetime.date, datetime.date]:
	if not filters.get("from_date") or not filters.get("to_date"):
		frappe.throw(_("Choose the dates: From Date and To Date."), title=_("Dates"))
	start, end = getdate(filters.from_date), getdate(filters.to_date)
	if end < start:
		frappe.throw(
			_("To Date ({0}) is before From Date ({1}).").format(
				jalali.format_date(end), jalali.format_date(start)
			),
			title=_("Dates"),
		)
	return start, end


def period_label(start: datetime.date, end: datetime.date) -> str:
	"""'1405/09/07 - 1405/09/13' (one date for one day)."""
	if start == end:
		return jalali.format_date(start)
	return f"{jalali.format_date(start)} - {jalali.format_date(end)}"


def visits_query(plan_statuses=("Active",)):
	"""(visit, plan, agency, query): the visits of plans in `plan_statuses`, and the expression of
	the agency that serves each visit (the visit's own, else its plan's)."""
	visit = frappe.qb.DocType(VISIT)
	plan = frappe.qb.DocType(PLAN)
	agency = Coalesce(NullIf(visit.service_agency, ""), plan.service_agency, "")
	query = (
		frappe.qb.from_(visit)
		.join(plan)
		.on(plan.name == visit.parent)
		.where(visit.parenttype == PLAN)
		.where(visit.parentfield == "visits")
		.where(plan.status.isin(list(plan_statuses)))
	)
	return visit, plan, agency, query


def overdue_condition(visit, today=None):
	"""Not done past its due date and the grace days: marked Overdue, or still open and due before
	the grace cutoff (the daily job has not marked it yet)."""
	cutoff = overdue_cutoff(today)
	return (visit.status == rules.OVERDUE) | (visit.status.isin(list(OPEN)) & (visit.due_date < cutoff))


def agency_names(codes) -> dict:
	codes = [code for code in codes if code]
	if not codes:
		return {}
	return dict(
		frappe.get_all(
			"Service Agency", filters={"name": ("in", codes)}, fields=["name", "agency_name"], as_list=True
		)
	)


def percent(part, whole) -> float | None:
	"""part / whole as a percentage to one decimal; None when there is nothing to divide by."""
	if not whole:
		return None
	return round(100.0 * part / whole, 1)


def due_today(today=None) -> int:
	"""Visits of active plans due today and not finished."""
	today = getdate(today or nowdate())
	visit, _plan, _agency, query = visits_query()
	query = query.select(Count("*")).where(visit.due_date == today)
	return int(query.where(visit.status.isin(list(OPEN))).run()[0][0] or 0)


def today_route() -> dict:
	"""Where the number card opens: the due report for today."""
	return {
		"route": ["query-report", "Periodic Services Due"],
		"route_options": {"period": TODAY},
	}


def agency_bar_chart(
	rows: list[dict], label: str, fieldname: str, colour: str, fieldtype: str
) -> dict | None:
	"""A bar per agency (its name, else its code) of `fieldname`, in the rows' order."""
	if not rows:
		return None
	return {
		"data": {
			"labels": [row.agency_name or row.service_agency for row in rows],
			"datasets": [{"name": label, "values": [row[fieldname] for row in rows]}],
		},
		"type": "bar",
		"colors": [colour],
		"fieldtype": fieldtype,
	}
