# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


class TestServiceType(FrappeTestCase):
	def test_install_created_the_four_persian_service_types(self):
		expected = {"نصب": (0, 1), "تعمیر گارانتی": (1, 0), "تعمیر آزاد": (0, 0), "سرویس دوره ای": (0, 0)}
		for name, (requires, starts) in expected.items():
			values = frappe.db.get_value("Service Type", name, ["requires_warranty", "starts_warranty"])
			self.assertEqual(tuple(values), (requires, starts), name)

	def test_a_type_cannot_both_start_and_require_the_warranty(self):
		doc = frappe.get_doc(
			{
				"doctype": "Service Type",
				"service_type_name": "ZT نوع",
				"requires_warranty": 1,
				"starts_warranty": 1,
			}
		)
		self.assertRaisesRegex(frappe.ValidationError, "cannot also require", doc.insert)
		self.assertFalse(frappe.db.exists("Service Type", "ZT نوع"))

	def test_code_is_stored_upper_case(self):
		doc = frappe.get_doc(
			{"doctype": "Service Type", "service_type_name": "ZT نوع کد", "code": " zt1 "}
		).insert()
		self.assertEqual(doc.code, "ZT1")
