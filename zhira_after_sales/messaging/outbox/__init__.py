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

The package, by step:

    store.py      queue_sms, send_event: one message stored (SMS Message.after_insert enqueues it)
    prepare.py    OutboundPreparer: Queued or Failed and why; gateway, E.164 number, parts
    bulk.py       queue_bulk, send_event_bulk: many messages with few INSERTs
    enqueue.py    the jobs' queues and dotted paths; the scheduler's sweep (enqueue_due_sends)
    sender.py     Sender: claim, provider call, record; what an unexpected error leaves
    send.py       the jobs send_message and send_due
    reconcile.py  messages left Sending: the provider is asked, or they become Unknown
    delivery.py   delivery reports, polled or pushed

The jobs commit after each step (messaging/guard.py `Job`); each takes `commit=False` to leave
the transaction to its caller. They are enqueued under this package's paths
(`zhira_after_sales.messaging.outbox.send_message`, `.send_due`, `.insert_bulk`,
`.render_event_bulk`), which stay valid for jobs queued before an upgrade.
"""

from zhira_after_sales.messaging.guard import log_error
from zhira_after_sales.messaging.outbox.bulk import (
	INLINE_BULK_LIMIT,
	insert_bulk,
	new_batch_id,
	queue_bulk,
	render_event_bulk,
	send_event_bulk,
	store_bulk,
)
from zhira_after_sales.messaging.outbox.delivery import apply_delivery, poll_delivery
from zhira_after_sales.messaging.outbox.enqueue import enqueue_drain, enqueue_due_sends, enqueue_send
from zhira_after_sales.messaging.outbox.prepare import OutboundPreparer, sms_enabled
from zhira_after_sales.messaging.outbox.reconcile import reconcile_sending
from zhira_after_sales.messaging.outbox.send import send_due, send_message
from zhira_after_sales.messaging.outbox.sender import Sender
from zhira_after_sales.messaging.outbox.store import queue_sms, send_event, store_outbound

__all__ = [
	"INLINE_BULK_LIMIT",
	"OutboundPreparer",
	"Sender",
	"apply_delivery",
	"enqueue_drain",
	"enqueue_due_sends",
	"enqueue_send",
	"insert_bulk",
	"log_error",
	"new_batch_id",
	"poll_delivery",
	"queue_bulk",
	"queue_sms",
	"reconcile_sending",
	"render_event_bulk",
	"send_due",
	"send_event",
	"send_event_bulk",
	"send_message",
	"sms_enabled",
	"store_bulk",
	"store_outbound",
]
