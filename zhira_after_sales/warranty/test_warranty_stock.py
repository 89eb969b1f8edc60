# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Warranty start triggers through real ERPNext documents: Delivery Note and Sales Invoice (sale),
Stock Entry (warehouse exit); cancelling reverts; ERPNext's Serial No stays in step."""

import frappe
from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	company,
	make_customer,
	make_item,
	make_item_group,
	make_warranty_plan,
	other_warehouse,
	receive_serials,
	stores_warehouse,
)
from zhira_after_sales.warranty.lifecycle import issue_card
from zhira_after_sales.warranty.rules import warranty_end

test_ignore = TEST_IGNORE


def sell(doctype: str, item: str, serials: list[str], customer: str, warehouse: str | None = None):
	"""Submit a Delivery Note (or a Sales Invoice that updates stock) for `serials`, typed into the
	row's serial_no the way a user does."""
	doc = frappe.get_doc(
		{
			"doctype": doctype,
			"company": company(),
			"customer": customer,
			"update_stock": 1 if doctype == "Sales Invoice" else 0,
			"items": [
				{
					"item_code": item,
					"qty": len(serials),
					"rate": 1000,
					"warehouse": warehouse or stores_warehouse(),
					"serial_no": "\n".join(serials),
					"use_serial_batch_fields": 1,
				}
			],
		}
	)
	doc.insert()
	doc.submit()
	return doc


def move(item: str, serials: list[str], source: str, target: str | None = None):
	"""A Stock Entry taking `serials` out of `source` (to `target`, or issued when None). Built by
	ERPNext's own helper, which puts the serials in a Serial and Batch Bundle."""
	return make_stock_entry(
		item_code=item,
		qty=len(serials),
		from_warehouse=source,
		to_warehouse=target,
		company=company(),
		serial_no=serials,
		rate=1000,
	)


def card_of(item: str, serial: str):
	name = frappe.db.get_value("Warranty Card", {"item": item, "serial_no": serial}, order_by="creation desc")
	return frappe.get_doc("Warranty Card", name) if name else None


def serial_warranty(serial: str) -> tuple:
	return frappe.db.get_value("Serial No", serial, ["warranty_expiry_date", "maintenance_status"])


class TestWarrantyStartTriggers(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		group = make_item_group("ZT Warranty Stock Heaters")
		cls.sale_item = make_item("ZT-WS-SALE", group, has_serial_no=1)
		cls.exit_item = make_item("ZT-WS-EXIT", group, has_serial_no=1)
		cls.manual_item = make_item("ZT-WS-MANUAL", group, has_serial_no=1)
		cls.stores, cls.goods = stores_warehouse(), other_warehouse("Finished Goods")
		make_warranty_plan("ZT WS Sale 24", item=cls.sale_item, duration_months=24, start_basis="Sale")
		make_warranty_plan(
			"ZT WS Exit 18",
			item=cls.exit_item,
			duration_months=18,
			start_basis="Warehouse Exit",
			exit_warehouse=cls.stores,
		)
		make_warranty_plan("ZT WS Manual", item=cls.manual_item, start_basis="Sale", auto_issue=0)
		cls.customer = make_customer("مشتری آزمایشی گارانتی")
		cls.other_customer = make_customer("مشتری دوم گارانتی")
		receive_serials(cls.sale_item, [f"ZTWS-S{i}" for i in range(1, 7)])
		receive_serials(cls.exit_item, [f"ZTWS-E{i}" for i in range(1, 5)])
		receive_serials(cls.exit_item, ["ZTWS-E9"], cls.goods)
		receive_serials(cls.manual_item, ["ZTWS-M1"])

	def test_delivery_note_starts_the_sale_warranty_and_cancelling_reverts_it(self):
		issued = issue_card(self.sale_item, "ZTWS-S1")
		self.assertEqual((issued.status, issued.start_date), ("Issued", None))

		note = sell("Delivery Note", self.sale_item, ["ZTWS-S1", "ZTWS-S2"], self.customer)

		end = warranty_end(getdate(note.posting_date), 24)
		for serial in ("ZTWS-S1", "ZTWS-S2"):  # S2 had no card: its plan issues one on the sale
			card = card_of(self.sale_item, serial)
			self.assertEqual(card.status, "Active")
			self.assertEqual(
				(getdate(card.start_date), getdate(card.end_date)), (getdate(note.posting_date), end)
			)
			self.assertEqual((card.source_doctype, card.source_name), ("Delivery Note", note.name))
			self.assertEqual(card.customer, self.customer)
			self.assertEqual(serial_warranty(serial), (end, "Under Warranty"))
		self.assertEqual([e.event for e in card_of(self.sale_item, "ZTWS-S1").history], ["Issued", "Started"])
		auto = card_of(self.sale_item, "ZTWS-S2").history[0]
		self.assertEqual((auto.event, auto.reference_name), ("Issued", note.name))

		note.reload()
		note.cancel()

		for serial in ("ZTWS-S1", "ZTWS-S2"):
			card = card_of(self.sale_item, serial)
			self.assertEqual((card.status, card.start_date, card.end_date), ("Issued", None, None))
			self.assertEqual((card.source_doctype, card.customer), (None, None))
			self.assertEqual(card.history[-1].event, "Start Reverted")
			self.assertEqual(serial_warranty(serial), (None, None))

	def test_sales_invoice_that_updates_stock_starts_the_sale_warranty(self):
		invoice = sell("Sales Invoice", self.sale_item, ["ZTWS-S3"], self.customer)
		card = card_of(self.sale_item, "ZTWS-S3")
		self.assertEqual(
			(card.status, card.source_doctype, card.source_name), ("Active", "Sales Invoice", invoice.name)
		)
		self.assertEqual(getdate(card.start_date), getdate(invoice.posting_date))
		invoice.reload()
		invoice.cancel()
		self.assertEqual(card_of(self.sale_item, "ZTWS-S3").status, "Issued")

	def test_stock_entry_leaving_the_exit_warehouse_starts_and_erpnext_does_not_erase_it(self):
		out = move(self.exit_item, ["ZTWS-E1"], self.stores, self.goods)
		card = card_of(self.exit_item, "ZTWS-E1")
		self.assertEqual(
			(card.status, card.source_doctype, card.source_name), ("Active", "Stock Entry", out.name)
		)
		self.assertEqual(getdate(card.end_date), warranty_end(getdate(out.posting_date), 18))

		# coming back into a warehouse, ERPNext clears the serial's warranty date; the card puts it back
		back = move(self.exit_item, ["ZTWS-E1"], self.goods, self.stores)
		self.assertEqual(card_of(self.exit_item, "ZTWS-E1").source_name, out.name)  # not restarted
		self.assertEqual(serial_warranty("ZTWS-E1"), (getdate(card.end_date), "Under Warranty"))

		back.cancel()
		out.reload()
		out.cancel()
		self.assertEqual(card_of(self.exit_item, "ZTWS-E1").status, "Issued")
		self.assertEqual(serial_warranty("ZTWS-E1"), (None, None))

	def test_moving_into_the_exit_warehouse_or_issuing_elsewhere_is_no_exit(self):
		move(self.exit_item, ["ZTWS-E9"], self.goods, self.stores)
		self.assertIsNone(card_of(self.exit_item, "ZTWS-E9"))
		issue = move(self.exit_item, ["ZTWS-E2"], self.stores)  # a Material Issue out of the exit warehouse
		self.assertEqual(card_of(self.exit_item, "ZTWS-E2").source_name, issue.name)

	def test_a_sale_names_the_buyer_of_a_running_card_and_its_cancellation_takes_it_back(self):
		out = move(self.exit_item, ["ZTWS-E3"], self.stores, self.goods)
		note = sell("Delivery Note", self.exit_item, ["ZTWS-E3"], self.other_customer, self.goods)
		card = card_of(self.exit_item, "ZTWS-E3")
		self.assertEqual((card.source_name, card.customer), (out.name, self.other_customer))
		self.assertEqual(card.history[-1].event, "Customer Set")
		self.assertEqual(serial_warranty("ZTWS-E3")[1], "Under Warranty")

		note.reload()
		note.cancel()
		card = card_of(self.exit_item, "ZTWS-E3")
		self.assertEqual((card.status, card.source_name, card.customer), ("Active", out.name, None))
		self.assertEqual(card.history[-1].event, "Customer Reverted")
		self.assertEqual(serial_warranty("ZTWS-E3"), (getdate(card.end_date), "Under Warranty"))

	def test_a_plan_that_does_not_issue_automatically_leaves_uncarded_serials_alone(self):
		sell("Delivery Note", self.manual_item, ["ZTWS-M1"], self.customer)
		self.assertIsNone(card_of(self.manual_item, "ZTWS-M1"))
		self.assertEqual(serial_warranty("ZTWS-M1"), (None, None))

	def test_a_sale_does_not_restart_a_card_that_already_runs(self):
		started = getdate(add_days(today(), -10))
		card = frappe.get_doc(
			{
				"doctype": "Warranty Card",
				"item": self.sale_item,
				"serial_no": "ZTWS-S4",
				"start_date": started,
			}
		).insert()  # typed in: the warranty started before this system knew the serial
		self.assertEqual(card.status, "Active")
		sell("Delivery Note", self.sale_item, ["ZTWS-S4"], self.customer)
		card.reload()
		self.assertEqual(
			(getdate(card.start_date), card.source_name, card.customer), (started, None, self.customer)
		)
		self.assertEqual(serial_warranty("ZTWS-S4"), (getdate(card.end_date), "Under Warranty"))
