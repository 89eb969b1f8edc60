"""Scheduled Happy Call work (wired in hooks.py `scheduler_events`)."""

from zhira_after_sales.customer_care.survey import dispatch_due


def dispatch_due_surveys():
	"""Every 15 minutes: Happy Calls whose delay (After Sales Settings) has passed go to the call
	centre or out by SMS."""
	dispatch_due()
