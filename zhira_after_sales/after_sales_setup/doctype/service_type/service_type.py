# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.utils.fields import normalize_text_fields


class ServiceType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		code: DF.Data | None
		description: DF.SmallText | None
		is_active: DF.Check
		requires_warranty: DF.Check
		service_type_name: DF.Data
		starts_warranty: DF.Check

	# end: auto-generated types
	def before_naming(self):
		# the name is taken from service_type_name: normalise it first so the two agree
		normalize_text_fields(self, "service_type_name")

	def validate(self):
		normalize_text_fields(self, "service_type_name")
		self.normalize_code()
		self.validate_warranty_flags()

	def normalize_code(self):
		if self.code:
			self.code = self.code.strip().upper()

	def validate_warranty_flags(self):
		if self.requires_warranty and self.starts_warranty:
			frappe.throw(
				_(
					"{0}: a service type that starts the warranty (installation) cannot also require one. Untick one of Requires Warranty and Starts Warranty."
				).format(frappe.bold(self.service_type_name))
			)
