"""Jalali (Solar Hijri) dates for people; the database stays Gregorian.

Conversion is `jdatetime`'s; this module adds parsing of what people type, Persian month names
and digits, and month/year ranges. Plain Python: no Frappe import.
"""

import datetime
import re

import jdatetime

from zhira_after_sales.utils.text import strip_invisibles, to_latin_digits, to_persian_digits

MONTHS_FA = (
	"فروردین",
	"اردیبهشت",
	"خرداد",
	"تیر",
	"مرداد",
	"شهریور",
	"مهر",
	"آبان",
	"آذر",
	"دی",
	"بهمن",
	"اسفند",
)
MONTHS_EN = (
	"Farvardin",
	"Ordibehesht",
	"Khordad",
	"Tir",
	"Mordad",
	"Shahrivar",
	"Mehr",
	"Aban",
	"Azar",
	"Dey",
	"Bahman",
	"Esfand",
)
# jdatetime weekday(): Saturday is 0
WEEKDAYS_FA = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")

# a four-digit year at or above this is Gregorian (1700 AP is about 2321 AD)
GREGORIAN_YEAR_FLOOR = 1700


class JalaliParseError(ValueError):
	"""`reason`: "empty", "format" (not a date shape) or "invalid" (no such day, e.g. 1404/12/30)."""

	def __init__(self, reason: str, value: str = ""):
		self.reason = reason
		self.value = value
		super().__init__(f"{reason}: {value!r}")


def _as_gregorian(value) -> datetime.date | datetime.datetime | None:
	if value in (None, ""):
		return None
	if isinstance(value, jdatetime.datetime):
		return value.togregorian()
	if isinstance(value, jdatetime.date):
		return value.togregorian()
	if isinstance(value, datetime.datetime | datetime.date):
		return value
	text = str(value).strip()
	try:
		if len(text) > 10:
			return datetime.datetime.fromisoformat(text.replace("T", " ")[:26])
		return datetime.date.fromisoformat(text)
	except ValueError:
		raise JalaliParseError("format", text)


def to_jalali(value) -> jdatetime.date | jdatetime.datetime | None:
	"""Gregorian date/datetime (or ISO string) -> jdatetime object; None for empty values."""
	value = _as_gregorian(value)
	if value is None:
		return None
	if isinstance(value, datetime.datetime):
		return jdatetime.datetime.fromgregorian(datetime=value)
	return jdatetime.date.fromgregorian(date=value)


def to_gregorian(year: int, month: int, day: int) -> datetime.date:
	"""Raises JalaliParseError("invalid") for a day that does not exist."""
	try:
		return jdatetime.date(int(year), int(month), int(day)).togregorian()
	except ValueError:
		raise JalaliParseError("invalid", f"{year}/{month}/{day}")


def format_date(value, fmt: str = "%Y/%m/%d", persian_digits: bool = False) -> str:
	"""1405/09/08 for 2026-11-29. Empty string for empty values. `fmt` uses jdatetime's
	strftime codes with Persian month names (%B) and weekday names (%A)."""
	jd = to_jalali(value)
	if jd is None:
		return ""
	if isinstance(jd, jdatetime.datetime):
		jd = jd.date()
	text = _strftime(jd, fmt)
	return to_persian_digits(text) if persian_digits else text


def format_datetime(value, fmt: str = "%Y/%m/%d %H:%M", persian_digits: bool = False) -> str:
	jd = to_jalali(value)
	if jd is None:
		return ""
	if not isinstance(jd, jdatetime.datetime):
		jd = jdatetime.datetime.combine(jd, datetime.time())
	text = _strftime(jd, fmt)
	return to_persian_digits(text) if persian_digits else text


def format_long(value, persian_digits: bool = True, with_weekday: bool = False) -> str:
	"""'۸ آذر ۱۴۰۵' (or 'یکشنبه ۸ آذر ۱۴۰۵') for 2026-11-29."""
	jd = to_jalali(value)
	if jd is None:
		return ""
	text = f"{jd.day} {MONTHS_FA[jd.month - 1]} {jd.year}"
	if with_weekday:
		text = f"{WEEKDAYS_FA[jd.weekday()]} {text}"
	return to_persian_digits(text) if persian_digits else text


def _strftime(jd, fmt: str) -> str:
	# per-object locale: jdatetime.set_locale() is process-global
	obj = jd.__class__(*_fields(jd), locale="fa_IR")
	return obj.strftime(fmt)


def _fields(jd):
	if isinstance(jd, jdatetime.datetime):
		return (jd.year, jd.month, jd.day, jd.hour, jd.minute, jd.second, jd.microsecond)
	return (jd.year, jd.month, jd.day)


_SEPARATED = re.compile(r"^(\d{1,4})[/\-.](\d{1,2})[/\-.](\d{1,4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value, today: datetime.date | None = None) -> datetime.date:
	"""What a person types -> Gregorian date.

	Accepts Persian/Arabic-Indic digits, `/`, `-` or `.` separators, `1405/9/8`, `8/9/1405`,
	`14050908`, `05/9/8` (two-digit year: < 50 means 14xx, else 13xx), `t`/`today`/`امروز`,
	and a Gregorian date typed year-first (year >= 1700, e.g. `2026-11-29`). Raises
	JalaliParseError: "empty", "format" or "invalid" (e.g. 1404/12/30: Esfand 1404 has 29 days).
	`today` is what `t` means: Frappe code passes the site's day (`getdate()`), since the machine's
	clock may be in UTC while the site is in Tehran, three and a half hours ahead.
	"""
	text = strip_invisibles(to_latin_digits(value)).strip()
	if not text:
		raise JalaliParseError("empty", text)
	if text.lower() in ("t", "today", "امروز"):
		return today or datetime.date.today()

	match = _COMPACT.match(text)
	if match:
		year, month, day = (int(g) for g in match.groups())
	else:
		match = _SEPARATED.match(text)
		if not match:
			raise JalaliParseError("format", text)
		first, month, last = match.groups()
		if len(last) == 4 and len(first) <= 2:
			year, day = int(last), int(first)
		elif len(last) <= 2:
			year, day = int(first), int(last)
			if len(first) <= 2:
				year += 1400 if year < 50 else 1300
			elif len(first) == 3:
				raise JalaliParseError("format", text)
		else:
			raise JalaliParseError("format", text)
		month = int(month)

	if year >= GREGORIAN_YEAR_FLOOR:
		try:
			return datetime.date(year, month, day)
		except ValueError:
			raise JalaliParseError("invalid", text)
	return to_gregorian(year, month, day)


def month_length(year: int, month: int) -> int:
	if month < 12:
		return 31 if month <= 6 else 30
	return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def is_leap(year: int) -> bool:
	return jdatetime.date(year, 1, 1).isleap()


def month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
	"""First and last Gregorian day of a Jalali month: (1405, 9) -> (2026-11-22, 2026-12-21)."""
	if not 1 <= int(month) <= 12:
		raise JalaliParseError("invalid", f"{year}/{month}")
	return to_gregorian(year, month, 1), to_gregorian(year, month, month_length(year, month))


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
	"""1 Farvardin to the last day of Esfand, in Gregorian: the Iranian fiscal year."""
	return to_gregorian(year, 1, 1), to_gregorian(year, 12, month_length(year, 12))


def month_range_of(value) -> tuple[datetime.date, datetime.date]:
	"""The Jalali month that contains a Gregorian date."""
	jd = to_jalali(value)
	return month_range(jd.year, jd.month)


def year_of(value) -> int:
	return to_jalali(value).year


def month_name(month: int, lang: str = "fa") -> str:
	names = MONTHS_FA if lang == "fa" else MONTHS_EN
	return names[int(month) - 1]
