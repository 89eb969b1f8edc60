"""Indexes on ERPNext's own fields that the app looks callers up by, on every call and SMS.

A caller is found by mobile (service_desk.customers.find_customers_by_mobile for a reception,
messaging.parties.find_customer for an inbound SMS's sender). ERPNext indexes none of
Customer.mobile_no, Contact.mobile_no and Contact Phone.phone, so at 300,000 customers each lookup
read the whole of these tables (a reception save took about a second, an inbound SMS 50 ms;
docs/benchmarks.md).

The index is asked for the way Customize Form asks for it: a `search_index` Property Setter on
the field, after which Frappe's schema sync adds the index and keeps it. (An index added with
ALTER TABLE alone does not last: the schema sync drops a plain index on a column whose field is not
marked search_index the next time it alters the table.) The Property Setters carry the app's
module; uninstall removes them and drops the indexes. A company's own setter that already asks for
the index is left alone."""

import frappe

# (DocType, field) of ERPNext's that the caller lookups filter on
FIELDS = (("Customer", "mobile_no"), ("Contact", "mobile_no"), ("Contact Phone", "phone"))
MODULE = "After Sales Setup"


def setter(doctype: str, fieldname: str) -> dict | None:
	return frappe.db.get_value(
		"Property Setter",
		{"doc_type": doctype, "field_name": fieldname, "property": "search_index"},
		["name", "value", "module"],
		as_dict=True,
	)


def add_indexes():
	"""Mark the fields search_index (a Property Setter of the app's) and let Frappe add the index."""
	for doctype, fieldname in FIELDS:
		if not frappe.db.table_exists(doctype):
			continue
		current = setter(doctype, fieldname)
		if not current or str(current.value) != "1":
			# inserting replaces a setter that asked for no index (Frappe keeps one per property)
			frappe.get_doc(
				{
					"doctype": "Property Setter",
					"doctype_or_field": "DocField",
					"doc_type": doctype,
					"field_name": fieldname,
					"property": "search_index",
					"property_type": "Check",
					"value": "1",
					"module": MODULE,
					"is_system_generated": 1,
				}
			).insert(ignore_permissions=True)
		frappe.clear_cache(doctype=doctype)
		if missing_index(doctype, fieldname):
			frappe.db.updatedb(doctype)  # DDL: commits


def remove_indexes():
	"""Remove the app's setters and let Frappe drop the indexes they asked for."""
	for doctype, fieldname in FIELDS:
		current = setter(doctype, fieldname)
		if not current or current.module != MODULE:
			continue
		frappe.db.delete("Property Setter", {"name": current.name})
		frappe.clear_cache(doctype=doctype)
		if frappe.db.table_exists(doctype):
			frappe.db.updatedb(doctype)


def missing_index(doctype: str, fieldname: str) -> bool:
	return not frappe.db.get_column_index(f"tab{doctype}", fieldname, unique=False)


def missing() -> list[str]:
	"""The fields without their index (for checks)."""
	return [f"{doctype}.{fieldname}" for doctype, fieldname in FIELDS if missing_index(doctype, fieldname)]
