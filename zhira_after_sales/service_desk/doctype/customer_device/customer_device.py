# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.utils.text import normalize_serial


class DuplicateDeviceError(frappe.ValidationError):
	pass


class CustomerDevice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.Link | None
		brand: DF.Link | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		erpnext_serial_no: DF.Link | None
		installed_on: DF.Date | None
		item: DF.Link
		item_group: DF.Link | None
		item_name: DF.Data | None
		naming_series: DF.Literal["DEV-.#####"]
		notes: DF.SmallText | None
		serial_no: DF.Data
		sold_on: DF.Date | None
		status: DF.Literal["In Use", "Replaced", "Scrapped"]
		territory: DF.Link | None
		warranty_card: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.serial_no = normalize_serial(self.serial_no)
		self.link_erpnext_serial_no()
		self.validate_unique_serial()

	def link_erpnext_serial_no(self):
		"""Point at ERPNext's Serial No when the same serial of the same item is tracked in stock."""
		if self.erpnext_serial_no:
			item = frappe.db.get_value("Serial No", self.erpnext_serial_no, "item_code")
			if item != self.item:
				frappe.throw(
					_("ERPNext Serial No {0} belongs to item {1}, not {2}.").format(
						frappe.bold(self.erpnext_serial_no), frappe.bold(item), frappe.bold(self.item)
					)
				)
		elif frappe.db.exists("Serial No", {"name": self.serial_no, "item_code": self.item}):
			self.erpnext_serial_no = self.serial_no

	def validate_unique_serial(self):
		other = frappe.db.get_value(
			"Customer Device",
			{"item": self.item, "serial_no": self.serial_no, "name": ("!=", self.name or "")},
			["name", "customer"],
			as_dict=True,
		)
		if other:
			frappe.throw(
				_("Serial No {0} of {1} is already registered as device {2} (customer {3}).").format(
					frappe.bold(self.serial_no), frappe.bold(self.item), other.name, other.customer or "-"
				),
				exc=DuplicateDeviceError,
			)


def on_doctype_update():
	frappe.db.add_unique("Customer Device", ["item", "serial_no"], constraint_name="unique_item_serial")
