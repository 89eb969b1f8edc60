"""Scheduled Customer Care work (wired in hooks.py `scheduler_events`)."""

from zhira_after_sales.customer_care.complaint_sla import mark_overdue


def mark_overdue_complaints():
	"""Hourly: complaints whose response or resolution deadline has passed show as overdue."""
	mark_overdue()
