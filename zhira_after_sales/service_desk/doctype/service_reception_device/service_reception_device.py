# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceReceptionDevice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		brand: DF.Link | None
		customer_device: DF.Link | None
		declared_defects: DF.SmallText | None
		defect_names: DF.SmallText | None
		description: DF.SmallText | None
		item: DF.Link
		item_group: DF.Link | None
		item_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		serial_no: DF.Data | None
		service_type: DF.Link
		warranty_note: DF.SmallText | None
		warranty_status: DF.Literal["Unknown", "Under Warranty", "Not Covered"]
	# end: auto-generated types
	pass
