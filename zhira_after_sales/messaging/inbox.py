"""Inbound SMS: each message is stored once per arrival, then processed.

Storing: a message with the provider's id is stored once per gateway (a repeat is ignored); one
without an id is stored once per arrival (pushed, or read from an inbox that marks what it hands
out as read), never merged with an identical one; in an inbox that hands the same messages out
again, an id-less message is known by its content and its place among identical ones. Polling
stores each message raw, committed, before reading it (Kavenegar and Ghasedak mark messages read
when they hand them out): a message that cannot be read is kept as a Failed inbound message with
its raw text, and one bad message or one failing gateway does not stop the others.

Processing:

- From the registered mobile of an active technician: `<tracking code> <status sms_code>`
  changes the reception's status through
  `zhira_after_sales.service_desk.status_api.change_status_by_sms`, and the technician gets a
  confirmation or the refusal (a ValidationError or PermissionError message) as a reply.
- A single digit answering an SMS whose event has reply handlers (a Survey Request): linked to
  that SMS and handed to the functions registered under the `zhira_sms_reply_handlers` hook,
  for example in hooks.py:

      zhira_sms_reply_handlers = {"Survey Request": ["zhira_after_sales.customer_care.survey.record_sms_answer"]}

  Each is called as `handler(inbound=<SMS Message>, request=<SMS Message>, answer=<int>)` and may
  return a short note; a frappe.ValidationError it raises is sent back to the customer.
- Anything else is Unmatched: operators see it with the sender's customer and open receptions
  and link it by hand.

Nothing raised while processing loses the message: it stays stored with a note saying what
happened.
"""

import json
from collections import Counter
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, get_system_timezone, now_datetime, strip_html_tags

from zhira_after_sales.messaging import parties
from zhira_after_sales.messaging.commands import (
	SMS_CODE_DIGITS,
	TRACKING_CODE_DIGITS,
	CommandError,
	looks_like_command,
	parse_single_digit,
	parse_technician_command,
)
from zhira_after_sales.messaging.doctype.sms_message.sms_message import title_for
from zhira_after_sales.messaging.guard import guarded
from zhira_after_sales.messaging.outbox import commit, log_error, store_outbound
from zhira_after_sales.messaging.providers import ProviderError
from zhira_after_sales.messaging.providers.base import id_text, sender_to_e164, strip_urls, synthetic_id
from zhira_after_sales.service_desk.status_api import change_status_by_sms

REPLY_HANDLERS_HOOK = "zhira_sms_reply_handlers"
SURVEY_EVENT = "Survey Request"
REPLY_WINDOW_DAYS = 7


# --- storing --------------------------------------------------------------------------------------


def store_inbound(
	gateway: str,
	provider_message_id: str | None,
	sender: str,
	text: str,
	receiver: str | None = None,
	received_at: datetime | None = None,
) -> str | None:
	"""Store one inbound message (status Received). Returns its name, or None when this gateway
	already stored a message with this provider id (a repeat is ignored). A message without an id
	is stored every time it arrives."""
	provider_message_id = id_text(provider_message_id)
	return insert_inbound(
		{
			"gateway": gateway,
			"provider_message_id": provider_message_id,
			"inbound_key": provider_message_id,
			"from_number": sender_to_e164(sender),
			"to": receiver or frappe.db.get_value("SMS Gateway", gateway, "sender"),
			"body": text or "",
			"received_on": to_system_time(received_at) or now_datetime(),
		}
	)


def insert_inbound(values: dict) -> str | None:
	"""Insert an inbound SMS Message unless its gateway already has one with the same key."""
	key = values.get("inbound_key")
	if key and frappe.db.exists("SMS Message", {"gateway": values["gateway"], "inbound_key": key}):
		return None
	doc = frappe.get_doc({"doctype": "SMS Message", "direction": "In", "status": "Received", **values})
	messages_before = len(frappe.local.message_log)
	with guarded(catch=(frappe.UniqueValidationError, frappe.DuplicateEntryError)) as outcome:
		doc.insert(ignore_permissions=True)
	if outcome.failed:
		# stored by a concurrent poll or push a moment ago
		del frappe.local.message_log[messages_before:]
		return None
	return doc.name


def to_system_time(value: datetime | None):
	if not value:
		return None
	if value.tzinfo is None:
		return value
	return value.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)


# --- processing ---------------------------------------------------------------------------------


@contextmanager
def sms_language():
	"""Replies and notes in the language SMS are written in (After Sales Settings, default fa)."""
	previous = frappe.local.lang
	frappe.local.lang = frappe.db.get_single_value("After Sales Settings", "sms_language") or "fa"
	try:
		yield
	finally:
		frappe.local.lang = previous


def process_inbound(name: str) -> str:
	"""Process a Received message once. Returns its new status."""
	row = frappe.db.get_value("SMS Message", name, ["direction", "status"], as_dict=True, for_update=True)
	if not row or row.direction != "In" or row.status != "Received":
		return row.status if row else None
	doc = frappe.get_doc("SMS Message", name)
	messages_before = len(frappe.local.message_log)
	with sms_language():
		processor = InboundProcessor(doc)
		processor.run()
	frappe.db.set_value("SMS Message", name, processor.changes)
	# errors caught while processing are in the message's note, not in the caller's response
	del frappe.local.message_log[messages_before:]
	return processor.changes.get("status", doc.status)


def process_safely(name: str) -> str | None:
	"""process_inbound(); an unexpected error leaves the message Received with a note."""
	with guarded() as outcome:
		status = process_inbound(name)
	if not outcome.failed:
		return status
	outcome.log("SMS: processing failed", "SMS Message", name)
	with sms_language():
		note = _("Could not be processed ({0}); it is kept here. Use Process Again.").format(
			type(outcome.error).__name__
		)
	frappe.db.set_value("SMS Message", name, "processing_note", note)
	return "Received"


def reprocess(name: str) -> str:
	"""Process an Unmatched or Received message again (after the cause was fixed); a Failed one is
	read from its raw text again first."""
	row = frappe.db.get_value("SMS Message", name, ["status", "gateway", "from_number"], as_dict=True)
	if row and (row.status == "Failed" or not row.from_number):
		client = frappe.get_doc("SMS Gateway", row.gateway).provider_client()
		if not read_inbound(name, client):
			return "Failed"
	frappe.db.set_value("SMS Message", name, "status", "Received")
	return process_inbound(name)


def error_text(error: Exception) -> str:
	text = strip_html_tags(str(error.args[0]) if error.args else str(error))
	return " ".join(text.split()) or _("The command was refused.")


class InboundProcessor:
	"""Decides what one inbound message is and acts on it. Changes to the message are collected
	in `changes` and written once."""

	def __init__(self, doc):
		self.doc = doc
		self.changes: dict = {}

	def run(self):
		technician = parties.find_technician(self.doc.from_number)
		if technician:
			return self.technician_message(technician)
		answer = parse_single_digit(self.doc.body)
		if answer is not None:
			request = find_reply_target(self.doc.from_number, self.doc.received_on)
			if request:
				return self.reply_to_request(request, answer)
		if self.is_command():
			return self.unmatched(
				_(
					"Looks like a status command, but {0} is not the mobile of an active technician: nothing was changed."
				).format(self.doc.from_number)
			)
		return self.unmatched(_("Not a command or an answer: an operator should read it."))

	def is_command(self) -> bool:
		try:
			parse_technician_command(self.doc.body)
		except CommandError:
			return False
		return True

	# -- outcomes

	def unmatched(self, note: str):
		customer, contact = parties.find_customer(self.doc.from_number)
		self.changes.update(
			{"status": "Unmatched", "processing_note": note, "customer": customer, "contact": contact}
		)

	def processed(self, note: str):
		self.changes.update({"status": "Processed", "processing_note": note})

	def waiting(self, note: str):
		self.changes.update({"status": "Received", "processing_note": note})

	def reply(self, text: str, reference_doctype: str | None = None, reference_name: str | None = None):
		name = store_outbound(
			to=self.doc.from_number,
			body=text,
			reference_doctype=reference_doctype,
			reference_name=reference_name,
			gateway=self.doc.gateway,
			in_reply_to=self.doc.name,
		)
		self.changes["reply_message"] = name

	# -- technicians

	def technician_message(self, technician):
		self.changes["technician"] = technician.name
		try:
			command = parse_technician_command(self.doc.body)
		except CommandError as e:
			if e.reason == CommandError.NOT_A_COMMAND and not looks_like_command(self.doc.body):
				self.unmatched(
					_("Message from technician {0} that is not a status command.").format(
						technician.full_name
					)
				)
				return
			help_text = command_help(e)
			self.reply(help_text)
			self.processed(_("Not a valid command; the technician was told the format."))
			return

		reception = parties.reception_by_tracking_code(command.tracking_code)
		with guarded() as outcome:
			new_status = change_status_by_sms(
				tracking_code=command.tracking_code,
				sms_code=command.sms_code,
				technician=technician.name,
				sms_message=self.doc.name,
			)
		if isinstance(outcome.error, frappe.ValidationError | frappe.PermissionError):
			# a refusal (wrong code, not assigned, transition not allowed): its message is the reply
			message = error_text(outcome.error)
			self.reply(message, "Service Reception" if reception else None, reception)
			self.processed(_("Refused and the technician was told: {0}").format(message))
			return
		if outcome.failed:
			outcome.log("SMS: status command failed", "SMS Message", self.doc.name)
			self.waiting(
				_("The command could not be applied ({0}); it is kept here. Use Process Again.").format(
					type(outcome.error).__name__
				)
			)
			return

		reception = reception or parties.reception_by_tracking_code(command.tracking_code)
		if reception:
			self.changes.update({"reference_doctype": "Service Reception", "reference_name": reception})
		label = new_status
		self.reply(
			_("Reception {0}: status is now {1}.").format(command.tracking_code, label),
			"Service Reception" if reception else None,
			reception,
		)
		self.processed(_("Status of reception {0} changed to {1}.").format(command.tracking_code, label))

	# -- answers to our SMS (surveys)

	def reply_to_request(self, request, answer: int):
		self.changes["in_reply_to"] = request.name
		if request.reference_name:
			self.changes.update(
				{"reference_doctype": request.reference_doctype, "reference_name": request.reference_name}
			)
		customer, contact = parties.find_customer(self.doc.from_number)
		self.changes.update({"customer": customer, "contact": contact})
		handlers = reply_handlers(request.event)
		if not handlers:
			self.waiting(
				_(
					"Answer {0} to the {1} SMS {2}. No handler is installed for these answers yet; the answer is kept here."
				).format(answer, _(request.event), request.name)
			)
			return
		request_doc = frappe.get_doc("SMS Message", request.name)
		notes = []
		for path in handlers:
			with guarded() as outcome:
				note = frappe.get_attr(path)(inbound=self.doc, request=request_doc, answer=answer)
			if isinstance(outcome.error, frappe.ValidationError):
				message = error_text(outcome.error)
				self.reply(message, request.reference_doctype, request.reference_name)
				self.processed(_("Answer {0} refused and the customer was told: {1}").format(answer, message))
				return
			if outcome.failed:
				outcome.log("SMS: reply handler failed", "SMS Message", self.doc.name)
				self.waiting(
					_("Answer {0} could not be recorded ({1}); it is kept here. Use Process Again.").format(
						answer, type(outcome.error).__name__
					)
				)
				return
			if note:
				notes.append(str(note))
		self.processed(
			" ".join([_("Answer {0} to the {1} SMS recorded.").format(answer, _(request.event)), *notes])
		)


def reply_handlers(event: str | None) -> list[str]:
	hooks = frappe.get_hooks(REPLY_HANDLERS_HOOK) or {}
	if not isinstance(hooks, dict) or not event:
		return []
	return list(hooks.get(event) or [])


def reply_events() -> list[str]:
	hooks = frappe.get_hooks(REPLY_HANDLERS_HOOK) or {}
	events = set(hooks) if isinstance(hooks, dict) else set()
	return sorted(events | {SURVEY_EVENT})


def find_reply_target(sender: str, received_on=None):
	"""The latest SMS we sent this number, in the last week, that expects an answer."""
	since = add_to_date(get_datetime(received_on) if received_on else now_datetime(), days=-REPLY_WINDOW_DAYS)
	rows = frappe.get_all(
		"SMS Message",
		filters={
			"direction": "Out",
			"to": sender,
			"event": ("in", reply_events()),
			"status": ("in", ("Sent", "Delivered")),
			"creation": (">=", since),
		},
		fields=["name", "event", "reference_doctype", "reference_name"],
		order_by="creation desc",
		limit=1,
	)
	return rows[0] if rows else None


def command_help(error: CommandError) -> str:
	example = _("Send the tracking code, a space and the status code, for example: 12345678 2")
	if error.reason == CommandError.BAD_TRACKING_CODE:
		return (
			_("The tracking code must have {0} to {1} digits.").format(*TRACKING_CODE_DIGITS) + " " + example
		)
	if error.reason == CommandError.BAD_STATUS_CODE:
		return _("The status code must have 1 to {0} digits.").format(SMS_CODE_DIGITS) + " " + example
	return example


# --- polling ----------------------------------------------------------------------------------------


def poll_inbound(gateway: str | None = None) -> int:
	"""Scheduler, every minute: read each gateway's inbox, store every message raw (committed one by
	one, before anything reads it), then read and process each. An unreadable message becomes a
	Failed inbound message with its raw text and an Error Log; a gateway that fails is noted on the
	gateway and in the Error Log; neither stops the rest. Returns how many new messages were
	stored."""
	filters = {"enabled": 1, "receive_inbound": 1}
	if gateway:
		filters["name"] = gateway
	stored_total = 0
	for name in frappe.get_all("SMS Gateway", filters=filters, pluck="name"):
		try:
			stored_total += poll_gateway(name)
		except Exception as e:
			# a job owns its transaction: what this gateway committed so far stays
			frappe.db.rollback()
			redact = gateway_redactor(name)
			log_error("SMS: reading the inbox failed", "SMS Gateway", name, redact)
			note_gateway(name, redact(f"{type(e).__name__}: {e}"))
			commit()
	return stored_total


def poll_gateway(name: str) -> int:
	doc = frappe.get_doc("SMS Gateway", name)
	client = doc.provider_client()
	if not client.supports_inbound:
		return 0
	try:
		rows, cursor = client.fetch_inbound_raw(doc.last_inbound_cursor)
	except ProviderError as e:
		note_gateway(name, client.redact(str(e)))
		commit()
		return 0

	stored, lost = [], 0
	for row, key in zip(rows, inbound_keys(client, rows), strict=True):
		try:
			new = store_raw_inbound(name, client, row, key)
		except Exception:
			# not even the raw message could be stored: the Error Log keeps it
			frappe.db.rollback()
			frappe.log_error(
				title="SMS: storing an inbound message failed",
				message=client.redact(frappe.get_traceback()) + "\n" + raw_text(row),
				reference_doctype="SMS Gateway",
				reference_name=name,
			)
			lost += 1
			new = None
		commit()
		if new:
			stored.append(new)

	values = {"last_polled_on": now_datetime(), "last_error": None}
	if lost:
		values["last_error"] = _("{0} inbound message(s) could not be stored; see the Error Log.").format(
			lost
		)
	else:
		values["last_inbound_cursor"] = cursor  # else the next read starts from the same place again
	frappe.db.set_value("SMS Gateway", name, values, update_modified=False)
	commit()

	# and any stored by an earlier run that stopped before reading them
	unread = stored + [n for n in unread_messages(name) if n not in stored]
	readable = []
	for new in unread:
		if read_inbound(new, client):
			readable.append(new)
		commit()
	for new in readable:
		process_safely(new)
		commit()
	return len(stored)


def unread_messages(gateway: str) -> list[str]:
	"""Raw inbound messages of the gateway that were stored but never read."""
	return frappe.get_all(
		"SMS Message",
		filters={
			"gateway": gateway,
			"direction": "In",
			"status": "Received",
			"raw_message": ("is", "set"),
			"from_number": ("is", "not set"),
		},
		order_by="creation asc",
		pluck="name",
		limit=500,
	)


def gateway_redactor(name: str):
	try:
		return frappe.get_doc("SMS Gateway", name).provider_client().redact
	except Exception:
		return strip_urls


def note_gateway(name: str, error: str):
	frappe.db.set_value(
		"SMS Gateway",
		name,
		{"last_error": error, "last_polled_on": now_datetime()},
		update_modified=False,
	)


def raw_text(row) -> str:
	try:
		return json.dumps(row, ensure_ascii=False, default=str)
	except Exception:
		return repr(row)


def inbound_keys(client, rows: list) -> list[str | None]:
	"""Each raw message's key: the provider's id; else, in an inbox that hands the same messages out
	again, its content and its place among identical ones in this read (two identical messages are
	two, and the same two read again are recognised); else None (stored once per arrival)."""
	seen: Counter = Counter()
	keys = []
	for row in rows:
		provider_id = client.inbound_id(row)
		if provider_id or not client.inbox_repeats:
			keys.append(provider_id)
			continue
		try:
			fingerprint = client.inbound_fingerprint(row)
		except Exception:
			fingerprint = raw_text(row)
		seen[fingerprint] += 1
		keys.append(synthetic_id(fingerprint, seen[fingerprint]))
	return keys


def store_raw_inbound(gateway: str, client, row, key: str | None) -> str | None:
	"""Step 1 of polling: the message exactly as the provider handed it out, before anything reads
	it. Returns its name, or None for a repeat."""
	with sms_language():
		note = _("Stored as the provider handed it out; not read yet.")
	return insert_inbound(
		{
			"gateway": gateway,
			"provider_message_id": client.inbound_id(row),
			"inbound_key": key,
			"raw_message": raw_text(row),
			"to": frappe.db.get_value("SMS Gateway", gateway, "sender"),
			"received_on": now_datetime(),
			"processing_note": note,
		}
	)


def read_inbound(name: str, client) -> bool:
	"""Step 2 of polling: read the stored raw message (sender, text, time). One that cannot be read
	becomes Failed, with the reason, and an Error Log. Returns whether it was read."""
	raw = frappe.db.get_value("SMS Message", name, "raw_message")
	try:
		message = client.parse_inbound(json.loads(raw))
	except Exception as e:
		log_error("SMS: an inbound message could not be read", "SMS Message", name, client.redact)
		with sms_language():
			note = _("Could not be read ({0}); the message as the provider sent it is kept here.").format(
				strip_urls(f"{type(e).__name__}: {e}")
			)
		frappe.db.set_value("SMS Message", name, {"status": "Failed", "processing_note": note})
		return False
	sender = sender_to_e164(message.sender)
	values = {
		"status": "Received",
		"from_number": sender,
		"body": message.text or "",
		"title": title_for("In", None, sender),
		"processing_note": None,
	}
	if message.receiver:
		values["to"] = message.receiver
	if message.received_at:
		values["received_on"] = to_system_time(message.received_at)
	frappe.db.set_value("SMS Message", name, values)
	return True
