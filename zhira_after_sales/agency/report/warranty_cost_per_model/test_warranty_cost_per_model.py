# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Warranty Cost per Model on invoices head office really approved (wages posted, warranty parts
issued from the agency's consignment warehouse at their valuation), against sums made by hand: a
voided line, the paid part of a warranty invoice, a paid repair and a cancelled invoice cost
nothing; the date range and the Jalali months follow the approval time. An agency is refused.

`make_world` is shared with Parts Consumption by Agency: an agency, an item group, two models and
two parts of their own (a fresh code per class), so other tests' invoices do not change the sums."""

import frappe
from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, add_to_date, getdate, now_datetime, today

from zhira_after_sales.agency import invoice_approval
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	MANAGER,
	PAID_REPAIR,
	WARRANTY_REPAIR,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import to_in_progress
from zhira_after_sales.agency.report.warranty_cost_per_model import warranty_cost_per_model
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_device,
	make_item,
	make_item_group,
	make_user,
	make_warranty_plan,
)
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.report_query import month_label

test_ignore = TEST_IGNORE

REPORT = "Warranty Cost per Model"
ACCOUNTANT = "zt.rep.accounts@example.com"
VALVE_RATE = 300_000  # the valve's valuation in the agency's consignment warehouse
FUSE_RATE = 450_000  # the fuse's valuation
FUSE_PRICE = 600_000  # the fuse's Standard Selling price: what the agency is billed
# the manual wages of the invoices (head office's, with a reason)
WAGE_1, WAGE_2, WAGE_3, WAGE_4 = 2_000_000, 1_200_000, 900_000, 700_000
MOVED_BACK = 40  # invoice 2 was approved this many days ago: another Jalali month (> 31 days)


def report(name: str, filters: dict, user: str = MANAGER) -> list[dict]:
	frappe.set_user(user)
	try:
		return run(name, filters=filters, ignore_prepared_report=True)["result"]
	finally:
		frappe.set_user("Administrator")


def jalali_month_label(day) -> str:
	jd = jalali.to_jalali(getdate(day))
	return month_label(jd.year, jd.month)


def make_world() -> frappe._dict:
	"""Agency X of its own, two models (A, B) of a new group covered by a plan of warranty repairs
	listing the valve, and these invoices (all of agency X):

	1. model A, Warranty Repair, wage 2,000,000: valve × 2 (warranty), valve × 4 (warranty, voided
	   by head office), fuse × 1 (paid): approved today
	2. model A, Warranty Repair, wage 1,200,000: valve × 1 (warranty): approved 40 days ago
	3. model B, Warranty Repair, wage 900,000: no parts: approved today
	4. model B, Warranty Repair, wage 700,000: valve × 1 (warranty): approved, then cancelled
	5. model A, Paid Repair (no wage): fuse × 2 (paid): approved today
	"""
	w = setup_world()
	tag = frappe.generate_hash(length=6).upper()
	w.tag = tag
	w.group = make_item_group(f"ZT WCM Heaters {tag}")
	w.parts_group = make_item_group(f"ZT WCM Parts {tag}")
	w.model_a = make_item(f"ZT-WCM-A-{tag}", w.group)
	w.model_b = make_item(f"ZT-WCM-B-{tag}", w.group)
	w.valve = make_item(f"ZT-WCM-VALVE-{tag}", w.parts_group)
	w.fuse = make_item(f"ZT-WCM-FUSE-{tag}", w.parts_group)
	make_warranty_plan(
		f"ZT WCM Plan {tag}",
		item_group=w.group,
		duration_months=24,
		covered_service_types=[{"service_type": WARRANTY_REPAIR}],
		parts_covered="Listed",
		parts=[{"item": w.valve}],
	)
	frappe.get_doc(
		{
			"doctype": "Item Price",
			"item_code": w.fuse,
			"price_list": "Standard Selling",
			"price_list_rate": FUSE_PRICE,
		}
	).insert(ignore_permissions=True)
	w.agency = make_agency(f"ZT-WCM-{tag}", f"نمایندگی هزینه گارانتی {tag}")
	w.warehouse = frappe.db.get_value("Service Agency", w.agency, "consignment_warehouse")
	make_stock_entry(item_code=w.valve, qty=10, to_warehouse=w.warehouse, rate=VALVE_RATE)
	make_stock_entry(item_code=w.fuse, qty=5, to_warehouse=w.warehouse, rate=FUSE_RATE)
	devices = {}
	for key, model in (("a1", w.model_a), ("a2", w.model_a), ("b1", w.model_b), ("b2", w.model_b)):
		serial = f"ZTWCM-{tag}-{key.upper()}"
		frappe.get_doc(
			{
				"doctype": "Warranty Card",
				"item": model,
				"serial_no": serial,
				"start_date": getdate(add_months(today(), -3)),
			}
		).insert(ignore_permissions=True)
		devices[key] = make_device(model, serial, w.customer)

	def invoice(device, wage, parts, invoice_type="Warranty Repair", void=()):
		service_type = WARRANTY_REPAIR if invoice_type == "Warranty Repair" else PAID_REPAIR
		reception = make_reception(w, agency=w.agency, devices=[device], service_type=service_type)
		to_in_progress(reception)
		services = [{"service_type": service_type}]
		if wage:
			services = [{**services[0], "manual_wage": 1, "wage": wage, "manual_reason": "نرخ توافقی"}]
		doc = new_invoice(reception, device, invoice_type, services=services, parts=parts)
		doc.insert()
		doc.submit()
		frappe.set_user(MANAGER)
		try:
			doc = frappe.get_doc("Service Invoice", doc.name)
			invoice_approval.void_parts(doc, [doc.parts[i].name for i in void])
			invoice_approval.approve(doc)
		finally:
			frappe.set_user("Administrator")
		return doc.name

	def part(item, qty, coverage="Warranty"):
		return {"item": item, "qty": qty, "coverage": coverage}

	w.inv1 = invoice(
		devices["a1"], WAGE_1, [part(w.valve, 2), part(w.valve, 4), part(w.fuse, 1, "Paid")], void=(1,)
	)
	w.inv2 = invoice(devices["a2"], WAGE_2, [part(w.valve, 1)])
	w.inv3 = invoice(devices["b1"], WAGE_3, [])
	w.inv4 = invoice(devices["b2"], WAGE_4, [part(w.valve, 1)])
	w.inv5 = invoice(devices["a1"], 0, [part(w.fuse, 2, "Paid")], invoice_type="Paid Repair")
	frappe.set_user(MANAGER)
	try:
		frappe.get_doc("Service Invoice", w.inv4).cancel()
	finally:
		frappe.set_user("Administrator")
	w.moved_back_on = add_to_date(now_datetime(), days=-MOVED_BACK)
	frappe.db.set_value("Service Invoice", w.inv2, "approved_on", w.moved_back_on)
	w.wide = {"from_date": add_days(today(), -60), "to_date": today(), "agency": w.agency}
	w.narrow = {**w.wide, "from_date": add_days(today(), -10)}
	return w


class TestWarrantyCostPerModel(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = make_world()
		make_user(ACCOUNTANT, roles=("Accounts Manager",))

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_cost_per_model_counts_what_the_approvals_posted(self):
		w = self.w
		rows = report(REPORT, {**w.wide, "group_by": "Model"})
		self.assertEqual([row.get("item") for row in rows], [w.model_a, w.model_b, None])  # costliest first
		model_a, model_b, total = rows
		# model A: invoices 1 and 2 (the paid repair 5 is no warranty invoice)
		# parts: valve 2 + 1 = 3 at 300,000 = 900,000 (the voided 4 valves and the paid fuse cost nothing)
		# wages: 2,000,000 + 1,200,000 = 3,200,000; total 4,100,000; per invoice 4,100,000 / 2
		self.assertEqual(model_a["item_group"], w.group)
		self.assertEqual(
			[model_a[f] for f in ("invoices", "parts_qty", "parts_cost", "wages", "total_cost")],
			[2, 3, 900_000, 3_200_000, 4_100_000],
		)
		self.assertEqual(model_a["cost_per_invoice"], 2_050_000)
		# model B: invoice 3 only (4 was cancelled): no parts, wage 900,000
		self.assertEqual(
			[model_b[f] for f in ("invoices", "parts_qty", "parts_cost", "wages", "total_cost")],
			[1, 0, 0, 900_000, 900_000],
		)
		# total 4,100,000 + 900,000 = 5,000,000: A 82%, B 18%
		self.assertEqual(
			(total["invoices"], total["total_cost"], total["item_name"]), (3, 5_000_000, "Total")
		)
		self.assertAlmostEqual(model_a["share"], 82.0)
		self.assertAlmostEqual(model_b["share"], 18.0)
		self.assertAlmostEqual(total["cost_per_invoice"], 5_000_000 / 3)

		# the parts cost is the amount the approval debited to the warranty cost account
		entry = frappe.db.get_value("Service Invoice", w.inv1, "stock_entry")
		self.assertEqual(
			frappe.db.get_value("GL Entry", {"voucher_no": entry, "is_cancelled": 0}, "sum(debit)"), 600_000
		)

	def test_date_range_and_jalali_months_follow_the_approval(self):
		w = self.w
		# the last 10 days: invoice 2 (approved 40 days ago) is out: A = 600,000 + 2,000,000
		rows = report(REPORT, {**w.narrow, "group_by": "Model"})
		model_a = next(row for row in rows if row.get("item") == w.model_a)
		self.assertEqual((model_a["invoices"], model_a["total_cost"]), (1, 2_600_000))
		self.assertEqual(rows[-1]["total_cost"], 2_600_000 + 900_000)

		# by Jalali month: invoice 2's month 300,000 + 1,200,000; this month invoices 1 and 3:
		# 600,000 + 2,000,000 + 900,000
		rows = report(REPORT, {**w.wide, "group_by": "Jalali Month"})
		self.assertEqual(
			[(row["group_label"], row["invoices"], row["total_cost"]) for row in rows],
			[
				(jalali_month_label(w.moved_back_on), 1, 1_500_000),
				(jalali_month_label(today()), 2, 3_500_000),
				("Total", 3, 5_000_000),
			],
		)
		# by item group: both models are in the one group
		rows = report(REPORT, {**w.wide, "group_by": "Item Group"})
		self.assertEqual(
			[(row["group_label"], row["total_cost"]) for row in rows[:-1]], [(w.group, 5_000_000)]
		)
		# the item group filter without the agency filter finds the same
		rows = report(REPORT, {"from_date": w.wide["from_date"], "to_date": today(), "item_group": w.group})
		self.assertEqual(rows[-1]["total_cost"], 5_000_000)

	def test_only_head_office_and_accounts_read_it(self):
		self.assertRaises(frappe.PermissionError, report, REPORT, self.w.wide, AGENCY_A_USER)
		# even when the report's code is called directly
		frappe.set_user(AGENCY_A_USER)
		self.assertRaises(frappe.PermissionError, warranty_cost_per_model.execute, self.w.wide)
		frappe.set_user(ACCOUNTANT)
		_columns, data, *_rest = warranty_cost_per_model.execute(self.w.wide)
		self.assertEqual(data[-1]["total_cost"], 5_000_000)
		# and through the desk's own report endpoint (an accountant reads Service Invoices)
		self.assertEqual(report(REPORT, self.w.wide, ACCOUNTANT)[-1]["total_cost"], 5_000_000)
