"""Who hears of what happens on a ticket.

- The customer or agency, when head office answers or changes the status: an SMS through the
  Messaging outbox (events "Ticket Answered" and "Ticket Status Changed", stored first, sent in the
  background) to the ticket's mobile, and an email when the ticket has an address that can take
  mail.
- Head office, when a ticket is opened or its party writes, resolves or closes it: a desk
  notification (the bell, with a link to the ticket) to the users the ticket is assigned to, else
  to every After Sales Manager.
"""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.utils import escape_html, get_url, validate_email_address

from zhira_after_sales.consts import MANAGER_ROLE
from zhira_after_sales.messaging.outbox import send_event
from zhira_after_sales.service_desk import ticket_rules as rules

DOCTYPE = "Service Ticket"
ANSWERED_EVENT = "Ticket Answered"
STATUS_EVENT = "Ticket Status Changed"
# the pages where a party reads its ticket
PORTAL_PAGES = {"Customer": "/service/ticket", "Service Agency": "/agency/ticket"}


def status_label(status: str | None, lang: str | None = None) -> str:
	labels = {
		rules.OPEN: _("Open", lang=lang),
		rules.ANSWERED: _("Answered", lang=lang),
		rules.REPLIED: _("Replied", lang=lang),
		rules.RESOLVED: _("Resolved", lang=lang),
		rules.CLOSED: _("Closed", lang=lang),
		rules.CONVERTED: _("Converted", lang=lang),
	}
	return labels.get(status or "", status or "")


def template_context(doc) -> dict:
	"""Registered under `zhira_sms_template_context`: a ticket's status in the SMS language."""
	if getattr(doc, "doctype", None) != DOCTYPE:
		return {}
	lang = frappe.db.get_single_value("After Sales Settings", "sms_language") or "fa"
	return {"status_label": status_label(doc.status, lang)}


def portal_link(ticket) -> str:
	return get_url(f"{PORTAL_PAGES[ticket.party_type]}?name={frappe.utils.quote(ticket.name)}")


def mail_address(ticket) -> str | None:
	"""The ticket's email, if it can take mail (mobile-only portal users have made-up
	addresses in the .invalid domain)."""
	email = (ticket.email_id or "").strip()
	if not email or email.lower().endswith(".invalid"):
		return None
	return validate_email_address(email) or None


# --- to the customer or agency ----------------------------------------------------------------


def tell_party_of_answer(ticket, reply) -> str | None:
	"""Head office answered: SMS and email to the party. Returns the SMS Message's name."""
	sms = send_event(ANSWERED_EVENT, ticket, to=ticket.mobile_no) if ticket.mobile_no else None
	email_party(
		ticket,
		_("Ticket {0}: {1} - we answered").format(ticket.name, ticket.subject),
		reply.message,
		reply.attachment,
	)
	return sms


def tell_party_of_status(ticket) -> str | None:
	"""Head office changed the status by hand: SMS and email to the party."""
	sms = send_event(STATUS_EVENT, ticket, to=ticket.mobile_no) if ticket.mobile_no else None
	email_party(
		ticket,
		_("Ticket {0}: {1} - {2}").format(ticket.name, ticket.subject, status_label(ticket.status)),
		_("The status of your ticket is now: {0}.").format(status_label(ticket.status)),
	)
	return sms


def email_party(ticket, subject: str, text: str, attachment: str | None = None):
	recipient = mail_address(ticket)
	if not recipient:
		return
	lines = escape_html(text or "").replace("\n", "<br>")
	link = portal_link(ticket)
	message = (
		f"<p>{escape_html(_('Dear {0},').format(ticket.party_name or ''))}</p>"
		f"<p>{lines}</p>"
		+ (
			f"<p>{escape_html(_('A file is attached to this message on the portal.'))}</p>"
			if attachment
			else ""
		)
		+ f'<p><a href="{escape_html(link)}">{escape_html(_("Open the ticket"))}</a></p>'
	)
	try:
		frappe.sendmail(
			recipients=[recipient],
			subject=subject,
			message=message,
			reference_doctype=DOCTYPE,
			reference_name=ticket.name,
		)
	except frappe.OutgoingEmailError:
		# a site without outgoing mail still answers its tickets: the SMS and the portal carry it
		frappe.clear_last_message()


# --- to head office ---------------------------------------------------------------------------


def head_office_users(ticket) -> list[str]:
	"""The users the ticket is assigned to, else the enabled After Sales Managers."""
	assigned = [user for user in ticket.get_assigned_users() if frappe.db.get_value("User", user, "enabled")]
	if assigned:
		return sorted(assigned)
	managers = frappe.get_all(
		"Has Role", {"role": MANAGER_ROLE, "parenttype": "User"}, pluck="parent", distinct=True
	)
	return sorted(
		frappe.get_all(
			"User",
			{"name": ("in", managers or [""]), "enabled": 1, "user_type": "System User"},
			pluck="name",
		)
	)


def tell_head_office(ticket, subject: str, text: str | None = None, from_user: str | None = None):
	"""A desk notification (the bell) about the ticket to the users who work it."""
	users = head_office_users(ticket)
	if not users:
		return []
	make_notification_logs(
		frappe._dict(
			type="Alert",
			document_type=DOCTYPE,
			document_name=ticket.name,
			subject=escape_html(subject),
			email_content=escape_html(text or "").replace("\n", "<br>") or None,
			from_user=from_user,
		),
		users,
	)
	return users


def tell_of_new_ticket(ticket, user: str):
	tell_head_office(
		ticket,
		_("New ticket {0} from {1}: {2}").format(ticket.name, ticket.party_name, ticket.subject),
		ticket.description,
		user,
	)


def tell_of_party_reply(ticket, reply):
	tell_head_office(
		ticket,
		_("{0} wrote on ticket {1}: {2}").format(ticket.party_name, ticket.name, ticket.subject),
		reply.message,
		reply.user,
	)


def tell_of_party_status(ticket, user: str):
	tell_head_office(
		ticket,
		_("{0} marked ticket {1} as {2}").format(ticket.party_name, ticket.name, status_label(ticket.status)),
		None,
		user,
	)
