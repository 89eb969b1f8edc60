# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Agency Consignment: stock moved into an agency's consignment warehouse (a real Material
Transfer from a central store) shows with its quantity, value and FIFO age; another agency's user
sees none of it, and is refused when asking for that agency."""

import frappe
from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_B_USER,
	MANAGER,
	setup_world,
)
from zhira_after_sales.agency.report.agency_consignment.agency_consignment import age_bucket, fifo_ages
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_item,
	make_item_group,
	stores_warehouse,
)

test_ignore = TEST_IGNORE

REPORT = "Agency Consignment"
RATE = 500_000


def report_rows(filters=None, user="Administrator") -> list[dict]:
	frappe.set_user(user)
	try:
		return run(REPORT, filters=filters or {}, ignore_prepared_report=True)["result"]
	finally:
		frappe.set_user("Administrator")


class TestAgencyConsignment(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()
		code = f"ZT-CSG-{frappe.generate_hash(length=5).upper()}"
		cls.agency = make_agency(code, f"نمایندگی امانی {code}")
		cls.warehouse = frappe.db.get_value("Service Agency", cls.agency, "consignment_warehouse")
		cls.group = make_item_group("ZT Consignment Parts")
		cls.item = make_item("ZT-CSG-VALVE", cls.group)
		other_group = make_item_group("ZT Consignment Other")
		cls.other_item = make_item("ZT-CSG-OTHER", other_group)
		cls.fifo_item = make_item("ZT-CSG-FIFO", other_group)
		cls.old_item = make_item("ZT-CSG-OLD", other_group)

	def tearDown(self):
		frappe.set_user("Administrator")

	def transfer(self, item, qty, days=0):
		store = stores_warehouse()
		make_stock_entry(
			item_code=item, qty=qty, to_warehouse=store, rate=RATE, posting_date=add_days(today(), days)
		)
		make_stock_entry(
			item_code=item,
			qty=qty,
			from_warehouse=store,
			to_warehouse=self.warehouse,
			posting_date=add_days(today(), days),
		)

	def test_stock_moved_to_the_agency_shows_and_only_to_it(self):
		self.transfer(self.item, 3, days=-12)
		self.transfer(self.item, 2, days=-4)
		self.transfer(self.other_item, 1, days=-1)
		make_stock_entry(item_code=self.item, qty=3, from_warehouse=self.warehouse)  # consumes the oldest lot

		rows = report_rows({"agency": self.agency}, user=MANAGER)
		by_item = {row["item_code"]: row for row in rows}
		self.assertLessEqual({self.item, self.other_item}, set(by_item))
		self.assertEqual(by_item[self.other_item]["qty"], 1)
		valve = by_item[self.item]
		self.assertEqual((valve["agency"], valve["warehouse"]), (self.agency, self.warehouse))
		self.assertEqual(valve["qty"], 2)
		self.assertEqual(valve["stock_value"], 2 * RATE)
		self.assertEqual(
			valve["stock_value"],
			frappe.db.get_value("Bin", {"item_code": self.item, "warehouse": self.warehouse}, "stock_value"),
		)
		self.assertEqual(valve["age_days"], 4)  # the 3 of 12 days ago were consumed first
		self.assertEqual(str(valve["last_movement"]), today())

		# the item group filter narrows it
		rows = report_rows({"agency": self.agency, "item_group": self.group}, user=MANAGER)
		self.assertIn(self.item, [row["item_code"] for row in rows])
		self.assertNotIn(self.other_item, [row["item_code"] for row in rows])
		# head office without a filter sees it among all agencies
		self.assertIn(self.agency, {row["agency"] for row in report_rows(user=MANAGER)})

		# another agency's user sees its own stock and none of this agency's
		b_warehouse = frappe.db.get_value("Service Agency", self.w.agency_b, "consignment_warehouse")
		make_stock_entry(item_code=self.other_item, qty=1, to_warehouse=b_warehouse, rate=RATE)
		own = report_rows(user=AGENCY_B_USER)
		self.assertIn((b_warehouse, self.other_item), {(row["warehouse"], row["item_code"]) for row in own})
		self.assertFalse([row for row in own if row["agency"] != self.w.agency_b])
		self.assertFalse([row for row in own if row["warehouse"] == self.warehouse])
		self.assertRaises(frappe.PermissionError, report_rows, {"agency": self.agency}, AGENCY_B_USER)

	def test_fifo_age_consumes_the_oldest_inward_first(self):
		self.transfer(self.fifo_item, 1, days=-30)
		self.transfer(self.fifo_item, 1, days=-20)
		ages = fifo_ages([self.warehouse], [self.fifo_item])
		self.assertEqual(
			ages[(self.fifo_item, self.warehouse)][0], frappe.utils.getdate(add_days(today(), -30))
		)
		make_stock_entry(item_code=self.fifo_item, qty=1, from_warehouse=self.warehouse)
		ages = fifo_ages([self.warehouse], [self.fifo_item])
		self.assertEqual(
			ages[(self.fifo_item, self.warehouse)][0], frappe.utils.getdate(add_days(today(), -20))
		)

	def test_age_buckets(self):
		# the buckets' edges: 0-30, 31-90, 91-180, over 180 days
		self.assertEqual(
			[age_bucket(days) for days in (0, 30, 31, 90, 91, 180, 181, None)],
			[*["0-30 Days"] * 2, *["31-90 Days"] * 2, *["91-180 Days"] * 2, "Over 180 Days", None],
		)
		# 2 in 100 days ago, 1 of them out since: the other is 100 days old
		self.transfer(self.old_item, 2, days=-100)
		make_stock_entry(item_code=self.old_item, qty=1, from_warehouse=self.warehouse)
		rows = report_rows({"agency": self.agency, "age_bucket": "91-180 Days"}, user=MANAGER)
		old = next(row for row in rows if row["item_code"] == self.old_item)
		self.assertEqual((old["qty"], old["age_days"], old["age_bucket"]), (1, 100, "91-180 Days"))
		self.assertFalse([row for row in rows if row["age_bucket"] != "91-180 Days"])
		rows = report_rows({"agency": self.agency, "age_bucket": "0-30 Days"}, user=MANAGER)
		self.assertNotIn(self.old_item, [row["item_code"] for row in rows])
