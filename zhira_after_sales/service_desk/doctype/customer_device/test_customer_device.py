# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.service_desk.doctype.customer_device.customer_device import DuplicateDeviceError
from zhira_after_sales.tests.factories import TEST_IGNORE, make_item, make_item_group

test_ignore = TEST_IGNORE


class TestCustomerDevice(FrappeTestCase):
	def setUp(self):
		self.item = make_item("ZT-DEV-HEATER", make_item_group("ZT Heaters"))

	def new_device(self, serial, **kw):
		return frappe.get_doc({"doctype": "Customer Device", "item": self.item, "serial_no": serial, **kw})

	def test_serial_is_normalised_and_details_fetched(self):
		device = self.new_device(" wh-۱۲۳ ۴ ").insert()
		self.assertEqual(device.serial_no, "WH-1234")
		self.assertEqual(device.item_group, "ZT Heaters")

	def test_same_serial_of_the_same_model_is_refused(self):
		self.new_device("ZT-SER-1").insert()
		self.assertRaises(DuplicateDeviceError, self.new_device("zt-ser-1").insert)
		other_model = make_item("ZT-DEV-COOLER", make_item_group("ZT Heaters"))
		frappe.get_doc({"doctype": "Customer Device", "item": other_model, "serial_no": "ZT-SER-1"}).insert()
