# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceTicketReply(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		message: DF.Text
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		posted_on: DF.Datetime | None
		sender_name: DF.Data | None
		side: DF.Literal["Head Office", "Customer", "Agency"]
		user: DF.Link | None
	# end: auto-generated types

	pass
