"""Inbound SMS: each message is stored once per arrival, then processed.

Storing: a message with the provider's id is stored once per gateway (a repeat is ignored); one
without an id is stored once per arrival (pushed, or read from an inbox that marks what it hands
out as read), never merged with an identical one; in an inbox that hands the same messages out
again, an id-less message is known by its content and its place among identical ones. Polling
stores each message raw, committed, before reading it (Kavenegar and Ghasedak mark messages read
when they hand them out): a message that cannot be read is kept as a Failed inbound message with
its raw text, and one bad message or one failing gateway does not stop the others.

Processing (what a message is and acting on it: commands, answers to our SMS, Unmatched) is
zhira_after_sales.messaging.processing.
"""

import json
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import get_system_timezone, now_datetime

from zhira_after_sales.messaging.doctype.sms_message.sms_message import title_for
from zhira_after_sales.messaging.guard import Job, log_error
from zhira_after_sales.messaging.processing import process_inbound, process_safely, sms_language
from zhira_after_sales.messaging.providers import ProviderError
from zhira_after_sales.messaging.providers.base import id_text, sender_to_e164, strip_urls, synthetic_id

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
			"to": receiver,  # None: the gateway's sender number (insert_inbound)
			"body": text or "",
			"received_on": to_system_time(received_at) or now_datetime(),
		}
	)


def insert_inbound(values: dict) -> str | None:
	"""Insert an inbound SMS Message unless its gateway already has one with the same key.

	A message with a key is stored under the gateway's row lock, held until the caller commits:
	the same message pushed twice at once (or pushed while a poll reads it) is stored by the
	first; the second, let in once the first committed, finds it, or is refused by the unique key
	at once (its snapshot may predate that commit). Without the lock the second insert would wait
	on the first's uncommitted row of the unique key while the first goes on inserting (its
	reply), and MariaDB would end one of them as a deadlock: a 500 to the provider."""
	key = values.get("inbound_key")
	if key:
		# the lock, and the gateway's number the message was sent to, in one read (plain SQL: it
		# runs for every inbound message)
		locked = frappe.db.sql(
			"select name, sender from `tabSMS Gateway` where name = %s for update", values["gateway"]
		)
		if not values.get("to") and locked:
			values["to"] = locked[0][1]
	if not values.get("to"):
		values["to"] = frappe.get_cached_value("SMS Gateway", values["gateway"], "sender")
	if key and frappe.db.sql(
		"select name from `tabSMS Message` where gateway = %s and inbound_key = %s limit 1",
		(values["gateway"], key),
	):
		return None
	doc = frappe.get_doc({"doctype": "SMS Message", "direction": "In", "status": "Received", **values})
	messages_before = len(frappe.local.message_log)
	try:
		# no savepoint needed: nothing is written before the INSERT, and InnoDB undoes a refused
		# statement alone, leaving the transaction as it was
		doc.insert(ignore_permissions=True)
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
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


# --- processing again -------------------------------------------------------------------------


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


# --- polling ----------------------------------------------------------------------------------------


def poll_inbound(gateway: str | None = None, *, commit: bool = True) -> int:
	"""Scheduler, every minute: read each gateway's inbox, store every message raw (committed one by
	one, before anything reads it), then read and process each. An unreadable message becomes a
	Failed inbound message with its raw text and an Error Log; a gateway that fails is noted on the
	gateway and in the Error Log; neither stops the rest. Returns how many new messages were
	stored. With commit=False nothing is committed (the caller owns the transaction)."""
	job = Job(commit)
	filters = {"enabled": 1, "receive_inbound": 1}
	if gateway:
		filters["name"] = gateway
	stored_total = 0
	for name in frappe.get_all("SMS Gateway", filters=filters, pluck="name"):
		# a failed gateway is undone; what it committed so far stays
		with job.step() as polling:
			stored_total += poll_gateway(name, job)
		if polling.failed:
			redact = gateway_redactor(name)
			polling.log("SMS: reading the inbox failed", "SMS Gateway", name, redact)
			note_gateway(name, redact(f"{type(polling.error).__name__}: {polling.error}"))
			job.commit()
	return stored_total


def poll_gateway(name: str, job: Job | None = None) -> int:
	job = job or Job()
	doc = frappe.get_doc("SMS Gateway", name)
	client = doc.provider_client()
	if not client.supports_inbound:
		return 0
	try:
		rows, cursor = client.fetch_inbound_raw(doc.last_inbound_cursor)
	except ProviderError as e:
		note_gateway(name, client.redact(str(e)))
		job.commit()
		return 0

	stored, lost = [], 0
	for row, key in zip(rows, inbound_keys(client, rows), strict=True):
		new = None
		with job.step() as storing:
			new = store_raw_inbound(name, client, row, key)
		if storing.failed:
			# not even the raw message could be stored: the Error Log keeps it
			frappe.log_error(
				title="SMS: storing an inbound message failed",
				message=client.redact(storing.traceback) + "\n" + raw_text(row),
				reference_doctype="SMS Gateway",
				reference_name=name,
			)
			lost += 1
		job.commit()
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
	job.commit()

	# and any stored by an earlier run that stopped before reading them
	unread = stored + [n for n in unread_messages(name) if n not in stored]
	readable = []
	for new in unread:
		if read_inbound(new, client):
			readable.append(new)
		job.commit()
	for new in readable:
		process_safely(new)
		job.commit()
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
			"to": None,  # the gateway's sender number (insert_inbound)
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
