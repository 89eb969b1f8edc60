"""The sending jobs: one message at once (`send_message`, enqueued when it is stored), and a
gateway's due messages (`send_due`, the scheduler's sweep every minute: retries whose backoff has
passed, messages whose immediate job never ran, bulk batches), after reconciling what a stopped
job left Sending."""

import time
from collections import Counter

import frappe
from frappe.utils import add_to_date, now_datetime

from zhira_after_sales.messaging.outbox.reconcile import reconcile_sending
from zhira_after_sales.messaging.outbox.sender import OUTCOME_RATE_LIMITED, OUTCOME_SKIPPED, Sender

INLINE_RATE_WAIT = 2.0  # a draining job sleeps this long for the next rate window, else stops
DRAIN_TIME_BUDGET = 600
DRAIN_BATCH = 200
OUTAGE_THRESHOLD = 3  # a draining job leaves a gateway alone after this many unreachable answers in a row


def send_message(name: str, now=None, *, commit: bool = True) -> str:
	"""RQ job: send one message now (enqueued when it is stored). Returns the outcome."""
	sender = Sender(commit=commit)
	outcome = sender.send_safely(name, now=now)
	if outcome == OUTCOME_RATE_LIMITED:
		defer(name, sender.last_wait, now)
	sender.job.commit()
	return outcome


def send_due(
	gateway: str | None = None, now=None, time_budget: float = DRAIN_TIME_BUDGET, *, commit: bool = True
) -> dict:
	"""RQ job: first reconcile the gateway's messages left Sending by a job that stopped, then send
	its due Queued messages (of all gateways when None), oldest first, until none is left, the time
	budget is spent or the gateway's rate limit stops it for longer than a moment (the next
	minute's sweep carries on). Returns counts per outcome (reconciling: found, resend, unknown,
	lookup_failed). Commits after each message unless `commit` is False."""
	started = time.monotonic()
	sender = Sender(commit=commit)
	counts: Counter = Counter()
	gateways = [gateway] if gateway else due_gateways(now)
	for name in gateways:
		counts.update(reconcile_sending(name, now, sender=sender))
		skipped_before: set[str] = set()
		unreachable = 0
		while time.monotonic() - started < time_budget:
			batch = [n for n in due_messages(name, now) if n not in skipped_before]
			if not batch:
				break
			stop = False
			for message in batch:
				outcome = sender.send_safely(message, now=now)
				while (
					outcome == OUTCOME_RATE_LIMITED and sender.last_wait <= INLINE_RATE_WAIT and now is None
				):
					time.sleep(sender.last_wait)
					outcome = sender.send_safely(message, now=now)
				counts[outcome] += 1
				sender.job.commit()
				unreachable = unreachable + 1 if sender.last_error_kind == "unavailable" else 0
				if outcome == OUTCOME_RATE_LIMITED or unreachable >= OUTAGE_THRESHOLD:
					# the rest stays due for the next sweep; an outage does not burn every message's attempts
					stop = True
					break
				if outcome == OUTCOME_SKIPPED:
					skipped_before.add(message)
				if time.monotonic() - started >= time_budget:
					stop = True
					break
			if stop:
				break
	return dict(counts)


def due_gateways(now=None) -> list[str]:
	now = now or now_datetime()
	return [
		g
		for g in frappe.get_all(
			"SMS Message",
			filters={
				"direction": "Out",
				"status": ("in", ("Queued", "Sending")),
				"next_attempt_at": ("<=", now),
			},
			pluck="gateway",
			distinct=True,
		)
		if g
	]


def due_messages(gateway: str, now=None, limit: int = DRAIN_BATCH) -> list[str]:
	return frappe.get_all(
		"SMS Message",
		filters={
			"direction": "Out",
			"status": "Queued",
			"gateway": gateway,
			"next_attempt_at": ("<=", now or now_datetime()),
		},
		order_by="next_attempt_at asc, creation asc",
		pluck="name",
		limit=limit,
	)


def defer(name: str, seconds: float, now=None):
	frappe.db.set_value(
		"SMS Message",
		name,
		"next_attempt_at",
		add_to_date(now or now_datetime(), seconds=max(1, int(seconds) + 1)),
		update_modified=False,
	)
