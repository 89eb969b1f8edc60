# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceInvoicePart(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		coverage: DF.Literal["Paid", "Warranty"]
		hot_part_due: DF.Check
		item: DF.Link
		item_name: DF.Data | None
		line_status: DF.Literal["Pending", "Approved", "Void"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		qty: DF.Float
		source_warehouse: DF.Link | None
		warranty_note: DF.SmallText | None
	# end: auto-generated types
	pass
