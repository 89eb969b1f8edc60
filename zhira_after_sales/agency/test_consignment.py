# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Consignment stock an agency holds: head office takes it back into the central store, or bills
the agency for what it cannot return; bad requests post nothing."""

import frappe
from erpnext.stock.utils import get_stock_balance
from frappe.utils import flt

from zhira_after_sales.agency import consignment
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import AGENCY_A_USER, MANAGER
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import (
	PRICE,
	ApprovalTestCase,
	party_balance,
	stock_up,
)
from zhira_after_sales.exceptions import HeadOfficeOnlyError, ServiceInvoiceError
from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.rest import call

test_ignore = TEST_IGNORE
LEDGERS = ("Stock Entry", "Sales Invoice", "GL Entry", "Stock Ledger Entry")


def counts() -> dict:
	return {doctype: frappe.db.count(doctype) for doctype in LEDGERS}


class TestConsignment(ApprovalTestCase):
	def setUp(self):
		frappe.set_user(MANAGER)
		self.stores = frappe.db.get_single_value("After Sales Settings", "parts_warehouse")

	def test_returned_stock_moves_back_to_the_central_store(self):
		w = self.w
		frappe.set_user("Administrator")
		stock_up(w.pump, w.warehouse, 3)
		frappe.set_user(MANAGER)
		held, stores = get_stock_balance(w.pump, w.warehouse), get_stock_balance(w.pump, self.stores)
		name = consignment.return_stock(w.agency_a, [{"item": w.pump, "qty": 1}, {"item": w.pump, "qty": 1}])
		entry = frappe.get_doc("Stock Entry", name)
		self.assertEqual((entry.docstatus, entry.purpose, len(entry.items)), (1, "Material Transfer", 1))
		self.assertEqual(get_stock_balance(w.pump, w.warehouse), held - 2)
		self.assertEqual(get_stock_balance(w.pump, self.stores), stores + 2)

	def test_stock_the_agency_cannot_return_is_billed_to_it(self):
		w = self.w
		frappe.set_user("Administrator")
		stock_up(w.fan, w.warehouse, 2)
		frappe.set_user(MANAGER)
		held, balance = get_stock_balance(w.fan, w.warehouse), party_balance(w.agency_a)
		name = consignment.bill_stock(w.agency_a, [{"item": w.fan, "qty": 2}])
		invoice = frappe.get_doc("Sales Invoice", name)
		self.assertEqual(
			(invoice.docstatus, invoice.update_stock, flt(invoice.grand_total)), (1, 1, 2 * PRICE)
		)
		self.assertEqual(invoice.customer, frappe.db.get_value("Service Agency", w.agency_a, "customer"))
		self.assertEqual(get_stock_balance(w.fan, w.warehouse), held - 2)
		self.assertEqual(party_balance(w.agency_a), balance + 2 * PRICE)

	def test_bad_requests_name_what_to_fix_and_post_nothing(self):
		w = self.w
		held = get_stock_balance(w.pump, w.warehouse)
		before = counts()
		for items, message in (
			([], "at least one"),
			([{"item": w.pump, "qty": 0}], "more than zero"),
			([{"item": w.pump, "qty": held + 5}], w.warehouse),
			([{"item": "ZT-NO-SUCH-ITEM", "qty": 1}], "choose a part"),
		):
			self.assertRaisesRegex(ServiceInvoiceError, message, consignment.return_stock, w.agency_a, items)
			self.assertRaisesRegex(ServiceInvoiceError, message, consignment.bill_stock, w.agency_a, items)
		frappe.set_user(AGENCY_A_USER)
		self.assertRaises(
			HeadOfficeOnlyError, consignment.return_stock, w.agency_a, [{"item": w.pump, "qty": 1}]
		)
		self.assertEqual(counts(), before)

	def test_an_agency_user_is_refused_through_the_api(self):
		frappe.db.commit()  # nosemgrep: the request runs in its own transaction
		response = call(
			"POST",
			"/api/method/zhira_after_sales.api.consignment.bill_consignment_stock",
			AGENCY_A_USER,
			json={"agency": self.w.agency_a, "items": [{"item": self.w.fan, "qty": 1}]},
		)
		self.assertIn(response.status_code, (403,), response.json)
