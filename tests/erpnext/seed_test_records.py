"""Make ERPNext's global test records the way `bench run-parallel-tests --app erpnext` does before it
runs any test: the before_tests hooks, then `erpnext.tests.global_test_dependencies` (User, Company,
Item and everything they link to), each committed.

`bench run-tests --module` skips this step. On a fresh site the first test module then makes these
records inside a test's setUp without committing them, the test's rollback takes them away, and the
site's .test_log still lists their DocTypes as made: every later module fails with "Could not find
_Test ..." (seen on a site without this app too). Run from the bench's sites folder with the bench's
Python: `../env/bin/python <this file> <site> [DocType ...]`; records that exist are left as they are.

Further DocTypes named after the site get their test records (and their links') too. DocTypes that
ERPNext links to but that live in an app this bench does not have (Payment Gateway, of the payments
app) are passed over: Frappe's record maker stops at them with "DocType Payment Gateway not found",
which is why the Sales Invoice tests run with `--skip-test-records` on records made here.
"""

import sys

import frappe
from frappe.test_runner import make_test_records


def missing_link_targets() -> list[str]:
	"""DocTypes that fields link to but that are not installed on the site."""
	targets = set(frappe.get_all("DocField", {"fieldtype": "Link"}, pluck="options", distinct=True))
	targets |= set(frappe.get_all("Custom Field", {"fieldtype": "Link"}, pluck="options", distinct=True))
	return sorted(t for t in targets if t and not frappe.db.exists("DocType", t))


def fixture_company():
	"""Wind Power LLC, the company ERPNext's before_tests makes through the setup wizard on a site
	without any company, and that ERPNext's tests name (test_sales_invoice's internal parties,
	test_warehouse.test_naming, test_accounting_period). On a site whose setup was completed
	otherwise (the wizard, or this app's own before_tests, which makes an Iranian test company when
	its tests run first) ERPNext's before_tests makes no company: made here as the wizard would,
	without touching the site's default company or fiscal years."""
	if frappe.db.exists("Company", "Wind Power LLC"):
		return
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": "Wind Power LLC",
			"enable_perpetual_inventory": 1,
			"abbr": "WP",
			"default_currency": "USD",
			"country": "United States",
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": "Standard",
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: a test-site setup script, outside any request


def dimensions_made_and_disabled():
	"""The Department and Location accounting dimensions some ERPNext tests switch on and off
	(test_sales_invoice's test_rounding_adjustment_3). Made the first time, a dimension adds
	custom fields, and that DDL commits the test's transaction: Location stays on and mandatory for
	the balance sheet, and every later posting to Debtors fails ("Accounting Dimension Location is
	required"). Made here once and disabled, the tests only toggle them inside their transaction."""
	from erpnext.accounts.doctype.accounting_dimension.test_accounting_dimension import (
		create_dimension,
		disable_dimension,
	)

	create_dimension()
	disable_dimension()
	frappe.db.commit()  # nosemgrep: a test-site setup script, outside any request


def main(site: str, doctypes: list[str]):
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		frappe.flags.in_test = True
		frappe.clear_cache()
		for fn in frappe.get_hooks("before_tests"):
			frappe.get_attr(fn)()
		import erpnext.tests

		frappe.set_user("Administrator")
		fixture_company()
		for doctype in missing_link_targets():
			frappe.local.test_objects[doctype] = []
		for doctype in [*erpnext.tests.global_test_dependencies, *doctypes]:
			make_test_records(doctype, commit=True)
		frappe.db.commit()  # nosemgrep: a test-site setup script, outside any request
		dimensions_made_and_disabled()
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main(sys.argv[1], sys.argv[2:])
