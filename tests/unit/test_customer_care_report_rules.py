import datetime

import pytest

from zhira_after_sales.customer_care import report_rules as rules

NOW = datetime.datetime(2026, 11, 29, 12, 0)


def ago(hours: float) -> datetime.datetime:
	return NOW - datetime.timedelta(hours=hours)


@pytest.mark.parametrize(
	"hours, bucket",
	[
		(0, "days_0_1"),
		(23.99, "days_0_1"),
		(24, "days_1_3"),
		(71.5, "days_1_3"),
		(72, "days_3_7"),
		(167.9, "days_3_7"),
		(168, "days_over_7"),
		(24 * 400, "days_over_7"),
		(-2, "days_0_1"),
		(None, None),
	],
)
def test_bucket_of(hours, bucket):
	assert rules.bucket_of(hours) == bucket


def test_hours_between_is_never_negative():
	assert rules.hours_between(ago(30), NOW) == 30
	assert rules.hours_between(NOW + datetime.timedelta(minutes=5), NOW) == 0
	assert rules.hours_between(None, NOW) is None


@pytest.mark.parametrize("hours", [0.5, 23.99, 24, 25, 71.99, 72, 100, 168, 169, 1000])
def test_the_database_limits_put_a_date_in_the_bucket_its_wait_is_in(hours):
	"""The report's SQL puts a stage date in the first bucket whose start it is later than."""
	since = ago(hours)
	in_sql = next(key for key, start in rules.bucket_starts(NOW) if start is None or since > start)
	assert in_sql == rules.bucket_of(rules.hours_between(since, NOW))


def test_percent():
	assert rules.percent(1, 4) == 25
	assert rules.percent(0, 3) == 0
	assert rules.percent(None, 3) == 0
	assert rules.percent(3, 0) is None
	assert rules.percent(3, None) is None


@pytest.mark.parametrize(
	"value, month",
	[
		(datetime.date(2026, 11, 21), (1405, 8)),  # 30 Aban
		(datetime.date(2026, 11, 22), (1405, 9)),  # 1 Azar
		(datetime.datetime(2026, 11, 21, 23, 59), (1405, 8)),
		("2026-03-21", (1405, 1)),  # Nowruz
		("2026-03-20 10:00:00", (1404, 12)),
		(None, None),
	],
)
def test_jalali_month(value, month):
	assert rules.jalali_month(value) == month


def test_month_key_sorts_like_the_months():
	keys = [rules.month_key(1404, 12), rules.month_key(1405, 1), rules.month_key(1405, 10)]
	assert keys == sorted(keys) == ["1404-12", "1405-01", "1405-10"]
