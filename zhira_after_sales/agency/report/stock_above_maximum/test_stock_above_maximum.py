# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Stock Above Maximum: a warehouse holding more than the item's maximum there shows with the
excess and its value; one below its maximum does not; a warehouse that is not an after-sales one
shows only when asked for all warehouses. After-Sales Stock lists the after-sales warehouses'
stock with the levels beside it."""

import frappe
from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.agency.warehouses import CONSIGNMENT, SPARE_PARTS, setup_warehouses
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	company,
	make_agency,
	make_item,
	make_item_group,
	other_warehouse,
)

test_ignore = TEST_IGNORE

REPORT = "Stock Above Maximum"
RATE = 1_000_000


def report_rows(report: str, **filters) -> list[dict]:
	result = run(report, filters={"company": company(), **filters})
	return [r for r in result["result"] if isinstance(r, dict) and r.get("item_code")]


class TestStockAboveMaximum(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.company = company()
		agency = frappe.get_doc("Service Agency", make_agency("ZT-MAX-AG", "نمایندگی حداکثر"))
		setup_warehouses(cls.company)
		cls.parts = frappe.db.get_single_value("After Sales Settings", "parts_warehouse")
		cls.consignment = agency.consignment_warehouse
		cls.goods = other_warehouse()
		cls.item = make_item(f"ZT-MAX-{frappe.generate_hash(length=6)}", make_item_group("ZT Parts"))
		item = frappe.get_doc("Item", cls.item)
		for warehouse, max_qty in ((cls.parts, 5), (cls.consignment, 10), (cls.goods, 1)):
			item.append(
				"reorder_levels",
				{
					"warehouse": warehouse,
					"warehouse_reorder_level": 1,
					"warehouse_reorder_qty": 2,
					"material_request_type": "Purchase",
					"zhira_max_qty": max_qty,
				},
			)
		item.save(ignore_permissions=True)
		make_stock_entry(item_code=cls.item, qty=10, to_warehouse=cls.parts, rate=RATE)
		make_stock_entry(item_code=cls.item, qty=2, from_warehouse=cls.parts, to_warehouse=cls.consignment)
		make_stock_entry(item_code=cls.item, qty=4, to_warehouse=cls.goods, rate=RATE)

	def rows(self, report=REPORT, **filters):
		return {r["warehouse"]: r for r in report_rows(report, item_code=self.item, **filters)}

	def test_the_warehouse_above_its_maximum_shows_its_excess(self):
		rows = self.rows()
		self.assertIn(self.parts, rows)
		row = rows[self.parts]
		self.assertEqual((row["actual_qty"], row["max_qty"], row["excess_qty"]), (8, 5, 3))
		self.assertEqual(row["excess_value"], 3 * RATE)
		self.assertEqual(row["stock_value"], 8 * RATE)
		self.assertEqual(row["warehouse_type"], SPARE_PARTS)

	def test_a_warehouse_below_its_maximum_does_not_show(self):
		self.assertNotIn(self.consignment, self.rows())

	def test_other_warehouses_only_when_asked(self):
		self.assertNotIn(self.goods, self.rows())
		everywhere = self.rows(all_warehouses=1)
		self.assertEqual(everywhere[self.goods]["excess_qty"], 3)
		self.assertIn(self.parts, everywhere)

	def test_filtered_by_type(self):
		self.assertEqual(self.rows(warehouse_type=CONSIGNMENT), {})
		self.assertIn(self.parts, self.rows(warehouse_type=SPARE_PARTS))

	def test_after_sales_stock_lists_the_after_sales_warehouses_with_their_levels(self):
		rows = self.rows("After-Sales Stock")
		self.assertEqual(set(rows), {self.parts, self.consignment})
		self.assertEqual(rows[self.consignment]["actual_qty"], 2)
		self.assertEqual(rows[self.consignment]["warehouse_type"], CONSIGNMENT)
		self.assertEqual(rows[self.consignment]["max_qty"], 10)
		self.assertEqual(rows[self.parts]["stock_value"], 8 * RATE)
		self.assertEqual(set(self.rows("After-Sales Stock", warehouse_type=CONSIGNMENT)), {self.consignment})


class TestWhoOpensTheStockReports(FrappeTestCase):
	def test_an_after_sales_manager_opens_them_and_an_agency_user_does_not(self):
		from zhira_after_sales.tests.factories import make_user

		manager = make_user("zt.stock.manager@example.com", roles=("After Sales Manager",))
		agency_user = make_user("zt.stock.agency@example.com")
		filters = {"company": company()}
		try:
			frappe.set_user(manager)
			for report in (REPORT, "After-Sales Stock", "Incoming Stock by Supply Type"):
				extra = {"from_date": "2020-01-01", "to_date": "2099-12-31"} if "Incoming" in report else {}
				self.assertIn("result", run(report, filters={**filters, **extra}), report)
			frappe.set_user(agency_user)
			self.assertRaises(frappe.PermissionError, run, REPORT, filters=filters)
		finally:
			frappe.set_user("Administrator")
