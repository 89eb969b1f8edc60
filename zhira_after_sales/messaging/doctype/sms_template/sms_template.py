# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.exceptions import SMSTemplateError
from zhira_after_sales.utils.records import keep_one_default


class SMSTemplate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		body: DF.Text
		description: DF.SmallText | None
		enabled: DF.Check
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
		gateway: DF.Link | None
		is_default: DF.Check
		reference_doctype: DF.Link | None
		template_name: DF.Data

	# end: auto-generated types
	def validate(self):
		self.validate_body()
		self.validate_gateway()

	def on_update(self):
		if self.event:
			keep_one_default(self, "is_default", {"event": self.event})

	def validate_body(self):
		from jinja2 import TemplateSyntaxError

		from zhira_after_sales.messaging.templates import jinja_env

		self.body = (self.body or "").strip()
		try:
			jinja_env().parse(self.body)
		except TemplateSyntaxError as e:
			frappe.throw(
				_(
					"Message: the template has an error on line {0}: {1}. Check that every opening brace is closed."
				).format(e.lineno, e.message),
				exc=SMSTemplateError,
			)

	def validate_gateway(self):
		if self.gateway and not frappe.db.get_value("SMS Gateway", self.gateway, "enabled"):
			frappe.msgprint(
				_("Gateway {0} is disabled: messages of this template will use the default gateway.").format(
					frappe.bold(self.gateway)
				),
				indicator="orange",
				alert=True,
			)
