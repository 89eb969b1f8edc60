"""Service Tickets: a conversation between head office and a customer or a service agency.

    open_ticket(party_type, party, user, values, files=None) -> name
    add_reply(ticket, side, user, message, files=None, status=None, attachment=None) -> doc
    set_status(ticket, status, user) -> doc
    tickets_for(party_type, party, status=None, start=0, page_length=20) -> list[dict]
    ticket_view(party_type, party, name) -> dict
    party_file(party_type, party, name, file_url) -> File
    convert(ticket, target_doctype, user) -> name of the new document
    record_conversion(ticket, target_doctype, target_name, user)
    conversion_targets() -> [doctype]

Plain services: no HTTP, no session. The caller has decided who `user` is and for which party it
speaks (zhira_after_sales.api.ticket takes the party from the session, never from the request);
a party's tickets are read here only through `party_type` and `party`, so another party's ticket
is "not found", never "forbidden". `files` are (file name, bytes) pairs, checked before anything
is written (ticket_files).

Conversions are registered in hooks.py: `zhira_ticket_conversions = {doctype: "dotted.path"}`,
each `fn(ticket_doc) -> name` inserting the target document, which keeps the ticket in a field of
its own (Service Desk registers Service Reception; Customer Care a Complaint).
"""

import frappe
from frappe import _
from frappe.utils import add_days, cint, now_datetime

from zhira_after_sales.access import is_head_office
from zhira_after_sales.exceptions import HeadOfficeOnlyError
from zhira_after_sales.service_desk import ticket_files, ticket_notify, ticket_sla
from zhira_after_sales.service_desk import ticket_rules as rules
from zhira_after_sales.service_desk.doctype.service_ticket.service_ticket import ServiceTicketError
from zhira_after_sales.service_desk.ticket_notify import status_label
from zhira_after_sales.service_desk.ticket_rules import TicketRuleError

DOCTYPE = "Service Ticket"
PAGE_LENGTH = 20
CONVERSIONS_HOOK = "zhira_ticket_conversions"
# what a customer or agency may fill in when opening a ticket
OPENING_FIELDS = ("category", "subject", "description", "item_group", "service_type", "customer_device")
STATUS_COLORS = {
	rules.OPEN: "red",
	rules.ANSWERED: "blue",
	rules.REPLIED: "orange",
	rules.RESOLVED: "green",
	rules.CLOSED: "gray",
	rules.CONVERTED: "gray",
}
ATTACHMENT_METHOD = "/api/method/zhira_after_sales.api.ticket.attachment"

__all__ = ["ServiceTicketError"]


def category_label(category: str | None) -> str:
	return {
		"Service Request": _("Service Request"),
		"Complaint": _("Complaint"),
		"Question": _("Question"),
		"Financial": _("Financial"),
	}.get(category or "", category or "")


def side_label(side: str | None) -> str:
	return {
		rules.HEAD_OFFICE: _("Head Office"),
		rules.CUSTOMER: _("Customer"),
		rules.AGENCY: _("Agency"),
	}.get(side or "", side or "")


def status_choices() -> list[tuple[str, str]]:
	return [(status, status_label(status)) for status in rules.STATUSES]


def category_choices() -> list[tuple[str, str]]:
	return [(category, category_label(category)) for category in rules.CATEGORIES]


def max_file_mb() -> int:
	return ticket_files.max_megabytes()


def party_side(party_type: str) -> str:
	return rules.PARTY_SIDES[party_type]


def raise_rule(error: TicketRuleError, ticket=None):
	"""The translated message of a refused step."""
	name = frappe.bold(ticket.name) if ticket is not None else ""
	value = status_label(error.value) if error.value in rules.STATUSES else error.value
	messages = {
		TicketRuleError.CLOSED: _("Ticket {0} is closed. Open a new ticket to write to us again.").format(
			name
		),
		TicketRuleError.CONVERTED: _("Ticket {0} was converted to {1} {2}; the work goes on there.").format(
			name,
			_(ticket.converted_to_doctype or "") if ticket is not None else "",
			(ticket.converted_to or "") if ticket is not None else "",
		),
		TicketRuleError.NOT_FOR_PARTY: _("You may only mark your ticket as Resolved or Closed."),
		TicketRuleError.NOT_FOR_HEAD_OFFICE: _(
			"Head office sets a ticket to Open, Answered, Resolved or Closed; {0} is not one of them."
		).format(value),
		TicketRuleError.CONVERSION_ONLY: _(
			"A ticket becomes Converted only by converting it to another document."
		),
		TicketRuleError.SAME_STATUS: _("Ticket {0} is already {1}.").format(name, value),
		TicketRuleError.UNKNOWN_STATUS: _("{0} is not a ticket status. Choose one of: {1}.").format(
			frappe.bold(error.value), ", ".join(status_label(s) for s in rules.STATUSES)
		),
		TicketRuleError.UNKNOWN_SIDE: _("{0} is not a side of a ticket's conversation.").format(
			frappe.bold(error.value)
		),
	}
	frappe.throw(messages.get(error.reason, str(error)), exc=ServiceTicketError)


def locked_ticket(ticket):
	"""The ticket's document, its row locked until the transaction ends (two messages at once
	are stored one after the other)."""
	name = ticket if isinstance(ticket, str) else ticket.name
	if not name or not frappe.db.get_value(DOCTYPE, name, "name", for_update=True):
		not_found(name)
	return frappe.get_doc(DOCTYPE, name)


def not_found(name: str | None):
	frappe.throw(
		_("Ticket {0} not found.").format(frappe.bold(frappe.utils.escape_html(name or ""))),
		frappe.DoesNotExistError,
	)


def clean_text(value, label: str, limit: int, required: str, multiline: bool = True) -> str:
	text = rules.clean_text(value, multiline)
	if not text:
		frappe.throw(required, exc=ServiceTicketError)
	if len(text) > limit:
		frappe.throw(
			_("{0} is too long: at most {1} characters.").format(label, limit), exc=ServiceTicketError
		)
	return text


def clean_message(message) -> str:
	return clean_text(message, _("The message"), rules.MAX_MESSAGE, _("Type your message."))


def sender_name(user: str) -> str:
	return frappe.utils.get_fullname(user) or user


# --- opening and writing ------------------------------------------------------------------------


# tickets a customer or an agency may open in a day (more is a script, or someone stuck on the form)
DAILY_TICKETS = 20


def check_daily_limit(party_type: str, party: str):
	opened = frappe.db.count(
		DOCTYPE,
		{"party_type": party_type, "party": party, "creation": (">", add_days(now_datetime(), -1))},
	)
	if opened >= DAILY_TICKETS:
		frappe.throw(
			_(
				"You have opened {0} tickets in the last day. Add to one of them, or try again tomorrow."
			).format(opened),
			exc=ServiceTicketError,
		)


def open_ticket(party_type: str, party: str, user: str, values: dict, files=None) -> str:
	"""A new ticket of the customer or agency `party`, raised by `user`, with at most one file.
	Head office is told (desk notification)."""
	if party_type not in rules.PARTY_SIDES:
		frappe.throw(_("A ticket is with a Customer or a Service Agency."), exc=ServiceTicketError)
	values = {k: v for k, v in (values or {}).items() if k in OPENING_FIELDS and v not in (None, "")}
	category = values.get("category")
	if category not in rules.CATEGORIES:
		frappe.throw(
			_("Choose the ticket's category: {0}.").format(
				", ".join(category_label(c) for c in rules.CATEGORIES)
			),
			exc=ServiceTicketError,
		)
	values["subject"] = clean_text(
		values.get("subject"),
		_("The subject"),
		rules.MAX_SUBJECT,
		_("Type a subject for the ticket."),
		multiline=False,
	)
	values["description"] = clean_text(
		values.get("description"),
		_("The description"),
		rules.MAX_MESSAGE,
		_("Describe what the ticket is about."),
	)
	files = ticket_files.check_files(files)
	check_daily_limit(party_type, party)
	ticket = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"party_type": party_type,
			"party": party,
			"raised_by": user,
			"status": rules.OPEN,
			**values,
		}
	)
	ticket.insert(ignore_permissions=True)  # portal users have no rights on the DocType itself
	if files:
		ticket.db_set("attachment", ticket_files.store(ticket.name, files, "attachment")[0])
	ticket_notify.tell_of_new_ticket(ticket, user)
	return ticket.name


def add_reply(
	ticket,
	side: str,
	user: str,
	message: str,
	files=None,
	status: str | None = None,
	attachment: str | None = None,
):
	"""A message on the ticket from `side` ("Head Office", "Customer" or "Agency"), with one new
	file (`files`) or, from the desk, a file already attached to the ticket (`attachment`). Head
	office's message leaves the ticket Answered (or `status`: Resolved, Closed) and is sent to the
	party by SMS and email; the party's makes it head office's turn again."""
	doc = locked_ticket(ticket)
	if side != rules.HEAD_OFFICE and side != party_side(doc.party_type):
		raise_rule(TicketRuleError(TicketRuleError.UNKNOWN_SIDE, side), doc)
	text = clean_message(message)
	try:
		new_status = rules.status_after_reply(side, doc.status, status or None)
	except TicketRuleError as e:
		raise_rule(e, doc)
	files = ticket_files.check_files(files)
	if attachment and side != rules.HEAD_OFFICE:
		frappe.throw(_("Send the file with the message itself."), exc=ServiceTicketError)
	attachment = ticket_files.existing_attachment(doc.name, attachment)
	if files:
		attachment = ticket_files.store(doc.name, files)[0]
	now = now_datetime()
	reply = doc.append(
		"replies",
		{
			"side": side,
			"user": user,
			"sender_name": sender_name(user),
			"message": text,
			"attachment": attachment,
			"posted_on": now,
		},
	)
	if side == rules.HEAD_OFFICE and not any(
		row.side == rules.HEAD_OFFICE for row in doc.replies if row is not reply
	):
		ticket_sla.mark_first_response(doc)
	doc.status = new_status
	doc.last_message_on = now
	doc.save(ignore_permissions=True)
	if side == rules.HEAD_OFFICE:
		ticket_notify.tell_party_of_answer(doc, reply)
	else:
		ticket_notify.tell_of_party_reply(doc, reply)
	return doc


def set_status(ticket, status: str, user: str):
	"""Head office sets Open, Answered, Resolved or Closed (the party is told); the party
	resolves or closes its own ticket (head office is told)."""
	doc = locked_ticket(ticket)
	side = rules.HEAD_OFFICE if is_head_office(user) else party_side(doc.party_type)
	try:
		rules.check_status_change(side, doc.status, status)
	except TicketRuleError as e:
		raise_rule(e, doc)
	doc.status = status
	doc.save(ignore_permissions=True)
	if side == rules.HEAD_OFFICE:
		ticket_notify.tell_party_of_status(doc)
	else:
		ticket_notify.tell_of_party_status(doc, user)
	return doc


# --- a party's own tickets ------------------------------------------------------------------------


def own_ticket(party_type: str, party: str, name: str | None):
	"""The ticket, if it is the party's; else not found (whether it exists or not)."""
	if (
		not name
		or not isinstance(name, str)
		or not party
		or frappe.db.get_value(DOCTYPE, name, ["party_type", "party"]) != (party_type, party)
	):
		not_found(name if isinstance(name, str) else "")
	return frappe.get_doc(DOCTYPE, name)


def tickets_for(
	party_type: str, party: str, status: str | None = None, start: int = 0, page_length: int = PAGE_LENGTH
) -> list[dict]:
	"""One page of the party's tickets, newest activity first; `status` narrows to one status."""
	filters = {"party_type": party_type, "party": party}
	if status in rules.STATUSES:
		filters["status"] = status
	rows = frappe.get_all(
		DOCTYPE,
		filters=filters,
		fields=["name", "subject", "category", "status", "opened_on", "last_message_on", "converted_to"],
		order_by="last_message_on desc, name desc",
		limit_start=max(cint(start), 0),
		limit_page_length=min(max(cint(page_length), 1), 100),
		ignore_permissions=True,  # narrowed to the party above
	)
	for row in rows:
		row.update(labels(row))
	return rows


def labels(row) -> dict:
	return {
		"status_label": status_label(row.status),
		"status_color": STATUS_COLORS.get(row.status, "gray"),
		"category_label": category_label(row.category),
		"waiting_for_you": row.status in rules.WAITING_FOR_PARTY,
	}


def ticket_view(party_type: str, party: str, name: str) -> dict:
	"""The party's ticket as its portal page shows it: the opening message and every reply in
	order, what the party may still do."""
	doc = own_ticket(party_type, party, name)
	mine = party_side(party_type)
	opening = {
		"side": mine,
		"side_label": side_label(mine),
		"mine": True,
		"sender": sender_name(doc.raised_by) if doc.raised_by else doc.party_name,
		"when": doc.opened_on,
		"text": doc.description,
		"file": portal_file(doc, doc.attachment),
	}
	messages = [opening] + [
		{
			"side": row.side,
			"side_label": side_label(row.side),
			"mine": row.side == mine,
			"sender": row.sender_name if row.side == mine else head_office_sender(row),
			"when": row.posted_on,
			"text": row.message,
			"file": portal_file(doc, row.attachment),
		}
		for row in doc.replies
	]
	return {
		"name": doc.name,
		"subject": doc.subject,
		"category": doc.category,
		"status": doc.status,
		"opened_on": doc.opened_on,
		"resolved_on": doc.resolved_on,
		"closed_on": doc.closed_on,
		"item_group": doc.item_group,
		"service_type": doc.service_type,
		"converted_to_doctype": doc.converted_to_doctype,
		"converted_to": doc.converted_to,
		"converted_label": converted_label(doc),
		**labels(doc),
		"messages": messages,
		"can_reply": rules.party_may_write(doc.status),
		"can_resolve": doc.status in (rules.OPEN, rules.ANSWERED, rules.REPLIED),
		"can_close": doc.status not in (rules.CLOSED, rules.CONVERTED),
	}


def head_office_sender(row) -> str:
	"""Head office's people sign as head office, with their name."""
	return _("Head Office") + (f" - {row.sender_name}" if row.sender_name else "")


def converted_label(doc) -> str:
	"""What the ticket became, as its party knows it (a reception by its tracking code)."""
	if not doc.converted_to:
		return ""
	meta = frappe.get_meta(doc.converted_to_doctype)
	reference = doc.converted_to
	if meta.has_field("tracking_code"):
		reference = (
			frappe.db.get_value(doc.converted_to_doctype, doc.converted_to, "tracking_code") or reference
		)
	return f"{_(doc.converted_to_doctype)} {reference}"


def portal_file(doc, file_url: str | None) -> dict | None:
	described = ticket_files.describe(file_url)
	if described:
		described["download"] = (
			f"{ATTACHMENT_METHOD}?{frappe.utils.urlencode({'name': doc.name, 'file_url': file_url})}"
		)
	return described


def party_file(party_type: str, party: str, name: str, file_url: str):
	"""A file of the party's own ticket's conversation (its File record), else not found."""
	return ticket_files.file_record(own_ticket(party_type, party, name), file_url)


# --- conversions ----------------------------------------------------------------------------------


def conversions() -> dict[str, str]:
	"""{doctype: dotted path} of the registered conversions (the last registration of a DocType
	wins)."""
	registered = frappe.get_hooks(CONVERSIONS_HOOK) or {}
	return {doctype: paths[-1] if isinstance(paths, list) else paths for doctype, paths in registered.items()}


def conversion_targets() -> list[str]:
	return sorted(conversions())


def convert(ticket, target_doctype: str, user: str) -> str:
	"""Turn the ticket into a new `target_doctype` document through its registered conversion;
	the ticket records it (Converted) and its party is told."""
	if not is_head_office(user):
		frappe.throw(_("Only head office converts tickets."), exc=HeadOfficeOnlyError)
	doc = locked_ticket(ticket)
	path = conversions().get(target_doctype)
	if not path:
		frappe.throw(
			_("A ticket cannot be converted to {0}. It can become: {1}.").format(
				frappe.bold(target_doctype or ""), ", ".join(_(d) for d in conversion_targets()) or "-"
			),
			exc=ServiceTicketError,
		)
	if doc.converted_to:
		frappe.throw(
			_("Ticket {0} was already converted to {1} {2}.").format(
				frappe.bold(doc.name), _(doc.converted_to_doctype), frappe.bold(doc.converted_to)
			),
			exc=ServiceTicketError,
		)
	target_name = frappe.get_attr(path)(doc)
	record_conversion(doc, target_doctype, target_name, user)
	return target_name


def record_conversion(ticket, target_doctype: str, target_name: str, user: str):
	"""The ticket became `target_name`: link it, mark it Converted, tell the party."""
	doc = locked_ticket(ticket)
	if doc.converted_to == target_name and doc.converted_to_doctype == target_doctype:
		return doc
	if doc.converted_to:
		frappe.throw(
			_("Ticket {0} was already converted to {1} {2}.").format(
				frappe.bold(doc.name), _(doc.converted_to_doctype), frappe.bold(doc.converted_to)
			),
			exc=ServiceTicketError,
		)
	doc.converted_to_doctype = target_doctype
	doc.converted_to = target_name
	doc.status = rules.CONVERTED
	doc.save(ignore_permissions=True)
	ticket_notify.tell_party_of_status(doc)
	return doc
