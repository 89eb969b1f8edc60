# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The printed work report of a Service Invoice, in Persian and in English: what the customer
reads and signs (dates, device, names, services, parts with their coverage, amounts), what stays
internal (agency wages), and that wkhtmltopdf turns it into a PDF."""

import io
import re
import shutil
import subprocess
import tempfile
import unittest
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, formatdate, getdate, scrub_urls, today
from pypdf import PdfReader

from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	PAID_REPAIR,
	WAGE,
	WARRANTY_REPAIR,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.tests.factories import TEST_IGNORE, make_device, make_item
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.text import to_persian_digits

test_ignore = TEST_IGNORE

PERSIAN = "Service Invoice Work Report Persian"
ENGLISH = "Service Invoice Work Report English"

SERIAL = "ZTPRN-000123"
HEATER_NAME = "آبگرمکن دیواری ۵۰ لیتری"
VALVE_NAME = "شیر اطمینان"
PRICE = 1_850_000  # the customer's price of a paid repair of this model (rate card)
PAID_WAGE = 1_200_000  # the agency's wage for it: internal, never printed
PAID = 2_600_000
REPAIR_NOTE = "تعویض پمپ و شست\u200cوشوی مخزن"
ACK_NAME = "رضا احمدی"


def zwnj_wrapped(text: str) -> str:
	"""How the reports print a zero-width non-joiner: in a span of its own, or wkhtmltopdf joins
	the letters on either side."""
	return text.replace("\u200c", "<span>&zwnj;</span>")


def without_stylesheets(html: str) -> str:
	"""Frappe's print page links its stylesheet by the site's URL; the test site's host name need
	not resolve, and wkhtmltopdf fails on a stylesheet it cannot fetch. The reports' own style,
	fonts included, is inline."""
	return scrub_urls(re.sub(r"<link [^>]*>", "", html))


def pdf_text(pdf: bytes) -> str:
	with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
		f.write(pdf)
		f.flush()
		return subprocess.run(
			["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True
		).stdout


def rials_fa(amount) -> str:
	return to_persian_digits(f"{amount:,.0f}").replace(",", "٬")


def rials_en(amount) -> str:
	return f"{amount:,.0f}"


def row_with(html: str, text: str) -> str:
	"""The one table row of `html` holding `text`."""
	rows = [row for row in re.findall(r"<tr\b[^>]*>.*?</tr>", html, re.S) if text in row]
	if len(rows) != 1:
		raise AssertionError(f"{len(rows)} rows hold {text!r}")
	return rows[0]


def plain(html: str) -> str:
	"""The text a reader sees: tags dropped, white space collapsed."""
	return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def print_world() -> frappe._dict:
	"""setup_world's customer, agency and technician with a covered heater of a model of its own
	(Persian name, a paid-repair rate with a customer price) and a third part."""
	w = setup_world()
	w.model = make_item("ZT-PRN-HEATER", frappe.db.get_value("Item", w.heater, "item_group"))
	frappe.db.set_value("Item", w.model, "item_name", HEATER_NAME)
	w.valve = make_item("ZT-PRN-VALVE", frappe.db.get_value("Item", w.pump, "item_group"))
	frappe.db.set_value("Item", w.valve, "item_name", VALVE_NAME)
	if not frappe.db.exists("Warranty Card", {"serial_no": SERIAL}):
		frappe.get_doc(
			{
				"doctype": "Warranty Card",
				"item": w.model,
				"serial_no": SERIAL,
				"start_date": getdate(add_months(today(), -3)),
			}
		).insert(ignore_permissions=True)
	w.device = make_device(w.model, SERIAL, w.customer)
	if not frappe.db.exists("Service Rate", {"service_type": PAID_REPAIR, "item": w.model}):
		frappe.get_doc(
			{
				"doctype": "Service Rate",
				"service_type": PAID_REPAIR,
				"item": w.model,
				"valid_from": "2020-01-01",
				"agency_wage": PAID_WAGE,
				"customer_price": PRICE,
				"is_active": 1,
			}
		).insert(ignore_permissions=True)
	return w


class TestServiceInvoicePrint(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = print_world()
		reception = make_reception(w, devices=[w.device], service_type=PAID_REPAIR)
		invoice = new_invoice(
			reception,
			w.device,
			"Paid Repair",
			technician=w.technician,
			services=[
				{"service_type": PAID_REPAIR, "description": REPAIR_NOTE},
				{"service_type": WARRANTY_REPAIR, "description": "بررسی نشتی"},
			],
			parts=[
				{"item": w.pump, "qty": 1, "coverage": "Warranty"},
				{"item": w.fan, "qty": 2, "coverage": "Paid"},
				{"item": w.valve, "qty": 3, "coverage": "Paid", "line_status": "Void"},
			],
			customer_paid_amount=PAID,
			customer_acknowledgement=1,
			acknowledged_by_name=ACK_NAME,
		).insert()
		invoice.submit()
		cls.invoice = invoice
		cls.persian = frappe.get_print("Service Invoice", invoice.name, print_format=PERSIAN)
		cls.english = frappe.get_print("Service Invoice", invoice.name, print_format=ENGLISH)

	def assertPrinted(self, text: str, html: str):
		"""assertIn without a page of base64 font in the failure message."""
		if text not in html:
			raise self.failureException(f"{text!r} is not in the printed report")

	def assertNotPrinted(self, text: str, html: str):
		if text in html:
			raise self.failureException(f"{text!r} is in the printed report")

	def test_the_invoice_carries_what_the_report_should_show(self):
		"""The figures below come from the rate card and the rows; check them before the print."""
		invoice = self.invoice
		self.assertEqual((invoice.total_customer_price, invoice.total_wage), (PRICE, PAID_WAGE + WAGE))
		self.assertEqual(invoice.total_parts_qty, 3)  # the void line does not count
		self.assertEqual((invoice.serial_no, invoice.technician), (SERIAL, self.w.technician))
		self.assertTrue(invoice.acknowledged_on)

	def test_persian_report_is_right_to_left_with_jalali_date_and_persian_digits(self):
		html, invoice = self.persian, self.invoice
		self.assertPrinted('dir="rtl"', html)
		self.assertPrinted("direction: rtl", html)
		self.assertPrinted("گزارش کار تعمیر آزاد", html)
		self.assertPrinted(invoice.name, html)
		# the service date in Jalali with Persian digits, e.g. ۱۴۰۵/۰۹/۰۸
		service_date = jalali.format_date(invoice.service_date, persian_digits=True)
		self.assertRegex(service_date, r"^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$")
		self.assertPrinted(service_date, html)
		self.assertNotPrinted(str(getdate(invoice.service_date)), plain(html))
		self.assertPrinted(to_persian_digits(invoice.tracking_code), html)
		self.assertPrinted(SERIAL, html)
		self.assertPrinted(HEATER_NAME.split()[0], html)

	def test_persian_report_names_agency_technician_and_customer(self):
		text = plain(self.persian)
		agency_name = frappe.db.get_value("Service Agency", self.invoice.agency, "agency_name")
		technician = frappe.db.get_value("Service Technician", self.invoice.technician, "full_name")
		self.assertPrinted(agency_name, text)
		self.assertPrinted(technician, text)
		self.assertPrinted(self.invoice.customer_name, text)
		self.assertPrinted(ACK_NAME, text)
		acknowledged = jalali.format_datetime(self.invoice.acknowledged_on, persian_digits=True)
		self.assertPrinted(acknowledged, text)

	def test_persian_rows_coverage_and_amounts(self):
		html = self.persian
		paid_repair = row_with(html, zwnj_wrapped(REPAIR_NOTE))
		self.assertPrinted(PAID_REPAIR, plain(paid_repair))
		self.assertPrinted(rials_fa(PRICE) + " ریال", plain(paid_repair))
		self.assertPrinted("بررسی نشتی", plain(row_with(html, "بررسی نشتی")))
		pump = plain(row_with(html, self.w.pump))
		self.assertPrinted("گارانتی", pump)
		self.assertNotPrinted("آزاد", pump)
		fan = plain(row_with(html, self.w.fan))
		self.assertPrinted("آزاد", fan)
		self.assertPrinted("۲", fan)
		valve = row_with(html, self.w.valve)
		self.assertPrinted("zsi-void", valve)
		self.assertPrinted("باطل", plain(valve))
		self.assertPrinted(VALVE_NAME, plain(valve))
		text = plain(html)
		self.assertPrinted("جمع مبلغ خدمات " + rials_fa(PRICE) + " ریال", text)
		self.assertPrinted("مبلغ پرداختی مشتری " + rials_fa(PAID) + " ریال", text)
		self.assertPrinted("امضای مشتری", text)
		self.assertPrinted("امضای تکنسین", text)

	def test_agency_wages_are_not_printed(self):
		for wage in (WAGE, PAID_WAGE, WAGE + PAID_WAGE):
			self.assertNotPrinted(rials_fa(wage), self.persian)
			self.assertNotPrinted(rials_en(wage), self.english)
		self.assertNotPrinted("اجرت", self.persian)
		self.assertNotPrinted("Wage", plain(self.english))

	def test_english_report_is_left_to_right_with_gregorian_dates(self):
		html, invoice = self.english, self.invoice
		text = plain(html)
		self.assertPrinted('dir="ltr"', html)
		self.assertPrinted("Paid Repair Work Report", text)
		self.assertPrinted(formatdate(invoice.service_date, "dd MMM yyyy"), text)
		self.assertPrinted(f"({jalali.format_date(invoice.service_date)})", text)
		self.assertPrinted(f"Serial No {SERIAL}", text)
		self.assertPrinted(frappe.db.get_value("Service Agency", invoice.agency, "agency_name"), text)
		self.assertPrinted(frappe.db.get_value("Service Technician", invoice.technician, "full_name"), text)
		self.assertPrinted(f"{rials_en(PRICE)} Rials", plain(row_with(html, zwnj_wrapped(REPAIR_NOTE))))
		self.assertPrinted("0 Rials", plain(row_with(html, "بررسی نشتی")))
		pump = plain(row_with(html, self.w.pump))
		self.assertPrinted("Warranty", pump)
		self.assertNotPrinted("Paid", pump)
		self.assertPrinted("Paid", plain(row_with(html, self.w.fan)))
		self.assertPrinted("Void", plain(row_with(html, self.w.valve)))
		self.assertPrinted(f"Total for Services {rials_en(PRICE)} Rials", text)
		self.assertPrinted(f"Paid by Customer {rials_en(PAID)} Rials", text)
		self.assertPrinted(f"Acknowledged by {ACK_NAME}", text)

	def test_each_invoice_type_has_its_title(self):
		invoice = frappe.get_doc("Service Invoice", self.invoice.name)
		for invoice_type, persian, english in (
			("Installation", "گزارش کار نصب", "Installation Work Report"),
			("Periodic Service", "گزارش کار سرویس دوره‌ای", "Periodic Service Work Report"),
		):
			with self.subTest(invoice_type=invoice_type):
				invoice.invoice_type = invoice_type
				self.assertPrinted(zwnj_wrapped(persian), frappe.get_print(doc=invoice, print_format=PERSIAN))
				self.assertPrinted(english, frappe.get_print(doc=invoice, print_format=ENGLISH))

	def test_both_reports_render_to_one_pdf_page_with_searchable_codes(self):
		if not shutil.which("wkhtmltopdf"):
			raise unittest.SkipTest("wkhtmltopdf is not installed: PDF not rendered")
		pdfs = {}
		with patch("frappe.utils.pdf.scrub_urls", without_stylesheets):
			for print_format in (PERSIAN, ENGLISH):
				pdfs[print_format] = frappe.get_print(
					"Service Invoice", self.invoice.name, print_format=print_format, as_pdf=True
				)
		for print_format, pdf in pdfs.items():
			self.assertTrue(pdf.startswith(b"%PDF"), print_format)
			self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1, f"{print_format}: not one A4 page")
		if not shutil.which("pdftotext"):
			raise unittest.SkipTest("pdftotext (poppler-utils) is not installed: PDF text not read")
		# codes print in a system font, so an archive of these PDFs can be searched for a serial
		english = pdf_text(pdfs[ENGLISH])
		for text in (SERIAL, self.invoice.name, self.w.fan, rials_en(PRICE), rials_en(PAID)):
			self.assertIn(text, english)
		self.assertNotIn(rials_en(PAID_WAGE), english)
		persian = pdf_text(pdfs[PERSIAN])
		self.assertIn(SERIAL, persian)
		self.assertIn(self.invoice.name, persian)
