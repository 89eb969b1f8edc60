"""Many messages at once: stored with few INSERTs (in the caller's transaction up to a hundred,
else by a background job), with a batch id, and sent by the gateways' draining jobs."""

import frappe
from frappe.utils import now_datetime

from zhira_after_sales.messaging.guard import Job
from zhira_after_sales.messaging.outbox.enqueue import (
	DRAIN_QUEUE,
	INSERT_BULK_JOB,
	RENDER_BULK_JOB,
	enqueue_drain,
)
from zhira_after_sales.messaging.outbox.prepare import OutboundPreparer
from zhira_after_sales.messaging.outbox.store import fill_event

BULK_CHUNK = 1000
INLINE_BULK_LIMIT = 100  # more messages than this are stored by a background job


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
			INSERT_BULK_JOB,
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
		RENDER_BULK_JOB,
		queue=DRAIN_QUEUE,
		enqueue_after_commit=True,
		batch=batch,
		event=event,
		doctype=doctype,
		names=list(names),
	)
	return batch


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
	*,
	commit: bool = True,
) -> int:
	"""RQ job: store many outbound messages with few INSERTs, committed chunk by chunk (unless
	`commit` is False), then start sending them. Returns how many rows were stored."""
	job = Job(commit)
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
		job.commit()
	for name in gateways:
		enqueue_drain(name, after_commit=not commit)
	return len(messages)


def render_event_bulk(batch: str, event: str, doctype: str, names: list[str], *, commit: bool = True) -> int:
	"""RQ job behind send_event_bulk: fill the event's template for each document, then store."""
	messages = []
	for name in names:
		try:
			doc = frappe.get_doc(doctype, name)
		except frappe.DoesNotExistError:
			continue
		message = fill_event(event, doc)
		messages.append(
			{
				"reference_doctype": doctype,
				"reference_name": name,
				"template": message.template,
				"event": event,
				"to": message.to,
				"body": message.body,
				"error": message.error,
			}
		)
	return insert_bulk(batch, messages, event=event, commit=commit)
