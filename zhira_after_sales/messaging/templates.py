"""Filling SMS Templates from documents, choosing the template for an event and the number to
send to."""

import re

import frappe
from frappe import _

from zhira_after_sales.utils.phone import try_parse

TEMPLATE_CONTEXT_HOOK = "zhira_sms_template_context"
EVENT_TEMPLATE_HOOK = "zhira_sms_event_template"
# fields that may hold the mobile number of the person a document is about, in this order
MOBILE_FIELDS = ("mobile_no", "mobile", "contact_mobile", "customer_mobile", "phone", "phone_no")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# a field that renders empty leaves "name ." or "( )": no space before punctuation
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([.,،؛:!؟?)])")


def jinja_env():
	"""Frappe's sandboxed Jinja environment (with the app's filters), except that a field the
	document lacks renders empty instead of Frappe's debug text: one template serves documents
	that carry slightly different fields."""
	env = getattr(frappe.local, "zhira_sms_jenv", None)
	if env is None:
		from frappe.utils.jinja import get_jenv
		from jinja2 import ChainableUndefined

		env = get_jenv().overlay(undefined=ChainableUndefined)
		env.zhira_compiled = {}
		frappe.local.zhira_sms_jenv = env
	return env


def compile_body(body: str):
	env = jinja_env()
	if body not in env.zhira_compiled:
		if ".__" in body:
			frappe.throw(_("Illegal template"))
		if len(env.zhira_compiled) > 256:
			env.zhira_compiled.clear()
		env.zhira_compiled[body] = env.from_string(body)
	return env.zhira_compiled[body]


def render_body(body: str, doc) -> str:
	"""The template text filled from `doc` (a Document): Jinja with the app's filters."""
	text = compile_body(body or "").render(template_context(doc))
	lines = [" ".join(line.split()) for line in text.strip().splitlines()]
	text = _BLANK_LINES.sub("\n", "\n".join(lines)).strip()
	return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)


def render_template(template: str, doc) -> str:
	# from Frappe's document cache, which Frappe empties when the template is saved or deleted
	return render_body(frappe.get_cached_value("SMS Template", template, "body"), doc)


def template_context(doc) -> dict:
	"""The values a template is rendered with: `doc`, the default `company`, and what each
	`context(doc) -> dict` registered under `zhira_sms_template_context` adds (Service Desk: the
	customer label of the document's status as `status_label`)."""
	context = {"doc": doc, "company": frappe.defaults.get_global_default("company")}
	for path in frappe.get_hooks(TEMPLATE_CONTEXT_HOOK) or []:
		context.update(frappe.get_attr(path)(doc))
	return context


def template_for(event: str, doc=None) -> str | None:
	"""The template an event uses for `doc`: the one a function registered under
	`zhira_sms_event_template` chooses (Service Desk: a status's own template for Status Changed),
	else the event's default for the document's type, else its default for any type, else any
	enabled template of the event."""
	doctype = doc.doctype if doc is not None else None
	if doc is not None:
		for path in frappe.get_hooks(EVENT_TEMPLATE_HOOK) or []:
			own = frappe.get_attr(path)(event, doc)
			if own and frappe.db.get_value("SMS Template", own, "enabled"):
				return own
	candidates = frappe.get_all(
		"SMS Template",
		filters={"event": event, "enabled": 1},
		fields=["name", "is_default", "reference_doctype"],
		order_by="is_default desc, modified desc",
	)
	for rank in (
		lambda t: t.is_default and t.reference_doctype == doctype,
		lambda t: t.is_default and not t.reference_doctype,
		lambda t: t.reference_doctype == doctype,
		lambda t: not t.reference_doctype,
	):
		for template in candidates:
			if rank(template):
				return template.name
	return None


def templates_for_doctype(doctype: str) -> list[dict]:
	return frappe.get_all(
		"SMS Template",
		filters={"enabled": 1},
		or_filters=[["reference_doctype", "=", doctype], ["reference_doctype", "is", "not set"]],
		fields=["name", "event", "reference_doctype", "body"],
		order_by="reference_doctype desc, template_name asc",
	)


def recipient_for(doc) -> str | None:
	"""The mobile number (E.164) a document's SMS goes to: its own mobile field, else its
	customer's mobile."""
	for fieldname in MOBILE_FIELDS:
		value = doc.get(fieldname)
		phone = try_parse(value) if value else None
		if phone and phone.is_mobile:
			return phone.e164
	customer = doc.get("customer") if doc.doctype != "Customer" else doc.name
	if customer and isinstance(customer, str):
		value = frappe.db.get_value("Customer", customer, "mobile_no")
		phone = try_parse(value) if value else None
		if phone and phone.is_mobile:
			return phone.e164
	return None


def describe_missing_template(event: str) -> str:
	return _("No enabled SMS Template for the event {0}. Add one in SMS Template and tick Default.").format(
		_(event)
	)
