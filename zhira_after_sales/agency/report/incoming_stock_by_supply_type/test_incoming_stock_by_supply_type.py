# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Incoming Stock by Supply Type: a Material Receipt marked Repaired counts under Repaired with
its quantity and value; an unmarked one under Not Set; a transfer back from an agency marked
Consignment Return counts its receiving side only; an unmarked transfer does not count."""

import frappe
from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	company,
	make_agency,
	make_item,
	make_item_group,
	stores_warehouse,
)

test_ignore = TEST_IGNORE

REPORT = "Incoming Stock by Supply Type"
RATE = 500_000


def receipt(item, qty, warehouse, supply_type=None, rate=RATE, **kw):
	entry = make_stock_entry(
		item_code=item, qty=qty, to_warehouse=warehouse, rate=rate, do_not_submit=True, **kw
	)
	entry.zhira_supply_type = supply_type
	entry.submit()
	return entry


def transfer(item, qty, source, target, supply_type=None):
	entry = make_stock_entry(
		item_code=item, qty=qty, from_warehouse=source, to_warehouse=target, do_not_submit=True
	)
	entry.zhira_supply_type = supply_type
	entry.submit()
	return entry


class TestIncomingStockBySupplyType(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		tag = frappe.generate_hash(length=6)
		group = make_item_group("ZT Parts")
		cls.repaired = make_item(f"ZT-IN-REP-{tag}", group)
		cls.plain = make_item(f"ZT-IN-PLN-{tag}", group)
		cls.stores = stores_warehouse()
		cls.agency_wh = frappe.db.get_value(
			"Service Agency", make_agency("ZT-IN-AG", "نمایندگی ورودی"), "consignment_warehouse"
		)
		receipt(cls.repaired, 3, cls.stores, "Repaired")
		receipt(cls.plain, 4, cls.stores)
		transfer(cls.plain, 2, cls.stores, cls.agency_wh)  # unmarked: not incoming
		transfer(cls.plain, 1, cls.agency_wh, cls.stores, "Consignment Return")

	def rows(self, **filters) -> dict:
		result = run(
			REPORT, filters={"company": company(), "from_date": today(), "to_date": today(), **filters}
		)
		return {
			(r["supply_type"], r["item_code"]): r
			for r in result["result"]
			if isinstance(r, dict) and r.get("item_code") in (self.repaired, self.plain)
		}

	def test_a_receipt_marked_repaired_counts_under_repaired(self):
		row = self.rows()[("Repaired", self.repaired)]
		self.assertEqual((row["qty"], row["value"], row["vouchers"]), (3, 3 * RATE, 1))

	def test_unmarked_receipts_and_transfers(self):
		rows = self.rows()
		self.assertEqual(rows[("Not Set", self.plain)]["qty"], 4)
		self.assertEqual(rows[("Consignment Return", self.plain)]["qty"], 1)
		self.assertEqual(rows[("Consignment Return", self.plain)]["value"], RATE)
		self.assertEqual(
			set(rows),
			{("Repaired", self.repaired), ("Not Set", self.plain), ("Consignment Return", self.plain)},
		)

	def test_filters(self):
		self.assertEqual(set(self.rows(supply_type="Repaired")), {("Repaired", self.repaired)})
		self.assertEqual(self.rows(from_date=add_days(today(), 1), to_date=add_days(today(), 30)), {})
		self.assertEqual(
			set(self.rows(item_code=self.plain)),
			{("Not Set", self.plain), ("Consignment Return", self.plain)},
		)
