"""Endpoints of Service Tickets (service: zhira_after_sales.service_desk.tickets).

For the customer and agency portals (`/service/ticket*`, `/agency/ticket*`): `open_ticket`,
`my_tickets`, `view`, `reply`, `close`, `attachment`. The party is the session user's - the agency
of an agency portal user (agency.portal.require_agency), else the customer of a customer's login
(customer_care.customer_portal.require_customer) - never one sent in the request: another party's
ticket is not found. A file comes with the message in the same multipart request (`attachment`).

For head office (the desk form): `reply` (with a file already uploaded to the ticket), `set_status`,
`convert`.
"""

import mimetypes

import frappe
from frappe import _

from zhira_after_sales.access import is_agency_user, is_head_office
from zhira_after_sales.agency.portal import require_agency
from zhira_after_sales.api.gate import require_doc, requires
from zhira_after_sales.customer_care.customer_portal import require_customer
from zhira_after_sales.service_desk import ticket_files, tickets
from zhira_after_sales.service_desk import ticket_rules as rules

DOCTYPE = "Service Ticket"
UPLOAD_FIELD = "attachment"


def portal_party() -> tuple[str, str]:
	"""(party_type, party) of the session user: their agency, else their customer."""
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to see your tickets."), frappe.PermissionError)
	if is_agency_user():
		return "Service Agency", require_agency()
	return "Customer", require_customer()


def uploaded_files() -> list[tuple[str, bytes]]:
	"""The file sent with the message in this multipart request, checked."""
	request = getattr(frappe.local, "request", None)  # none when called in process
	files = getattr(request, "files", None)
	uploads = [u for u in files.getlist(UPLOAD_FIELD) if u and u.filename] if files else []
	if len(uploads) > ticket_files.MAX_FILES:
		frappe.throw(_("Attach one file to a message."), exc=tickets.ServiceTicketError)
	return [ticket_files.read_upload(upload) for upload in uploads]


def summary(doc) -> dict:
	return {
		"name": doc.name,
		"status": doc.status,
		"status_label": tickets.status_label(doc.status),
		"replies": len(doc.replies),
		"converted_to_doctype": doc.converted_to_doctype,
		"converted_to": doc.converted_to,
	}


# --- the customer's and the agency's ----------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def open_ticket(
	category: str,
	subject: str,
	description: str,
	item_group: str | None = None,
	service_type: str | None = None,
	customer_device: str | None = None,
) -> dict:
	"""Open a ticket of the caller's agency or customer, with a photo or PDF (`attachment`)."""
	party_type, party = portal_party()
	values = {
		"category": category,
		"subject": subject,
		"description": description,
		"item_group": item_group,
		"service_type": service_type,
		"customer_device": customer_device if party_type == "Customer" else None,
	}
	name = tickets.open_ticket(party_type, party, frappe.session.user, values, uploaded_files())
	return {"name": name}


@frappe.whitelist()
def my_tickets(status: str | None = None, start: int = 0) -> list[dict]:
	"""One page of the caller's tickets (`status` narrows)."""
	party_type, party = portal_party()
	return tickets.tickets_for(party_type, party, status, start)


@frappe.whitelist()
def view(name: str) -> dict:
	"""One of the caller's tickets with its conversation."""
	party_type, party = portal_party()
	return tickets.ticket_view(party_type, party, name)


@frappe.whitelist(methods=["POST"])
def reply(name: str, message: str, status: str | None = None, attachment: str | None = None) -> dict:
	"""Write on a ticket. Head office: the ticket must be one it may change; `status` (Answered,
	Resolved, Closed) and `attachment` (a file uploaded to the ticket) are optional. Customer or
	agency: their own ticket, a file in the request."""
	if is_head_office():
		doc = require_doc(DOCTYPE, name, "write")
		doc = tickets.add_reply(
			doc.name,
			rules.HEAD_OFFICE,
			frappe.session.user,
			message,
			files=uploaded_files(),
			status=status,
			attachment=attachment,
		)
		return summary(doc)
	party_type, party = portal_party()
	doc = tickets.own_ticket(party_type, party, name)
	doc = tickets.add_reply(
		doc.name,
		tickets.party_side(party_type),
		frappe.session.user,
		message,
		files=uploaded_files(),
		status=status,
		attachment=attachment,
	)
	return summary(doc)


@frappe.whitelist(methods=["POST"])
def close(name: str, status: str = rules.CLOSED) -> dict:
	"""The customer or agency marks its own ticket Resolved or Closed."""
	party_type, party = portal_party()
	doc = tickets.own_ticket(party_type, party, name)
	return summary(tickets.set_status(doc.name, status, frappe.session.user))


@frappe.whitelist(methods=["GET"])
def attachment(name: str, file_url: str):
	"""A file of the conversation of one of the caller's tickets (head office: any ticket it may
	read), shown in the browser."""
	if is_head_office():
		doc = require_doc(DOCTYPE, name, "read")
		file = ticket_files.file_record(doc, file_url)
	else:
		party_type, party = portal_party()
		file = tickets.party_file(party_type, party, name, file_url)
	extension = (file.file_name or "").rsplit(".", 1)[-1].lower()
	frappe.local.response.filename = file.file_name
	frappe.local.response.filecontent = file.get_content()
	frappe.local.response.content_type = rules.FILE_TYPES.get(extension) or (
		mimetypes.guess_type(file.file_name or "")[0] or "application/octet-stream"
	)
	frappe.local.response.display_content_as = "inline" if extension in rules.FILE_TYPES else "attachment"
	frappe.local.response.type = "download"


# --- head office's ----------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
@requires(DOCTYPE, "write")
def set_status(name: str, status: str) -> dict:
	"""Head office sets Open, Answered, Resolved or Closed; the party is told by SMS and email."""
	doc = require_doc(DOCTYPE, name, "write")
	return summary(tickets.set_status(doc.name, status, frappe.session.user))


@frappe.whitelist(methods=["POST"])
@requires(DOCTYPE, "write")
def convert(name: str, target_doctype: str) -> dict:
	"""Turn the ticket into a new document of a registered kind (Service Reception...)."""
	doc = require_doc(DOCTYPE, name, "write")
	target = tickets.convert(doc.name, target_doctype, frappe.session.user)
	return {"doctype": target_doctype, "name": target, "ticket": summary(frappe.get_doc(DOCTYPE, doc.name))}
