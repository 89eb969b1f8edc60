# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.after_sales_setup.doctype.service_status.service_status import (
	can_move,
	get_allowed_next,
	get_initial_status,
)
from zhira_after_sales.exceptions import ServiceStatusError
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


def make_status(name, **kw):
	if frappe.db.exists("Service Status", name):
		frappe.delete_doc("Service Status", name, force=True)
	return frappe.get_doc(
		{"doctype": "Service Status", "status_name": name, "category": "Open", **kw}
	).insert()


class TestServiceStatus(FrappeTestCase):
	def test_install_created_the_persian_statuses_and_their_transitions(self):
		for name in ("ثبت شده", "ارجاع شده", "در حال انجام", "انجام شده", "لغو شده"):
			self.assertTrue(frappe.db.exists("Service Status", name), name)
		self.assertEqual(get_initial_status(), "ثبت شده")
		self.assertIn("ارجاع شده", get_allowed_next("ثبت شده"))
		self.assertTrue(can_move("ثبت شده", "ارجاع شده"))
		self.assertFalse(can_move("ثبت شده", "انجام شده"))
		self.assertEqual(frappe.db.get_value("Service Status", "انجام شده", "category"), "Completed")
		self.assertEqual(frappe.db.get_value("Service Status", "لغو شده", "category"), "Cancelled")

	def test_sms_code_accepts_persian_digits_and_must_be_unique_digits(self):
		status = make_status("ZT وضعیت آزمایشی", sms_code="۷۷")
		self.assertEqual(status.sms_code, "77")
		with self.assertRaises(ServiceStatusError):
			make_status("ZT وضعیت دوم", sms_code="77")
		with self.assertRaises(ServiceStatusError):
			make_status("ZT وضعیت سوم", sms_code="7a")
		self.assertFalse(frappe.db.exists("Service Status", "ZT وضعیت سوم"))

	def test_a_status_cannot_follow_itself(self):
		status = make_status("ZT خودش")
		status.append("allowed_next", {"status": status.name})
		with self.assertRaises(ServiceStatusError):
			status.save()

	def test_only_one_initial_status(self):
		make_status("ZT شروع", is_initial=1)
		self.assertEqual(frappe.db.get_value("Service Status", "ثبت شده", "is_initial"), 0)
		self.assertEqual(frappe.db.get_all("Service Status", {"is_initial": 1}, pluck="name"), ["ZT شروع"])

	def test_arabic_letters_in_names_are_made_persian(self):
		status = make_status("ZT تكميل ي")
		self.assertEqual(status.status_name, "ZT تکمیل ی")
