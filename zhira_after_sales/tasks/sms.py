"""Scheduled SMS work (hooks: scheduler_events)."""

from zhira_after_sales.messaging.inbox import poll_inbound
from zhira_after_sales.messaging.outbox import enqueue_due_sends, poll_delivery


def every_minute():
	"""Send what is due (retries, bulk batches, messages whose first job never ran), then read
	the inboxes."""
	enqueue_due_sends()
	poll_inbound()


def every_five_minutes():
	poll_delivery()
