# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, getdate, today

from zhira_after_sales.exceptions import DuplicateWarrantyCardError, WarrantyCardError
from zhira_after_sales.tasks.warranty import expire_warranty_cards
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_customer,
	make_device,
	make_item,
	make_item_group,
	make_serial_nos,
	make_territory,
	make_warranty_plan,
)
from zhira_after_sales.utils import jalali
from zhira_after_sales.warranty.api import verification_url
from zhira_after_sales.warranty.rules import warranty_end

test_ignore = TEST_IGNORE


def new_card(item, serial, **values):
	return frappe.get_doc({"doctype": "Warranty Card", "item": item, "serial_no": serial, **values})


class TestWarrantyCard(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group = make_item_group("ZT Warranty Card Coolers")
		cls.item = make_item("ZT-WC-COOLER", cls.group)  # not tracked by serial in ERPNext
		cls.serialised = make_item("ZT-WC-SERIAL", cls.group, has_serial_no=1)
		cls.unplanned = make_item("ZT-WC-NOPLAN", make_item_group("ZT Warranty No Plan"))
		make_warranty_plan(
			"ZT WC Coolers 18", item_group=cls.group, duration_months=18, start_basis="Installation"
		)
		make_warranty_plan("ZT WC Serial 12", item=cls.serialised, duration_months=12)
		make_serial_nos(cls.serialised, ["ZTWC-S1", "ZTWC-S2", "ZTWC-S3"])

	def test_a_card_takes_its_plan_from_the_model_and_its_number_from_the_series(self):
		card = new_card(self.item, " ztwc-۱۰۱ ").insert()
		self.assertEqual(card.serial_no, "ZTWC-101")
		self.assertRegex(card.name, r"^WC-\d{8}$")
		self.assertEqual(card.card_no, card.name)
		self.assertEqual(
			(card.plan, card.start_basis, card.duration_months), ("ZT WC Coolers 18", "Installation", 18)
		)
		self.assertEqual((card.status, card.start_date, card.end_date), ("Issued", None, None))
		self.assertEqual([row.event for row in card.history], ["Issued"])

		serialised = new_card(self.serialised, "ztwc-s1").insert()
		self.assertEqual((serialised.plan, serialised.erpnext_serial_no), ("ZT WC Serial 12", "ZTWC-S1"))

	def test_bad_cards_are_refused_with_a_reason(self):
		self.assertRaisesRegex(WarrantyCardError, "unknown", new_card(self.serialised, "ZTWC-NOPE").insert)
		self.assertRaisesRegex(
			WarrantyCardError, "No Warranty Plan covers", new_card(self.unplanned, "X1").insert
		)
		self.assertFalse(frappe.db.exists("Warranty Card", {"serial_no": ("in", ["ZTWC-NOPE", "X1"])}))

	def test_one_open_card_per_serial_and_void_frees_the_serial(self):
		first = new_card(self.item, "ZTWC-201").insert()
		self.assertRaisesRegex(DuplicateWarrantyCardError, first.name, new_card(self.item, "ztwc-201").insert)

		self.assertRaisesRegex(WarrantyCardError, "reason", first.void, "")
		first.void("کارت با شماره سریال اشتباه صادر شد")
		first.reload()
		self.assertEqual((first.status, first.open_serial_key), ("Void", None))
		self.assertEqual(first.history[-1].event, "Voided")

		second = new_card(self.item, "ZTWC-201").insert()
		self.assertEqual(second.status, "Issued")

	def test_a_typed_in_start_makes_an_active_card_and_dated_cards_never_overlap(self):
		start = getdate(add_months(today(), -20))
		old = new_card(self.item, "ZTWC-301", start_date=start).insert()
		self.assertEqual(getdate(old.end_date), warranty_end(start, 18))
		self.assertEqual(old.status, "Expired")  # 18 months from 20 months ago
		self.assertIsNone(old.open_serial_key)

		overlapping = new_card(self.item, "ZTWC-301", start_date=add_days(old.end_date, -5))
		self.assertRaises(DuplicateWarrantyCardError, overlapping.insert)
		renewed = new_card(self.item, "ZTWC-301", start_date=add_days(old.end_date, 1)).insert()
		self.assertEqual(renewed.status, "Active")

	def test_device_and_card_find_each_other_whichever_comes_first(self):
		territory = make_territory("ZT Warranty Card Territory")
		customer = make_customer("مشتری کارت و دستگاه", territory)
		card = new_card(self.item, "ZTWC-401").insert()
		device = make_device(self.item, "ZTWC-401", customer, territory=territory)
		self.assertEqual(frappe.db.get_value("Customer Device", device, "warranty_card"), card.name)
		self.assertEqual(
			frappe.db.get_value("Warranty Card", card.name, ["customer_device", "customer", "territory"]),
			(device, customer, territory),
		)

		other = make_device(self.item, "ZTWC-402", customer, territory=territory)
		card = new_card(self.item, "ZTWC-402").insert()
		self.assertEqual((card.customer_device, card.customer, card.territory), (other, customer, territory))
		self.assertEqual(frappe.db.get_value("Customer Device", other, "warranty_card"), card.name)

	def test_daily_job_expires_cards_and_erpnext_serial_follows(self):
		card = new_card(self.serialised, "ZTWC-S2", start_date=add_months(today(), -6)).insert()
		self.assertEqual(card.status, "Active")
		self.assertEqual(
			frappe.db.get_value("Serial No", "ZTWC-S2", ["warranty_expiry_date", "maintenance_status"]),
			(getdate(card.end_date), "Under Warranty"),
		)
		yesterday = getdate(add_days(today(), -1))
		card.db_set("end_date", yesterday)  # as if its last day has passed

		expire_warranty_cards()
		card.reload()
		self.assertEqual((card.status, card.open_serial_key), ("Expired", None))
		self.assertEqual(
			(card.history[-1].event, getdate(card.history[-1].event_date)), ("Expired", yesterday)
		)
		self.assertEqual(
			frappe.db.get_value("Serial No", "ZTWC-S2", ["warranty_expiry_date", "maintenance_status"]),
			(yesterday, "Out of Warranty"),
		)
		expire_warranty_cards()  # idempotent
		self.assertEqual(
			len([e for e in frappe.get_doc("Warranty Card", card.name).history if e.event == "Expired"]), 1
		)
		self.assertIn(
			"zhira_after_sales.tasks.warranty.expire_warranty_cards",
			frappe.get_hooks("scheduler_events")["daily"],
		)

	def test_print_formats_show_jalali_dates_and_the_verification_qr(self):
		card = new_card(self.item, "ZTWC-501", start_date="2026-04-10").insert()
		persian = frappe.get_print("Warranty Card", card.name, "Warranty Card Persian")
		self.assertIn("کارت گارانتی", persian)
		self.assertIn("direction: rtl", persian)
		# 2026-04-10 is 21 Farvardin 1405; the numbers are wrapped for wkhtmltopdf's bidi
		self.assertRegex(persian, r"۲۱</span> فروردین <span[^>]*>۱۴۰۵")
		self.assertIn(jalali.format_long(card.end_date).split()[1], persian)
		self.assertIn("data:image/png;base64,", persian)
		url = verification_url(card.serial_no, card.name)
		self.assertIn("/warranty?serial=ZTWC-501", url)
		self.assertTrue(url in persian or url.replace("&", "&amp;") in persian)

		english = frappe.get_print("Warranty Card", card.name, "Warranty Card English")
		self.assertIn("Warranty Card", english)
		self.assertIn("10 Apr 2026", english)
		self.assertIn("(1405/01/21)", english)
		self.assertIn("data:image/png;base64,", english)

	def test_printed_cards_use_the_bundled_persian_font(self):
		"""wkhtmltopdf draws text of a web font as outlines (no font object in the PDF), and text
		of a system font with that font embedded: with the bundled faces, the card's text needs
		fewer system fonts than without them."""
		import re
		import shutil
		import unittest

		from frappe.utils.pdf import get_pdf

		from zhira_after_sales.utils.fonts import font_dir

		card = new_card(self.item, "ZTWC-FONT-1", start_date="2026-04-10").insert()
		html = frappe.get_print("Warranty Card", card.name, "Warranty Card Persian")
		self.assertIn("font-family: 'Vazirmatn'", html, f"no Vazirmatn in {font_dir()} (yarn install)")
		if not shutil.which("wkhtmltopdf"):
			raise unittest.SkipTest("wkhtmltopdf is not installed: PDF not rendered")

		def system_fonts(page: str) -> set[bytes]:
			# the test site's host name need not resolve, so Frappe's print stylesheet (fetched by
			# URL) is left out; the card's own style, with the font, is inline
			pdf = get_pdf(re.sub(r"<link [^>]*>", "", page))
			self.assertTrue(pdf.startswith(b"%PDF"))
			return set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", pdf))

		for print_format in ("Warranty Card Persian", "Warranty Card English"):
			page = frappe.get_print("Warranty Card", card.name, print_format)
			with_font = system_fonts(page)
			without_font = system_fonts(re.sub(r"@font-face \{[^}]*\}", "", page))
			self.assertLess(with_font, without_font, print_format)
