# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Agency Document (فایل نمایندگی‌ها): a file head office publishes to every service agency or to
the ones it picks, from its Published On date while Published is ticked. Agencies download it at
/agency/documents; each download is logged (Agency Document Download) and counted here, and the
form lists the downloads by agency. The rules: agency/documents.py; who reads which:
agency/document_permissions.py."""

import os

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.access import is_head_office
from zhira_after_sales.agency import documents
from zhira_after_sales.agency.documents import AgencyDocumentError


class AgencyDocument(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.agency.doctype.agency_document_agency.agency_document_agency import (
			AgencyDocumentAgency,
		)

		agencies: DF.TableMultiSelect[AgencyDocumentAgency]
		audience: DF.Literal["All Agencies", "Selected Agencies"]
		description: DF.SmallText | None
		download_count: DF.Int
		file: DF.Attach
		file_size: DF.Int
		file_type: DF.Data | None
		is_published: DF.Check
		published_on: DF.Date
		title: DF.Data

	# end: auto-generated types
	def validate(self):
		self.validate_audience()
		self.validate_file()

	def onload(self):
		if is_head_office() and not self.is_new():
			self.set_onload("downloads", documents.downloads_by_agency(self))

	def validate_audience(self):
		if self.audience == documents.ALL_AGENCIES:
			self.set("agencies", [])
			return
		seen, rows = set(), []
		for row in self.agencies:
			if row.agency and row.agency not in seen:
				seen.add(row.agency)
				rows.append(row)
		self.set("agencies", rows)
		if not rows:
			frappe.throw(
				_("Choose at least one agency under {0}, or set {1} to {2}.").format(
					_("Agencies"), _("Audience"), _(documents.ALL_AGENCIES)
				),
				AgencyDocumentError,
				title=_("No agencies chosen"),
			)

	def validate_file(self):
		if not (self.file or "").startswith("/private/files/"):
			frappe.throw(
				_(
					"Attach the file as a private file (keep Private ticked when uploading): a public file can be downloaded by anyone who has its address."
				),
				AgencyDocumentError,
			)
		file = frappe.db.get_value(
			"File", {"file_url": self.file, "is_folder": 0}, ["file_name", "file_size"], as_dict=True
		)
		if not file:
			frappe.throw(
				_("The file {0} was not found. Upload it again.").format(frappe.bold(self.file)),
				AgencyDocumentError,
			)
		self.file_type = os.path.splitext(file.file_name or self.file)[1].lstrip(".").upper()
		self.file_size = file.file_size
