# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AgencyPartsRequestItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		approved_qty: DF.Float
		item: DF.Link
		item_name: DF.Data | None
		line_status: DF.Literal["Pending", "Approved", "Void"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		qty: DF.Float
		rate: DF.Currency
		sent_qty: DF.Float
		stock_uom: DF.Link | None
		to_send_qty: DF.Float
	# end: auto-generated types
	pass
