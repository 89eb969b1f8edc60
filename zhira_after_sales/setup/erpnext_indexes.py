"""Indexes this app adds to ERPNext's own tables for the lookups it makes on every call and SMS.

A caller is found by mobile (service_desk.customers.find_customers_by_mobile, the inbound SMS's
sender): ERPNext indexes neither Customer.mobile_no nor Contact Phone.phone, so at 300,000
customers each lookup read the whole of both tables (about a second per reception saved,
docs/benchmarks.md). Added on install and by a patch (a site made before), dropped on uninstall;
named with the app's prefix so that they are told apart from ERPNext's."""

import frappe

# (DocType, columns, index name)
INDEXES = (
	("Customer", ("mobile_no",), "zhira_mobile_no_index"),
	("Contact Phone", ("phone",), "zhira_phone_index"),
)


def add_indexes():
	for doctype, columns, name in INDEXES:
		if frappe.db.table_exists(doctype):
			frappe.db.add_index(doctype, list(columns), name)  # skips an index that exists


def drop_indexes():
	for doctype, _columns, name in INDEXES:
		if frappe.db.table_exists(doctype) and frappe.db.has_index(f"tab{doctype}", name):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")


def missing() -> list[str]:
	"""The app's indexes on ERPNext tables that are not there (for checks)."""
	return [
		f"{doctype}.{name}"
		for doctype, _columns, name in INDEXES
		if not frappe.db.has_index(f"tab{doctype}", name)
	]
