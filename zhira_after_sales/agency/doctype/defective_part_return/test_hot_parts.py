# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Hot parts (قطعه داغی) after approval: receiving into the defective warehouse at zero value or a
chosen rate, short and rejected returns, billing the agency once for what did not come back (by
hand and by the daily job after the grace days), and routing a received part: scrap, return to
supplier, repair back into spare stock with its cost. Balances come from ERPNext's ledgers."""

import frappe
from erpnext.stock.utils import get_stock_balance
from frappe.utils import add_days, flt, today

from zhira_after_sales import consts
from zhira_after_sales.agency import hot_parts
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import AGENCY_A_USER, MANAGER
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import (
	PRICE,
	party_balance,
	stock_up,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_workflow import WorkflowTestCase
from zhira_after_sales.exceptions import HeadOfficeOnlyError, ServiceInvoiceError
from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.rest import call

test_ignore = TEST_IGNORE

LEDGERS = ("Stock Entry", "Sales Invoice", "GL Entry", "Stock Ledger Entry")


def counts() -> dict:
	return {doctype: frappe.db.count(doctype) for doctype in LEDGERS}


class HotPartTestCase(WorkflowTestCase):
	def due_return(self, item=None, qty=1):
		"""An approved warranty invoice of agency A that replaced `qty` of a part marked hot."""
		w = self.w
		item = item or w.fan
		frappe.set_user("Administrator")
		stock_up(item, w.warehouse, qty)
		invoice = self.draft([{"item": item, "qty": qty, "coverage": "Paid", "hot_part_due": 1}])
		self.act(AGENCY_A_USER, invoice, "Submit")
		self.act(MANAGER, invoice, "Approve")
		frappe.set_user(MANAGER)
		name = frappe.db.get_value("Defective Part Return", {"service_invoice": invoice.name})
		return frappe.get_doc("Defective Part Return", name)

	def defective_stock(self, item):
		return get_stock_balance(item, self.defective)

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.defective = frappe.db.get_value("Service Agency", cls.w.agency_a, "defective_warehouse")


class TestReceiving(HotPartTestCase):
	def test_a_full_return_enters_the_defective_warehouse_at_no_value(self):
		ret = self.due_return(qty=2)
		before = self.defective_stock(self.w.fan)
		gl = frappe.db.count("GL Entry")
		ret = hot_parts.receive(ret, 2)
		self.assertEqual((ret.status, flt(ret.received_qty)), ("Received", 2))
		self.assertEqual(self.defective_stock(self.w.fan), before + 2)
		self.assertEqual(frappe.db.get_value("Stock Entry", ret.stock_entry, "docstatus"), 1)
		self.assertEqual(frappe.db.count("GL Entry"), gl, "zero-valued defective stock posts nothing")

	def test_a_short_return_is_billed_for_what_is_missing_once(self):
		ret = self.due_return(qty=2)
		ret = hot_parts.receive(ret, 1)
		self.assertEqual(ret.status, "Short")
		balance = party_balance(self.w.agency_a)
		ret = hot_parts.bill(ret)
		self.assertEqual(ret.status, "Billed")
		invoice = frappe.get_doc("Sales Invoice", ret.sales_invoice)
		self.assertEqual(
			(invoice.docstatus, flt(invoice.items[0].qty), flt(invoice.items[0].rate)), (1, 1, PRICE)
		)
		income = frappe.db.get_value("Sales Invoice Item", {"parent": invoice.name}, "income_account")
		self.assertEqual(
			frappe.db.get_value("Account", income, "account_name"), consts.UNRETURNED_PART_ACCOUNT
		)
		self.assertEqual(party_balance(self.w.agency_a), balance + PRICE)
		# never twice for the same part
		before = counts()
		self.assertRaisesRegex(
			ServiceInvoiceError,
			invoice.name,
			hot_parts.bill,
			frappe.get_doc("Defective Part Return", ret.name),
		)
		self.assertEqual(counts(), before)

	def test_bad_receipts_are_refused_and_post_nothing(self):
		ret = self.due_return(qty=1)
		before = counts()
		self.assertRaisesRegex(ServiceInvoiceError, "only 1", hot_parts.receive, ret, 3)
		self.assertRaises(ServiceInvoiceError, hot_parts.receive, ret, 0)
		self.assertRaises(ServiceInvoiceError, hot_parts.reject, ret, " ")
		frappe.set_user(AGENCY_A_USER)
		self.assertRaises(HeadOfficeOnlyError, hot_parts.receive, ret, 1)
		frappe.set_user(MANAGER)
		self.assertEqual(counts(), before)
		self.assertEqual(frappe.db.get_value("Defective Part Return", ret.name, "status"), "Awaiting Return")

	def test_a_rejected_part_enters_no_stock_and_is_billed_in_full(self):
		ret = self.due_return(qty=1)
		before = self.defective_stock(self.w.fan)
		ret = hot_parts.reject(ret, "قطعه دیگری فرستاده شد")
		self.assertEqual((ret.status, ret.rejection_reason), ("Rejected", "قطعه دیگری فرستاده شد"))
		self.assertEqual(self.defective_stock(self.w.fan), before)
		ret = hot_parts.bill(ret)
		self.assertEqual(flt(ret.charge_amount), PRICE)


class TestOverdueBilling(HotPartTestCase):
	def test_the_daily_job_bills_only_parts_past_the_grace_days_and_only_once(self):
		frappe.db.set_single_value(
			"After Sales Settings", {"hot_part_grace_days": 5, "hot_part_auto_bill": 1}
		)
		late = self.due_return()
		recent = self.due_return()
		frappe.db.set_value("Defective Part Return", late.name, "due_date", add_days(today(), -6))
		frappe.db.set_value("Defective Part Return", recent.name, "due_date", add_days(today(), -2))
		billed = hot_parts.bill_overdue()
		self.assertIn(late.name, billed)
		self.assertNotIn(recent.name, billed)
		self.assertEqual(frappe.db.get_value("Defective Part Return", late.name, "status"), "Billed")
		self.assertEqual(
			frappe.db.get_value("Defective Part Return", recent.name, "status"), "Awaiting Return"
		)
		invoices = frappe.db.count("Sales Invoice")
		self.assertNotIn(late.name, hot_parts.bill_overdue())
		self.assertEqual(frappe.db.count("Sales Invoice"), invoices)

	def test_automatic_billing_can_be_turned_off(self):
		frappe.db.set_single_value(
			"After Sales Settings", {"hot_part_grace_days": 0, "hot_part_auto_bill": 0}
		)
		late = self.due_return()
		frappe.db.set_value("Defective Part Return", late.name, "due_date", add_days(today(), -30))
		self.assertEqual(hot_parts.bill_overdue(), [])
		frappe.db.set_single_value("After Sales Settings", "hot_part_auto_bill", 1)


class TestRouting(HotPartTestCase):
	def test_scrap_and_return_to_supplier_take_the_part_out_of_the_defective_warehouse(self):
		supplier = frappe.db.get_value("Service Agency", self.w.agency_b, "supplier")
		for outcome, extra in (("Scrap", {}), ("Return to Supplier", {"supplier": supplier})):
			ret = hot_parts.receive(self.due_return(), 1)
			before = self.defective_stock(self.w.fan)
			ret = hot_parts.route(ret, outcome, **extra)
			self.assertEqual(ret.outcome, outcome)
			self.assertEqual(
				frappe.db.get_value("Stock Entry", ret.outcome_entry, "purpose"), "Material Issue"
			)
			self.assertEqual(self.defective_stock(self.w.fan), before - 1)
			self.assertRaisesRegex(ServiceInvoiceError, "already routed", hot_parts.route, ret, "Scrap")

	def test_a_repaired_part_goes_back_to_spare_stock_valued_at_its_repair_cost(self):
		stores = frappe.db.get_single_value("After Sales Settings", "parts_warehouse")
		ret = hot_parts.receive(self.due_return(), 1)
		self.assertRaisesRegex(ServiceInvoiceError, "repair", hot_parts.repaired, ret, 100)
		ret = hot_parts.route(ret, "Repair")
		in_stores, defective = get_stock_balance(self.w.fan, stores), self.defective_stock(self.w.fan)
		ret = hot_parts.repaired(ret, 250_000)
		self.assertEqual((ret.outcome, flt(ret.repair_cost)), ("Repaired", 250_000))
		self.assertEqual(get_stock_balance(self.w.fan, stores), in_stores + 1)
		self.assertEqual(self.defective_stock(self.w.fan), defective - 1)
		entry = frappe.get_doc("Stock Entry", ret.outcome_entry)
		self.assertEqual(entry.purpose, "Material Receipt")
		self.assertEqual(flt(entry.items[0].amount), 250_000, "the repaired part is worth its repair cost")
		account = frappe.db.get_value("Account", entry.items[0].expense_account, "account_name")
		self.assertEqual(account, consts.PART_REPAIR_ACCOUNT)


class TestThroughTheAPI(HotPartTestCase):
	def test_an_agency_cannot_receive_or_bill_its_own_return_and_head_office_can(self):
		ret = self.due_return()
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction
		base = "/api/method/zhira_after_sales.api.part_return."
		response = call("POST", base + "bill", AGENCY_A_USER, json={"name": ret.name})
		self.assertEqual(response.status_code, 403, response.json)
		response = call("POST", base + "receive", MANAGER, json={"name": ret.name, "qty": 5})
		self.assertEqual(response.status_code, 417, response.json)
		response = call("POST", base + "receive", MANAGER, json={"name": ret.name, "qty": 1})
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(response.json["message"]["status"], "Received")
