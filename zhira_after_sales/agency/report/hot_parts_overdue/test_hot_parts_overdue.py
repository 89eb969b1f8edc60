# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Hot Parts Overdue on crafted defective part returns of an agency of its own, against counts
made by hand: what is still out past its due date (awaited, short, rejected, or billed by head
office for not coming back), as on today or another day; received, voided and not yet due returns
are not overdue. An agency is refused."""

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from zhira_after_sales.agency import hot_parts
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	MANAGER,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.agency.report.hot_parts_overdue import hot_parts_overdue
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_item, make_item_group

test_ignore = TEST_IGNORE

REPORT = "Hot Parts Overdue"
CHARGE = 750_000  # the Standard Selling price of part Q: what billing an unreturned Q charges


def report(filters: dict, user: str = MANAGER) -> list[dict]:
	frappe.set_user(user)
	try:
		return run(REPORT, filters=filters, ignore_prepared_report=True)["result"]
	finally:
		frappe.set_user("Administrator")


class TestHotPartsOverdue(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = setup_world()
		# the returns' invoice (the report reads only the returns)
		invoice = new_invoice(make_reception(w), w.covered).insert().name
		tag = frappe.generate_hash(length=6).upper()
		group = make_item_group(f"ZT HPO Parts {tag}")
		cls.p = make_item(f"ZT-HPO-P-{tag}", group)
		cls.q = make_item(f"ZT-HPO-Q-{tag}", group)
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": cls.q,
				"price_list": "Standard Selling",
				"price_list_rate": CHARGE,
			}
		).insert(ignore_permissions=True)
		cls.agency = make_agency(f"ZT-HPO-{tag}", f"نمایندگی قطعه داغی {tag}")

		def ret(item, qty, due_in, status=hot_parts.AWAITING, received=0):
			"""A return as an approval's create_returns stores it, with a crafted due date and state."""
			doc = frappe.get_doc(
				{
					"doctype": "Defective Part Return",
					"agency": cls.agency,
					"item": item,
					"qty": qty,
					"received_qty": received,
					"due_date": add_days(today(), due_in),
					"status": status,
					"service_invoice": invoice,
				}
			)
			return doc.insert(ignore_permissions=True).name

		cls.r1 = ret(cls.p, 2, -10)  # awaited, 10 days over
		cls.r2 = ret(cls.p, 3, -4, hot_parts.SHORT, received=1)  # 2 still out, 4 days over
		cls.r3 = ret(cls.q, 1, -20, hot_parts.REJECTED)  # what came back was not the part, 20 days over
		cls.r4 = ret(cls.q, 1, -45)  # 45 days over, billed below
		ret(cls.p, 1, 0)  # due today: not overdue yet
		ret(cls.p, 1, -30, hot_parts.RECEIVED, received=1)  # returned
		ret(cls.p, 1, -30, hot_parts.VOID)  # its invoice was cancelled
		frappe.set_user(MANAGER)
		try:
			hot_parts.bill(frappe.get_doc("Defective Part Return", cls.r4))
		finally:
			frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_overdue_per_agency_and_part_today(self):
		rows = report({"agency": self.agency})
		q, p, total = rows
		self.assertEqual((q["agency"], q["item"], p["item"]), (self.agency, self.q, self.p))
		fields = (
			"returns",
			"qty_due",
			"most_days_overdue",
			"average_days_overdue",
			"billed",
			"charge_billed",
		)
		# Q (the longest overdue first): r3 and r4; 1 + 1 due; 45 days the most; (20 + 45) / 2;
		# r4 billed at its selling price
		self.assertEqual([q[f] for f in fields], [2, 2, 45, 32.5, 1, CHARGE])
		self.assertEqual(getdate(q["oldest_due_date"]), getdate(add_days(today(), -45)))
		# P: r1 (2 due, 10 days) and r2 (3 less 1 received, 4 days): (10 + 4) / 2
		self.assertEqual([p[f] for f in fields], [2, 4, 10, 7.0, 0, 0])
		# all: 4 returns, (10 + 4 + 20 + 45) / 4 = 19.75
		self.assertEqual([total[f] for f in fields], [4, 6, 45, 19.8, 1, CHARGE])
		self.assertEqual(frappe.db.get_value("Defective Part Return", self.r4, "charge_amount"), CHARGE)

		# without the billed: r4 is left out
		rows = report({"agency": self.agency, "include_billed": 0})
		self.assertEqual(
			[(row.get("item"), row["returns"], row["most_days_overdue"]) for row in rows][:1],
			[(self.q, 1, 20)],
		)
		# by agency: one row
		rows = report({"agency": self.agency, "group_by": "Agency"})
		self.assertEqual([(row["agency"], row["returns"]) for row in rows[:-1]], [(self.agency, 4)])

	def test_each_return_as_on_another_day(self):
		# five days ago r2 (due 4 days ago) was not yet overdue: r4 40 days, r3 15, r1 5
		rows = report({"agency": self.agency, "group_by": "Return", "on_date": add_days(today(), -5)})
		self.assertEqual(
			[(row["name"], row["days_overdue"], row["qty_due"], row["status_label"]) for row in rows],
			[(self.r4, 40, 1, "Billed"), (self.r3, 15, 1, "Rejected"), (self.r1, 5, 2, "Awaiting Return")],
		)
		self.assertTrue(rows[0]["sales_invoice"])

	def test_an_agency_is_refused(self):
		self.assertRaises(frappe.PermissionError, report, {}, AGENCY_A_USER)
		frappe.set_user(AGENCY_A_USER)
		self.assertRaises(frappe.PermissionError, hot_parts_overdue.execute, {})
