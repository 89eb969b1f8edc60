"""The arithmetic of the Customer Care reports, as plain rules: how long a complaint has waited
and in which ageing bucket that puts it, percentages that do not divide by zero, and the Jalali
month a survey was completed in. Plain Python: no Frappe import.

Ageing buckets are half-open and in calendar time (what the complainant lives through, not the
Service Level Agreement's working hours):

    0-1 days   [0, 24) hours        1-3 days   [24, 72)
    3-7 days   [72, 168)            over 7     168 hours and more
"""

import datetime

from zhira_after_sales.utils.report_math import jalali_month, month_key, percent  # noqa: F401

HOUR = 3600
# (key, lower bound in hours, upper bound in hours or None)
BUCKETS = (
	("days_0_1", 0, 24),
	("days_1_3", 24, 72),
	("days_3_7", 72, 168),
	("days_over_7", 168, None),
)
BUCKET_KEYS = tuple(key for key, _low, _high in BUCKETS)


def hours_between(start: datetime.datetime | None, end: datetime.datetime) -> float | None:
	"""Hours from `start` to `end` (never negative: a clock slightly ahead is no waiting)."""
	if not start:
		return None
	return max((end - start).total_seconds() / HOUR, 0.0)


def bucket_of(hours: float | None) -> str | None:
	"""The ageing bucket of a wait of `hours`."""
	if hours is None:
		return None
	for key, low, high in BUCKETS:
		if hours >= low and (high is None or hours < high):
			return key
	return BUCKETS[0][0]  # a negative wait is a fresh one


def bucket_starts(now: datetime.datetime) -> list[tuple[str, datetime.datetime | None]]:
	"""Each bucket with the earliest stage date it holds at `now` (None: no lower limit), newest
	bucket first: a stage date later than a bucket's start is in that bucket or a newer one. The
	database groups by these limits, so it compares dates instead of computing a wait per row."""
	return [
		(key, now - datetime.timedelta(hours=high) if high is not None else None)
		for key, _low, high in BUCKETS
	]
