# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceInvoiceService(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		customer_price: DF.Currency
		description: DF.SmallText | None
		manual_reason: DF.SmallText | None
		manual_wage: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		service_rate: DF.Link | None
		service_type: DF.Link
		wage: DF.Currency
		wage_set_by: DF.Link | None
	# end: auto-generated types
	pass
