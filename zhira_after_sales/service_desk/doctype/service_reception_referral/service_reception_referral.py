# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceReceptionReferral(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		assignment: DF.Literal["Territory Default", "By Hand"]
		ended_on: DF.Datetime | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		referred_by: DF.Link | None
		referred_on: DF.Datetime | None
		service_agency: DF.Link | None
		technician: DF.Link | None
	# end: auto-generated types
	pass
