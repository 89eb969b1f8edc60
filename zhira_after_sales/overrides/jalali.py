"""The Jalali calendar for people who use it, on the server side of the desk.

Who: a user whose Calendar preference (User.zhira_calendar) is "Jalali", or who left it empty and
works in Persian (fa). Everyone else - and every site without this app - gets Frappe untouched.

- `extend_bootinfo`: tells the browser bundle (public/js/jalali) whether to show Jalali dates.
- `install` (before_request, before_job): Frappe has no hook for timespan filters or for the
  server-side formatting of dates, so two module attributes are wrapped, once per process:
  `get_timespan_date_range` in db_query/operator_map ("this month" is the Jalali month) and
  `formatdate`/`format_datetime` in frappe.utils.formatters (standard print formats, PDFs and
  `doc.get_formatted`). Each wrapper asks `uses_jalali()` at call time and otherwise calls
  Frappe's function. Dates stay Gregorian in the database. The same wrapping puts Jalali dates in
  exported files (`jalali_export`) and reads them in Data Import sheets (`jalali_import`).
"""

import frappe

from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.jalali_periods import timespan_range

APP = "zhira_after_sales"
PREFERENCE_FIELD = "zhira_calendar"


def calendar_preference(user: str | None = None) -> str:
	""" "Jalali", "Gregorian" or "" (follow the language)."""
	return frappe.get_cached_value("User", user or frappe.session.user, PREFERENCE_FIELD) or ""


def uses_jalali(user: str | None = None) -> bool:
	if APP not in frappe.get_installed_apps():
		return False
	user = user or frappe.session.user
	preference = calendar_preference(user)
	if preference:
		return preference == "Jalali"
	return (frappe.translate.get_user_lang(user) or "").split("-")[0] == "fa"


def extend_bootinfo(bootinfo):
	bootinfo.jalali = {"enabled": uses_jalali(), "preference": calendar_preference()}


# --- wrapped Frappe functions -----------------------------------------------------------------


def _active() -> bool:
	"""uses_jalali() for the current user, False outside a site context or on any error (a date
	must never fail to format because of a preference lookup)."""
	try:
		return bool(getattr(frappe.local, "site", None)) and uses_jalali()
	except Exception:
		return False


def _timespan(original):
	def get_timespan_date_range(timespan: str):
		if _active():
			period = timespan_range(timespan, frappe.utils.getdate())
			if period:
				return period
		return original(timespan)

	return get_timespan_date_range


def _formatdate(original):
	def formatdate(string_date=None, format_string=None, *args, **kwargs):
		if string_date and not format_string and not args and not kwargs and _active():
			try:
				return jalali.format_date(frappe.utils.getdate(string_date))
			except (ValueError, TypeError):
				pass
		return original(string_date, format_string, *args, **kwargs)

	return formatdate


def _format_datetime(original):
	def format_datetime(datetime_string=None, format_string=None):
		if datetime_string and not format_string and _active():
			try:
				value = frappe.utils.get_datetime(datetime_string)
				return f"{jalali.format_date(value)} {frappe.utils.format_time(value)}"
			except (ValueError, TypeError):
				pass
		return original(datetime_string, format_string)

	return format_datetime


def _wrap(module, name: str, make_wrapper):
	current = getattr(module, name)
	if getattr(current, "_zhira_jalali", False):
		return
	wrapper = make_wrapper(current)
	wrapper._zhira_jalali = True
	wrapper.__wrapped__ = current
	setattr(module, name, wrapper)


def install():
	"""Idempotent; runs before every request and background job of a site with this app."""
	from frappe.database import operator_map
	from frappe.model import db_query
	from frappe.utils import formatters

	_wrap(db_query, "get_timespan_date_range", _timespan)
	_wrap(operator_map, "get_timespan_date_range", _timespan)
	_wrap(formatters, "formatdate", _formatdate)
	_wrap(formatters, "format_datetime", _format_datetime)

	from zhira_after_sales.overrides import jalali_export, jalali_import

	jalali_export.install(_wrap)
	jalali_import.install(_wrap)
