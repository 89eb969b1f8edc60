"""Jalali conversion, formatting and parsing, checked against dates the fact sheet verified with
jalaali-js and ICU, and against every month boundary of 1399-1410."""

import datetime

import pytest

from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.jalali import JalaliParseError

D = datetime.date

KNOWN = [
	((1403, 1, 1), D(2024, 3, 20)),
	((1403, 12, 30), D(2025, 3, 20)),  # leap Esfand
	((1404, 1, 1), D(2025, 3, 21)),
	((1404, 12, 29), D(2026, 3, 20)),
	((1405, 1, 1), D(2026, 3, 21)),  # Nowruz 1405
	((1399, 12, 30), D(2021, 3, 20)),
	((1405, 9, 8), D(2026, 11, 29)),
]

YEAR_STARTS = {
	1403: D(2024, 3, 20),
	1404: D(2025, 3, 21),
	1405: D(2026, 3, 21),
	1406: D(2027, 3, 21),
	1407: D(2028, 3, 20),
	1408: D(2029, 3, 20),
	1409: D(2030, 3, 21),
	1410: D(2031, 3, 21),
}
LEAP_YEARS = {1399, 1403, 1408}


@pytest.mark.parametrize("jdate,gdate", KNOWN)
def test_known_conversions(jdate, gdate):
	assert jalali.to_gregorian(*jdate) == gdate
	assert jalali.format_date(gdate) == "{:04d}/{:02d}/{:02d}".format(*jdate)


@pytest.mark.parametrize("year,start", YEAR_STARTS.items())
def test_fiscal_year_boundaries(year, start):
	first, last = jalali.year_range(year)
	assert first == start
	assert last == jalali.year_range(year + 1)[0] - datetime.timedelta(days=1)
	assert (last - first).days + 1 == (366 if year in LEAP_YEARS else 365)


@pytest.mark.parametrize("year", range(1399, 1411))
def test_every_month_boundary_1399_to_1410(year):
	previous_end = jalali.to_gregorian(year, 1, 1) - datetime.timedelta(days=1)
	for month in range(1, 13):
		first, last = jalali.month_range(year, month)
		assert first == previous_end + datetime.timedelta(days=1), (year, month)
		expected_length = 31 if month <= 6 else 30 if month < 12 else (30 if year in LEAP_YEARS else 29)
		assert (last - first).days + 1 == expected_length, (year, month)
		assert jalali.format_date(first) == f"{year:04d}/{month:02d}/01"
		assert jalali.format_date(last) == f"{year:04d}/{month:02d}/{expected_length:02d}"
		assert jalali.parse_date(f"{year}/{month}/{expected_length}") == last
		previous_end = last


def test_leap_years():
	assert [y for y in range(1399, 1411) if jalali.is_leap(y)] == sorted(LEAP_YEARS)


@pytest.mark.parametrize(
	"typed,expected",
	[
		("1405/09/08", D(2026, 11, 29)),
		("۱۴۰۵/۰۹/۰۸", D(2026, 11, 29)),
		("١٤٠٥/٠٩/٠٨", D(2026, 11, 29)),
		("1405-9-8", D(2026, 11, 29)),
		("1405.09.08", D(2026, 11, 29)),
		("14050908", D(2026, 11, 29)),
		("8/9/1405", D(2026, 11, 29)),
		("05/9/8", D(2026, 11, 29)),
		("1403/12/30", D(2025, 3, 20)),
		("14051225", D(2027, 3, 16)),
		("2025-03-20", D(2025, 3, 20)),  # Gregorian typed year-first passes through
		("\u200f1405/01/01\u200e ", D(2026, 3, 21)),
	],
)
def test_parse_what_people_type(typed, expected):
	assert jalali.parse_date(typed) == expected


def test_parse_today_shortcuts():
	today = D(2026, 11, 29)
	for typed in ("t", "T", "today", "امروز"):
		assert jalali.parse_date(typed, today=today) == today


@pytest.mark.parametrize(
	"typed,reason",
	[
		("", "empty"),
		("hello", "format"),
		("1405/09", "format"),
		("140/09/08", "format"),
		("1404/12/30", "invalid"),  # Esfand 1404 has 29 days
		("1405/13/01", "invalid"),
		("1405/07/31", "invalid"),  # Mehr has 30 days
		("2025-02-30", "invalid"),
	],
)
def test_parse_refuses_impossible_or_unknown_dates(typed, reason):
	with pytest.raises(JalaliParseError) as info:
		jalali.parse_date(typed)
	assert info.value.reason == reason


def test_formatting_with_persian_names_and_digits():
	day = D(2026, 11, 29)
	assert jalali.format_date(day, persian_digits=True) == "۱۴۰۵/۰۹/۰۸"
	assert jalali.format_long(day) == "۸ آذر ۱۴۰۵"
	assert jalali.format_long(day, with_weekday=True) == "یکشنبه ۸ آذر ۱۴۰۵"
	assert jalali.format_long(day, persian_digits=False) == "8 آذر 1405"
	assert jalali.format_date(day, "%d %B %Y") == "08 آذر 1405"
	assert jalali.format_datetime(datetime.datetime(2026, 11, 29, 14, 5)) == "1405/09/08 14:05"
	assert jalali.format_datetime("2026-11-29 23:59:59") == "1405/09/08 23:59"
	assert jalali.format_date("2026-03-21") == "1405/01/01"
	assert jalali.format_date(None) == "" and jalali.format_long("") == ""


def test_month_names_and_ranges_of_a_date():
	assert jalali.month_name(9) == "آذر"
	assert jalali.month_name(12, "en") == "Esfand"
	assert jalali.month_range_of(D(2026, 11, 29)) == (D(2026, 11, 22), D(2026, 12, 21))
	assert jalali.year_of(D(2026, 3, 20)) == 1404
	assert jalali.year_of(D(2026, 3, 21)) == 1405
