"""The Reception Register as an Excel file made in the background: the file holds what the user may
read - an agency only its own receptions - with the desk's labels and the user's calendar, it is
the user's private file and the user is told; the endpoint refuses those who may not run the
report and bad dates."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import today
from openpyxl import load_workbook

from zhira_after_sales.service_desk import register_export
from zhira_after_sales.service_desk.doctype.service_reception.test_service_reception import (
	INSTALL,
	REPAIR,
	new_reception,
	setup_catalogue,
)
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_user
from zhira_after_sales.tests.rest import call

test_ignore = TEST_IGNORE

MANAGER = "zt-regx-manager@example.com"
AGENCY_A_USER = "zt-regx-agency-a@example.com"
AGENCY_B_USER = "zt-regx-agency-b@example.com"
OUTSIDER = "zt-regx-outsider@example.com"
ENDPOINT = "/api/method/zhira_after_sales.api.reception.export_reception_register"


class TestRegisterExport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.heater, cls.cooler = setup_catalogue()
		make_user(MANAGER, ("After Sales Manager",))
		frappe.db.set_value("User", MANAGER, "language", "fa")
		make_user(OUTSIDER, ("Accounts User",))
		for user in (AGENCY_A_USER, AGENCY_B_USER):
			make_user(user)
		cls.agency_a = make_agency("ZT-REGX-A", "نمایندگی خروجی الف", users=(AGENCY_A_USER,))
		cls.agency_b = make_agency("ZT-REGX-B", "نمایندگی خروجی ب", users=(AGENCY_B_USER,))
		devices = [
			{"item": cls.heater, "service_type": REPAIR},
			{"item": cls.cooler, "service_type": INSTALL},
		]
		cls.reception_a = new_reception(
			mobile="09125550771",
			customer_name="مشتری خروجی الف",
			service_agency=cls.agency_a,
			devices=devices,
		).insert()
		cls.reception_b = new_reception(
			mobile="09125550772", customer_name="مشتری خروجی ب", service_agency=cls.agency_b
		).insert()
		frappe.db.commit()  # nosemgrep: the HTTP requests read their own connection

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"

	def export(self, user: str, lang: str, **filters):
		file = register_export.run_export({"from_date": today(), "to_date": today(), **filters}, user, lang)
		self.assertIsNotNone(file, "the export failed: see the Error Log")
		self.addCleanup(frappe.delete_doc, "File", file.name, force=True, ignore_permissions=True)
		book = load_workbook(file.get_full_path())
		sheet = book.worksheets[0]
		rows = [list(row) for row in sheet.iter_rows(values_only=True)]
		return file, sheet, rows[0], rows[1:]

	def test_head_office_gets_every_row_in_persian_with_jalali_dates(self):
		file, sheet, header, rows = self.export(MANAGER, "fa")
		self.assertEqual((file.is_private, file.owner), (1, MANAGER))
		self.assertEqual(file.file_url, f"/private/files/{file.file_name}")
		self.assertEqual(sheet.title, "دفتر پذیرش")
		self.assertTrue(sheet.sheet_view.rightToLeft)
		self.assertEqual(header[:3], ["پذیرش", "کد رهگیری", "زمان پذیرش"])
		names = [row[0] for row in rows]
		self.assertEqual(names.count(self.reception_a.name), 2, "one row per device")
		self.assertIn(self.reception_b.name, names)
		received = next(row[2] for row in rows if row[0] == self.reception_a.name)
		self.assertRegex(received, r"^14\d\d/\d\d/\d\d \d\d:\d\d$")  # a Jalali date and time, as text
		items = [row[6] for row in rows if row[0] == self.reception_a.name]
		self.assertEqual(items, [self.heater, self.cooler])

		notice = frappe.get_all(
			"Notification Log",
			{"for_user": MANAGER, "document_type": "File", "document_name": file.name},
			["subject", "link"],
		)
		self.assertEqual(len(notice), 1)
		self.assertEqual(notice[0].link, file.file_url)
		self.assertIn(str(len(rows)), notice[0].subject)

	def test_an_agency_gets_only_its_own_receptions(self):
		frappe.set_user(AGENCY_B_USER)
		_file, _sheet, header, rows = self.export(AGENCY_B_USER, "en")
		self.assertEqual(header[0], "Reception")
		names = {row[0] for row in rows}
		self.assertIn(self.reception_b.name, names)
		self.assertNotIn(self.reception_a.name, names)
		agencies = {row[header.index("Service Agency")] for row in rows}
		self.assertEqual(agencies, {self.agency_b})

	def test_the_endpoint_queues_for_readers_and_refuses_others(self):
		answer = call("POST", ENDPOINT, AGENCY_A_USER, json={"filters": {"from_date": today()}})
		self.assertEqual(answer.status_code, 200, answer.get_data(as_text=True)[:300])
		self.assertIn("notified", answer.json["message"]["message"])
		refused = call("POST", ENDPOINT, OUTSIDER, json={"filters": {}})
		self.assertEqual(refused.status_code, 403)
		bad = call("POST", ENDPOINT, MANAGER, json={"filters": {"from_date": "31/31/31"}})
		self.assertEqual(bad.status_code, 417)
		self.assertIn("31/31/31", bad.get_data(as_text=True))
