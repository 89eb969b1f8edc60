# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The daily fiscal-year job: the current and the next Iranian year exist as Fiscal Years from 1
Farvardin to the last day of Esfand (30 Esfand in a leap year), linked to every company, named as
ERPNext names them; a second run makes nothing; a posting on 1 Farvardin finds its year."""

import datetime

import frappe
from erpnext.accounts.utils import get_fiscal_year
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.tasks.fiscal_year import ensure_next_fiscal_year, fiscal_year_name
from zhira_after_sales.tests.factories import TEST_IGNORE, company
from zhira_after_sales.utils.jalali import year_of, year_range

test_ignore = TEST_IGNORE

D = datetime.date


def fiscal_year_on(date: datetime.date) -> frappe._dict | None:
	name = frappe.db.get_value(
		"Fiscal Year",
		{"year_start_date": ("<=", date), "year_end_date": (">=", date)},
		order_by="year_start_date",
	)
	return frappe.get_doc("Fiscal Year", name) if name else None


def clear_fiscal_year_cache():
	frappe.cache.delete_value("fiscal_years")


class TestEnsureNextFiscalYear(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		# registered before FrappeTestCase's rollback, so it runs after it: no rolled-back year
		# stays in ERPNext's cached list of fiscal years
		cls.addClassCleanup(clear_fiscal_year_cache)
		super().setUpClass()

	def assertYear(self, start: D, end: D):
		fy = fiscal_year_on(start)
		self.assertIsNotNone(fy, f"no fiscal year on {start}")
		self.assertEqual((fy.year_start_date, fy.year_end_date), (start, end))
		self.assertEqual(fy.name, f"{start.year}-{end.year}")
		linked = {row.company for row in fy.companies}
		self.assertTrue(not linked or linked == set(frappe.get_all("Company", pluck="name")), linked)
		return fy

	def test_in_1402_the_next_year_is_1403_with_30_esfand(self):
		# 1402/12/10; 1403 is a leap year: 1 Farvardin 1403 = 2024-03-20, 30 Esfand 1403 = 2025-03-20
		ensure_next_fiscal_year(D(2024, 2, 29))
		fy = self.assertYear(D(2024, 3, 20), D(2025, 3, 20))
		self.assertEqual(fy.is_short_year, 1)  # a day longer than a Gregorian year
		# and the current year 1402: 2023-03-21 .. 29 Esfand 1402 = 2024-03-19
		self.assertYear(D(2023, 3, 21), D(2024, 3, 19))

	def test_in_1403_the_next_year_is_1404_with_29_esfand(self):
		# 1403/12/30 itself, the last day of the leap year
		ensure_next_fiscal_year(D(2025, 3, 20))
		self.assertYear(D(2025, 3, 21), D(2026, 3, 20))

	def test_running_twice_makes_nothing_new(self):
		ensure_next_fiscal_year(D(2025, 1, 1))
		count = frappe.db.count("Fiscal Year")
		companies = frappe.db.count("Fiscal Year Company")
		self.assertEqual(ensure_next_fiscal_year(D(2025, 1, 1)), [])
		self.assertEqual(frappe.db.count("Fiscal Year"), count)
		self.assertEqual(frappe.db.count("Fiscal Year Company"), companies)

	def test_a_posting_on_1_farvardin_of_next_year_finds_its_year(self):
		ensure_next_fiscal_year()  # today's
		start, end = year_range(year_of(frappe.utils.getdate()) + 1)
		clear_fiscal_year_cache()
		name, fy_start, fy_end = get_fiscal_year(start, company=company())[:3]
		self.assertEqual((fy_start, fy_end), (start, end))
		self.assertEqual(name, fiscal_year_name(start, end))

	def test_a_company_made_later_is_linked_by_the_next_run(self):
		ensure_next_fiscal_year(D(2025, 1, 1))
		fy = fiscal_year_on(D(2025, 3, 21))
		if not fy.companies:
			self.skipTest("the year serves every company (no companies listed)")
		new = frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": "ZT Fiscal Later Co",
				"abbr": "ZTFL",
				"default_currency": "IRR",
				"country": "Iran",
				"create_chart_of_accounts_based_on": "Standard Template",
				"chart_of_accounts": "Standard",
			}
		).insert(ignore_permissions=True)
		self.assertIn(fy.name, ensure_next_fiscal_year(D(2025, 1, 1)))
		self.assertIn(new.name, {row.company for row in frappe.get_doc("Fiscal Year", fy.name).companies})
