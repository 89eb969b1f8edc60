import datetime

import pytest

from zhira_after_sales.utils.jalali_periods import timespan_range

D = datetime.date
TODAY = D(2026, 11, 29)  # 1405/09/08, Azar, autumn (third Jalali quarter)


@pytest.mark.parametrize(
	"timespan, expected",
	[
		("this month", (D(2026, 11, 22), D(2026, 12, 21))),  # Azar 1405
		("last month", (D(2026, 10, 23), D(2026, 11, 21))),  # Aban 1405
		("next month", (D(2026, 12, 22), D(2027, 1, 20))),  # Dey 1405
		("this quarter", (D(2026, 9, 23), D(2026, 12, 21))),  # Mehr-Azar (autumn)
		("last quarter", (D(2026, 6, 22), D(2026, 9, 22))),  # Tir-Shahrivar (summer)
		("next quarter", (D(2026, 12, 22), D(2027, 3, 20))),  # Dey-Esfand (winter)
		("this year", (D(2026, 3, 21), D(2027, 3, 20))),  # 1405
		("last year", (D(2025, 3, 21), D(2026, 3, 20))),  # 1404
		("next year", (D(2027, 3, 21), D(2028, 3, 19))),  # 1406
		("last 6 months", (D(2026, 3, 21), D(2026, 9, 22))),  # spring and summer
		("next 6 months", (D(2026, 12, 22), D(2027, 6, 21))),  # winter and next spring
		("This Month", (D(2026, 11, 22), D(2026, 12, 21))),
	],
)
def test_jalali_periods(timespan, expected):
	assert timespan_range(timespan, TODAY) == expected


def test_years_and_leap_esfand():
	# 1403 is a leap year: its Esfand ends on 2025-03-20
	assert timespan_range("this month", D(2025, 3, 20)) == (D(2025, 2, 19), D(2025, 3, 20))
	assert timespan_range("this year", D(2025, 3, 20)) == (D(2024, 3, 20), D(2025, 3, 20))
	# Nowruz 1405: a new month, quarter and year; the last month is Esfand 1404 (29 days)
	assert timespan_range("this year", D(2026, 3, 21)) == (D(2026, 3, 21), D(2027, 3, 20))
	assert timespan_range("last month", D(2026, 3, 21)) == (D(2026, 2, 20), D(2026, 3, 20))
	assert timespan_range("last quarter", D(2026, 3, 21)) == (D(2025, 12, 22), D(2026, 3, 20))
	assert timespan_range("next month", D(2026, 3, 20)) == (D(2026, 3, 21), D(2026, 4, 20))


@pytest.mark.parametrize(
	"timespan",
	["today", "yesterday", "last 7 days", "this week", "next week", "last week", "this 6 months", "", None],
)
def test_other_timespans_are_left_to_frappe(timespan):
	assert timespan_range(timespan, TODAY) is None
