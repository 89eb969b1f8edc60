# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceReceptionStatusLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		at: DF.Datetime
		by: DF.Link | None
		client_at: DF.Datetime | None
		note: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		previous_status: DF.Link | None
		source: DF.Literal["desk", "portal", "app", "sms", "customer", "system"]
		status: DF.Link
	# end: auto-generated types
	pass
