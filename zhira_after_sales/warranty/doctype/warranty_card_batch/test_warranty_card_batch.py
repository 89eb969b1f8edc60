# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import io

import frappe
from frappe.tests.utils import FrappeTestCase
from openpyxl import Workbook

from zhira_after_sales.exceptions import WarrantyBatchError
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_customer,
	make_device,
	make_item,
	make_item_group,
	make_serial_nos,
	make_warranty_plan,
	receive_serials,
)
from zhira_after_sales.warranty import batch as engine
from zhira_after_sales.warranty.lifecycle import issue_card
from zhira_after_sales.warranty.serials import rows_from_text

test_ignore = TEST_IGNORE

SERIALS = [f"ZTWB-{i:05d}" for i in range(1, 1001)]


def new_batch(item, **values):
	return frappe.get_doc({"doctype": "Warranty Card Batch", "item": item, **values})


def upload(file_name: str, content: bytes) -> str:
	file = frappe.get_doc({"doctype": "File", "file_name": file_name, "content": content, "is_private": 1})
	return file.insert(ignore_permissions=True).file_url


class TestWarrantyCardBatch(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		group = make_item_group("ZT Warranty Batch Heaters")
		cls.item = make_item("ZT-WB-HEATER", group, has_serial_no=1)
		cls.loose = make_item("ZT-WB-LOOSE", group)  # serials as printed, not tracked in ERPNext
		cls.unplanned = make_item("ZT-WB-NOPLAN", make_item_group("ZT Warranty Batch No Plan"))
		make_warranty_plan("ZT WB Heaters", item_group=group, duration_months=24)
		make_serial_nos(cls.item, SERIALS)

	def run_batch(self, batch):
		"""What the "Issue Cards" button does, with the background job run here and now."""
		if batch.issue_cards() == "queued":
			engine.run_batch(batch.name, commit=False)
		batch.reload()
		return batch

	def test_a_thousand_serials_with_bad_rows(self):
		already = issue_card(self.item, SERIALS[10])
		device = make_device(self.item, SERIALS[20], make_customer("مشتری دستگاه دسته ای"))
		pasted = [
			*SERIALS[:500],
			"ZTWB-بد",  # not a serial: Persian letters
			SERIALS[4],  # twice in the same batch
			"ZTWB-99999",  # ERPNext has no such serial
			*SERIALS[500:],
		]
		batch = new_batch(self.item, source="List", serial_list="\n".join(pasted)).insert()
		batch = self.run_batch(batch)

		self.assertEqual(batch.status, "Completed with Errors")
		self.assertEqual((batch.total_rows, batch.cards_created, batch.rows_failed), (1003, 999, 4))
		errors = {(row.row_no, row.serial_no): row.error for row in batch.errors}
		self.assertEqual(
			sorted(errors),
			[(11, SERIALS[10]), (501, "ZTWB-بد"), (502, SERIALS[4]), (503, "ZTWB-99999")],
		)
		self.assertIn(already.name, errors[(11, SERIALS[10])])
		self.assertIn("Latin letters", errors[(501, "ZTWB-بد")])
		self.assertIn("earlier in the batch", errors[(502, SERIALS[4])])
		self.assertIn("no Serial No", errors[(503, "ZTWB-99999")])

		cards = frappe.get_all(
			"Warranty Card", {"batch": batch.name}, ["name", "status", "card_no", "plan", "open_serial_key"]
		)
		self.assertEqual(len(cards), 999)
		self.assertTrue(
			all(c.status == "Issued" and c.card_no == c.name and c.plan == "ZT WB Heaters" for c in cards)
		)
		self.assertEqual(len({c.name for c in cards}), 999)
		one = frappe.get_doc("Warranty Card", {"batch": batch.name, "serial_no": SERIALS[0]})
		self.assertEqual([(e.event, e.reference_name) for e in one.history], [("Issued", batch.name)])
		carded_device = frappe.get_doc("Warranty Card", {"batch": batch.name, "serial_no": SERIALS[20]})
		self.assertEqual(frappe.db.get_value("Customer Device", device, "warranty_card"), carded_device.name)
		self.assertEqual(carded_device.customer_name, "مشتری دستگاه دسته ای")

		# the same serials again: every row refused as a duplicate, nothing issued
		again = self.run_batch(
			new_batch(self.item, source="List", serial_list="\n".join(SERIALS[:30])).insert()
		)
		self.assertEqual(
			(again.status, again.cards_created, again.rows_failed), ("Completed with Errors", 0, 30)
		)

	def test_range_of_printed_serials(self):
		batch = new_batch(
			self.loose, source="Range", prefix="cl-", range_from=8, range_to=12, digits=3
		).insert()
		batch = self.run_batch(batch)
		self.assertEqual((batch.status, batch.cards_created, batch.rows_failed), ("Completed", 5, 0))
		serials = frappe.get_all("Warranty Card", {"batch": batch.name}, pluck="serial_no", order_by="name")
		self.assertEqual(serials, ["CL-008", "CL-009", "CL-010", "CL-011", "CL-012"])
		self.assertRaisesRegex(WarrantyBatchError, "cannot run again", batch.issue_cards)
		batch.range_to = 20
		self.assertRaisesRegex(WarrantyBatchError, "no longer change", batch.save)

	def test_csv_file_with_an_item_column_and_an_item_without_plan(self):
		content = "شماره سریال,کد کالا\nCSV-001,\nCSV-002,ZT-WB-NOPLAN\nCSV-003,ZT-WB-LOOSE\n,\nCSV-۰۰۴,\n"
		file_url = upload("serials.csv", content.encode())
		batch = self.run_batch(new_batch(self.loose, source="File", serial_file=file_url).insert())
		self.assertEqual((batch.failure, batch.cards_created, batch.rows_failed), (None, 3, 1))
		self.assertEqual(batch.errors[0].row_no, 3)
		self.assertIn("No Warranty Plan covers ZT-WB-NOPLAN", batch.errors[0].error)
		self.assertEqual(
			sorted(frappe.get_all("Warranty Card", {"batch": batch.name}, pluck="serial_no")),
			["CSV-001", "CSV-003", "CSV-004"],
		)

	def test_excel_file(self):
		book = Workbook()
		book.active.append(["Serial No"])
		for number in (1001, 1002, 1003):
			book.active.append([number])
		buffer = io.BytesIO()
		book.save(buffer)
		file_url = upload("lot.xlsx", buffer.getvalue())
		batch = self.run_batch(new_batch(self.loose, source="File", serial_file=file_url).insert())
		self.assertEqual((batch.status, batch.cards_created), ("Completed", 3))
		self.assertEqual(
			sorted(frappe.get_all("Warranty Card", {"batch": batch.name}, pluck="serial_no")),
			["1001", "1002", "1003"],
		)

	def test_serial_and_batch_bundle_of_a_receipt(self):
		receipt = receive_serials(self.item, ["ZTWB-B1", "ZTWB-B2"])
		bundle = receipt.items[0].serial_and_batch_bundle
		batch = new_batch(
			self.item, source="Serial and Batch Bundle", serial_and_batch_bundle=bundle
		).insert()
		batch = self.run_batch(batch)
		self.assertEqual((batch.status, batch.cards_created), ("Completed", 2))
		wrong = new_batch(self.loose, source="Serial and Batch Bundle", serial_and_batch_bundle=bundle)
		self.assertRaisesRegex(WarrantyBatchError, "holds serials of", wrong.insert)

	def test_unusable_input_is_refused_before_it_runs(self):
		self.assertRaisesRegex(
			WarrantyBatchError,
			"must not be smaller",
			new_batch(self.loose, range_from=5, range_to=2).insert,
		)
		self.assertRaisesRegex(
			WarrantyBatchError, "Paste the serials", new_batch(self.loose, source="List").insert
		)
		other_plan = make_warranty_plan("ZT WB Other", item=self.unplanned)
		self.assertRaisesRegex(
			WarrantyBatchError,
			"does not apply",
			new_batch(self.loose, range_from=1, range_to=2, plan=other_plan).insert,
		)

	def test_a_large_batch_goes_to_the_background_queue(self):
		batch = new_batch(
			self.loose, source="Range", prefix="Q-", range_from=1, range_to=engine.SYNC_LIMIT + 1
		).insert()
		self.assertEqual(batch.issue_cards(), "queued")
		self.assertEqual(frappe.db.get_value("Warranty Card Batch", batch.name, "status"), "Queued")
		self.assertEqual(frappe.db.count("Warranty Card", {"batch": batch.name}), 0)

	def test_a_chunk_the_database_refuses_is_issued_card_by_card(self):
		serials = [f"ZTWB-C{i:02d}" for i in range(10)]
		make_serial_nos(self.item, serials)
		outcome = engine.Outcome()
		ready = engine.check_item_rows(self.item, rows_from_text("\n".join(serials)), None, outcome)
		self.assertEqual(len(ready), 10)
		meanwhile = issue_card(self.item, serials[3])  # someone issues one between the check and the write

		self.assertFalse(engine.insert_chunk(ready, None))
		self.assertEqual(
			frappe.db.count("Warranty Card", {"serial_no": ("in", serials)}), 1
		)  # nothing half-written
		engine.insert_one_by_one(ready, None, outcome)
		self.assertEqual(outcome.created, 9)
		self.assertEqual(len(outcome.errors), 1)
		self.assertIn(meanwhile.name, outcome.errors[0][3])
