# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Agency Document Download: one download of an Agency Document by a user of an agency, written
by agency.documents.download before the file is sent. Nobody creates or edits one by hand; head
office reads them."""

import frappe
from frappe.model.document import Document


class AgencyDocumentDownload(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link
		agency_document: DF.Link
		document_title: DF.Data | None
		downloaded_on: DF.Datetime
		user: DF.Link
	# end: auto-generated types
	pass


def on_doctype_update():
	frappe.db.add_index("Agency Document Download", ["agency_document", "user"])
	frappe.db.add_index("Agency Document Download", ["agency", "downloaded_on"])
