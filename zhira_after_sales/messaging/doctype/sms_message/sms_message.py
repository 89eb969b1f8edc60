# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from zhira_after_sales.messaging.outbox import OutboundPreparer, enqueue_send


class SMSMessage(Document):
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
	# an inbound message is stored once per gateway; NULL ids (queued messages) do not collide
	frappe.db.add_unique(
		"SMS Message",
		["gateway", "direction", "provider_message_id"],
		constraint_name="unique_provider_message",
	)
	frappe.db.add_index("SMS Message", ["reference_doctype", "reference_name"], "reference_index")
	frappe.db.add_index("SMS Message", ["status", "next_attempt_at"], "due_index")


def title_for(direction: str, to: str | None, from_number: str | None) -> str:
	"""The other party's number: what a list of messages is read by."""
	return (to if direction == "Out" else from_number) or ""
