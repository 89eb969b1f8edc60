# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from zhira_after_sales.access import is_head_office
from zhira_after_sales.service_desk import ticket_rules as rules
from zhira_after_sales.utils.fields import parse_phone_field
from zhira_after_sales.utils.phone import try_parse


class ServiceTicketError(frappe.ValidationError):
	"""A ticket or a message that cannot be taken as it is; the message says what to fix."""


class ServiceTicket(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.service_desk.doctype.service_ticket_reply.service_ticket_reply import (
			ServiceTicketReply,
		)

		attachment: DF.Attach | None
		category: DF.Literal["Service Request", "Complaint", "Question", "Financial"]
		closed_on: DF.Datetime | None
		conversation: DF.HTML | None
		converted_to: DF.DynamicLink | None
		converted_to_doctype: DF.Link | None
		customer_device: DF.Link | None
		description: DF.Text
		email_id: DF.Data | None
		item: DF.Link | None
		item_group: DF.Link | None
		last_message_on: DF.Datetime | None
		mobile_no: DF.Data | None
		naming_series: DF.Literal["TKT-.#######"]
		opened_on: DF.Datetime | None
		party: DF.DynamicLink
		party_name: DF.Data | None
		party_type: DF.Literal["Customer", "Service Agency"]
		raised_by: DF.Link | None
		replies: DF.Table[ServiceTicketReply]
		resolved_on: DF.Datetime | None
		service_type: DF.Link | None
		status: DF.Literal["Open", "Answered", "Replied", "Resolved", "Closed", "Converted"]
		subject: DF.Data
	# end: auto-generated types

	def before_insert(self):
		self.set_opened()

	def validate(self):
		self.subject = rules.clean_text(self.subject, multiline=False)
		self.description = rules.clean_text(self.description)
		self.validate_category()
		self.set_party_details()
		parse_phone_field(self, "mobile_no", kind="mobile")
		self.validate_device()
		self.set_status_dates()

	def onload(self):
		from zhira_after_sales.service_desk.tickets import conversion_targets

		self.set_onload("conversions", conversion_targets())

	# --- steps ---------------------------------------------------------------------------------

	def set_opened(self):
		now = now_datetime()
		self.opened_on = self.opened_on or now
		self.last_message_on = self.last_message_on or self.opened_on
		self.raised_by = self.raised_by or frappe.session.user
		self.status = self.status or rules.OPEN

	def validate_category(self):
		if self.category not in rules.CATEGORIES:
			frappe.throw(
				_("Choose the ticket's category: {0}.").format(", ".join(_(c) for c in rules.CATEGORIES)),
				exc=ServiceTicketError,
			)

	def set_party_details(self):
		"""Name, mobile and email of the customer or agency, where the ticket has none of its own."""
		if self.party_type not in rules.PARTY_SIDES:
			frappe.throw(_("A ticket is with a Customer or a Service Agency."), exc=ServiceTicketError)
		if not self.party or not frappe.db.exists(self.party_type, self.party):
			frappe.throw(
				_("{0} {1} does not exist.").format(_(self.party_type), frappe.bold(self.party or "")),
				exc=ServiceTicketError,
			)
		if self.party_type == "Customer":
			name, mobile, email = frappe.db.get_value(
				"Customer", self.party, ["customer_name", "mobile_no", "email_id"]
			)
		else:
			name, mobile, email = frappe.db.get_value(
				"Service Agency", self.party, ["agency_name", "mobile_no", "email"]
			)
		self.party_name = name or self.party
		# a portal user writing for the party: their own mobile and email where the party has none
		if self.raised_by and not is_head_office(self.raised_by):
			user_mobile, user_email = frappe.db.get_value("User", self.raised_by, ["mobile_no", "email"])
			mobile, email = mobile or user_mobile, email or user_email
		if not self.mobile_no:
			phone = try_parse(mobile) if mobile else None
			self.mobile_no = phone.e164 if phone and phone.is_mobile else None
		if not self.email_id and email and not email.lower().endswith(".invalid"):
			self.email_id = email

	def validate_device(self):
		if not self.customer_device:
			return
		customer = frappe.db.get_value("Customer Device", self.customer_device, "customer")
		if self.party_type != "Customer" or customer != self.party:
			frappe.throw(
				_("Device {0} is not a device of {1}.").format(
					frappe.bold(self.customer_device), frappe.bold(self.party_name or self.party)
				),
				exc=ServiceTicketError,
			)
		if not self.item:
			self.item = frappe.db.get_value("Customer Device", self.customer_device, "item")

	def set_status_dates(self):
		before = self.get_doc_before_save()
		if before and before.status == self.status:
			return
		self.resolved_on, self.closed_on = rules.status_dates(
			self.status, self.resolved_on, self.closed_on, now_datetime()
		)


def on_doctype_update():
	# a party's tickets, newest activity first (the portals' lists)
	frappe.db.add_index("Service Ticket", ["party", "last_message_on"])
