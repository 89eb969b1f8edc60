"""Scheduled warranty work (wired in hooks.py `scheduler_events`)."""

from zhira_after_sales.warranty.lifecycle import expire_cards


def expire_warranty_cards():
	"""Daily: Active cards past their end date become Expired (and their Serial Nos Out of
	Warranty)."""
	expire_cards()
