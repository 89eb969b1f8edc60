"""What an inbound SMS is, and acting on it. Messaging knows no business DocType: other modules
take messages through extension points in hooks.py.

- **Commands**: the functions registered under `zhira_sms_command_handlers` are offered the
  message in order, as `handler(inbound)` (`inbound` is the SMS Message document; the handler does
  not save it). A handler returns None to pass, or takes the message by returning the reply text
  (sent back to the sender; the message is Processed) or a `Handled` saying what to reply and what
  to note on the message. Service Desk registers the technician's
  `<tracking code> <status code>` (zhira_after_sales.service_desk.sms_commands).
- **Answers to our SMS**: a single digit answering an SMS whose event has reply handlers (a Survey
  Request) is linked to that SMS and handed to the functions registered under
  `zhira_sms_reply_handlers`, for example in hooks.py:

      zhira_sms_reply_handlers = {"Survey Request": ["zhira_after_sales.customer_care.survey.record_sms_answer"]}

  Each is called as `handler(inbound=<SMS Message>, request=<SMS Message>, answer=<int>)` and may
  return a short note; a frappe.ValidationError it raises is sent back to the customer.
- Anything else is **Unmatched**: operators see it with what the modules registered under
  `zhira_sms_sender_context` know about the sender (zhira_after_sales.messaging.parties), and link
  it by hand.

Nothing raised while processing loses the message: it stays stored with a note saying what
happened.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, now_datetime, strip_html_tags

from zhira_after_sales.messaging import parties
from zhira_after_sales.messaging.commands import parse_single_digit
from zhira_after_sales.messaging.guard import guarded
from zhira_after_sales.messaging.outbox import store_outbound

COMMAND_HANDLERS_HOOK = "zhira_sms_command_handlers"
REPLY_HANDLERS_HOOK = "zhira_sms_reply_handlers"
SURVEY_EVENT = "Survey Request"
REPLY_WINDOW_DAYS = 7


@dataclass
class Handled:
	"""What a command handler did with an inbound SMS it took."""

	note: str  # the message's processing note: what happened
	reply: str | None = None  # sent back to the sender
	status: str = "Processed"  # "Unmatched": for an operator to read; "Received": kept for Process Again
	reply_about: tuple[str, str] | None = None  # (doctype, name) of the document the reply is about
	values: dict = field(default_factory=dict)  # fields of the inbound message (its reference, ...)


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
	# read and locked at once: two processes never act on the same message
	try:
		doc = frappe.get_doc("SMS Message", name, for_update=True)
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return None
	if doc.direction != "In" or doc.status != "Received":
		return doc.status
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


def error_text(error: Exception) -> str:
	"""A refusal's message as plain text, fit for an SMS reply."""
	text = strip_html_tags(str(error.args[0]) if error.args else str(error))
	return " ".join(text.split()) or _("The command was refused.")


class InboundProcessor:
	"""Decides what one inbound message is and acts on it. Changes to the message are collected
	in `changes` and written once."""

	def __init__(self, doc):
		self.doc = doc
		self.changes: dict = {}

	def run(self):
		handled = self.command()
		if handled:
			return self.take(handled)
		answer = parse_single_digit(self.doc.body)
		if answer is not None:
			request = find_reply_target(self.doc.from_number, self.doc.received_on)
			if request:
				return self.reply_to_request(request, answer)
		return self.unmatched(_("Not a command or an answer: an operator should read it."))

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

	# -- commands (zhira_sms_command_handlers)

	def command(self) -> Handled | None:
		"""The first registered command handler that takes the message, and what it did."""
		for path in frappe.get_hooks(COMMAND_HANDLERS_HOOK) or []:
			result = frappe.get_attr(path)(self.doc)
			if isinstance(result, str):
				return Handled(note=_("Taken as a command; the sender was answered."), reply=result)
			if result is not None:
				return result
		return None

	def take(self, handled: Handled):
		self.changes.update(handled.values)
		if handled.reply:
			self.reply(handled.reply, *(handled.reply_about or (None, None)))
		if handled.status == "Unmatched":
			self.unmatched(handled.note)
		elif handled.status == "Received":
			self.waiting(handled.note)
		else:
			self.processed(handled.note)

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
