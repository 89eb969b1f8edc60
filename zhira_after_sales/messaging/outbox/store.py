"""Storing outbound messages: one message to a number, or an event's template filled from a
document. Nothing is sent here: storing a Queued message enqueues its sending after the commit
(SMS Message.after_insert)."""

import frappe
from frappe import _

from zhira_after_sales.messaging.templates import (
	describe_missing_template,
	recipient_for,
	render_template,
	template_for,
)


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
	message = fill_event(event, doc, to)
	return store_outbound(
		to=message.to,
		body=message.body or "",
		reference_doctype=doc.doctype,
		reference_name=doc.name,
		template=message.template,
		event=event,
		failure=message.error,
	)


def fill_event(event: str, doc, to: str | None = None) -> frappe._dict:
	"""The event's template filled from `doc`, for `to` or the document's mobile: `template`, `to`,
	`body`, and `error` (why it cannot be sent) or None."""
	message = frappe._dict(
		template=template_for(event, doc), to=to or recipient_for(doc) or "", body=None, error=None
	)
	if not message.template:
		message.error = describe_missing_template(event)
	else:
		try:
			message.body = render_template(message.template, doc)
		except Exception as e:
			message.error = _("SMS Template {0} could not be filled from {1} {2}: {3}").format(
				message.template, _(doc.doctype), doc.name, e
			)
	if not message.error and not message.to:
		message.error = _(
			"No mobile number to send to: {0} {1} has no mobile and no customer with one."
		).format(_(doc.doctype), doc.name)
	return message


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
