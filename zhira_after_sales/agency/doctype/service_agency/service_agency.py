# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname

from zhira_after_sales.agency.roles import AGENCY_ROLE, sync_portal_role
from zhira_after_sales.agency.setup_parties import setup_agency_parties
from zhira_after_sales.exceptions import AgencyUserConflictError
from zhira_after_sales.utils.fields import normalize_text_fields, parse_phone_field


class ServiceAgency(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.agency.doctype.service_agency_territory.service_agency_territory import (
			ServiceAgencyTerritory,
		)
		from zhira_after_sales.agency.doctype.service_agency_user.service_agency_user import ServiceAgencyUser

		address: DF.SmallText | None
		agency_code: DF.Data | None
		agency_name: DF.Data
		city: DF.Data | None
		company: DF.Link | None
		consignment_warehouse: DF.Link | None
		customer: DF.Link | None
		defective_warehouse: DF.Link | None
		email: DF.Data | None
		is_active: DF.Check
		manager_name: DF.Data | None
		mobile_no: DF.Data | None
		party_link: DF.Link | None
		phone_no: DF.Data | None
		portal_users: DF.Table[ServiceAgencyUser]
		supplier: DF.Link | None
		territories: DF.TableMultiSelect[ServiceAgencyTerritory]

	# end: auto-generated types
	def before_naming(self):
		self.set_agency_code()

	def validate(self):
		normalize_text_fields(self, "agency_name", "manager_name", "city", "address")
		parse_phone_field(self, "mobile_no", kind="mobile")
		parse_phone_field(self, "phone_no", kind="any")
		self.remove_duplicate_territories()
		self.validate_portal_users()

	def before_save(self):
		setup_agency_parties(self)
		self._previous_users = (
			set()
			if self.is_new()
			else set(
				frappe.get_all(
					"Service Agency User", {"parent": self.name, "parenttype": self.doctype}, pluck="user"
				)
			)
		)

	def on_update(self):
		current = {row.user for row in self.portal_users}
		for user in current | getattr(self, "_previous_users", set()):
			sync_portal_role(user, AGENCY_ROLE)

	def on_trash(self):
		users = [row.user for row in self.portal_users]
		self.portal_users = []
		frappe.db.delete("Service Agency User", {"parent": self.name, "parenttype": self.doctype})
		for user in users:
			sync_portal_role(user, AGENCY_ROLE)

	def set_agency_code(self):
		if self.agency_code:
			self.agency_code = self.agency_code.strip().upper()
		else:
			self.agency_code = make_autoname("AG-.####", self.doctype)

	def remove_duplicate_territories(self):
		seen = set()
		rows = []
		for row in self.territories:
			if row.territory not in seen:
				seen.add(row.territory)
				rows.append(row)
		self.territories = rows

	def validate_portal_users(self):
		seen = set()
		for row in self.portal_users:
			if row.user in seen:
				frappe.throw(
					_("Portal Users row {0}: {1} is listed twice.").format(row.idx, frappe.bold(row.user)),
					exc=AgencyUserConflictError,
				)
			seen.add(row.user)
			if row.user in ("Administrator", "Guest"):
				frappe.throw(
					_("Portal Users row {0}: {1} cannot be an agency user.").format(row.idx, row.user),
					exc=AgencyUserConflictError,
				)
			other = frappe.db.get_value(
				"Service Agency User",
				{"user": row.user, "parenttype": self.doctype, "parent": ("!=", self.name or "")},
				"parent",
			)
			if other:
				frappe.throw(
					_(
						"Portal Users row {0}: {1} already works for agency {2}. A user can belong to one agency only."
					).format(row.idx, frappe.bold(row.user), frappe.bold(other)),
					exc=AgencyUserConflictError,
				)
