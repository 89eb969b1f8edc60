"""Timespan filters ("this month", "last quarter", "next year") in Jalali months for people who
use the Jalali calendar. Plain Python: no Frappe import; the conversion is utils.jalali's.

Quarters are the seasons (Farvardin-Khordad, Tir-Shahrivar, Mehr-Azar, Dey-Esfand) and a year
runs from 1 Farvardin to the end of Esfand, the Iranian fiscal year. Days and weeks are the same
in both calendars, so those timespans are left to Frappe (None here).
"""

import datetime

from zhira_after_sales.utils import jalali

# Frappe's timespan names (frappe.utils.data.get_timespan_date_range) this module answers
_UNITS = {"month": 1, "quarter": 3, "6 months": 6, "year": 12}


def _month_index(year: int, month: int) -> int:
	return year * 12 + month - 1


def _from_index(index: int) -> tuple[int, int]:
	return index // 12, index % 12 + 1


def _period(index: int, months: int) -> tuple[datetime.date, datetime.date]:
	"""The `months`-long period starting at month `index`, as Gregorian first and last days."""
	first_year, first_month = _from_index(index)
	last_year, last_month = _from_index(index + months - 1)
	return jalali.month_range(first_year, first_month)[0], jalali.month_range(last_year, last_month)[1]


def _start_of_unit(index: int, unit: str) -> int:
	"""The first month of the month/quarter/year containing month `index`."""
	if unit == "month":
		return index
	if unit == "year":
		return index - index % 12
	return index - index % 3  # quarter, and the "6 months" that Frappe counts in quarters


def timespan_range(timespan: str, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
	"""Gregorian (first, last) days of a Jalali timespan around `today`, or None when the timespan is
	not calendar-specific (days, weeks) or unknown.

	Same shapes as Frappe's Gregorian ones: "last 6 months" is the two quarters before the current
	one, "next 6 months" the two after it.

	>>> timespan_range("this month", datetime.date(2026, 11, 29))  # Azar 1405
	(datetime.date(2026, 11, 22), datetime.date(2026, 12, 21))
	"""
	relation, _, unit = (timespan or "").strip().lower().partition(" ")
	if relation not in ("last", "this", "next") or unit not in _UNITS:
		return None
	jd = jalali.to_jalali(today)
	current = _start_of_unit(_month_index(jd.year, jd.month), unit)
	if unit == "6 months":
		if relation == "this":
			return None  # Frappe has no "this 6 months"
		start = current - 6 if relation == "last" else current + 3
		return _period(start, 6)
	step = _UNITS[unit]
	offset = {"last": -step, "this": 0, "next": step}[relation]
	return _period(current + offset, step)
