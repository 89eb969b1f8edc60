"""/agency/documents: the download centre. The files head office published to this agency, newest
first, each with its Download button and whether this user has downloaded it (agency/documents.py);
the button fetches the file through zhira_after_sales.api.agency_document.download, which logs it."""

import frappe
from frappe import _

from zhira_after_sales.agency import documents
from zhira_after_sales.agency.portal import page_context

no_cache = 1

DOWNLOAD_METHOD = "/api/method/zhira_after_sales.api.agency_document.download"


def get_context(context):
	agency = page_context(context, "documents", _("Downloads"))
	context.documents = documents.documents_for(agency, frappe.session.user)
	context.download_method = DOWNLOAD_METHOD
	# the endpoint sends a browser back here when the document is no longer there for the agency
	context.unavailable = bool(frappe.form_dict.get("unavailable"))
	context.downloaded_text = _("Downloaded")
	return context
