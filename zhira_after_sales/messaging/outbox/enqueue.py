"""Enqueueing the sending jobs: one message at once after the commit that stored it, and one
draining job per gateway for whatever is due (the scheduler's sweep every minute)."""

import frappe
from frappe.utils import add_to_date, now_datetime

from zhira_after_sales.messaging.guard import log_error

SEND_QUEUE = "short"
DRAIN_QUEUE = "long"
SWEEP_GRACE_SECONDS = 60  # an immediate job's head start before the sweeper takes a message over

# The jobs, by the dotted paths they have always been enqueued under (the package re-exports
# them), so a job queued before an upgrade still finds its function.
SEND_JOB = "zhira_after_sales.messaging.outbox.send_message"
DRAIN_JOB = "zhira_after_sales.messaging.outbox.send_due"
INSERT_BULK_JOB = "zhira_after_sales.messaging.outbox.insert_bulk"
RENDER_BULK_JOB = "zhira_after_sales.messaging.outbox.render_event_bulk"


def enqueue_send(name: str):
	"""After the commit that stored `name`. If Redis is down the message simply waits for the
	sweeper; nothing is lost."""

	def push():
		try:
			frappe.enqueue(
				SEND_JOB,
				queue=SEND_QUEUE,
				name=name,
				job_id=f"zhira-sms-send:{name}",
			)
		except Exception:
			# after the commit nothing written to the database would be kept: log to the file
			frappe.logger("zhira_sms").exception(f"could not enqueue sending SMS Message {name}")

	frappe.db.after_commit.add(push)


def enqueue_drain(gateway: str, after_commit: bool = False):
	try:
		frappe.enqueue(
			DRAIN_JOB,
			queue=DRAIN_QUEUE,
			gateway=gateway,
			job_id=f"zhira-sms-drain:{gateway}",
			deduplicate=True,
			enqueue_after_commit=after_commit,
		)
	except Exception:
		log_error("SMS: could not enqueue sending", "SMS Gateway", gateway)


def enqueue_due_sends():
	"""Scheduler, every minute: one draining job per gateway that has due messages, or messages
	left Sending by a job that stopped (the draining job reconciles those first)."""
	now = now_datetime()
	cutoff = add_to_date(now, seconds=-SWEEP_GRACE_SECONDS)
	gateways = set(
		frappe.get_all(
			"SMS Message",
			filters={"direction": "Out", "status": "Queued", "next_attempt_at": ("<=", cutoff)},
			pluck="gateway",
			distinct=True,
		)
	)
	gateways |= set(
		frappe.get_all(
			"SMS Message",
			filters={"direction": "Out", "status": "Sending", "next_attempt_at": ("<=", now)},
			pluck="gateway",
			distinct=True,
		)
	)
	for gateway in sorted(g for g in gateways if g):
		enqueue_drain(gateway)
