# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AgencyPartsRequestFulfilment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		is_cancelled: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		posting_date: DF.Date | None
		qty: DF.Float
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		sent_by: DF.Link | None
	# end: auto-generated types
	pass
