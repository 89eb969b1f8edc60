# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


class TestComplaintFactor(FrappeTestCase):
	def test_install_created_factors_with_penalties(self):
		self.assertEqual(
			frappe.db.get_value("Complaint Factor", "رفتار نامناسب تکنسین", "factor_type"), "Technician"
		)
		self.assertGreater(
			frappe.db.get_value("Complaint Factor", "دریافت هزینه اضافی", "default_penalty_points"), 0
		)

	def test_negative_penalty_is_refused(self):
		doc = frappe.get_doc(
			{
				"doctype": "Complaint Factor",
				"factor_name": "ZT عامل",
				"factor_type": "Agency",
				"default_penalty_points": -1,
			}
		)
		self.assertRaisesRegex(frappe.ValidationError, "cannot be negative", doc.insert)
