# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Service Invoice Exceptions: head office's warranty overrides and hand-set wages appear with who,
when and why (and the rate card's wage against the wage set); the filters narrow them; agency B's
user sees its own exceptions and none of agency A's."""

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	AGENCY_B_USER,
	MANAGER,
	WAGE,
	WARRANTY_REPAIR,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE

REPORT = "Service Invoice Exceptions"
MANUAL = 2_000_000


def exceptions(filters=None, user="Administrator") -> list[dict]:
	frappe.set_user(user)
	try:
		result = run(REPORT, filters={"from_date": today(), "to_date": today(), **(filters or {})})
	finally:
		frappe.set_user("Administrator")
	return result["result"]


class TestServiceInvoiceExceptions(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = setup_world()
		tag = frappe.generate_hash(length=6)
		cls.override_reason = f"خرابی کارخانه‌ای {tag}"
		cls.wage_reason = f"مسیر دور {tag}"
		cls.b_reason = f"تأیید مدیر خدمات {tag}"
		frappe.set_user(MANAGER)
		cls.override = (
			new_invoice(
				make_reception(w, devices=[w.expired]),
				w.expired,
				warranty_override=1,
				override_reason=cls.override_reason,
			)
			.insert()
			.name
		)
		cls.manual = (
			new_invoice(
				make_reception(w),
				w.covered,
				services=[
					{"service_type": WARRANTY_REPAIR},
					{
						"service_type": WARRANTY_REPAIR,
						"manual_wage": 1,
						"wage": MANUAL,
						"manual_reason": cls.wage_reason,
					},
				],
			)
			.insert()
			.name
		)
		cls.b_override = (
			new_invoice(
				make_reception(w, agency=w.agency_b, devices=[w.expired]),
				w.expired,
				warranty_override=1,
				override_reason=cls.b_reason,
			)
			.insert()
			.name
		)
		cancelled = new_invoice(
			make_reception(w, devices=[w.expired]),
			w.expired,
			warranty_override=1,
			override_reason=cls.override_reason,
		).insert()
		cancelled.submit()
		cancelled.cancel()
		cls.cancelled = cancelled.name
		frappe.set_user(AGENCY_A_USER)
		cls.plain = new_invoice(make_reception(w), w.covered).insert().name
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_an_override_shows_who_when_and_why(self):
		rows = [r for r in exceptions(user=MANAGER) if r["invoice"] == self.override]
		self.assertEqual(len(rows), 1, rows)
		row = rows[0]
		self.assertEqual(
			(row["kind"], row["invoice_type"], row["agency"], row["customer_device"], row["status"]),
			("Warranty Override", "Warranty Repair", self.w.agency_a, self.w.expired, "Draft"),
		)
		self.assertEqual((row["set_by"], row["reason"]), (MANAGER, self.override_reason))
		self.assertEqual(getdate(row["service_date"]), getdate(today()))
		self.assertEqual(getdate(row["set_on"]), getdate(today()))
		self.assertIn("expired", row["warranty_note"])

	def test_a_manual_wage_shows_the_rate_card_wage_against_the_wage_set(self):
		rows = [r for r in exceptions(user=MANAGER) if r["invoice"] == self.manual]
		# only the hand-set row; the row at the rate card's wage is no exception
		self.assertEqual(len(rows), 1, rows)
		row = rows[0]
		self.assertEqual(
			(row["kind"], row["service_type"], row["set_by"], row["reason"]),
			("Manual Wage", WARRANTY_REPAIR, MANAGER, self.wage_reason),
		)
		self.assertEqual(
			(row["rate_card_wage"], row["wage"], row["difference"]), (WAGE, MANUAL, MANUAL - WAGE)
		)

	def test_plain_and_cancelled_invoices_are_not_exceptions(self):
		names = {r["invoice"] for r in exceptions(user=MANAGER)}
		self.assertTrue({self.override, self.manual, self.b_override} <= names, names)
		self.assertNotIn(self.plain, names)
		self.assertNotIn(self.cancelled, names)

	def test_filters(self):
		def names(**filters):
			return {r["invoice"] for r in exceptions(filters, MANAGER)}

		mine = {self.override, self.manual, self.b_override}
		self.assertEqual(names(kind="Warranty Override") & mine, {self.override, self.b_override})
		self.assertEqual(names(kind="Manual Wage") & mine, {self.manual})
		self.assertEqual(names(agency=self.w.agency_b) & mine, {self.b_override})
		self.assertEqual(names(invoice_type="Warranty Repair") & mine, mine)
		self.assertEqual(names(invoice_type="Paid Repair") & mine, set())
		tomorrow = add_days(today(), 1)
		self.assertEqual(names(from_date=tomorrow, to_date=tomorrow) & mine, set())

	def test_each_agency_sees_only_its_own_exceptions(self):
		b_rows = exceptions(user=AGENCY_B_USER)
		self.assertIn(self.b_override, {r["invoice"] for r in b_rows})
		self.assertEqual({r["agency"] for r in b_rows}, {self.w.agency_b})
		self.assertEqual(exceptions({"agency": self.w.agency_a}, AGENCY_B_USER), [])
		# the agency reads head office's reason on its own invoice
		b_row = next(r for r in b_rows if r["invoice"] == self.b_override)
		self.assertEqual((b_row["set_by"], b_row["reason"]), (MANAGER, self.b_reason))
		a_names = {r["invoice"] for r in exceptions(user=AGENCY_A_USER)}
		self.assertTrue({self.override, self.manual} <= a_names, a_names)
		self.assertNotIn(self.b_override, a_names)
