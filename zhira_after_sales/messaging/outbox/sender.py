"""Sending one message: the Sender's three steps (claim, provider call, record), each committed by
the job, and what an unexpected error leaves behind. Nothing here is sent again blindly: a
message left Sending is reconciled (reconcile.py)."""

import secrets

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, get_datetime, now_datetime

from zhira_after_sales.messaging import policy
from zhira_after_sales.messaging.guard import Job
from zhira_after_sales.messaging.providers import ProviderError
from zhira_after_sales.messaging.providers.base import strip_urls

SENDING_GRACE_SECONDS = 120  # beyond the gateway's timeouts, before a Sending message counts as abandoned

OUTCOME_SENT = "sent"
OUTCOME_RETRY = "retry"
OUTCOME_FAILED = "failed"
OUTCOME_RATE_LIMITED = "rate_limited"
OUTCOME_SKIPPED = "skipped"
OUTCOME_UNKNOWN = "unknown"


class Sender:
	"""Sends queued messages; keeps one HTTP session and rate limiter per gateway for a job.

	Sending one message is three steps, each committed by the job (unless it runs with
	commit=False, in the caller's transaction):
	1. claim: under the row lock the Queued message becomes Sending, with its client reference
	   (made on the first attempt, kept for the next ones) and the attempt counted, and the lock is
	   released by the commit before the provider is called;
	2. the provider call, with the reference as the idempotency key where the API takes one;
	3. the record: Sent with the provider's id, or Queued again / Failed with the reason.
	A stop between 2 and 3 leaves the message Sending, for reconcile_sending().
	"""

	def __init__(self, commit: bool = True):
		self.job = Job(commit)
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
		# a failed step is undone; what the steps before it committed stays
		with self.job.step() as sending:
			return self.send(name, now=now)
		sending.log("SMS: sending failed", "SMS Message", name, self.redactor_for_message(name))
		self.job.commit()  # the Error Log stays, whatever happens next
		with self.job.step() as noting:
			self.after_error(name, now, sending.error)
		if noting.failed:
			noting.log("SMS: could not note a sending error", "SMS Message", name, strip_urls)
		return OUTCOME_RETRY

	def send(self, name: str, now=None) -> str:
		self.last_error_kind = None
		now = get_datetime(now) if now else now_datetime()
		claimed = self.claim(name, now)
		if isinstance(claimed, str):
			return claimed
		self.job.commit()  # "Sending" and the reference are stored, and the row lock released, before the call

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
			with self.job.step() as recording:
				self.record_sent(name, result, now)
			if not recording.failed:
				return
			recording.log("SMS: recording a sent message failed", "SMS Message", name, strip_urls)
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


def new_client_reference() -> str:
	"""Our idempotency key for one message, kept across its attempts: sixteen digits, because
	Kavenegar reads localid as a number. A unique index keeps it unique."""
	return str(secrets.randbelow(9 * 10**15) + 10**15)


def abandoned_after(gateway) -> int:
	"""Seconds after which a message still Sending belongs to a job that stopped (connecting and
	reading may each take the gateway's timeout)."""
	return int(2 * float(gateway.timeout or 10)) + SENDING_GRACE_SECONDS


def redis_incr(key: str, ttl: int) -> int:
	cache_key = frappe.cache.make_key(f"zhira_sms_rate:{key}")
	pipe = frappe.cache.pipeline()
	pipe.incr(cache_key)
	pipe.expire(cache_key, ttl)
	count, _expire = pipe.execute()
	return int(count)
