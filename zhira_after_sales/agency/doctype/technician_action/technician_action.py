# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Technician Action: one action taken in the technician app (a status change or a work report),
written by zhira_after_sales.agency.technician_app before it is applied, in the same transaction,
with its result. Its client id is unique: the phone sends an action again after a dropped
connection, and the second one is answered from here. Nobody creates or edits one by hand; head
office reads them."""

import frappe
from frappe.model.document import Document


class TechnicianAction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action: DF.Literal["Status", "Invoice"]
		client_id: DF.Data
		client_time: DF.Datetime | None
		expected_status: DF.Link | None
		message: DF.SmallText | None
		reception: DF.Link | None
		received_on: DF.Datetime
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		result: DF.Literal["", "Applied", "Duplicate", "Conflict"]
		target: DF.Data | None
		technician: DF.Link
		user: DF.Link | None
	# end: auto-generated types
	pass


def on_doctype_update():
	frappe.db.add_index("Technician Action", ["technician", "received_on"])
	frappe.db.add_index("Technician Action", ["reception", "received_on"])
