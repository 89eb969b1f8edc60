"""Outbound SMS: every message is stored (Queued) before anything is sent, then sent by an RQ job,
retried with backoff, and ends Sent / Delivered / Failed with the provider's id or error.

Public API for the rest of the app:

    queue_sms(to, body, *, reference_doctype=None, reference_name=None, template=None, gateway=None) -> str
    send_event(event, doc, to=None) -> str
    queue_bulk(messages, *, template=None, gateway=None, event=None) -> str       (batch id)
    send_event_bulk(event, doctype, names) -> str                                 (batch id)

Each returns at once and commits nothing; nothing here talks to a provider inside a web request.
A message that cannot be sent (SMS switched off, no gateway, a bad number, no template) is still
stored, as Failed with the reason, so nothing is a silent no-op.

How sending works: storing a message enqueues `send_message` for it after the commit. Every
minute the scheduler enqueues `send_due` per gateway (one job per gateway at a time), which sends
whatever is due: retries whose backoff has passed, messages whose immediate job never ran (Redis
was down, a worker died), and bulk batches.

A message goes out once: a job claims it under the row lock (Queued -> Sending, with a client
reference, committed) before calling the provider, so no other job takes it, and the lock is not
held while the provider answers. The reference goes with the message as the idempotency key of
the providers that take one (Kavenegar localid, Ghasedak ClientReferenceId). A message still
Sending after its job stopped (a worker killed between the provider's answer and the commit, or
no answer at all) is never sent again blindly: `reconcile_sending` asks the provider by the
reference where it can (found: Sent; not found: sent again), and otherwise marks the message
Unknown, with a note, for an operator to Retry or Mark as Sent.
"""

import secrets
import time
from collections import Counter

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, get_datetime, now_datetime

from zhira_after_sales.messaging import policy
from zhira_after_sales.messaging.providers import ProviderError
from zhira_after_sales.messaging.providers.base import strip_urls
from zhira_after_sales.messaging.templates import (
	describe_missing_template,
	recipient_for,
	render_template,
	template_for,
)
from zhira_after_sales.utils.fields import phone_error_message
from zhira_after_sales.utils.phone import PhoneError, normalize_mobile

SEND_QUEUE = "short"
DRAIN_QUEUE = "long"
SWEEP_GRACE_SECONDS = 60  # an immediate job's head start before the sweeper takes a message over
INLINE_RATE_WAIT = 2.0  # a draining job sleeps this long for the next rate window, else stops
DRAIN_TIME_BUDGET = 600
DRAIN_BATCH = 200
OUTAGE_THRESHOLD = 3  # a draining job leaves a gateway alone after this many unreachable answers in a row
BULK_CHUNK = 1000
INLINE_BULK_LIMIT = 100  # more messages than this are stored by a background job
STATUS_WINDOW_HOURS = 48  # providers answer delivery questions for about two days
SENDING_GRACE_SECONDS = 120  # beyond the gateway's timeouts, before a Sending message counts as abandoned
RECONCILE_BATCH = 200

OUTCOME_SENT = "sent"
OUTCOME_RETRY = "retry"
OUTCOME_FAILED = "failed"
OUTCOME_RATE_LIMITED = "rate_limited"
OUTCOME_SKIPPED = "skipped"
OUTCOME_UNKNOWN = "unknown"


# --- public API ---------------------------------------------------------------------------------


def queue_sms(
	to: str,
	body: str,
	*,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	template: str | None = None,
	gateway: str | None = None,
) -> str:
	"""Store an outbound SMS (Queued, or Failed with the reason) and send it in the background.
	Returns the SMS Message name."""
	return store_outbound(
		to=to,
		body=body,
		reference_doctype=reference_doctype,
		reference_name=reference_name,
		template=template,
		gateway=gateway,
	)


def send_event(event: str, doc, to: str | None = None) -> str:
	"""Fill the event's template from `doc` and queue it to `to` (default: the document's mobile,
	else its customer's). Always returns the name of a stored SMS Message: when SMS is switched
	off, no template exists, the template fails or there is no number, it is stored as Failed
	with the reason."""
	to = to or recipient_for(doc)
	template = template_for(event, doc)
	body, failure = "", None
	if not template:
		failure = describe_missing_template(event)
	else:
		try:
			body = render_template(template, doc)
		except Exception as e:
			failure = _("SMS Template {0} could not be filled from {1} {2}: {3}").format(
				template, _(doc.doctype), doc.name, e
			)
	if not failure and not to:
		failure = _("No mobile number to send to: {0} {1} has no mobile and no customer with one.").format(
			_(doc.doctype), doc.name
		)
	return store_outbound(
		to=to or "",
		body=body,
		reference_doctype=doc.doctype,
		reference_name=doc.name,
		template=template,
		event=event,
		failure=failure,
	)


def queue_bulk(
	messages: list[dict],
	*,
	template: str | None = None,
	gateway: str | None = None,
	event: str | None = None,
) -> str:
	"""Queue many messages ({to, body, reference_doctype, reference_name}). Returns the batch id
	(SMS Message.batch). Up to a hundred messages are stored in the caller's transaction (and sent
	once it commits); above that the rows are written by a background job, so a web request never
	waits for them."""
	batch = new_batch_id()
	if len(messages) > INLINE_BULK_LIMIT:
		frappe.enqueue(
			"zhira_after_sales.messaging.outbox.insert_bulk",
			queue=DRAIN_QUEUE,
			enqueue_after_commit=True,
			batch=batch,
			messages=messages,
			template=template,
			gateway=gateway,
			event=event,
		)
	else:
		# stored in the caller's transaction and sent after its commit: nothing is committed here
		for name in store_bulk(batch, messages, template=template, gateway=gateway, event=event):
			enqueue_drain(name, after_commit=True)
	return batch


def send_event_bulk(event: str, doctype: str, names: list[str]) -> str:
	"""send_event for many documents (periodic reminders, surveys), rendered and stored by a
	background job. Returns the batch id."""
	batch = new_batch_id()
	frappe.enqueue(
		"zhira_after_sales.messaging.outbox.render_event_bulk",
		queue=DRAIN_QUEUE,
		enqueue_after_commit=True,
		batch=batch,
		event=event,
		doctype=doctype,
		names=list(names),
	)
	return batch


# --- storing ------------------------------------------------------------------------------------


def store_outbound(
	*,
	to,
	body,
	reference_doctype=None,
	reference_name=None,
	template=None,
	gateway=None,
	event=None,
	failure=None,
	in_reply_to=None,
) -> str:
	if event and event not in sms_events():
		# an event this version does not know is kept in the text of the reason, not refused
		failure = failure or describe_missing_template(event)
		event = None
	doc = frappe.get_doc(
		{
			"doctype": "SMS Message",
			"direction": "Out",
			"status": "Failed" if failure else "Queued",
			"error": failure,
			"to": to,
			"body": body,
			"reference_doctype": reference_doctype if reference_name else None,
			"reference_name": reference_name,
			"template": template,
			"gateway": gateway,
			"event": event,
			"in_reply_to": in_reply_to,
		}
	)
	# called from other documents' hooks: a missing reference must not make their save fail
	doc.insert(ignore_permissions=True, ignore_links=True)
	return doc.name


def sms_events() -> list[str]:
	return [e for e in (frappe.get_meta("SMS Message").get_options("event") or "").split("\n") if e]


class OutboundPreparer:
	"""Decides, before a message is stored, whether it can be sent (Queued) or not (Failed and
	why), and fills gateway, E.164 number and parts. Caches lookups for bulk use."""

	def __init__(self):
		self._enabled = None
		self._gateways: dict = {}
		self._template_gateways: dict = {}
		self._default = "unset"

	def sms_enabled(self) -> bool:
		if self._enabled is None:
			self._enabled = sms_enabled()
		return self._enabled

	def gateway_enabled(self, name: str | None) -> bool:
		if not name:
			return False
		if name not in self._gateways:
			self._gateways[name] = bool(frappe.db.get_value("SMS Gateway", name, "enabled"))
		return self._gateways[name]

	def default_gateway(self) -> str | None:
		if self._default == "unset":
			from zhira_after_sales.messaging.doctype.sms_gateway.sms_gateway import get_default_gateway

			self._default = get_default_gateway()
		return self._default

	def resolve_gateway(self, explicit: str | None, template: str | None) -> str | None:
		if self.gateway_enabled(explicit):
			return explicit
		if template:
			if template not in self._template_gateways:
				self._template_gateways[template] = frappe.db.get_value("SMS Template", template, "gateway")
			if self.gateway_enabled(self._template_gateways[template]):
				return self._template_gateways[template]
		return self.default_gateway()

	def prepare(self, values, now=None):
		"""`values`: an SMS Message document or a frappe._dict with its fields."""
		values.direction = "Out"
		values.parts = policy.sms_parts(values.get("body") or "")[1]
		if values.get("status") == "Failed":
			values.next_attempt_at = None
			return values
		problem = None
		try:
			values.to = normalize_mobile(values.get("to") or "")
		except PhoneError as e:
			problem = phone_error_message(e, _("To"))
		if not problem and not (values.get("body") or "").strip():
			problem = _("The message is empty.")
		if not problem:
			gateway = self.resolve_gateway(values.get("gateway"), values.get("template"))
			if gateway:
				values.gateway = gateway
			else:
				problem = _("No SMS Gateway is enabled. Add one in SMS Gateway and tick Default Gateway.")
		if not problem and not self.sms_enabled():
			problem = _(
				"SMS is switched off in After Sales Settings (Send SMS). Switch it on, then use Retry on this message."
			)
		if problem:
			values.status = "Failed"
			values.error = problem
			values.next_attempt_at = None
		else:
			values.status = "Queued"
			values.next_attempt_at = now or now_datetime()
		return values


def sms_enabled() -> bool:
	return bool(cint(frappe.db.get_single_value("After Sales Settings", "sms_enabled")))


def new_batch_id() -> str:
	return "B-" + frappe.generate_hash(length=10).upper()


BULK_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"title",
	"direction",
	"status",
	"to",
	"body",
	"gateway",
	"template",
	"event",
	"reference_doctype",
	"reference_name",
	"batch",
	"attempts",
	"next_attempt_at",
	"parts",
	"error",
)


def store_bulk(
	batch: str,
	messages: list[dict],
	*,
	template: str | None = None,
	gateway: str | None = None,
	event: str | None = None,
	now=None,
	preparer: "OutboundPreparer | None" = None,
) -> set[str]:
	"""INSERT outbound messages ({to, body, reference_doctype, reference_name, ...}) in one
	statement, in the caller's transaction (nothing is committed here). Returns the gateways of
	the Queued ones."""
	now = now or now_datetime()
	preparer = preparer or OutboundPreparer()
	user = frappe.session.user
	gateways = set()
	rows = []
	for message in messages:
		values = frappe._dict(
			status="Failed" if message.get("error") else "Queued",
			error=message.get("error"),
			to=message.get("to"),
			body=message.get("body"),
			gateway=message.get("gateway") or gateway,
			template=message.get("template") or template,
			event=message.get("event") or event,
			reference_doctype=message.get("reference_doctype") if message.get("reference_name") else None,
			reference_name=message.get("reference_name"),
		)
		preparer.prepare(values, now=now)
		if values.status == "Queued":
			gateways.add(values.gateway)
		rows.append(
			(
				frappe.generate_hash(length=10),
				now,
				now,
				user,
				user,
				0,
				values.to,
				"Out",
				values.status,
				values.to,
				values.body,
				values.get("gateway"),
				values.template,
				values.event,
				values.reference_doctype,
				values.reference_name,
				batch,
				0,
				values.next_attempt_at,
				values.parts,
				values.get("error"),
			)
		)
	if rows:
		frappe.db.bulk_insert("SMS Message", BULK_FIELDS, rows)
	return gateways


def insert_bulk(
	batch: str,
	messages: list[dict],
	template: str | None = None,
	gateway: str | None = None,
	event: str | None = None,
	now=None,
) -> int:
	"""RQ job: store many outbound messages with few INSERTs, committed chunk by chunk, then start
	sending them. Returns how many rows were stored."""
	preparer = OutboundPreparer()
	gateways = set()
	for start in range(0, len(messages), BULK_CHUNK):
		gateways |= store_bulk(
			batch,
			messages[start : start + BULK_CHUNK],
			template=template,
			gateway=gateway,
			event=event,
			now=now,
			preparer=preparer,
		)
		commit()
	for name in gateways:
		enqueue_drain(name)
	return len(messages)


def render_event_bulk(batch: str, event: str, doctype: str, names: list[str]) -> int:
	"""RQ job behind send_event_bulk: fill the event's template for each document, then store."""
	messages = []
	for name in names:
		try:
			doc = frappe.get_doc(doctype, name)
		except frappe.DoesNotExistError:
			continue
		template = template_for(event, doc)
		message = {"reference_doctype": doctype, "reference_name": name, "template": template, "event": event}
		message["to"] = recipient_for(doc) or ""
		if not template:
			message["error"] = describe_missing_template(event)
		else:
			try:
				message["body"] = render_template(template, doc)
			except Exception as e:
				message["error"] = _("SMS Template {0} could not be filled from {1} {2}: {3}").format(
					template, _(doctype), name, e
				)
		if not message.get("error") and not message["to"]:
			message["error"] = _(
				"No mobile number to send to: {0} {1} has no mobile and no customer with one."
			).format(_(doctype), name)
		messages.append(message)
	return insert_bulk(batch, messages, event=event)


def log_error(title: str, reference_doctype: str, reference_name: str | None = None, redact=strip_urls):
	"""frappe.log_error for the exception being handled, with a plain traceback: Frappe's default
	prints every frame's variables, and a URL variable carries Kavenegar's API key. URLs (and, with
	a gateway's `redact`, its secrets) are cut from the text too."""
	frappe.log_error(
		title=title,
		message=redact(frappe.get_traceback()),
		reference_doctype=reference_doctype,
		reference_name=reference_name,
	)


def commit():
	"""The jobs here commit after each step, so a crash loses nothing already done. Only background
	jobs call it (never a request), and tests run the very same commits."""
	frappe.db.commit()  # nosemgrep: background jobs, not a request


# --- enqueueing -----------------------------------------------------------------------------------


def enqueue_send(name: str):
	"""After the commit that stored `name`. If Redis is down the message simply waits for the
	sweeper; nothing is lost."""

	def push():
		try:
			frappe.enqueue(
				"zhira_after_sales.messaging.outbox.send_message",
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
			"zhira_after_sales.messaging.outbox.send_due",
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


# --- sending ------------------------------------------------------------------------------------


def send_message(name: str, now=None) -> str:
	"""RQ job: send one message now (enqueued when it is stored). Returns the outcome."""
	sender = Sender()
	outcome = sender.send_safely(name, now=now)
	if outcome == OUTCOME_RATE_LIMITED:
		defer(name, sender.last_wait, now)
	commit()
	return outcome


def send_due(gateway: str | None = None, now=None, time_budget: float = DRAIN_TIME_BUDGET) -> dict:
	"""RQ job: first reconcile the gateway's messages left Sending by a job that stopped, then send
	its due Queued messages (of all gateways when None), oldest first, until none is left, the time
	budget is spent or the gateway's rate limit stops it for longer than a moment (the next
	minute's sweep carries on). Returns counts per outcome (reconciling: found, resend, unknown,
	lookup_failed)."""
	started = time.monotonic()
	sender = Sender()
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
				commit()
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


def new_client_reference() -> str:
	"""Our idempotency key for one message, kept across its attempts: sixteen digits, because
	Kavenegar reads localid as a number. A unique index keeps it unique."""
	return str(secrets.randbelow(9 * 10**15) + 10**15)


def abandoned_after(gateway) -> int:
	"""Seconds after which a message still Sending belongs to a job that stopped (connecting and
	reading may each take the gateway's timeout)."""
	return int(2 * float(gateway.timeout or 10)) + SENDING_GRACE_SECONDS


def reconcile_sending(gateway: str | None = None, now=None, sender: "Sender | None" = None) -> Counter:
	"""Messages left Sending (a job stopped between handing a message to the provider and recording
	the answer, or the answer never came): never sent again blindly. Where the provider can look a
	message up by our reference it is asked (found: Sent; not found: Queued to be sent again, with
	the same reference); otherwise the message becomes Unknown for an operator to decide (Retry, or
	Mark as Sent). Commits after each message. Returns counts per outcome."""
	now = get_datetime(now) if now else now_datetime()
	sender = sender or Sender()
	filters = {"direction": "Out", "status": "Sending", "next_attempt_at": ("<=", now)}
	if gateway:
		filters["gateway"] = gateway
	counts: Counter = Counter()
	for name in frappe.get_all(
		"SMS Message", filters=filters, order_by="next_attempt_at asc", pluck="name", limit=RECONCILE_BATCH
	):
		try:
			outcome = sender.reconcile(name, now)
		except Exception:
			frappe.db.rollback()
			log_error("SMS: reconciling failed", "SMS Message", name, sender.redactor_for_message(name))
			outcome = "error"
		if outcome:
			counts[outcome] += 1
		commit()
	return counts


class Sender:
	"""Sends queued messages; keeps one HTTP session and rate limiter per gateway for a job.

	Sending one message is three steps, each committed by the job:
	1. claim: under the row lock the Queued message becomes Sending, with its client reference
	   (made on the first attempt, kept for the next ones) and the attempt counted, and the lock is
	   released by the commit before the provider is called;
	2. the provider call, with the reference as the idempotency key where the API takes one;
	3. the record: Sent with the provider's id, or Queued again / Failed with the reason.
	A stop between 2 and 3 leaves the message Sending, for reconcile_sending().
	"""

	def __init__(self):
		self.gateways: dict = {}
		self.clients: dict = {}
		self.limiters: dict = {}
		self.accepted: dict = {}  # message -> SendResult not recorded yet
		self.last_wait = 0.0
		self.last_error_kind = None

	def gateway(self, name: str | None):
		if name and name not in self.gateways:
			self.gateways[name] = (
				frappe.get_doc("SMS Gateway", name) if frappe.db.exists("SMS Gateway", name) else None
			)
		return self.gateways.get(name) if name else None

	def client(self, gateway):
		if gateway.name not in self.clients:
			self.clients[gateway.name] = gateway.provider_client()
		return self.clients[gateway.name]

	def limiter(self, gateway) -> policy.FixedWindowLimiter:
		if gateway.name not in self.limiters:
			self.limiters[gateway.name] = policy.FixedWindowLimiter(redis_incr, cint(gateway.rate_limit), 60)
		return self.limiters[gateway.name]

	def redactor_for_message(self, name: str):
		try:
			gateway = frappe.db.get_value("SMS Message", name, "gateway")
		except Exception:
			gateway = None
		return lambda text: self.redact(gateway, text)

	def redact(self, gateway_name: str | None, text: str) -> str:
		"""An error text fit to store: without URLs or the gateway's secrets."""
		gateway = self.gateway(gateway_name) if gateway_name else None
		if gateway:
			try:
				return self.client(gateway).redact(text)
			except Exception:
				pass
		return strip_urls(text)

	# -- the three steps

	def send_safely(self, name: str, now=None) -> str:
		"""send(), with an unexpected error (a bug, the database) logged instead of stopping the
		job. It never leads to a blind resend: before the claim it counts as a failed attempt,
		after it the message stays Sending and the provider is asked before anything is sent
		again."""
		try:
			return self.send(name, now=now)
		except Exception as e:
			# a job owns its transaction: drop the half-done step, keep what the steps committed
			frappe.db.rollback()
			log_error("SMS: sending failed", "SMS Message", name, self.redactor_for_message(name))
			commit()  # the Error Log stays, whatever happens next
			try:
				self.after_error(name, now, e)
			except Exception:
				frappe.db.rollback()
				log_error("SMS: could not note a sending error", "SMS Message", name)
			return OUTCOME_RETRY

	def send(self, name: str, now=None) -> str:
		self.last_error_kind = None
		now = get_datetime(now) if now else now_datetime()
		claimed = self.claim(name, now)
		if isinstance(claimed, str):
			return claimed
		commit()  # "Sending" and the reference are stored, and the row lock released, before the call

		client = self.client(claimed.gateway)
		try:
			result = client.send(claimed.to, claimed.body, client_ref=claimed.client_reference)
		except ProviderError as e:
			self.last_error_kind = e.kind
			if e.maybe_sent:
				return self.record_maybe_sent(name, claimed.attempts, now, client.redact(str(e)))
			return self.record_failure(
				name, claimed.attempts, claimed.gateway, now, client.redact(str(e)), e.retryable
			)
		self.accepted[name] = result
		return self.record_sent(name, result, now)

	def claim(self, name: str, now):
		"""Step 1, under the row lock. Returns the message to send, or an outcome string."""
		row = frappe.db.get_value(
			"SMS Message",
			name,
			[
				"name",
				"direction",
				"status",
				"to",
				"body",
				"gateway",
				"attempts",
				"next_attempt_at",
				"client_reference",
			],
			as_dict=True,
			for_update=True,
		)
		if not row or row.direction != "Out" or row.status != "Queued":
			return OUTCOME_SKIPPED
		if row.next_attempt_at and get_datetime(row.next_attempt_at) > now:
			return OUTCOME_SKIPPED
		attempts = cint(row.attempts) + 1

		gateway = self.gateway(row.gateway)
		if not gateway or not gateway.enabled:
			from zhira_after_sales.messaging.doctype.sms_gateway.sms_gateway import get_default_gateway

			replacement = get_default_gateway()
			if not replacement or replacement == row.gateway:
				return self.record_failure(
					name,
					attempts,
					gateway,
					now,
					_("Gateway {0} is disabled or deleted, and no other gateway is the default.").format(
						row.gateway
					),
					True,
				)
			frappe.db.set_value("SMS Message", name, "gateway", replacement, update_modified=False)
			gateway = self.gateway(replacement)

		self.last_wait = self.limiter(gateway).acquire(gateway.name, now.timestamp())
		if self.last_wait:
			return OUTCOME_RATE_LIMITED

		reference = row.client_reference or new_client_reference()
		frappe.db.set_value(
			"SMS Message",
			name,
			{
				"status": "Sending",
				"client_reference": reference,
				"attempts": attempts,
				"sending_since": now,
				"next_attempt_at": add_to_date(now, seconds=abandoned_after(gateway)),
			},
		)
		return frappe._dict(
			to=row.to, body=row.body, attempts=attempts, client_reference=reference, gateway=gateway
		)

	def record_sent(self, name: str, result, now) -> str:
		"""Step 3 after the provider accepted: recorded whatever happened to the row meanwhile (a
		reconciler that gave up waiting). A provider id another message already has is stored as
		well: outbound ids are not unique, and an answer must never fail to be recorded."""
		status = frappe.db.get_value("SMS Message", name, "status", for_update=True)
		if status not in ("Sent", "Delivered"):
			frappe.db.set_value(
				"SMS Message",
				name,
				{
					"status": "Sent",
					"provider_message_id": result.provider_message_id,
					"sent_on": now,
					"next_attempt_at": None,
					"error": None,
				},
			)
		self.accepted.pop(name, None)
		return OUTCOME_SENT

	def record_maybe_sent(self, name: str, attempts: int, now, message: str) -> str:
		"""The request went out but no answer came back: the message stays Sending, and after the
		backoff the reconciler asks the provider (or an operator decides) instead of resending."""
		frappe.db.set_value(
			"SMS Message",
			name,
			{
				"next_attempt_at": add_to_date(now, seconds=policy.retry_delay(attempts)),
				"error": _(
					"Attempt {0}: {1}. The provider may have accepted it, so it is not sent again before the provider is asked."
				).format(attempts, message),
			},
		)
		return OUTCOME_RETRY

	def record_failure(self, name, attempts, gateway, now, message, retryable) -> str:
		"""Step 3 when the provider refused or could not be reached: Queued for a retry after the
		backoff, or Failed. `attempts` counts this attempt."""
		now = get_datetime(now) if now else now_datetime()
		max_attempts = cint(gateway.max_attempts) if gateway else policy.MAX_ATTEMPTS
		if not retryable or policy.gives_up(attempts, max_attempts or policy.MAX_ATTEMPTS):
			frappe.db.set_value(
				"SMS Message",
				name,
				{
					"status": "Failed",
					"attempts": attempts,
					"next_attempt_at": None,
					"error": _("Not sent after {0} attempt(s): {1}").format(attempts, message),
				},
			)
			return OUTCOME_FAILED
		next_at = add_to_date(now, seconds=policy.retry_delay(attempts))
		frappe.db.set_value(
			"SMS Message",
			name,
			{
				"status": "Queued",
				"attempts": attempts,
				"next_attempt_at": next_at,
				"error": _("Attempt {0} failed: {1}. Trying again automatically.").format(attempts, message),
			},
		)
		return OUTCOME_RETRY

	def after_error(self, name: str, now, error: Exception):
		"""What an unexpected error leaves behind, in a fresh transaction."""
		now = get_datetime(now) if now else now_datetime()
		row = frappe.db.get_value("SMS Message", name, ["attempts", "status", "gateway"], as_dict=True)
		if not row:
			return
		text = self.redact(row.gateway, f"{type(error).__name__}: {error}")
		if row.status == "Queued":
			self.record_failure(name, cint(row.attempts) + 1, self.gateway(row.gateway), now, text, True)
			return
		if row.status != "Sending":
			return
		result = self.accepted.pop(name, None)
		if result:
			# the provider accepted it and only the record failed: try the record once more
			try:
				self.record_sent(name, result, now)
				return
			except Exception:
				frappe.db.rollback()
				log_error("SMS: recording a sent message failed", "SMS Message", name)
		frappe.db.set_value(
			"SMS Message",
			name,
			{
				"next_attempt_at": now,
				"error": _(
					"Sending stopped after the message was handed to the provider ({0}); the provider is asked about it before it is sent again."
				).format(text),
			},
		)

	# -- reconciling

	def reconcile(self, name: str, now) -> str | None:
		"""One message left Sending. The provider is asked without holding the row lock; the answer
		is applied only if nobody changed the row meanwhile."""
		fields = ["direction", "status", "to", "gateway", "attempts", "client_reference", "sending_since"]
		row = frappe.db.get_value("SMS Message", name, [*fields, "next_attempt_at"], as_dict=True)
		if not row or row.direction != "Out" or row.status != "Sending":
			return None
		if row.next_attempt_at and get_datetime(row.next_attempt_at) > now:
			return None
		gateway = self.gateway(row.gateway)
		client = self.client(gateway) if gateway else None
		provider = client.name if client else (row.gateway or "?")
		sent_at = get_datetime(row.sending_since) if row.sending_since else now
		can_ask = bool(client and client.supports_lookup and row.client_reference)
		in_window = (now - sent_at).total_seconds() <= (client.lookup_window_hours if client else 0) * 3600

		found = None
		if can_ask and in_window:
			try:
				found = client.lookup(row.client_reference, row.to)
			except ProviderError as e:
				if not self.unchanged(name, row):
					return None
				frappe.db.set_value(
					"SMS Message",
					name,
					{
						"next_attempt_at": add_to_date(now, seconds=policy.BASE_DELAY),
						"error": _(
							"Could not ask {0} whether it has this message: {1}. Asking again shortly."
						).format(provider, client.redact(str(e))),
					},
				)
				return "lookup_failed"

		if not self.unchanged(name, row):
			return None
		if found:
			frappe.db.set_value(
				"SMS Message",
				name,
				{
					"status": "Sent",
					"provider_message_id": found.provider_message_id,
					"sent_on": sent_at,
					"next_attempt_at": None,
					"error": None,
				},
			)
			return "found"
		if can_ask and in_window:
			attempts = cint(row.attempts)
			max_attempts = cint(gateway.max_attempts) or policy.MAX_ATTEMPTS
			note = _("{0} has no message with our reference {1}: it never arrived.").format(
				provider, row.client_reference
			)
			if policy.gives_up(attempts, max_attempts):
				self.record_failure(name, attempts, gateway, now, note, False)
				return OUTCOME_FAILED
			frappe.db.set_value(
				"SMS Message",
				name,
				{
					"status": "Queued",
					"next_attempt_at": now,
					"error": _("{0} Sending it again.").format(note),
				},
			)
			return "resend"

		if can_ask:
			why = _(
				"Sending was interrupted after the message was handed to {0}, too long ago to ask the provider about it: it may or may not have been sent."
			).format(provider)
		else:
			why = _(
				"Sending was interrupted after the message was handed to {0}, which cannot be asked about a message by our reference: it may or may not have been sent."
			).format(provider)
		frappe.db.set_value(
			"SMS Message",
			name,
			{
				"status": "Unknown",
				"next_attempt_at": None,
				"error": why
				+ " "
				+ _("Check the provider's panel, then use Retry to send it again or Mark as Sent."),
			},
		)
		return OUTCOME_UNKNOWN

	def unchanged(self, name: str, row) -> bool:
		"""Lock the row; True when it is still the Sending attempt `row` describes."""
		current = frappe.db.get_value(
			"SMS Message", name, ["status", "attempts", "client_reference"], as_dict=True, for_update=True
		)
		return bool(
			current
			and current.status == "Sending"
			and cint(current.attempts) == cint(row.attempts)
			and current.client_reference == row.client_reference
		)


def redis_incr(key: str, ttl: int) -> int:
	cache_key = frappe.cache.make_key(f"zhira_sms_rate:{key}")
	pipe = frappe.cache.pipeline()
	pipe.incr(cache_key)
	pipe.expire(cache_key, ttl)
	count, _expire = pipe.execute()
	return int(count)


# --- delivery reports ---------------------------------------------------------------------------


def apply_delivery(gateway: str, provider_message_id: str, state: str, detail: str = "", now=None) -> bool:
	"""Record a delivery report (polled or pushed) on the Sent message(s) with this provider id
	(a provider that repeats an id has it on more than one)."""
	if state not in ("delivered", "failed") or not provider_message_id:
		return False
	names = frappe.get_all(
		"SMS Message",
		filters={
			"gateway": gateway,
			"direction": "Out",
			"status": "Sent",
			"provider_message_id": str(provider_message_id),
		},
		pluck="name",
	)
	for name in names:
		if state == "delivered":
			frappe.db.set_value(
				"SMS Message", name, {"status": "Delivered", "delivered_on": now or now_datetime()}
			)
		else:
			frappe.db.set_value(
				"SMS Message",
				name,
				{"status": "Failed", "error": _("Not delivered to the phone: {0}").format(detail or state)},
			)
	return bool(names)


def poll_delivery(gateway: str | None = None, now=None) -> int:
	"""Scheduler: ask each tracking gateway about messages sent in the last two days that have no
	final answer yet. One gateway's failure is noted on it and does not stop the others. Returns
	how many changed."""
	from zhira_after_sales.messaging.providers import NotSupported

	now = get_datetime(now) if now else now_datetime()
	since = add_to_date(now, hours=-STATUS_WINDOW_HOURS)
	filters = {"enabled": 1, "track_delivery": 1}
	if gateway:
		filters["name"] = gateway
	changed = 0
	for name in frappe.get_all("SMS Gateway", filters=filters, pluck="name"):
		ids = frappe.get_all(
			"SMS Message",
			filters={
				"gateway": name,
				"direction": "Out",
				"status": "Sent",
				"provider_message_id": ("is", "set"),
				"sent_on": (">=", since),
			},
			pluck="provider_message_id",
			distinct=True,
			limit=2000,
		)
		if not ids:
			continue
		client = None
		try:
			client = frappe.get_doc("SMS Gateway", name).provider_client()
			reports = client.fetch_status(ids)
			for report in reports:
				changed += apply_delivery(
					name, report.provider_message_id, report.state.value, report.detail, now
				)
		except NotSupported:
			continue
		except Exception as e:
			frappe.db.rollback()
			if not isinstance(e, ProviderError):
				log_error(
					"SMS: delivery reports failed",
					"SMS Gateway",
					name,
					client.redact if client else strip_urls,
				)
			text = client.redact(str(e)) if client else strip_urls(str(e))
			frappe.db.set_value("SMS Gateway", name, "last_error", text, update_modified=False)
		commit()
	return changed
