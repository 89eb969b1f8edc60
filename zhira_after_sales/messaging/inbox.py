"""Inbound SMS: each message is stored once (unique provider id per gateway), then processed.

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
from zhira_after_sales.messaging.outbox import commit, store_outbound
from zhira_after_sales.messaging.providers import ProviderError
from zhira_after_sales.messaging.providers.base import sender_to_e164, synthetic_id
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
	already stored a message with this provider id (a repeat is ignored)."""
	provider_message_id = str(provider_message_id or "").strip() or synthetic_id(
		gateway, sender, text, received_at
	)
	filters = {"gateway": gateway, "direction": "In", "provider_message_id": provider_message_id}
	if frappe.db.exists("SMS Message", filters):
		return None
	doc = frappe.get_doc(
		{
			"doctype": "SMS Message",
			"direction": "In",
			"status": "Received",
			"gateway": gateway,
			"provider_message_id": provider_message_id,
			"from_number": sender_to_e164(sender),
			"to": receiver or frappe.db.get_value("SMS Gateway", gateway, "sender"),
			"body": text or "",
			"received_on": to_system_time(received_at) or now_datetime(),
		}
	)
	messages_before = len(frappe.local.message_log)
	frappe.db.savepoint("zhira_sms_inbound")
	try:
		doc.insert(ignore_permissions=True)
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		# stored by a concurrent poll or push a moment ago
		frappe.db.rollback(save_point="zhira_sms_inbound")
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
	frappe.db.savepoint("zhira_sms_process")
	try:
		return process_inbound(name)
	except Exception as e:
		frappe.db.rollback(save_point="zhira_sms_process")
		frappe.log_error(title="SMS: processing failed", reference_doctype="SMS Message", reference_name=name)
		with sms_language():
			note = _("Could not be processed ({0}); it is kept here. Use Process Again.").format(
				type(e).__name__
			)
		frappe.db.set_value("SMS Message", name, "processing_note", note)
		return "Received"


def reprocess(name: str) -> str:
	"""Process an Unmatched or Received message again (after the cause was fixed)."""
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
		frappe.db.savepoint("zhira_sms_command")
		try:
			new_status = change_status_by_sms(
				tracking_code=command.tracking_code,
				sms_code=command.sms_code,
				technician=technician.name,
				sms_message=self.doc.name,
			)
		except (frappe.ValidationError, frappe.PermissionError) as e:
			# a refusal (wrong code, not assigned, transition not allowed): its message is the reply
			frappe.db.rollback(save_point="zhira_sms_command")
			message = error_text(e)
			self.reply(message, "Service Reception" if reception else None, reception)
			self.processed(_("Refused and the technician was told: {0}").format(message))
			return
		except Exception as e:
			frappe.db.rollback(save_point="zhira_sms_command")
			frappe.log_error(
				title="SMS: status command failed",
				reference_doctype="SMS Message",
				reference_name=self.doc.name,
			)
			self.waiting(
				_("The command could not be applied ({0}); it is kept here. Use Process Again.").format(
					type(e).__name__
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
			frappe.db.savepoint("zhira_sms_reply")
			try:
				note = frappe.get_attr(path)(inbound=self.doc, request=request_doc, answer=answer)
			except frappe.ValidationError as e:
				frappe.db.rollback(save_point="zhira_sms_reply")
				message = error_text(e)
				self.reply(message, request.reference_doctype, request.reference_name)
				self.processed(_("Answer {0} refused and the customer was told: {1}").format(answer, message))
				return
			except Exception as e:
				frappe.db.rollback(save_point="zhira_sms_reply")
				frappe.log_error(
					title="SMS: reply handler failed",
					reference_doctype="SMS Message",
					reference_name=self.doc.name,
				)
				self.waiting(
					_("Answer {0} could not be recorded ({1}); it is kept here. Use Process Again.").format(
						answer, type(e).__name__
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
	"""Scheduler, every minute: read each gateway's inbox, store every message (committed one by
	one, before anything else), then process them. Returns how many new messages were stored."""
	filters = {"enabled": 1, "receive_inbound": 1}
	if gateway:
		filters["name"] = gateway
	stored_total = 0
	for name in frappe.get_all("SMS Gateway", filters=filters, pluck="name"):
		doc = frappe.get_doc("SMS Gateway", name)
		client = doc.provider_client()
		if not client.supports_inbound:
			continue
		try:
			messages, cursor = client.fetch_inbound(doc.last_inbound_cursor)
		except ProviderError as e:
			frappe.db.set_value(
				"SMS Gateway",
				name,
				{"last_error": str(e), "last_polled_on": now_datetime()},
				update_modified=False,
			)
			commit()
			continue
		stored = []
		for message in messages:
			new = store_inbound(
				name,
				message.provider_message_id,
				message.sender,
				message.text,
				message.receiver,
				message.received_at,
			)
			commit()
			if new:
				stored.append(new)
		frappe.db.set_value(
			"SMS Gateway",
			name,
			{"last_inbound_cursor": cursor, "last_polled_on": now_datetime(), "last_error": None},
			update_modified=False,
		)
		commit()
		for new in stored:
			process_safely(new)
			commit()
		stored_total += len(stored)
	return stored_total
