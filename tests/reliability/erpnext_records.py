"""Uninstalling and reinstalling the app leaves ERPNext's documents as they were.

    <bench>/env/bin/python tests/reliability/erpnext_records.py snapshot  <bench> <site> <file>
    <bench>/env/bin/python tests/reliability/erpnext_records.py uninstalled <bench> <site> <file>
    <bench>/env/bin/python tests/reliability/erpnext_records.py reinstalled <bench> <site> <file>

`snapshot` (before `bench uninstall-app`) writes to <file> every row of the ERPNext documents the
app makes or posts (customers and their contacts and addresses, items, serial numbers, stock and
sales documents, journal entries, the general and stock ledgers, territories, warehouses...), their
child tables, the site's other Custom Fields and Property Setters, and the row count of every table.
`uninstalled` (after the uninstall) and `reinstalled` (after install-app and migrate) compare the
same rows with it: a missing, added or changed row fails, naming the DocType and the rows, except:

- Territory, Warehouse and other trees: lft/rgt, Frappe's bookkeeping of the tree, move whenever
  a node is added or removed anywhere in the tree;
- modified / modified_by: reinstalling sets values again on records it keeps (what a field holds
  is compared, not when it was last written);
- the province territories and the agency customer/supplier groups the app made and nothing uses:
  uninstall deletes them and reinstall makes them again, the same (their creation time and owner
  are new; their values are compared).

`uninstalled` also prints what the uninstall removed: the tables it dropped and, per table, the rows
it deleted.
"""

import json
import os
import sys

import records

# the ERPNext documents the app makes, changes or posts (their child tables are added)
DOCTYPES = (
	"Customer",
	"Contact",
	"Address",
	"Item",
	"Item Price",
	"Serial No",
	"Serial and Batch Bundle",
	"Stock Entry",
	"Delivery Note",
	"Sales Invoice",
	"Purchase Receipt",
	"Purchase Invoice",
	"Payment Entry",
	"Journal Entry",
	"GL Entry",
	"Stock Ledger Entry",
	"Bin",
	"Territory",
	"Warehouse",
	"Warehouse Type",
	"Customer Group",
	"Supplier",
	"Supplier Group",
	"Party Link",
	"Item Group",
	"Company",
	"Account",
)
# set again on kept records, or tree bookkeeping (see the docstring)
NOT_COMPARED = ("modified", "modified_by", *records.NESTED_SET)
# a record deleted by uninstall and made again by install: only its values are compared
RECREATED_NOT_COMPARED = ("creation", "owner", "idx")


def app_base_records() -> dict[str, set[str]]:
	"""Records of ERPNext DocTypes that install makes and uninstall deletes when nothing uses them."""
	from zhira_after_sales import consts
	from zhira_after_sales.utils.provinces import PROVINCES

	return {
		"Territory": {province.name_fa for province in PROVINCES},
		"Customer Group": {consts.AGENCY_CUSTOMER_GROUP},
		"Supplier Group": {consts.AGENCY_SUPPLIER_GROUP},
	}


def custom_fields(bench: str) -> list[tuple[str, str]]:
	"""(DocType, field) of the app's custom fields that hold values."""
	from zhira_after_sales.setup.custom_fields import get_custom_fields

	return [
		(doctype, field["fieldname"])
		for doctype, fields in get_custom_fields().items()
		for field in fields
		if field["fieldtype"] not in ("Section Break", "Column Break", "Tab Break")
	]


def collect(frappe, bench: str, app_doctypes: list[str] = ()) -> dict:
	"""The rows to compare, the app's DocTypes (`app_doctypes`: those of the snapshot, which the
	uninstall has deleted since), and the row count of every table."""
	modules = records.app_modules(bench)
	app_tables, app_singles = records.app_doctypes(frappe, modules)
	ours = sorted(set(app_tables) | set(app_singles) | set(app_doctypes))
	doctypes = [d for d in DOCTYPES if frappe.db.exists("DocType", d)]
	doctypes += [c for c in records.child_tables(frappe, doctypes) if c not in doctypes]
	found = {"rows": {}, "counts": {}, "app doctypes": ours, "left on app doctypes": {}}
	# the app's Link fields on ERPNext's DocTypes to the app's own DocTypes (a territory's default
	# agency) are the app's data: cleared by the uninstall with the records they name
	from zhira_after_sales.setup.custom_fields import links_to

	links = links_to(ours)
	for doctype in doctypes:
		exclude = NOT_COMPARED + tuple(field for dt, field in links if dt == doctype)
		found["rows"][doctype] = records.table_rows(frappe, doctype, exclude=exclude)
	# the site's own customisations, and ERPNext's, that are not the app's
	for doctype, dt_field in (("Custom Field", "dt"), ("Property Setter", "doc_type")):
		rows = records.table_rows(frappe, doctype, exclude=NOT_COMPARED)
		found["rows"][doctype] = {
			name: row
			for name, row in rows.items()
			if row[dt_field] not in ours and row.get("module") not in modules
		}
		found["left on app doctypes"][doctype] = sorted(
			name for name, row in rows.items() if row[dt_field] in ours
		)
	for table in frappe.db.get_tables(cached=False):
		found["counts"][table] = frappe.db.sql(f"select count(*) from `{table}`")[0][0]  # nosemgrep
	return found


def compare(before: dict, after: dict, uninstalled: bool) -> list[str]:
	problems = []
	recreated = app_base_records()
	for doctype, rows in before["rows"].items():
		now = after["rows"].get(doctype, {})
		again = recreated.get(doctype, set())
		if uninstalled:  # the app's own records nothing used: deleted by the uninstall, made again by install
			rows = {name: row for name, row in rows.items() if name not in again or name in now}

		def values(table: dict) -> dict:
			return {
				name: {k: v for k, v in row.items() if k not in RECREATED_NOT_COMPARED}
				if name in again
				else row
				for name, row in table.items()
			}

		problems += records.differences(doctype, records.summary(values(rows)), records.summary(values(now)))
	return problems


def removed(before: dict, after: dict) -> list[str]:
	lines = []
	recreated = app_base_records()
	for doctype, names in sorted(recreated.items()):
		gone = sorted(names & set(before["rows"].get(doctype, {})) - set(after["rows"].get(doctype, {})))
		kept = sorted(names & set(after["rows"].get(doctype, {})))
		if gone or kept:
			lines.append(
				f"{doctype}: {len(gone)} of the app's own deleted (nothing used them), {len(kept)} kept (in use)"
			)
	for doctype, names in after["left on app doctypes"].items():
		if names:
			lines.append(
				f"left behind: {len(names)} {doctype} rows of the dropped DocTypes ({', '.join(names[:6])}...)"
			)
	dropped = sorted(set(before["counts"]) - set(after["counts"]))
	rows = sum(before["counts"][t] for t in dropped)
	lines.append(f"{len(dropped)} tables dropped ({rows} rows): {', '.join(dropped)}")
	for table, count in sorted(before["counts"].items()):
		if table in after["counts"] and after["counts"][table] != count:
			lines.append(f"{table}: {count} -> {after['counts'][table]} rows")
	return lines


def gather(bench: str, site: str, app_doctypes: list[str] = ()) -> dict:
	frappe = records.connect(bench, site)
	try:
		return collect(frappe, bench, app_doctypes)
	finally:
		frappe.destroy()


def main(command: str, bench: str, site: str, path: str) -> int:
	path, bench = os.path.abspath(path), os.path.abspath(bench)
	if command == "snapshot":
		found = gather(bench, site)
		with open(path, "w", encoding="utf-8") as f:
			json.dump(found, f, ensure_ascii=False)
		total = sum(len(rows) for rows in found["rows"].values())
		print(
			f"{len(found['rows'])} ERPNext DocTypes, {total} rows recorded on {site}; values in the app's fields:"
		)
		for doctype, fieldname in custom_fields(bench):
			if doctype not in found["rows"]:
				continue
			rows = found["rows"][doctype].values()
			print(
				f"  {doctype}.{fieldname}: {sum(1 for row in rows if row.get(fieldname) not in (None, ''))}"
			)
		return 0
	with open(path, encoding="utf-8") as f:
		before = json.load(f)
	found = gather(bench, site, before["app doctypes"])
	if command == "uninstalled":
		print("what the uninstall removed:")
		for line in removed(before, found):
			print(f"  {line}")
	problems = compare(before, found, uninstalled=command == "uninstalled")
	total = sum(len(rows) for rows in before["rows"].values())
	return records.fail(
		problems,
		f"ERPNext's documents on {site} are as they were before the uninstall"
		f" ({len(before['rows'])} DocTypes, {total} rows compared, {command})",
	)


if __name__ == "__main__":
	if len(sys.argv) != 5 or sys.argv[1] not in ("snapshot", "uninstalled", "reinstalled"):
		sys.exit(__doc__)
	sys.exit(main(*sys.argv[1:5]))
