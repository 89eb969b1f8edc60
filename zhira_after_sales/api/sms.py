"""SMS endpoints: the signed inbound webhook, and the desk's Send SMS / preview / link actions."""

import json
import time

import frappe
from frappe import _
from frappe.utils import now_datetime
from frappe.utils.password import get_decrypted_password

from zhira_after_sales.exceptions import InvalidPhoneNumberError, SMSWebhookAuthError
from zhira_after_sales.messaging import parties
from zhira_after_sales.messaging.inbox import insert_inbound, raw_text, reprocess, store_inbound
from zhira_after_sales.messaging.outbox import (
	OutboundPreparer,
	apply_delivery,
	enqueue_send,
	queue_sms,
)
from zhira_after_sales.messaging.policy import sms_parts
from zhira_after_sales.messaging.processing import process_safely, sms_language
from zhira_after_sales.messaging.providers.base import parse_time
from zhira_after_sales.messaging.signing import (
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	TOLERANCE_SECONDS,
	SignatureError,
	verify,
)
from zhira_after_sales.messaging.templates import recipient_for, render_body, templates_for_doctype
from zhira_after_sales.utils import throttle
from zhira_after_sales.utils.fields import phone_error_message
from zhira_after_sales.utils.phone import PhoneError, normalize_mobile

MAX_WEBHOOK_MESSAGES = 500
# pushes one address may make per minute, signed or not (utils.throttle: the connection's own
# address, X-Forwarded-For only from the site's trusted proxies)
WEBHOOK_LIMIT = 600
WEBHOOK_WINDOW = 60

# --- inbound webhook (public, signed) ---------------------------------------------------------------


@frappe.whitelist(allow_guest=True, methods=["POST"])
def inbound(**kwargs) -> dict:
	"""Inbound messages and delivery reports pushed by a provider or a relay.

	POST /api/method/zhira_after_sales.api.sms.inbound?gateway=<SMS Gateway>
	Headers: X-Zhira-Timestamp: <unix seconds>,
	         X-Zhira-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<gateway>.<raw body>" with the gateway's Webhook Secret>
	Body (JSON): {"messages": [{"id", "from", "to", "text", "received_at"}],
	              "deliveries": [{"id", "status": "delivered" | "failed", "detail"}]}

	Only the signed body and the signed gateway name are read. A request older than five minutes,
	or one already seen (by its normalised signature), changes nothing; a message id already
	stored for the gateway is ignored, so a repeated push is processed once, and a message without
	an id is stored once per request. Any signature header that is not ours (not ASCII, not hex)
	is a 401, like a wrong one. At most WEBHOOK_LIMIT requests per address in WEBHOOK_WINDOW seconds
	(429 beyond).
	"""
	throttle.hit("sms-inbound", WEBHOOK_LIMIT, WEBHOOK_WINDOW)
	gateway = frappe.request.args.get("gateway") or ""
	raw = frappe.request.get_data(cache=True) or b""
	try:
		signature = verify(
			webhook_secret(gateway),
			frappe.get_request_header(TIMESTAMP_HEADER),
			gateway,
			raw,
			frappe.get_request_header(SIGNATURE_HEADER),
			now=time.time(),
		)
	except SignatureError as e:
		raise SMSWebhookAuthError(webhook_error(e.reason))

	replay_key = frappe.cache.make_key(f"zhira_sms_webhook:{gateway}:{signature}")
	if not frappe.cache.set(replay_key, 1, nx=True, ex=TOLERANCE_SECONDS * 2):
		return {"ok": True, "replay": True, "stored": 0, "duplicates": 0, "deliveries": 0}
	try:
		return accept_push(gateway, raw)
	except Exception:
		frappe.cache.delete(replay_key)  # a push that failed may be sent again
		raise


def webhook_secret(gateway: str) -> str | None:
	if not gateway or not frappe.db.get_value("SMS Gateway", gateway, "enabled"):
		return None
	return get_decrypted_password("SMS Gateway", gateway, "webhook_secret", raise_exception=False)


def webhook_error(reason: str) -> str:
	return {
		SignatureError.STALE: _("SMS webhook: the timestamp is too old or in the future."),
		SignatureError.FORGED: _("SMS webhook: the signature does not match."),
	}.get(reason, _("SMS webhook: unknown gateway, webhook switched off, or signature headers missing."))


def accept_push(gateway: str, raw: bytes) -> dict:
	try:
		payload = json.loads(raw or b"{}")
	except ValueError:
		frappe.throw(_("SMS webhook: the body is not JSON."))
	messages = payload.get("messages") or []
	deliveries = payload.get("deliveries") or []
	if not isinstance(messages, list) or not isinstance(deliveries, list):
		frappe.throw(_("SMS webhook: messages and deliveries must be lists."))
	if len(messages) + len(deliveries) > MAX_WEBHOOK_MESSAGES:
		frappe.throw(_("SMS webhook: at most {0} items per request.").format(MAX_WEBHOOK_MESSAGES))

	stored, unreadable = [], 0
	for item in messages:
		if not isinstance(item, dict) or not item.get("from"):
			# kept where an operator sees it, not dropped
			store_unreadable(gateway, item)
			unreadable += 1
			continue
		name = store_inbound(
			gateway,
			item.get("id"),
			str(item.get("from")),
			str(item.get("text") or ""),
			str(item.get("to") or "") or None,
			parse_time(item.get("received_at")),
		)
		if name:
			stored.append(name)

	# processing runs as the system, as the scheduler's polling does
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		for name in stored:
			process_safely(name)
		updated = sum(
			apply_delivery(
				gateway, str(item.get("id")), str(item.get("status") or ""), str(item.get("detail") or "")
			)
			for item in deliveries
			if isinstance(item, dict) and item.get("id")
		)
	finally:
		frappe.set_user(user)
	return {
		"ok": True,
		"replay": False,
		"stored": len(stored),
		"duplicates": len(messages) - len(stored) - unreadable,
		"unreadable": unreadable,
		"deliveries": updated,
	}


def store_unreadable(gateway: str, item) -> str | None:
	with sms_language():
		note = _("Could not be read (no sender); the message as it was pushed is kept here.")
	return insert_inbound(
		{
			"gateway": gateway,
			"status": "Failed",
			"raw_message": raw_text(item),
			"processing_note": note,
			"received_on": now_datetime(),
		}
	)


# --- desk: Send SMS from any document -------------------------------------------------------------


def check_document(doctype: str, name: str, ptype: str = "read"):
	doc = frappe.get_doc(doctype, name)
	doc.check_permission(ptype)
	return doc


@frappe.whitelist(methods=["GET", "POST"])
def get_send_options(doctype: str, name: str) -> dict:
	"""Templates usable on this document and the number it would go to."""
	frappe.has_permission("SMS Message", "create", throw=True)
	doc = check_document(doctype, name)
	return {
		"templates": [
			{"name": t.name, "event": t.event, "reference_doctype": t.reference_doctype}
			for t in templates_for_doctype(doctype)
		],
		"to": recipient_for(doc) or "",
	}


@frappe.whitelist(methods=["GET", "POST"])
def preview(template: str, doctype: str, name: str) -> dict:
	"""The template filled from a real document, with its length in SMS parts."""
	if not (frappe.has_permission("SMS Message", "create") or frappe.has_permission("SMS Template", "write")):
		frappe.throw(_("Not permitted to send SMS."), frappe.PermissionError)
	doc = check_document(doctype, name)
	body_template = frappe.db.get_value("SMS Template", template, "body")
	if body_template is None:
		frappe.throw(_("SMS Template {0} does not exist.").format(template), frappe.DoesNotExistError)
	with sms_language():
		body = render_body(body_template, doc)
	return describe(body) | {"to": recipient_for(doc) or ""}


def describe(body: str) -> dict:
	chars, parts, unicode = sms_parts(body)
	return {"body": body, "chars": chars, "parts": parts, "unicode": unicode}


@frappe.whitelist(methods=["POST"])
def send(doctype: str, name: str, to: str, body: str, template: str | None = None) -> dict:
	"""Queue an SMS about a document (the Send SMS action). It appears on the document's timeline."""
	frappe.has_permission("SMS Message", "create", throw=True)
	check_document(doctype, name)
	try:
		normalize_mobile(to)
	except PhoneError as e:
		frappe.throw(phone_error_message(e, _("To")), exc=InvalidPhoneNumberError)
	if not (body or "").strip():
		frappe.throw(_("The message is empty. Choose a template or type a text."))
	message = queue_sms(
		to, body.strip(), reference_doctype=doctype, reference_name=name, template=template or None
	)
	row = frappe.db.get_value("SMS Message", message, ["name", "status", "error"], as_dict=True)
	return row


@frappe.whitelist(methods=["POST"])
def send_test(gateway: str, to: str) -> str:
	"""A test SMS through one gateway (its form's Send Test SMS button)."""
	frappe.has_permission("SMS Gateway", "write", throw=True)
	try:
		normalize_mobile(to)
	except PhoneError as e:
		frappe.throw(phone_error_message(e, _("To")), exc=InvalidPhoneNumberError)
	return queue_sms(
		to,
		_("Test message from {0} through gateway {1}.").format(frappe.local.site, gateway),
		reference_doctype="SMS Gateway",
		reference_name=gateway,
		gateway=gateway,
	)


# --- desk: SMS Message actions ---------------------------------------------------------------------


@frappe.whitelist(methods=["GET", "POST"])
def sender_context(name: str) -> dict:
	"""Who sent an inbound SMS: technician, customer and contact, and their open receptions."""
	message = check_document("SMS Message", name)
	number = message.from_number if message.direction == "In" else message.to
	return parties.sender_context(number, customer=message.customer, contact=message.contact)


@frappe.whitelist(methods=["POST"])
def link_message(name: str, reference_doctype: str, reference_name: str, customer: str | None = None) -> str:
	"""An operator links an Unmatched (or any inbound) SMS to the document it is about."""
	message = check_document("SMS Message", name, "write")
	if message.direction != "In":
		frappe.throw(_("Only inbound messages are linked by hand."))
	check_document(reference_doctype, reference_name)
	values = {
		"reference_doctype": reference_doctype,
		"reference_name": reference_name,
		"status": "Processed",
		"processing_note": _("Linked by {0} to {1} {2}.").format(
			frappe.session.user, _(reference_doctype), reference_name
		),
	}
	if customer:
		values["customer"] = customer
	frappe.db.set_value("SMS Message", name, values)
	return "Processed"


@frappe.whitelist(methods=["POST"])
def retry(name: str) -> str:
	"""Queue a Failed, Unknown (or stuck) outbound message again, now. An Unknown message keeps its
	client reference, so a provider that knows it does not send it twice; a Failed one gets a new
	reference (its old one may name a message the provider already handled)."""
	message = check_document("SMS Message", name, "write")
	if message.direction != "Out" or message.status not in ("Failed", "Queued", "Unknown"):
		frappe.throw(_("Only Failed, Unknown or Queued outbound messages can be sent again."))
	values = frappe._dict(
		status="Queued",
		to=message.to,
		body=message.body,
		gateway=message.gateway,
		template=message.template,
	)
	OutboundPreparer().prepare(values)
	frappe.db.set_value(
		"SMS Message",
		name,
		{
			"status": values.status,
			"to": values.to,
			"gateway": values.get("gateway"),
			"next_attempt_at": values.next_attempt_at,
			"attempts": 0,
			"error": values.get("error"),
			"client_reference": message.client_reference if message.status != "Failed" else None,
		},
	)
	if values.status == "Queued":
		enqueue_send(name)
	return values.status


@frappe.whitelist(methods=["POST"])
def mark_sent(name: str) -> str:
	"""An operator checked the provider's panel: the Unknown message did go out."""
	message = check_document("SMS Message", name, "write")
	if message.direction != "Out" or message.status != "Unknown":
		frappe.throw(_("Only outbound messages whose outcome is Unknown can be marked as sent."))
	frappe.db.set_value(
		"SMS Message",
		name,
		{
			"status": "Sent",
			"sent_on": message.sending_since or now_datetime(),
			"next_attempt_at": None,
			"error": None,
		},
	)
	message.add_comment(
		"Comment", _("Marked as sent by {0} after checking the provider.").format(frappe.session.user)
	)
	return "Sent"


@frappe.whitelist(methods=["POST"])
def process_again(name: str) -> str:
	"""Run an inbound message through processing again (after a technician's mobile was fixed, or
	once the reception status API is installed)."""
	message = check_document("SMS Message", name, "write")
	if message.direction != "In" or message.status not in ("Received", "Unmatched", "Failed"):
		frappe.throw(_("Only Received, Unmatched or Failed inbound messages can be processed again."))
	return reprocess(name)
