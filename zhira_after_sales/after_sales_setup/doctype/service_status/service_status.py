# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.exceptions import ServiceStatusError
from zhira_after_sales.utils.fields import normalize_text_fields
from zhira_after_sales.utils.records import keep_one_default
from zhira_after_sales.utils.text import to_latin_digits

SMS_CODE = re.compile(r"^\d{1,4}$")


class ServiceStatus(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.after_sales_setup.doctype.service_status_next.service_status_next import (
			ServiceStatusNext,
		)

		allowed_next: DF.TableMultiSelect[ServiceStatusNext]
		category: DF.Literal["Open", "In Progress", "On Hold", "Completed", "Cancelled"]
		color: DF.Color | None
		customer_label: DF.Data | None
		description: DF.SmallText | None
		is_active: DF.Check
		is_initial: DF.Check
		notify_customer: DF.Check
		sms_code: DF.Data | None
		sms_template: DF.Link | None
		sort_order: DF.Int
		status_name: DF.Data

	# end: auto-generated types
	def before_naming(self):
		# the name is taken from status_name: normalise it first so the two agree
		normalize_text_fields(self, "status_name")

	def validate(self):
		normalize_text_fields(self, "status_name", "customer_label")
		self.validate_sms_code()
		self.validate_sms_template()
		self.validate_allowed_next()

	def on_update(self):
		keep_one_default(self, "is_initial")

	def validate_sms_code(self):
		if not self.sms_code:
			return
		code = to_latin_digits(self.sms_code).strip()
		if not SMS_CODE.match(code):
			frappe.throw(
				_("SMS Code {0} must be 1 to 4 digits, so technicians can send it by SMS.").format(
					frappe.bold(self.sms_code)
				),
				exc=ServiceStatusError,
			)
		other = frappe.db.get_value("Service Status", {"sms_code": code, "name": ("!=", self.name)})
		if other:
			frappe.throw(
				_("SMS Code {0} is already used by status {1}. Choose another code.").format(
					frappe.bold(code), frappe.bold(other)
				),
				exc=ServiceStatusError,
			)
		self.sms_code = code

	def validate_sms_template(self):
		if self.sms_template and not frappe.db.get_value("SMS Template", self.sms_template, "enabled"):
			frappe.throw(
				_("SMS Template {0} is disabled. Enable it or choose another template.").format(
					frappe.bold(self.sms_template)
				),
				exc=ServiceStatusError,
			)

	def validate_allowed_next(self):
		seen = set()
		rows = []
		for row in self.allowed_next:
			if row.status == self.name or row.status == self.status_name:
				frappe.throw(
					_("Allowed Next Statuses: {0} cannot follow itself. Remove it from the list.").format(
						frappe.bold(row.status)
					),
					exc=ServiceStatusError,
				)
			if row.status not in seen:
				seen.add(row.status)
				rows.append(row)
		self.allowed_next = rows


def get_initial_status() -> str | None:
	"""The status new receptions start in: After Sales Settings, else the status marked initial."""
	status = frappe.db.get_single_value("After Sales Settings", "default_service_status")
	if status:
		return status
	return frappe.db.get_value("Service Status", {"is_initial": 1, "is_active": 1}, "name")


def get_allowed_next(status: str) -> list[str]:
	return frappe.get_all(
		"Service Status Next", filters={"parent": status, "parenttype": "Service Status"}, pluck="status"
	)


def can_move(from_status: str | None, to_status: str) -> bool:
	if not from_status:
		return True
	return to_status in get_allowed_next(from_status)
