# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.after_sales_setup.doctype.defect_code.defect_code import (
	defect_applies,
	get_defect_codes_for_item_group,
)
from zhira_after_sales.api.setup import defect_code_query
from zhira_after_sales.exceptions import DefectCodeScopeError
from zhira_after_sales.tests.factories import TEST_IGNORE, make_item_group

test_ignore = TEST_IGNORE


def make_defect(code, name=None, **kw):
	if frappe.db.exists("Defect Code", code):
		return frappe.get_doc("Defect Code", code)
	return frappe.get_doc(
		{"doctype": "Defect Code", "code": code, "defect_name": name or code, **kw}
	).insert()


class TestDefectCode(FrappeTestCase):
	def setUp(self):
		self.appliances = make_item_group("ZT Appliances", is_group=1)
		self.heaters = make_item_group("ZT Heaters", parent=self.appliances)
		self.coolers = make_item_group("ZT Coolers", parent=self.appliances)
		make_defect("ZT-HEAT", "عیوب آبگرمکن", is_group=1, item_group=self.heaters)
		make_defect("ZT-COOL", "عیوب کولر", is_group=1, item_group=self.coolers)

	def test_child_inherits_its_parents_item_group(self):
		leak = make_defect("zt-heat-leak", "نشتی مخزن", parent_defect_code="ZT-HEAT")
		self.assertEqual(leak.name, "ZT-HEAT-LEAK")
		self.assertEqual(leak.item_group, self.heaters)

	def test_child_cannot_leave_its_parents_item_group(self):
		with self.assertRaises(DefectCodeScopeError):
			make_defect("ZT-HEAT-FAN", parent_defect_code="ZT-HEAT", item_group=self.coolers)
		self.assertFalse(frappe.db.exists("Defect Code", "ZT-HEAT-FAN"))

	def test_a_device_sees_its_groups_defects_and_the_general_ones_only(self):
		make_defect("ZT-HEAT-NOFIRE", "شعله روشن نمی‌شود", parent_defect_code="ZT-HEAT")
		make_defect("ZT-COOL-PUMP", "پمپ کار نمی‌کند", parent_defect_code="ZT-COOL")
		for_heater = [d.name for d in get_defect_codes_for_item_group(self.heaters)]
		self.assertIn("ZT-HEAT-NOFIRE", for_heater)
		self.assertIn("GEN-NOPWR", for_heater)  # general defect from install
		self.assertNotIn("ZT-COOL-PUMP", for_heater)
		self.assertNotIn("ZT-HEAT", for_heater)  # groups are not choosable
		found = [
			row[0]
			for row in defect_code_query("Defect Code", "ZT", "name", 0, 20, {"item_group": self.coolers})
		]
		self.assertEqual(found, ["ZT-COOL-PUMP"])
		self.assertTrue(defect_applies(self.appliances, self.heaters))
		self.assertFalse(defect_applies(self.coolers, self.heaters))
		self.assertTrue(defect_applies(None, self.heaters))
