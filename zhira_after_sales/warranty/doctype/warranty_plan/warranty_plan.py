# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.exceptions import WarrantyPlanError
from zhira_after_sales.utils.fields import normalize_text_fields


class WarrantyPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.warranty.doctype.warranty_plan_part.warranty_plan_part import WarrantyPlanPart
		from zhira_after_sales.warranty.doctype.warranty_plan_service_type.warranty_plan_service_type import (
			WarrantyPlanServiceType,
		)

		auto_issue: DF.Check
		covered_service_types: DF.TableMultiSelect[WarrantyPlanServiceType]
		duration_months: DF.Int
		enabled: DF.Check
		exit_warehouse: DF.Link | None
		item: DF.Link | None
		item_group: DF.Link | None
		labor_covered: DF.Check
		parts: DF.TableMultiSelect[WarrantyPlanPart]
		parts_covered: DF.Literal["All", "Listed", "None"]
		plan_name: DF.Data
		start_basis: DF.Literal["Sale", "Installation", "Warehouse Exit"]
		terms: DF.TextEditor | None
		terms_en: DF.TextEditor | None
	# end: auto-generated types

	def before_naming(self):
		normalize_text_fields(self, "plan_name")

	def validate(self):
		normalize_text_fields(self, "plan_name")
		self.validate_scope()
		self.validate_duration()
		self.clear_unused_fields()
		self.validate_single_plan_per_scope()

	def validate_scope(self):
		if bool(self.item) == bool(self.item_group):
			frappe.throw(
				_(
					"Choose either a Model (Item) or an Item Group for plan {0}, not both and not neither."
				).format(frappe.bold(self.plan_name)),
				exc=WarrantyPlanError,
			)

	def validate_duration(self):
		if not self.duration_months or self.duration_months < 1:
			frappe.throw(_("Duration (Months) must be at least 1."), exc=WarrantyPlanError)

	def clear_unused_fields(self):
		if self.start_basis != "Warehouse Exit":
			self.exit_warehouse = None
		if self.parts_covered != "Listed":
			self.parts = []
		elif not self.parts:
			frappe.throw(
				_("Parts Covered is Listed: add the covered parts to Covered Parts."), exc=WarrantyPlanError
			)
		seen = set()
		for row in self.covered_service_types:
			if row.service_type in seen:
				frappe.throw(
					_("Covered Service Types lists {0} twice.").format(frappe.bold(row.service_type)),
					exc=WarrantyPlanError,
				)
			seen.add(row.service_type)

	def validate_single_plan_per_scope(self):
		"""Two enabled plans for the same model (or group) would make the choice arbitrary."""
		if not self.enabled:
			return
		scope = (
			{"item": self.item} if self.item else {"item_group": self.item_group, "item": ("is", "not set")}
		)
		other = frappe.db.get_value(
			"Warranty Plan", {**scope, "enabled": 1, "name": ("!=", self.name or "")}, "name"
		)
		if other:
			frappe.throw(
				_("Warranty Plan {0} already applies to {1}. Disable it first, or edit it instead.").format(
					frappe.bold(other), frappe.bold(self.item or self.item_group)
				),
				exc=WarrantyPlanError,
			)
