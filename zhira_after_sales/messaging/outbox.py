"""Outbound SMS: every message is stored (Queued) before anything is sent, then sent by an RQ job,
retried with backoff, and ends Sent / Delivered / Failed with the provider's id or error.

Public API for the rest of the app:

    queue_sms(to, body, *, reference_doctype=None, reference_name=None, template=None, gateway=None) -> str
    send_event(event, doc, to=None) -> str
    queue_bulk(messages, *, template=None, gateway=None, event=None) -> str       (batch id)
    send_event_bulk(event, doctype, names) -> str                                 (batch id)

Each returns at once; nothing here talks to a provider inside a web request. A message that
cannot be sent (SMS switched off, no gateway, a bad number, no template) is still stored, as
Failed with the reason, so nothing is a silent no-op.

How sending works: storing a message enqueues `send_message` for it after the commit. Every
minute the scheduler enqueues `send_due` per gateway (one job per gateway at a time), which sends
whatever is due: retries whose backoff has passed, messages whose immediate job never ran (Redis
was down, a worker died), and bulk batches. A row lock and the Queued status make sure a message
goes out once even when two jobs reach it.
"""

import time
from collections import Counter

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, get_datetime, now_datetime

from zhira_after_sales.messaging import policy
from zhira_after_sales.messaging.providers import ProviderError
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

OUTCOME_SENT = "sent"
OUTCOME_RETRY = "retry"
OUTCOME_FAILED = "failed"
OUTCOME_RATE_LIMITED = "rate_limited"
OUTCOME_SKIPPED = "skipped"


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
	(SMS Message.batch). Above a hundred messages the rows are written by a background job, so a
	web request never waits for them."""
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
		insert_bulk(batch, messages, template=template, gateway=gateway, event=event)
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


def insert_bulk(
	batch: str,
	messages: list[dict],
	template: str | None = None,
	gateway: str | None = None,
	event: str | None = None,
	now=None,
) -> int:
	"""Store many outbound messages with few INSERTs, then start sending them. RQ job for big
	batches; returns how many rows were stored."""
	now = now or now_datetime()
	preparer = OutboundPreparer()
	user = frappe.session.user
	gateways = set()
	stored = 0
	for start in range(0, len(messages), BULK_CHUNK):
		rows = []
		for message in messages[start : start + BULK_CHUNK]:
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
		frappe.db.bulk_insert("SMS Message", BULK_FIELDS, rows)
		stored += len(rows)
		commit()
	for name in gateways:
		enqueue_drain(name)
	return stored


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


def commit():
	"""Jobs commit after each message so a crash loses nothing already sent. Tests run the jobs in
	their own transaction and roll it back instead."""
	if not frappe.flags.in_test:
		frappe.db.commit()  # nosemgrep: background job, not a request


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


def enqueue_drain(gateway: str):
	try:
		frappe.enqueue(
			"zhira_after_sales.messaging.outbox.send_due",
			queue=DRAIN_QUEUE,
			gateway=gateway,
			job_id=f"zhira-sms-drain:{gateway}",
			deduplicate=True,
		)
	except Exception:
		frappe.log_error(title="SMS: could not enqueue sending", reference_doctype="SMS Gateway")


def enqueue_due_sends():
	"""Scheduler, every minute: one draining job per gateway that has due messages."""
	cutoff = add_to_date(now_datetime(), seconds=-SWEEP_GRACE_SECONDS)
	gateways = frappe.get_all(
		"SMS Message",
		filters={"direction": "Out", "status": "Queued", "next_attempt_at": ("<=", cutoff)},
		pluck="gateway",
		distinct=True,
	)
	for gateway in gateways:
		if gateway:
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
	"""RQ job: send the due Queued messages of a gateway (of all when None), oldest first, until
	none is left, the time budget is spent or the gateway's rate limit stops it for longer than a
	moment (the next minute's sweep carries on). Returns counts per outcome."""
	started = time.monotonic()
	sender = Sender()
	counts: Counter = Counter()
	gateways = [gateway] if gateway else due_gateways(now)
	for name in gateways:
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
	return [
		g
		for g in frappe.get_all(
			"SMS Message",
			filters={
				"direction": "Out",
				"status": "Queued",
				"next_attempt_at": ("<=", now or now_datetime()),
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


class Sender:
	"""Sends queued messages; keeps one HTTP session and rate limiter per gateway for a job."""

	def __init__(self):
		self.gateways: dict = {}
		self.clients: dict = {}
		self.limiters: dict = {}
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

	def send_safely(self, name: str, now=None) -> str:
		"""send(), with an unexpected error (a bug, the database) recorded on the message as a
		failed attempt instead of stopping the job."""
		frappe.db.savepoint("zhira_sms_send")
		try:
			return self.send(name, now=now)
		except Exception as e:
			frappe.db.rollback(save_point="zhira_sms_send")
			frappe.log_error(
				title="SMS: sending failed", reference_doctype="SMS Message", reference_name=name
			)
			row = frappe.db.get_value("SMS Message", name, ["attempts", "status"], as_dict=True)
			if row and row.status == "Queued":
				self.record_failure(name, cint(row.attempts), None, now, f"{type(e).__name__}: {e}", True)
			return OUTCOME_RETRY

	def send(self, name: str, now=None) -> str:
		self.last_error_kind = None
		now = get_datetime(now) if now else now_datetime()
		row = frappe.db.get_value(
			"SMS Message",
			name,
			["name", "direction", "status", "to", "body", "gateway", "attempts", "next_attempt_at"],
			as_dict=True,
			for_update=True,
		)
		if not row or row.direction != "Out" or row.status != "Queued":
			return OUTCOME_SKIPPED
		if row.next_attempt_at and get_datetime(row.next_attempt_at) > now:
			return OUTCOME_SKIPPED

		gateway = self.gateway(row.gateway)
		if not gateway or not gateway.enabled:
			from zhira_after_sales.messaging.doctype.sms_gateway.sms_gateway import get_default_gateway

			replacement = get_default_gateway()
			if not replacement or replacement == row.gateway:
				return self.record_failure(
					name,
					cint(row.attempts),
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

		try:
			result = self.client(gateway).send(row.to, row.body, client_ref=row.name)
		except ProviderError as e:
			self.last_error_kind = e.kind
			return self.record_failure(name, cint(row.attempts), gateway, now, str(e), e.retryable)

		frappe.db.set_value(
			"SMS Message",
			name,
			{
				"status": "Sent",
				"provider_message_id": result.provider_message_id,
				"sent_on": now,
				"attempts": cint(row.attempts) + 1,
				"next_attempt_at": None,
				"error": None,
			},
		)
		return OUTCOME_SENT

	def record_failure(self, name, attempts_before, gateway, now, message, retryable) -> str:
		now = get_datetime(now) if now else now_datetime()
		attempts = attempts_before + 1
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
				"attempts": attempts,
				"next_attempt_at": next_at,
				"error": _("Attempt {0} failed: {1}. Trying again automatically.").format(attempts, message),
			},
		)
		return OUTCOME_RETRY


def redis_incr(key: str, ttl: int) -> int:
	cache_key = frappe.cache.make_key(f"zhira_sms_rate:{key}")
	pipe = frappe.cache.pipeline()
	pipe.incr(cache_key)
	pipe.expire(cache_key, ttl)
	count, _expire = pipe.execute()
	return int(count)


# --- delivery reports ---------------------------------------------------------------------------


def apply_delivery(gateway: str, provider_message_id: str, state: str, detail: str = "", now=None) -> bool:
	"""Record a delivery report (polled or pushed) on the Sent message it belongs to."""
	name = frappe.db.get_value(
		"SMS Message",
		{"gateway": gateway, "direction": "Out", "provider_message_id": str(provider_message_id)},
	)
	if not name or frappe.db.get_value("SMS Message", name, "status") != "Sent":
		return False
	if state == "delivered":
		frappe.db.set_value(
			"SMS Message", name, {"status": "Delivered", "delivered_on": now or now_datetime()}
		)
		return True
	if state == "failed":
		frappe.db.set_value(
			"SMS Message",
			name,
			{"status": "Failed", "error": _("Not delivered to the phone: {0}").format(detail or state)},
		)
		return True
	return False


def poll_delivery(gateway: str | None = None, now=None) -> int:
	"""Scheduler: ask each tracking gateway about messages sent in the last two days that have no
	final answer yet. Returns how many changed."""
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
			limit=2000,
		)
		if not ids:
			continue
		doc = frappe.get_doc("SMS Gateway", name)
		try:
			reports = doc.provider_client().fetch_status(ids)
		except NotSupported:
			continue
		except ProviderError as e:
			frappe.db.set_value("SMS Gateway", name, "last_error", str(e), update_modified=False)
			commit()
			continue
		for report in reports:
			changed += apply_delivery(
				name, report.provider_message_id, report.state.value, report.detail, now
			)
		commit()
	return changed
