# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


class TestJinjaFilters(FrappeTestCase):
	"""Print formats and SMS templates render Jalali dates and Persian digits through hooks."""

	def render(self, template, **context):
		return frappe.render_template(template, context)

	def test_date_filters(self):
		self.assertEqual(self.render("{{ d | jalali }}", d="2026-11-29"), "1405/09/08")
		self.assertEqual(self.render("{{ d | jalali(persian=True) }}", d="2025-03-20"), "۱۴۰۳/۱۲/۳۰")
		self.assertEqual(self.render("{{ d | jalali_long }}", d="2026-03-21"), "۱ فروردین ۱۴۰۵")
		self.assertEqual(
			self.render("{{ d | jalali_datetime }}", d="2026-11-29 09:15:00"), "1405/09/08 09:15"
		)
		self.assertEqual(self.render("{{ d | jalali }}", d=None), "")

	def test_digit_and_phone_filters(self):
		self.assertEqual(self.render("{{ c | persian_digits }}", c="12345678"), "۱۲۳۴۵۶۷۸")
		self.assertEqual(self.render("{{ c | latin_digits }}", c="۱۲۳"), "123")
		self.assertEqual(self.render("{{ m | phone_national }}", m="+989121234567"), "0912 123 4567")

	def test_globals_for_print_formats(self):
		self.assertEqual(self.render("{{ jalali('2026-11-29', '%d %B %Y') }}"), "08 آذر 1405")
		self.assertEqual(self.render("{{ jalali_long('2026-11-29', weekday=True) }}"), "یکشنبه ۸ آذر ۱۴۰۵")
