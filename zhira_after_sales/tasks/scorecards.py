"""The monthly Agency Scorecards (wired in hooks.py `scheduler_events`)."""

from zhira_after_sales.customer_care.scorecards import snapshot_previous_month


def snapshot_agency_scores():
	"""Daily: the Jalali month that has ended gets its scorecards, once (missing ones only)."""
	snapshot_previous_month()
