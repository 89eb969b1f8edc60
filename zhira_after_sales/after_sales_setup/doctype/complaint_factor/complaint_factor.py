# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.utils.fields import normalize_text_fields


class ComplaintFactor(Document):
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
