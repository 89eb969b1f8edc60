# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Data Import of Customer Devices whose date columns hold Jalali dates as people type them.

Dates (worked out by hand; 1405/01/01 is 2026-03-21, Farvardin to Shahrivar have 31 days):
  1405/09/09 = 2026-03-21 + (6×31 + 2×30 + 8 = 254 days) = 2026-11-30
  1405/09/10 = 2026-12-01
  1403/12/30 = 2025-03-20 (1403 is a leap year: Esfand has 30 days; 1404/01/01 is 2025-03-21)
  1404/12/30 does not exist: 1404 is not a leap year, its Esfand has 29 days
  1405/13/40 does not exist: there is no 13th month

Frappe's Data Import commits after every record (its own design): each test deletes what it
imported and commits that too.
"""

import datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from zhira_after_sales.overrides.jalali import install
from zhira_after_sales.overrides.jalali_import import JalaliCellError, is_jalali_text, parse_cell
from zhira_after_sales.tests.factories import TEST_IGNORE, make_item, make_item_group, make_user
from zhira_after_sales.utils import jalali

test_ignore = TEST_IGNORE

PERSIAN = "jalali-import-fa@zhira.example"
ENGLISH = "jalali-import-en@zhira.example"
SERIAL_PREFIX = "ZTJI-"
HEADER = "Model (Item),Serial No,Sold On,Installed On"


def make_importer(email: str, language: str) -> str:
	make_user(email, roles=("System Manager",))
	user = frappe.get_doc("User", email)
	user.language = language
	user.zhira_calendar = ""
	user.flags.ignore_permissions = True
	user.save()
	return email


class TestJalaliImport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		install()
		make_importer(PERSIAN, "fa")
		make_importer(ENGLISH, "en")
		cls.item = make_item("ZT-JALALI-IMPORT", make_item_group("ZT Jalali Import"))
		cls.addClassCleanup(cls.remove_users)

	@classmethod
	def remove_users(cls):
		frappe.set_user("Administrator")
		for email in (PERSIAN, ENGLISH):
			frappe.delete_doc("User", email, force=True, ignore_permissions=True)
		frappe.delete_doc("Item", cls.item, force=True, ignore_permissions=True)
		frappe.delete_doc("Item Group", "ZT Jalali Import", force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the imports committed the users and the item with their records

	def setUp(self):
		self.lang = frappe.local.lang
		self.addCleanup(self.remove_imported)

	def remove_imported(self):
		frappe.set_user("Administrator")
		frappe.local.lang = self.lang
		frappe.db.delete("Customer Device", {"serial_no": ("like", f"{SERIAL_PREFIX}%")})
		for name in frappe.get_all(
			"Data Import", {"import_file": ("like", "%jalali-import-%")}, pluck="name"
		):
			frappe.delete_doc("Data Import", name, force=True, ignore_permissions=True)
		for name in frappe.get_all("File", {"file_name": ("like", "jalali-import-%")}, pluck="name"):
			frappe.delete_doc("File", name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the Data Import committed its records

	def upload(self, user: str, rows: list[str]) -> str:
		"""A CSV file uploaded by `user`: its URL."""
		frappe.set_user(user)
		content = "\n".join([HEADER, *rows]) + "\n"
		return (
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"jalali-import-{frappe.generate_hash(length=8)}.csv",
					"content": content.encode("utf-8"),
					"is_private": 1,
				}
			)
			.insert()
			.file_url
		)

	def data_import(self, user: str, rows: list[str]):
		"""A Data Import of a CSV file uploaded by `user`, started the way the form starts it."""
		data_import = frappe.get_doc(
			{
				"doctype": "Data Import",
				"reference_doctype": "Customer Device",
				"import_type": "Insert New Records",
				"import_file": self.upload(user, rows),
			}
		).insert()
		# as Frappe's own tests do: a failing row's rollback must not take the Data Import with it
		frappe.db.commit()  # nosemgrep
		return data_import

	def run_import(self, data_import):
		data_import.start_import()  # synchronous in tests (frappe.flags.in_test)
		data_import.reload()
		return data_import

	def device(self, serial: str):
		return frappe.db.get_value(
			"Customer Device",
			{"item": self.item, "serial_no": serial},
			["sold_on", "installed_on"],
			as_dict=True,
		)

	def test_jalali_dates_are_stored_as_the_gregorian_days_they_name(self):
		data_import = self.data_import(
			PERSIAN,
			[
				f"{self.item},{SERIAL_PREFIX}A,1405/09/09,۱۴۰۵/۰۹/۱۰",
				f"{self.item},{SERIAL_PREFIX}B,1405-9-9,1403/12/30",
				# a Gregorian date still reads as one
				f"{self.item},{SERIAL_PREFIX}C,2026-11-30,",
			],
		)
		preview = data_import.get_preview_from_template()
		# no "could not be determined" / "different date formats" notes about the Jalali columns
		self.assertEqual([w for w in preview.warnings if w.get("col") in (3, 4)], [])
		# the preview's header hint: Installed On holds Jalali dates only, Sold On also a Gregorian one
		formats = {c.header_title: c.date_format for c in preview.columns}
		self.assertEqual((formats["Installed On"], formats["Sold On"]), ("%Y/%m/%d", "%Y-%m-%d"))

		self.assertEqual(self.run_import(data_import).status, "Success")
		self.assertEqual(
			self.device(f"{SERIAL_PREFIX}A"),
			{"sold_on": getdate("2026-11-30"), "installed_on": getdate("2026-12-01")},
		)
		self.assertEqual(
			self.device(f"{SERIAL_PREFIX}B"),
			{"sold_on": getdate("2026-11-30"), "installed_on": getdate("2025-03-20")},
		)
		self.assertEqual(
			self.device(f"{SERIAL_PREFIX}C"), {"sold_on": getdate("2026-11-30"), "installed_on": None}
		)

	def test_an_impossible_jalali_date_stops_the_import_naming_row_and_column(self):
		data_import = self.data_import(
			PERSIAN,
			[
				f"{self.item},{SERIAL_PREFIX}D,1405/09/09,1405/09/09",
				f"{self.item},{SERIAL_PREFIX}E,1405/13/40,1405/09/09",
				f"{self.item},{SERIAL_PREFIX}F,1405/09/09,1404/12/30",
			],
		)
		data_import = self.run_import(data_import)

		# nothing is imported while the sheet has a date that does not exist
		self.assertEqual(data_import.status, "Pending")
		self.assertFalse(frappe.db.exists("Customer Device", {"serial_no": ("like", f"{SERIAL_PREFIX}%")}))
		warnings = frappe.parse_json(data_import.template_warnings)
		# the header is row 1, so the second and third device are rows 3 and 4 of the sheet
		self.assertEqual(
			[(w["row"], w["col"], w["field"]["fieldname"]) for w in warnings],
			[(3, 3, "sold_on"), (4, 4, "installed_on")],
		)
		# the form shows each under "Row 3"/"Row 4" and the column's label in the importer's language
		self.assertEqual([w["field"]["label"] for w in warnings], ["تاریخ فروش", "تاریخ نصب"])
		for warning, value in zip(warnings, ("1405/13/40", "1404/12/30"), strict=True):
			self.assertIn(f"<strong>{value}</strong>", warning["message"])
			self.assertIn("<strong>1405/09/09</strong>", warning["message"])  # the expected form
		self.assertFalse(jalali.is_leap(1404))

		# the corrected sheet attached to the same Data Import goes through
		data_import.import_file = self.upload(
			PERSIAN,
			[
				f"{self.item},{SERIAL_PREFIX}D,1405/09/09,1405/09/09",
				f"{self.item},{SERIAL_PREFIX}E,1405/12/29,1405/09/09",
				f"{self.item},{SERIAL_PREFIX}F,1405/09/09,1404/12/29",
			],
		)
		data_import.save()
		frappe.db.commit()  # nosemgrep: as data_import() above
		self.assertEqual(self.run_import(data_import).status, "Success")
		# 1405/12/29 is the day before 1406/01/01 = 2027-03-21; 1404/12/29 the day before 2026-03-21
		self.assertEqual(self.device(f"{SERIAL_PREFIX}E")["sold_on"], getdate("2027-03-20"))
		self.assertEqual(self.device(f"{SERIAL_PREFIX}F")["installed_on"], getdate("2026-03-20"))

	def test_a_four_digit_jalali_year_is_read_as_jalali_for_anyone(self):
		data_import = self.data_import(
			ENGLISH,
			[
				f"{self.item},{SERIAL_PREFIX}G,1405/09/09,30-11-2026",
				f"{self.item},{SERIAL_PREFIX}H,1403/12/30,01-12-2026",
			],
		)
		self.assertEqual(self.run_import(data_import).status, "Success")
		# Jalali by its year; the Gregorian column keeps Frappe's own reading (dd-mm-yyyy)
		self.assertEqual(
			self.device(f"{SERIAL_PREFIX}G"),
			{"sold_on": getdate("2026-11-30"), "installed_on": getdate("2026-11-30")},
		)
		self.assertEqual(
			self.device(f"{SERIAL_PREFIX}H"),
			{"sold_on": getdate("2025-03-20"), "installed_on": getdate("2026-12-01")},
		)

	def test_which_cells_are_jalali(self):
		self.assertTrue(is_jalali_text("1405/09/09", False))
		self.assertTrue(is_jalali_text("۱۴۰۵/۰۹/۰۹", False))
		self.assertTrue(is_jalali_text("9/9/1405", False))
		self.assertFalse(is_jalali_text("2026-11-30", True))
		self.assertFalse(is_jalali_text("30/11/2026", True))
		# a two-digit year only for a Jalali user
		self.assertTrue(is_jalali_text("05/9/9", True))
		self.assertFalse(is_jalali_text("05/9/9", False))
		self.assertFalse(is_jalali_text(datetime.date(2026, 11, 30), True))

	def test_datetime_cells(self):
		self.assertEqual(parse_cell("۱۴۰۵/۰۹/۰۹ ۱۴:۳۰", "Datetime"), datetime.datetime(2026, 11, 30, 14, 30))
		self.assertEqual(parse_cell("1405/09/09", "Datetime"), datetime.datetime(2026, 11, 30))
		self.assertEqual(parse_cell("1405/09/09 14:30", "Date"), datetime.date(2026, 11, 30))
		with self.assertRaises(JalaliCellError) as caught:
			parse_cell("1405/09/09 25:00", "Datetime")
		self.assertEqual(caught.exception.reason, "invalid")
		with self.assertRaises(JalaliCellError) as caught:
			parse_cell("1405/09", "Date")
		self.assertEqual(caught.exception.reason, "format")
