# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.access import is_head_office
from zhira_after_sales.agency.roles import TECHNICIAN_ROLE, sync_portal_role
from zhira_after_sales.exceptions import AgencyUserConflictError
from zhira_after_sales.utils.fields import normalize_text_fields, parse_phone_field


class ServiceTechnician(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link
		full_name: DF.Data
		is_active: DF.Check
		mobile_no: DF.Data
		naming_series: DF.Literal["TECH-.####"]
		national_id: DF.Data | None
		user: DF.Link | None

	# end: auto-generated types
	def validate(self):
		normalize_text_fields(self, "full_name", "national_id")
		parse_phone_field(self, "mobile_no", kind="mobile")
		self.validate_unique_mobile()
		self.validate_unique_user()
		self.validate_user_change()
		self.validate_agency_active()

	def before_save(self):
		self._previous_user = None if self.is_new() else frappe.db.get_value(self.doctype, self.name, "user")

	def on_update(self):
		previous = getattr(self, "_previous_user", None)
		for user in {self.user, previous}:
			sync_portal_role(user, TECHNICIAN_ROLE)
		if (self.user or None) != (previous or None):
			self.add_comment(
				"Info",
				_("Login changed from {0} to {1} by {2}.").format(
					previous or _("none"), self.user or _("none"), frappe.session.user
				),
			)

	def after_delete(self):
		sync_portal_role(self.user, TECHNICIAN_ROLE)

	def validate_unique_mobile(self):
		other = frappe.db.get_value(
			self.doctype, {"mobile_no": self.mobile_no, "name": ("!=", self.name or "")}, "full_name"
		)
		if other:
			frappe.throw(
				_(
					"Mobile No {0} is already registered to technician {1}. SMS commands identify the technician by mobile, so each needs their own number."
				).format(frappe.bold(self.mobile_no), frappe.bold(other)),
				exc=AgencyUserConflictError,
			)

	def validate_unique_user(self):
		if not self.user:
			return
		other = frappe.db.get_value(
			self.doctype, {"user": self.user, "name": ("!=", self.name or "")}, "full_name"
		)
		if other:
			frappe.throw(
				_("User {0} is already the login of technician {1}.").format(
					frappe.bold(self.user), frappe.bold(other)
				),
				exc=AgencyUserConflictError,
			)

	def validate_user_change(self):
		"""Linking a login grants it the technician role: only head office does that, so an agency
		cannot hand the role (and its view of receptions) to any user it knows the email of."""
		previous = None if self.is_new() else frappe.db.get_value(self.doctype, self.name, "user")
		if (self.user or None) == (previous or None) or is_head_office():
			return
		frappe.throw(
			_(
				"Only head office can set a technician's login (User). Save the technician without it and ask head office to link the login."
			),
			exc=frappe.PermissionError,
		)

	def validate_agency_active(self):
		if self.is_new() and not frappe.db.get_value("Service Agency", self.agency, "is_active"):
			frappe.throw(
				_("Agency {0} is inactive. Activate it before adding technicians.").format(
					frappe.bold(self.agency)
				)
			)
