# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Parts Consumption by Agency on invoices head office really approved (the invoices of
Warranty Cost per Model's `make_world`), against sums made by hand: warranty parts at the
valuation they left the consignment warehouse, paid parts at theirs and at what the agency was
billed; a voided line and a cancelled invoice count nothing. An agency is refused."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import today

from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import AGENCY_A_USER
from zhira_after_sales.agency.report.parts_consumption_by_agency import parts_consumption_by_agency
from zhira_after_sales.agency.report.warranty_cost_per_model.test_warranty_cost_per_model import (
	jalali_month_label,
	make_world,
	report,
)
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE

REPORT = "Parts Consumption by Agency"
FIELDS = ("warranty_qty", "paid_qty", "warranty_cost", "paid_cost", "total_cost", "billed", "warranty_share")


def values(row) -> list:
	return [row[f] for f in FIELDS]


class TestPartsConsumptionByAgency(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = make_world()

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_parts_per_agency_and_part(self):
		w = self.w
		rows = report(REPORT, {**w.wide, "group_by": "Agency and Part"})
		fuse, valve, total = rows
		self.assertEqual((fuse["agency"], fuse["item"], valve["item"]), (w.agency, w.fuse, w.valve))
		self.assertEqual(fuse["agency_name"], f"نمایندگی هزینه گارانتی {w.tag}")
		# fuse: paid 1 (invoice 1) + 2 (invoice 5) = 3; cost 3 × 450,000 = 1,350,000;
		# billed 3 × 600,000 = 1,800,000; no warranty fuse: 0%
		self.assertEqual(values(fuse), [0, 3, 0, 1_350_000, 1_350_000, 1_800_000, 0])
		# valve: warranty 2 (invoice 1; its voided 4 not) + 1 (invoice 2) = 3 (invoice 4 was
		# cancelled); cost 3 × 300,000 = 900,000; all warranty: 100%
		self.assertEqual(values(valve), [3, 0, 900_000, 0, 900_000, 0, 100])
		# 3 warranty of 6 parts: 50%; cost 900,000 + 1,350,000
		self.assertEqual(values(total), [3, 3, 900_000, 1_350_000, 2_250_000, 1_800_000, 50])
		self.assertEqual(total["total_qty"], 6)

		# what the agency was billed is its Sales Invoices' lines for the fuses
		billed = frappe.get_all(
			"Sales Invoice Item",
			filters={"item_code": w.fuse, "docstatus": 1},
			fields=["sum(base_net_amount) as amount"],
		)[0].amount
		self.assertEqual(billed, 1_800_000)

		# by agency: the one row adds both parts up
		rows = report(REPORT, {**w.wide, "group_by": "Agency"})
		self.assertEqual(values(rows[0]), values(total))
		# one coverage only
		rows = report(REPORT, {**w.wide, "coverage": "Warranty"})
		self.assertEqual([row.get("item") for row in rows[:-1]], [w.valve])
		# by part, for the parts' group across agencies
		rows = report(
			REPORT,
			{
				"group_by": "Part",
				"from_date": w.wide["from_date"],
				"to_date": today(),
				"item_group": w.parts_group,
			},
		)
		self.assertEqual(
			[(row.get("item"), row["total_qty"]) for row in rows], [(w.fuse, 3), (w.valve, 3), (None, 6)]
		)

	def test_jalali_months_follow_the_approval(self):
		w = self.w
		rows = report(REPORT, {**w.wide, "group_by": "Jalali Month"})
		# invoice 2's month: valve 1 × 300,000; this month: valve 2, fuse 3
		self.assertEqual(
			[(row["group_label"], row["warranty_qty"], row["paid_qty"], row["total_cost"]) for row in rows],
			[
				(jalali_month_label(w.moved_back_on), 1, 0, 300_000),
				(jalali_month_label(today()), 2, 3, 600_000 + 1_350_000),
				("Total", 3, 3, 2_250_000),
			],
		)

	def test_an_agency_is_refused(self):
		self.assertRaises(frappe.PermissionError, report, REPORT, self.w.wide, AGENCY_A_USER)
		frappe.set_user(AGENCY_A_USER)
		self.assertRaises(frappe.PermissionError, parts_consumption_by_agency.execute, self.w.wide)
