# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.utils.fields import normalize_text_fields


class ComplaintFactor(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		default_penalty_points: DF.Float
		description: DF.SmallText | None
		factor_name: DF.Data
		factor_type: DF.Literal[
			"Agency", "Technician", "Product", "Spare Parts", "Head Office", "Customer", "Other"
		]
		is_active: DF.Check

	# end: auto-generated types
	def before_naming(self):
		# the name is taken from factor_name: normalise it first so the two agree
		normalize_text_fields(self, "factor_name")

	def validate(self):
		normalize_text_fields(self, "factor_name")
		if (self.default_penalty_points or 0) < 0:
			frappe.throw(
				_(
					"Default Penalty Points cannot be negative; use 0 for a factor that does not count against the agency."
				)
			)
