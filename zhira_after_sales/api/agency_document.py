"""The download centre's endpoint (agency/documents.py): the file of an Agency Document, sent as
an attachment to a user who may download it, after the download is logged.

    GET /api/method/zhira_after_sales.api.agency_document.download?name=<Agency Document>
"""

import os
import unicodedata
from urllib.parse import quote

import frappe
from frappe.utils.response import send_private_file

from zhira_after_sales.agency import documents
from zhira_after_sales.api.gate import requires

DOCTYPE = "Agency Document"
UNAVAILABLE_PAGE = "/agency/documents?unavailable=1"


@frappe.whitelist(methods=["GET"])
@requires(DOCTYPE, "read")
def download(name: str):
	"""The file of `name` as an attachment. Another agency's document, an unpublished one and a
	missing one get the same "not found" (a browser following the portal's link is sent back to the
	download centre, which says the document is no longer available)."""
	try:
		file = documents.download(name)
	except frappe.DoesNotExistError:
		if "text/html" not in (frappe.get_request_header("Accept") or ""):
			raise
		frappe.clear_messages()
		frappe.local.response["type"] = "redirect"
		frappe.local.response["location"] = UNAVAILABLE_PAGE
		return None
	# Frappe rolls a GET request back unless told otherwise: the download log must stay
	frappe.local.flags.commit = True
	response = send_private_file(file.file_url.split("/private", 1)[1])
	response.headers["Content-Disposition"] = content_disposition(file.file_name or file.file_url)
	response.headers["Cache-Control"] = "no-store"  # every download reaches the server and is logged
	return response


def content_disposition(file_name: str) -> str:
	"""`attachment` with the file's own name: plain ASCII as is, anything else (a Persian name) as
	RFC 6266 `filename*` beside an ASCII fallback."""
	file_name = "".join(c for c in os.path.basename(file_name) if c.isprintable() and c not in '"\\')
	if file_name.isascii():
		return f'attachment; filename="{file_name}"'
	stem, extension = os.path.splitext(file_name)
	simple = ascii_only(stem) or "document"
	return f"attachment; filename=\"{simple}{ascii_only(extension)}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def ascii_only(text: str) -> str:
	return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().strip()
