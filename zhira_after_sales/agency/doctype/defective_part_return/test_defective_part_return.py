# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""A Defective Part Return refuses quantities that cannot be (what approval creates, who reads it
and how cancelling voids it: service_invoice/test_service_invoice_workflow.py)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.exceptions import ServiceInvoiceError
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


class TestDefectivePartReturn(FrappeTestCase):
	def test_zero_due_and_more_received_than_due_are_refused_with_the_field_named(self):
		w = setup_world()
		invoice = new_invoice(make_reception(w), w.covered).insert(ignore_permissions=True)
		base = {
			"doctype": "Defective Part Return",
			"agency": w.agency_a,
			"item": w.pump,
			"due_date": add_days(today(), 10),
			"service_invoice": invoice.name,
		}
		doc = frappe.get_doc({**base, "qty": 0})
		self.assertRaisesRegex(ServiceInvoiceError, "Qty Due", doc.insert, ignore_permissions=True)
		doc = frappe.get_doc({**base, "qty": 1, "received_qty": 2})
		self.assertRaisesRegex(ServiceInvoiceError, "Qty Received", doc.insert, ignore_permissions=True)
		self.assertFalse(frappe.db.exists("Defective Part Return", {"service_invoice": invoice.name}))
		doc = frappe.get_doc({**base, "qty": 2, "received_qty": 1}).insert(ignore_permissions=True)
		self.assertEqual(
			(doc.status, doc.item_name), ("Awaiting Return", frappe.db.get_value("Item", w.pump, "item_name"))
		)
