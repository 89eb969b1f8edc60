"""Files sent with a ticket's messages: private Frappe File records attached to the Service Ticket,
checked first (a photo - JPEG, PNG, WebP - or a PDF, recognised by its bytes, of at most 5 MB),
the way the agency portal stores a work report's photos.

    read_upload(upload) -> (file name, bytes)        a multipart upload, checked
    check_file(file_name, content) -> (name, bytes)   the same for bytes from elsewhere
    store(ticket, files, field=None) -> [file_url]    insert the File records (private)
    existing_attachment(ticket, file_url) -> url      a file already attached to the ticket (desk)
    party_urls(doc) -> set                            the files of the conversation, which its
                                                      customer or agency may download
"""

import frappe
from frappe import _

from zhira_after_sales.service_desk import ticket_rules as rules
from zhira_after_sales.service_desk.doctype.service_ticket.service_ticket import ServiceTicketError
from zhira_after_sales.service_desk.ticket_rules import TicketRuleError

DOCTYPE = "Service Ticket"
MAX_FILES = 1  # one file with each message
IMAGE_TYPES = ("jpg", "png", "webp")


def max_megabytes() -> int:
	return rules.MAX_FILE_BYTES // (1024 * 1024)


def file_error(error: TicketRuleError):
	messages = {
		TicketRuleError.EMPTY_FILE: _("The attached file is empty. Choose the file again."),
		TicketRuleError.FILE_TYPE: _(
			"Attach a photo (JPEG, PNG or WebP) or a PDF; other kinds of file are not accepted."
		),
		TicketRuleError.FILE_SIZE: _(
			"The attached file is larger than {0} MB. Send a smaller photo or PDF."
		).format(max_megabytes()),
	}
	frappe.throw(messages.get(error.reason, messages[TicketRuleError.FILE_TYPE]), exc=ServiceTicketError)


def check_file(file_name: str | None, content: bytes) -> tuple[str, bytes]:
	try:
		extension = rules.check_file(content or b"")
	except TicketRuleError as e:
		file_error(e)
	return rules.safe_file_name(file_name, extension), content


def read_upload(upload) -> tuple[str, bytes]:
	"""A werkzeug FileStorage from a multipart request: read at most one byte over the limit."""
	content = upload.stream.read(rules.MAX_FILE_BYTES + 1)
	return check_file(upload.filename, content)


def check_files(files) -> list[tuple[str, bytes]]:
	files = [f for f in (files or []) if f]
	if len(files) > MAX_FILES:
		frappe.throw(_("Attach one file to a message."), exc=ServiceTicketError)
	return [check_file(name, content) for name, content in files]


def store(ticket: str, files: list[tuple[str, bytes]], field: str | None = None) -> list[str]:
	"""Private File records attached to the ticket (already checked by check_files)."""
	urls = []
	for file_name, content in files:
		saved = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": DOCTYPE,
				"attached_to_name": ticket,
				"attached_to_field": field,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)  # the caller has checked who writes to the ticket
		urls.append(saved.file_url)
	return urls


def existing_attachment(ticket: str, file_url: str | None) -> str | None:
	"""A file head office uploaded to the ticket in the desk, to go with its reply."""
	if not file_url:
		return None
	if not frappe.db.exists(
		"File", {"file_url": file_url, "attached_to_doctype": DOCTYPE, "attached_to_name": ticket}
	):
		frappe.throw(
			_("{0} is not a file of ticket {1}. Attach it to the ticket first.").format(
				frappe.bold(file_url), frappe.bold(ticket)
			),
			exc=ServiceTicketError,
		)
	return file_url


def party_urls(doc) -> set[str]:
	"""The files of the conversation itself: the opening message's and the replies'. Other files
	head office attached to the ticket in the desk stay with head office."""
	return {url for url in [doc.attachment, *(row.attachment for row in doc.replies)] if url}


def file_record(doc, file_url: str):
	"""The File of `file_url` if it is one of the conversation's files, else not found."""
	name = (
		file_url in party_urls(doc)
		and frappe.db.get_value(
			"File", {"file_url": file_url, "attached_to_doctype": DOCTYPE, "attached_to_name": doc.name}
		)
	) or None
	if not name:
		frappe.throw(_("The file was not found."), frappe.DoesNotExistError)
	return frappe.get_doc("File", name)


def describe(file_url: str | None) -> dict | None:
	"""What a page shows of a file: its name and whether it is a photo."""
	if not file_url:
		return None
	name = file_url.rsplit("/", 1)[-1]
	extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
	return {"url": file_url, "name": name, "is_image": extension in IMAGE_TYPES}
