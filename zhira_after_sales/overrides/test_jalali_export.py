# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The files people download: a Jalali user's Excel has Jalali dates, everyone else's real dates.

Dates used (worked out by hand, 1403 is a leap year, Esfand 1403 has 30 days):
  2025-03-20          = 1403/12/30 (the last day of 1403)
  2026-11-30          = 1405/09/09 (1405/01/01 is 2026-03-21; 6 months of 31 days, 2 of 30 and
                        8 days later = 186 + 60 + 8 = 254 days: 2026-03-21 + 254 days = 2026-11-30)
  2026-11-30 14:30:00 = 1405/09/09 14:30
"""

import datetime
from io import BytesIO

import frappe
from frappe.tests.utils import FrappeTestCase
from openpyxl import load_workbook

from zhira_after_sales.overrides.jalali import install
from zhira_after_sales.service_desk.report.reception_register.reception_register import get_columns
from zhira_after_sales.tests.factories import TEST_IGNORE, make_device, make_item, make_item_group, make_user

test_ignore = TEST_IGNORE

PERSIAN = "jalali-export-fa@zhira.example"
ENGLISH = "jalali-export-en@zhira.example"
REPAIR = "تعمیر آزاد"

SOLD = "2025-03-20"
INSTALLED = "2026-11-30"
RECEIVED = "2025-03-20 09:15:00"
CLOSED = "2026-11-30 14:30:00"


def make_reader(email: str, language: str) -> str:
	make_user(email, roles=("System Manager", "After Sales Manager"))
	user = frappe.get_doc("User", email)
	user.language = language
	user.zhira_calendar = ""
	user.flags.ignore_permissions = True
	user.save()
	return email


def set_calendar(email: str, calendar: str):
	frappe.db.set_value("User", email, "zhira_calendar", calendar)
	frappe.clear_document_cache("User", email)


def read_sheet(content: bytes) -> list[list]:
	sheet = load_workbook(BytesIO(content), read_only=True).active
	return [list(row) for row in sheet.iter_rows(values_only=True)]


def row_of(rows: list[list], name: str) -> list:
	return next(row for row in rows if name in row)


class TestJalaliExport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		install()
		make_reader(PERSIAN, "fa")
		make_reader(ENGLISH, "en")
		group = make_item_group("ZT Jalali Export")
		cls.item = make_item("ZT-JALALI-EXPORT", group)

	def setUp(self):
		self.addCleanup(frappe.set_user, "Administrator")
		self.addCleanup(setattr, frappe.local, "form_dict", frappe._dict())

	def download(self, export, form_dict: dict, user: str) -> list[list]:
		frappe.set_user(user)
		frappe.local.response = frappe._dict()
		frappe.local.form_dict = frappe._dict(form_dict)
		export()
		self.assertEqual(frappe.response["type"], "binary")
		self.assertTrue(frappe.response["filename"].endswith(".xlsx"))
		return read_sheet(frappe.response["filecontent"])

	def make_reception(self) -> str:
		reception = frappe.get_doc(
			{
				"doctype": "Service Reception",
				"mobile_no": "09125550871",
				"customer_name": "مشتری تاریخ شمسی",
				"devices": [{"item": self.item, "service_type": REPAIR}],
			}
		).insert(ignore_permissions=True)
		# received_on is the server's clock on insert: the test's own moments instead
		frappe.db.set_value(
			"Service Reception", reception.name, {"received_on": RECEIVED, "closed_on": CLOSED}
		)
		return reception.name

	def test_report_view_export_writes_jalali_dates_for_a_jalali_user(self):
		device = make_device(
			self.item, f"ZTJX-{frappe.generate_hash(length=6)}", sold_on=SOLD, installed_on=INSTALLED
		)
		frappe.db.set_value("Customer Device", device, "creation", CLOSED, update_modified=False)
		form_dict = {
			"doctype": "Customer Device",
			"file_format_type": "Excel",
			"fields": ["name", "sold_on", "installed_on", "creation"],
			"filters": {"name": device},
		}
		from frappe.desk.reportview import export_query

		# columns: Sr, ID, Sold On, Installed On, Created On, owner (Frappe adds it)
		persian = row_of(self.download(export_query, form_dict, PERSIAN), device)
		self.assertEqual(persian[:5], [1, device, "1403/12/30", "1405/09/09", "1405/09/09 14:30"])

		english = row_of(self.download(export_query, form_dict, ENGLISH), device)
		self.assertEqual(
			english[:5],
			[
				1,
				device,
				datetime.datetime(2025, 3, 20),
				datetime.datetime(2026, 11, 30),
				datetime.datetime(2026, 11, 30, 14, 30),
			],
		)

	def test_script_report_export_writes_jalali_dates_for_a_jalali_user(self):
		reception = self.make_reception()
		fieldnames = [c["fieldname"] for c in get_columns()]
		received, closed = fieldnames.index("received_on"), fieldnames.index("closed_on")
		form_dict = {
			"report_name": "Reception Register",
			"file_format_type": "Excel",
			"filters": frappe.as_json({"from_date": "2025-03-20", "to_date": "2025-03-20"}),
			"visible_idx": [],
			"include_indentation": 0,
		}
		from frappe.desk.query_report import export_query

		persian = row_of(self.download(export_query, form_dict, PERSIAN), reception)
		self.assertEqual((persian[received], persian[closed]), ("1403/12/30 09:15", "1405/09/09 14:30"))

		english = row_of(self.download(export_query, form_dict, ENGLISH), reception)
		self.assertEqual(
			(english[received], english[closed]),
			(datetime.datetime(2025, 3, 20, 9, 15), datetime.datetime(2026, 11, 30, 14, 30)),
		)

	def test_auto_email_report_attachment_follows_the_reports_user(self):
		reception = self.make_reception()
		fieldnames = [c["fieldname"] for c in get_columns()]
		# Auto Email Report puts a serial-number column first
		received = fieldnames.index("received_on") + 1

		def attachment(report_user: str, session_user: str) -> list:
			report = frappe.get_doc(
				{
					"doctype": "Auto Email Report",
					"report": "Reception Register",
					"user": report_user,
					"email_to": "jalali-export@zhira.example",
					"format": "XLSX",
					"frequency": "Daily",
					"filters": frappe.as_json({"from_date": "2025-03-20", "to_date": "2025-03-20"}),
				}
			).insert(ignore_permissions=True)
			# a scheduled send runs as someone else (Administrator): the report's user decides
			frappe.set_user(session_user)
			try:
				return row_of(read_sheet(report.get_report_content()), reception)
			finally:
				frappe.set_user("Administrator")

		self.assertEqual(attachment(PERSIAN, ENGLISH)[received], "1403/12/30 09:15")
		self.assertEqual(attachment(ENGLISH, PERSIAN)[received], datetime.datetime(2025, 3, 20, 9, 15))

	def test_a_calendar_preference_beats_the_language(self):
		"""An English-speaking user who chose the Jalali calendar gets Jalali files."""
		device = make_device(self.item, f"ZTJX-{frappe.generate_hash(length=6)}", sold_on=SOLD)
		set_calendar(ENGLISH, "Jalali")
		self.addCleanup(set_calendar, ENGLISH, "")
		form_dict = {
			"doctype": "Customer Device",
			"file_format_type": "Excel",
			"fields": ["name", "sold_on"],
			"filters": {"name": device},
		}
		from frappe.desk.reportview import export_query

		self.assertEqual(row_of(self.download(export_query, form_dict, ENGLISH), device)[2], "1403/12/30")
