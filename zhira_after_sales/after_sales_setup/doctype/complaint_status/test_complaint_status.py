# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE

ISO_STAGES = ["Received", "Acknowledged", "Assessed", "Investigating", "Responded", "Closed", "Rejected"]


class TestComplaintStatus(FrappeTestCase):
	def test_install_created_one_status_per_iso_10002_stage_in_order(self):
		rows = frappe.get_all("Complaint Status", fields=["name", "iso_stage"], order_by="sort_order asc")
		self.assertEqual([r.iso_stage for r in rows if r.name in (
			"دریافت شده", "اعلام وصول شده", "ارزیابی شده", "در حال بررسی", "پاسخ داده شده", "بسته شده", "رد شده",
		)], ISO_STAGES)  # fmt: skip

	def test_stage_must_be_an_iso_stage(self):
		doc = frappe.get_doc(
			{"doctype": "Complaint Status", "status_name": "ZT وضعیت", "iso_stage": "Pending"}
		)
		self.assertRaises(frappe.ValidationError, doc.insert)
