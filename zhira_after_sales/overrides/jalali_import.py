"""Jalali dates typed in a Data Import sheet (frappe.core.doctype.data_import.importer).

Frappe reads a Date/Datetime cell with one strptime format guessed per column: "1405/09/09" fits
"%Y/%m/%d" and would be stored as the 9th of September of the year 1405 AD, and "۱۴۰۵/۰۹/۰۹" fits
no format at all. Two methods are wrapped, once per process (overrides.jalali.install), the rest is
Frappe's:

- `Column.guess_date_format_for_column`: guesses the format from the column's Gregorian values
  only, so a Jalali column brings no "N different date formats"/"could not be determined" notes;
  a column of Jalali dates only is "%Y/%m/%d", shown as "(yyyy/mm/dd)" in the preview's header.
- `Row.validate_value`: a Jalali cell becomes the Gregorian date (or datetime) it names; an
  impossible one ("1405/13/40", "1404/12/30": Esfand 1404 has 29 days) is refused the way Frappe
  refuses a badly formed date - a warning naming the row and the column, which stops the import
  before any record is written - with a translated message giving the expected form.

Which cells are Jalali:
- any cell whose four-digit year is below 1700, whoever imports: no after-sales record carries a
  Gregorian year before 1700, and storing year 1405 AD silently is the worst outcome; Persian and
  Arabic digits count as digits (utils.text.to_latin_digits).
- for a user who uses Jalali (overrides.jalali.uses_jalali), also the short forms without a
  four-digit year ("05/9/9", "14050909" is covered above) and whatever Frappe cannot read, so the
  user gets the Jalali message instead of "must be in yyyy-mm-dd format".
A four-digit year from 1700 up is Gregorian and goes to Frappe's own reading for everyone, so
Gregorian sheets (and Excel's real date cells) import exactly as before.
"""

import datetime
import re

import frappe
from frappe import _

from zhira_after_sales.overrides.jalali import uses_jalali
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.text import strip_invisibles, to_latin_digits

DATE_TYPES = ("Date", "Datetime")
EXAMPLE_DATE = "1405/09/09"
EXAMPLE_DATETIME = "1405/09/09 14:30"

_SEPARATED = re.compile(r"^(\d{1,4})[/\-.]\d{1,2}[/\-.](\d{1,4})$")
_COMPACT = re.compile(r"^(\d{4})\d{4}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


class JalaliCellError(ValueError):
	def __init__(self, reason: str):
		self.reason = reason
		super().__init__(reason)


# --- plain rules ------------------------------------------------------------------------------


def normalize(value: str) -> str:
	return strip_invisibles(to_latin_digits(value)).strip()


def split_time(text: str) -> tuple[str, str]:
	"""'1405/09/09 14:30' -> ('1405/09/09', '14:30'); also a 'T' between them."""
	parts = text.replace("T", " ").split()
	if len(parts) == 2:
		return parts[0], parts[1]
	return text, ""


def four_digit_year(date_text: str) -> int | None:
	match = _COMPACT.match(date_text)
	if match:
		return int(match.group(1))
	match = _SEPARATED.match(date_text)
	if match:
		for group in match.groups():
			if len(group) == 4:
				return int(group)
	return None


def is_jalali_text(value, user_uses_jalali: bool) -> bool:
	"""Whether a sheet's cell is read as a Jalali date (see the module's docstring)."""
	if not isinstance(value, str):
		return False
	text = normalize(value)
	if not text:
		return False
	year = four_digit_year(split_time(text)[0])
	if year is not None:
		return year < jalali.GREGORIAN_YEAR_FLOOR
	return user_uses_jalali and bool(_SEPARATED.match(split_time(text)[0]))


def parse_cell(value: str, fieldtype: str) -> datetime.date | datetime.datetime:
	"""A Jalali cell -> the Gregorian date (Date) or datetime (Datetime). Raises JalaliCellError
	"invalid" (no such day) or "format" (not a date)."""
	date_text, time_text = split_time(normalize(value))
	try:
		day = jalali.parse_date(date_text, today=frappe.utils.getdate())
	except jalali.JalaliParseError as e:
		raise JalaliCellError("invalid" if e.reason == "invalid" else "format")
	if fieldtype != "Datetime":
		return day
	if not time_text:
		return datetime.datetime.combine(day, datetime.time())
	match = _TIME.match(time_text)
	if not match:
		raise JalaliCellError("format")
	hour, minute, second = (int(g or 0) for g in match.groups())
	try:
		return datetime.datetime.combine(day, datetime.time(hour, minute, second))
	except ValueError:
		raise JalaliCellError("invalid")


def error_message(value: str, reason: str, fieldtype: str) -> str:
	example = EXAMPLE_DATETIME if fieldtype == "Datetime" else EXAMPLE_DATE
	if reason == "invalid":
		return _(
			"{0} is not a day of the Jalali calendar: Farvardin to Shahrivar have 31 days, Mehr to "
			"Bahman 30 and Esfand 29 (30 in a leap year). Type the date as year/month/day, for example {1}."
		).format(frappe.bold(value), frappe.bold(example))
	return _("{0} is not a Jalali date. Type the date as year/month/day, for example {1}.").format(
		frappe.bold(value), frappe.bold(example)
	)


# --- wrapped Frappe methods -------------------------------------------------------------------


def _user_uses_jalali() -> bool:
	try:
		return bool(getattr(frappe.local, "site", None)) and uses_jalali()
	except Exception:
		return False


def _column_reads_jalali(column) -> bool:
	"""Asked once per column (not per cell) and kept on Frappe's Column object."""
	if getattr(column, "_zhira_jalali_user", None) is None:
		column._zhira_jalali_user = _user_uses_jalali()
	return column._zhira_jalali_user


def _guess_date_format(original):
	def guess_date_format_for_column(self):
		if not self.df or self.df.fieldtype not in DATE_TYPES:
			return original(self)
		user_jalali = _column_reads_jalali(self)
		values = self.column_values
		gregorian = [v for v in values if not is_jalali_text(v, user_jalali)]
		if len(gregorian) == len(values):
			return original(self)
		if not any(v not in (None, "") for v in gregorian):
			# a Jalali column: the preview's header hint reads "(yyyy/mm/dd)", the form typed
			return "%Y/%m/%d %H:%M" if self.df.fieldtype == "Datetime" else "%Y/%m/%d"
		self.column_values = gregorian
		try:
			return original(self)
		finally:
			self.column_values = values

	return guess_date_format_for_column


def _validate_value(original):
	def validate_value(self, value, col):
		df = col.df
		if df.fieldtype not in DATE_TYPES or not isinstance(value, str):
			return original(self, value, col)
		user_jalali = _column_reads_jalali(col)
		if not is_jalali_text(value, user_jalali):
			if not user_jalali or not isinstance(self.get_date(value, col), str):
				return original(self, value, col)
			# a Jalali user's cell Frappe cannot read either: say it in the Jalali form
		try:
			return parse_cell(value, df.fieldtype)
		except JalaliCellError as e:
			self.warnings.append(
				{
					"row": self.row_number,
					"col": col.column_number,
					"field": _field_as_json(df),
					"message": error_message(value, e.reason, df.fieldtype),
				}
			)
			return None

	return validate_value


def _field_as_json(df):
	"""Frappe's field of a warning; the form shows its label as given, so it is translated here."""
	from frappe.core.doctype.data_import.importer import df_as_json

	field = df_as_json(df)
	field["label"] = _(df.label)
	return field


def install(wrap):
	"""Called from overrides.jalali.install with its idempotent `_wrap(module, name, factory)`."""
	from frappe.core.doctype.data_import import importer

	wrap(importer.Column, "guess_date_format_for_column", _guess_date_format)
	wrap(importer.Row, "validate_value", _validate_value)
