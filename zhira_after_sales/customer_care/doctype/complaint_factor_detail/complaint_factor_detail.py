# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ComplaintFactorDetail(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		complaint_factor: DF.Link
		factor_type: DF.Literal[
			"", "Agency", "Technician", "Product", "Spare Parts", "Head Office", "Customer", "Other"
		]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		penalty_points: DF.Float
	# end: auto-generated types
	pass
