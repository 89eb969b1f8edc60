"""Jalali dates in the files a Jalali user exports: Excel and CSV from a Script/Query Report
(frappe.desk.query_report.export_query), from a list's Report View (frappe.desk.reportview.export_query)
and the attachment of an Auto Email Report.

Frappe turns a report into rows of cells in one function per route, the functions it already uses to
write Durations as text, so those are the seams; each wrapper asks at call time whose calendar the
file is for and otherwise calls Frappe's function untouched:

- `query_report.build_xlsx_data(data, ...)` (report exports and Auto Email Reports; the Auto Email
  Report module imported it by name, so its copy is wrapped too): the report's columns say which
  values are dates.
- `reportview.handle_duration_fieldtype_values(doctype, data, fields)`: the rows come straight from
  the database, so a date is a `date`/`datetime` value.
- `AutoEmailReport.get_report_content`: a scheduled report runs as Administrator in a background
  job, so the file is written in the calendar of the report's user (its "Based on Permissions For
  User", else its owner), not the job's.

A date is written as text ("1405/09/09", a Datetime as "1405/09/09 14:30"): Excel has no Jalali
date cells. Gregorian users get Frappe's real date cells as before. Dates stay Gregorian in the
database.
"""

import datetime
from contextlib import contextmanager

import frappe

from zhira_after_sales.overrides.jalali import uses_jalali
from zhira_after_sales.utils import jalali

DATE_TYPES = ("Date", "Datetime")


# --- whose calendar ---------------------------------------------------------------------------


@contextmanager
def exporting_for(user: str | None):
	"""Files built inside are in `user`'s calendar (instead of the session user's)."""
	previous = getattr(frappe.local, "zhira_export_user", None)
	frappe.local.zhira_export_user = user
	try:
		yield
	finally:
		frappe.local.zhira_export_user = previous


def export_user() -> str:
	return getattr(frappe.local, "zhira_export_user", None) or frappe.session.user


def _active() -> bool:
	"""False outside a site or on any error: an export must never fail for a preference lookup."""
	try:
		return bool(getattr(frappe.local, "site", None)) and uses_jalali(export_user())
	except Exception:
		return False


# --- cells ------------------------------------------------------------------------------------


def jalali_cell(value, fieldtype: str | None = None):
	"""The text a Jalali reader sees for one cell; any other value is returned as it is.

	date/datetime values are dates whatever the column says; a string is read as a date only in a
	Date or Datetime column (query reports may return dates as ISO text)."""
	if value in (None, "") or isinstance(value, bool):
		return value
	try:
		if isinstance(value, datetime.datetime):
			return jalali.format_date(value) if fieldtype == "Date" else jalali.format_datetime(value)
		if isinstance(value, datetime.date):
			return jalali.format_date(value)
		if isinstance(value, str) and fieldtype in DATE_TYPES:
			if fieldtype == "Date":
				return jalali.format_date(frappe.utils.getdate(value))
			moment = frappe.utils.get_datetime(value)
			return jalali.format_datetime(moment) if moment else value
	except (ValueError, TypeError):
		pass
	return value


def column_fieldtype(column) -> str | None:
	"""A report column is a dict or the old "Label:Fieldtype/Options:Width" string."""
	if isinstance(column, dict):
		return column.get("fieldtype")
	parts = str(column).split(":")
	return parts[1].split("/")[0] if len(parts) > 1 else None


def jalali_report_data(data):
	"""A copy of a report's {columns, result} whose date cells are Jalali text."""
	columns = data.get("columns") or []
	keys = [
		(index, column.get("fieldname") if isinstance(column, dict) else None, column_fieldtype(column))
		for index, column in enumerate(columns)
	]

	def convert(row):
		if isinstance(row, dict):
			out = dict(row)
			for _index, fieldname, fieldtype in keys:
				if fieldname and fieldname in out:
					out[fieldname] = jalali_cell(out[fieldname], fieldtype)
			# cells keyed by label, or not described by a column, may still be dates
			for key, value in out.items():
				out[key] = jalali_cell(value)
			return frappe._dict(out) if isinstance(row, frappe._dict) else out
		if isinstance(row, list | tuple):
			types = [t for _i, _f, t in keys]
			return [jalali_cell(v, types[i] if i < len(types) else None) for i, v in enumerate(row)]
		return row

	copy = frappe._dict(data)
	copy["result"] = [convert(row) for row in data.get("result") or []]
	return copy


# --- wrapped Frappe functions -----------------------------------------------------------------


def _build_xlsx_data(original):
	def build_xlsx_data(data, *args, **kwargs):
		if _active():
			data = jalali_report_data(data)
		return original(data, *args, **kwargs)

	return build_xlsx_data


def _report_view_rows(original):
	def handle_duration_fieldtype_values(doctype, data, fields):
		data = original(doctype, data, fields)
		if _active() and data:
			# the first row holds the labels
			data = [data[0], *([jalali_cell(value) for value in row] for row in data[1:])]
		return data

	return handle_duration_fieldtype_values


def _auto_email_content(original):
	def get_report_content(self, *args, **kwargs):
		with exporting_for(self.user or self.owner):
			return original(self, *args, **kwargs)

	return get_report_content


def install(wrap):
	"""Called from overrides.jalali.install with its idempotent `_wrap(module, name, factory)`."""
	from frappe.desk import query_report, reportview
	from frappe.email.doctype.auto_email_report import auto_email_report

	wrap(query_report, "build_xlsx_data", _build_xlsx_data)
	wrap(auto_email_report, "build_xlsx_data", _build_xlsx_data)
	wrap(reportview, "handle_duration_fieldtype_values", _report_view_rows)
	wrap(auto_email_report.AutoEmailReport, "get_report_content", _auto_email_content)
