"""Messages left Sending (a job stopped between handing a message to the provider and recording
the answer, or the answer never came) are never sent again blindly. Where the provider can look a
message up by our client reference (Kavenegar, Ghasedak) it is asked: found, Sent; not found,
Queued to be sent again with the same reference. Otherwise the message becomes Unknown, with a
note, for an operator to Retry or Mark as Sent."""

from collections import Counter

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, get_datetime, now_datetime

from zhira_after_sales.messaging import policy
from zhira_after_sales.messaging.outbox.sender import OUTCOME_FAILED, OUTCOME_UNKNOWN, Sender
from zhira_after_sales.messaging.providers import ProviderError

RECONCILE_BATCH = 200


def reconcile_sending(
	gateway: str | None = None, now=None, sender: Sender | None = None, *, commit: bool = True
) -> Counter:
	"""Messages left Sending (a job stopped between handing a message to the provider and recording
	the answer, or the answer never came): never sent again blindly. Where the provider can look a
	message up by our reference it is asked (found: Sent; not found: Queued to be sent again, with
	the same reference); otherwise the message becomes Unknown for an operator to decide (Retry, or
	Mark as Sent). Commits after each message (the sender's job does, or with `commit`). Returns
	counts per outcome."""
	now = get_datetime(now) if now else now_datetime()
	sender = sender or Sender(commit=commit)
	filters = {"direction": "Out", "status": "Sending", "next_attempt_at": ("<=", now)}
	if gateway:
		filters["gateway"] = gateway
	counts: Counter = Counter()
	for name in frappe.get_all(
		"SMS Message", filters=filters, order_by="next_attempt_at asc", pluck="name", limit=RECONCILE_BATCH
	):
		outcome = None
		with sender.job.step() as step:
			outcome = reconcile_message(sender, name, now)
		if step.failed:
			step.log("SMS: reconciling failed", "SMS Message", name, sender.redactor_for_message(name))
			outcome = "error"
		if outcome:
			counts[outcome] += 1
		sender.job.commit()
	return counts


def reconcile_message(sender: Sender, name: str, now) -> str | None:
	"""One message left Sending. The provider is asked without holding the row lock; the answer
	is applied only if nobody changed the row meanwhile."""
	fields = ["direction", "status", "to", "gateway", "attempts", "client_reference", "sending_since"]
	row = frappe.db.get_value("SMS Message", name, [*fields, "next_attempt_at"], as_dict=True)
	if not row or row.direction != "Out" or row.status != "Sending":
		return None
	if row.next_attempt_at and get_datetime(row.next_attempt_at) > now:
		return None
	gateway = sender.gateway(row.gateway)
	client = sender.client(gateway) if gateway else None
	provider = client.name if client else (row.gateway or "?")
	sent_at = get_datetime(row.sending_since) if row.sending_since else now
	can_ask = bool(client and client.supports_lookup and row.client_reference)
	in_window = (now - sent_at).total_seconds() <= (client.lookup_window_hours if client else 0) * 3600

	found = None
	if can_ask and in_window:
		try:
			found = client.lookup(row.client_reference, row.to)
		except ProviderError as e:
			if not unchanged(name, row):
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

	if not unchanged(name, row):
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
			sender.record_failure(name, attempts, gateway, now, note, False)
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


def unchanged(name: str, row) -> bool:
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
