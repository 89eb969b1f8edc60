# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from zhira_after_sales.messaging.outbox import OutboundPreparer, enqueue_send


class SMSMessage(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attempts: DF.Int
		batch: DF.Data | None
		body: DF.Text | None
		client_reference: DF.Data | None
		contact: DF.Link | None
		customer: DF.Link | None
		delivered_on: DF.Datetime | None
		direction: DF.Literal["Out", "In"]
		error: DF.SmallText | None
		event: DF.Literal[
			"",
			"Reception Registered",
			"Referral to Agency",
			"Referral to Technician",
			"Status Changed",
			"Survey Request",
			"Complaint Acknowledged",
			"Periodic Service Reminder",
			"Periodic Service Agency Reminder",
			"Warranty Issued",
			"Agency User Invitation",
			"Customer Login Code",
			"Ticket Answered",
			"Ticket Status Changed",
		]
		from_number: DF.Data | None
		gateway: DF.Link | None
		in_reply_to: DF.Link | None
		inbound_key: DF.Data | None
		next_attempt_at: DF.Datetime | None
		parts: DF.Int
		processing_note: DF.SmallText | None
		provider_message_id: DF.Data | None
		raw_message: DF.Code | None
		received_on: DF.Datetime | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		reply_message: DF.Link | None
		sending_since: DF.Datetime | None
		sent_on: DF.Datetime | None
		status: DF.Literal[
			"Queued",
			"Sending",
			"Sent",
			"Delivered",
			"Failed",
			"Unknown",
			"Received",
			"Processed",
			"Unmatched",
		]
		technician: DF.Link | None
		template: DF.Link | None
		title: DF.Data | None
		to: DF.Data | None

	# end: auto-generated types
	def before_insert(self):
		if self.direction == "Out":
			# stored first, as Queued or as Failed with the reason: nothing is a silent no-op
			OutboundPreparer().prepare(self)

	def validate(self):
		self.provider_message_id = (self.provider_message_id or "").strip() or None
		self.title = title_for(self.direction, self.to, self.from_number)

	def after_insert(self):
		if self.direction == "Out" and self.status == "Queued":
			enqueue_send(self.name)


def on_doctype_update():
	# An inbound message is stored once per gateway and key (the provider's id, or for an id-less
	# message in an inbox that repeats, its content and place); NULL keys (outbound messages,
	# id-less arrivals) never collide. Provider ids of outbound messages are not unique: a provider
	# that answers with an id it used before must not make recording the message fail.
	if frappe.db.has_index("tabSMS Message", "unique_provider_message"):
		frappe.db.sql_ddl("alter table `tabSMS Message` drop index unique_provider_message")
	frappe.db.sql(
		"""update `tabSMS Message` set inbound_key = provider_message_id
		where direction = 'In' and inbound_key is null and provider_message_id is not null
		and provider_message_id != 'None'"""
	)
	frappe.db.add_unique("SMS Message", ["gateway", "inbound_key"], constraint_name="unique_inbound_key")
	frappe.db.add_index("SMS Message", ["gateway", "provider_message_id"], "provider_message_index")
	frappe.db.add_index("SMS Message", ["reference_doctype", "reference_name"], "reference_index")
	frappe.db.add_index("SMS Message", ["status", "next_attempt_at"], "due_index")
	# SMS Delivery Rate by Gateway reads outbound messages by when they were stored
	frappe.db.add_index("SMS Message", ["direction", "creation"], "direction_creation_index")


def title_for(direction: str, to: str | None, from_number: str | None) -> str:
	"""The other party's number: what a list of messages is read by."""
	return (to if direction == "Out" else from_number) or ""
