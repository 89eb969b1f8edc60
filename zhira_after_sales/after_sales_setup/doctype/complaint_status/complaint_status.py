# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document

from zhira_after_sales.utils.fields import normalize_text_fields

# ISO 10002 stages after which a complaint is no longer open
FINAL_STAGES = ("Closed", "Rejected")


class ComplaintStatus(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		color: DF.Color | None
		customer_label: DF.Data | None
		description: DF.SmallText | None
		is_active: DF.Check
		iso_stage: DF.Literal[
			"Received", "Acknowledged", "Assessed", "Investigating", "Responded", "Closed", "Rejected"
		]
		notify_customer: DF.Check
		sort_order: DF.Int
		status_name: DF.Data

	# end: auto-generated types
	def before_naming(self):
		# the name is taken from status_name: normalise it first so the two agree
		normalize_text_fields(self, "status_name")

	def validate(self):
		normalize_text_fields(self, "status_name", "customer_label")

	@property
	def is_final(self) -> bool:
		return self.iso_stage in FINAL_STAGES
