# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from zhira_after_sales.overrides.jalali import extend_bootinfo, install
from zhira_after_sales.tests.factories import TEST_IGNORE, make_user
from zhira_after_sales.tests.rest import call, get_json
from zhira_after_sales.utils import jalali

test_ignore = TEST_IGNORE

PERSIAN = "jalali-fa@zhira.example"
ENGLISH = "jalali-en@zhira.example"
MARKER = "zhira-jalali-timespan-test"


def set_user_settings(email: str, language: str, calendar: str = ""):
	user = frappe.get_doc("User", email)
	user.language = language
	user.zhira_calendar = calendar
	user.flags.ignore_permissions = True
	user.save()


class TestJalaliCalendar(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		for email, language in ((PERSIAN, "fa"), (ENGLISH, "en")):
			make_user(email, roles=("System Manager",))
			set_user_settings(email, language)
		install()

	def tearDown(self):
		frappe.set_user("Administrator")
		for email, language in ((PERSIAN, "fa"), (ENGLISH, "en")):
			set_user_settings(email, language)

	def boot_for(self, email: str) -> dict:
		frappe.set_user(email)
		bootinfo = frappe._dict()
		extend_bootinfo(bootinfo)
		return bootinfo.jalali

	def test_the_user_field_is_installed(self):
		field = frappe.get_meta("User").get_field("zhira_calendar")
		self.assertEqual(field.fieldtype, "Select")
		self.assertEqual(field.options.split("\n"), ["", "Jalali", "Gregorian"])

	def test_language_decides_unless_the_preference_says_otherwise(self):
		self.assertEqual(self.boot_for(PERSIAN), {"enabled": True, "preference": ""})
		self.assertEqual(self.boot_for(ENGLISH), {"enabled": False, "preference": ""})

		set_user_settings(ENGLISH, "en", "Jalali")
		self.assertEqual(self.boot_for(ENGLISH), {"enabled": True, "preference": "Jalali"})
		set_user_settings(PERSIAN, "fa", "Gregorian")
		self.assertEqual(self.boot_for(PERSIAN), {"enabled": False, "preference": "Gregorian"})

	def test_the_desk_page_carries_the_flag(self):
		"""/app's boot carries the flag the browser bundle reads."""
		set_user_settings(ENGLISH, "en", "Jalali")
		set_user_settings(PERSIAN, "fa", "Gregorian")
		for email, enabled in ((PERSIAN, "false"), (ENGLISH, "true")):
			response = call("GET", "/app", email)
			self.assertEqual(response.status_code, 200)
			self.assertRegex(response.get_data(as_text=True), rf'"jalali": {{\s*"enabled": {enabled}')

	def test_timespan_filters_use_jalali_months_for_jalali_users(self):
		today = getdate()
		jalali_month = jalali.month_range_of(today)
		gregorian_month = (today.replace(day=1), frappe.utils.get_last_day(today))
		# a day in the Jalali month but not in the Gregorian one, and the other way round
		only_jalali = next(
			d for d in (jalali_month[0], jalali_month[1]) if not gregorian_month[0] <= d <= gregorian_month[1]
		)
		only_gregorian = next(
			d for d in (gregorian_month[0], gregorian_month[1]) if not jalali_month[0] <= d <= jalali_month[1]
		)
		frappe.db.delete("ToDo", {"description": ("like", f"%{MARKER}%")})
		names = {}
		for label, date in (("jalali", only_jalali), ("gregorian", only_gregorian), ("both", today)):
			names[label] = (
				frappe.get_doc({"doctype": "ToDo", "description": f"{MARKER} {label}", "date": date})
				.insert(ignore_permissions=True)
				.name
			)
		frappe.db.commit()  # nosemgrep: the REST requests run in their own connections
		self.addCleanup(frappe.db.commit)
		self.addCleanup(frappe.db.delete, "ToDo", {"description": ("like", f"%{MARKER}%")})

		filters = frappe.as_json([["date", "Timespan", "this month"], ["description", "like", f"%{MARKER}%"]])

		def listed(email):
			status, body = get_json("/api/resource/ToDo", email, query_string={"filters": filters})
			self.assertEqual(status, 200, body)
			return {row["name"] for row in body["data"]}

		self.assertEqual(listed(PERSIAN), {names["jalali"], names["both"]})
		self.assertEqual(listed(ENGLISH), {names["gregorian"], names["both"]})

		# the query builder's engine (frappe.qb.get_query) too
		frappe.set_user(PERSIAN)
		rows = frappe.qb.get_query(
			"ToDo",
			filters={"date": ["timespan", "this month"], "description": ["like", f"%{MARKER}%"]},
			fields=["name"],
		).run(pluck=True)
		self.assertEqual(set(rows), {names["jalali"], names["both"]})

	def test_other_timespans_are_frappes(self):
		frappe.set_user(PERSIAN)
		from frappe.model.db_query import get_timespan_date_range

		today = getdate()
		self.assertEqual(get_timespan_date_range("today"), (today, today))
		self.assertEqual(get_timespan_date_range("this year"), jalali.year_range(jalali.year_of(today)))

	def test_server_formatting_for_print_formats(self):
		frappe.set_user(PERSIAN)
		self.assertEqual(frappe.format_value("2025-03-20", {"fieldtype": "Date"}), "1403/12/30")
		self.assertEqual(
			frappe.format_value("2026-11-30 02:00:00", {"fieldtype": "Datetime"}), "1405/09/09 02:00:00"
		)
		self.assertEqual(frappe.format_value(None, {"fieldtype": "Date"}), "")
		# an explicit format is the caller's choice
		self.assertEqual(frappe.utils.formatters.formatdate("2025-03-20", "yyyy-mm-dd"), "2025-03-20")

		frappe.set_user(ENGLISH)
		self.assertEqual(
			frappe.format_value("2025-03-20", {"fieldtype": "Date"}),
			frappe.utils.formatdate("2025-03-20"),
		)
		self.assertNotIn("1403", frappe.format_value("2025-03-20", {"fieldtype": "Date"}))

	def test_print_view_shows_the_readers_calendar(self):
		todo = frappe.get_doc(
			{"doctype": "ToDo", "description": f"{MARKER} print", "date": "2026-03-21"}
		).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the REST requests run in their own connections
		self.addCleanup(frappe.db.commit)
		self.addCleanup(frappe.delete_doc, "ToDo", todo.name, force=True, ignore_permissions=True)
		path = f"/printview?doctype=ToDo&name={todo.name}&format=Standard&no_letterhead=1"

		persian = call("GET", path, PERSIAN)
		self.assertEqual(persian.status_code, 200)
		self.assertIn("1405/01/01", persian.get_data(as_text=True))

		english = call("GET", path, ENGLISH)
		self.assertEqual(english.status_code, 200)
		self.assertNotIn("1405/01/01", english.get_data(as_text=True))
		self.assertIn(frappe.utils.formatdate("2026-03-21"), english.get_data(as_text=True))
