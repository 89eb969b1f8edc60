"""doc_events of Customer Care on base data (wired in hooks.py)."""

from zhira_after_sales.customer_care.complaint_sla import sync_statuses


def on_complaint_status_change(doc, method=None):
	"""A Complaint Status added, changed or deleted: the complaints' Service Level Agreement
	pauses and ends on the statuses of the stages it should."""
	sync_statuses()
