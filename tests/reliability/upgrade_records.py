"""The records an earlier version of the app made survive `bench migrate` to this one.

    <bench>/env/bin/python tests/reliability/upgrade_records.py snapshot <bench> <site> <file>
    <bench>/env/bin/python tests/reliability/upgrade_records.py compare  <bench> <site> <file>

`snapshot`, while the bench links the earlier version, writes to <file> every row of that
version's DocTypes (child tables and singles included) and of the ERPNext records its demo made.
`compare`, after the migrate, fails on:

- a DocType of the earlier version that no longer exists, a row that is gone (every row is
  compared, so the counts per DocType are compared too);
- a value that changed in a column both versions have (modified / modified_by aside), except an
  empty value filled where FILLED_BY_DESIGN names the patch that fills it;
- a record of the earlier version's DocTypes that the current code refuses to save as it is (a
  new mandatory field, a new validation old data breaks); saved in a transaction rolled back.

Rows the new version adds (new base data, rows a patch adds) are listed, not failed.
"""

import json
import os
import sys

import records

# the ERPNext records the earlier version's demo and install made
ERPNEXT = ("Customer", "Address", "Contact", "Item", "Serial No", "Territory", "Warehouse", "Company", "User")
NOT_COMPARED = ("modified", "modified_by")
# (DocType, column) -> why migrating to this version may fill it where the earlier version left it
# empty (a value the earlier version set must stay as it was)
FILLED_BY_DESIGN = {
	("Warehouse", "warehouse_type"): "patch setup_warehouses types the after-sales warehouses",
}


# Frappe's store of system and user defaults (a User's child table): frappe.db.set_default
# replaces a row rather than updating it (patch rials_without_decimals sets one)
NOT_RECORDS = ("DefaultValue",)


def collect(frappe, bench: str) -> dict:
	tables, singles = records.app_doctypes(frappe, records.app_modules(bench))
	erpnext = [d for d in ERPNEXT if frappe.db.exists("DocType", d)]
	erpnext += [c for c in records.child_tables(frappe, erpnext) if c not in erpnext + list(NOT_RECORDS)]
	return {
		"app": sorted(tables + singles),
		"parents": sorted(
			frappe.get_all("DocType", {"name": ("in", tables), "istable": 0}, pluck="name") if tables else []
		),
		"rows": {doctype: records.table_rows(frappe, doctype) for doctype in tables + singles + erpnext},
	}


def compare(frappe, before: dict) -> tuple[list[str], list[str]]:
	problems, notes = [], []
	for doctype, rows in sorted(before["rows"].items()):
		if not frappe.db.exists("DocType", doctype):
			problems.append(f"{doctype}: the DocType is gone ({len(rows)} rows of the earlier version)")
			continue
		now = records.table_rows(frappe, doctype)
		missing = sorted(set(rows) - set(now))
		if missing:
			problems.append(f"{doctype}: {len(missing)} of {len(rows)} rows gone ({', '.join(missing[:5])})")
		added = sorted(set(now) - set(rows))
		if added and doctype in before["app"]:
			notes.append(f"{doctype}: {len(rows)} -> {len(now)} rows (added {', '.join(added[:5])})")
		changed = {}
		for name in sorted(set(rows) & set(now)):
			for column, value in rows[name].items():
				if column in NOT_COMPARED or column not in now[name]:
					continue
				if value in (None, "") and (doctype, column) in FILLED_BY_DESIGN:
					continue
				if now[name][column] != value:
					changed.setdefault(column, []).append(f"{name}: {value!r} -> {now[name][column]!r}")
		for column, changes in sorted(changed.items()):
			problems.append(f"{doctype}.{column} changed in {len(changes)} rows ({'; '.join(changes[:3])})")
	return problems, notes


def saves_as_they_are(frappe, before: dict) -> list[str]:
	"""Each record of the earlier version's parent DocTypes, saved unchanged by the current code."""
	problems = []
	frappe.set_user("Administrator")
	for doctype in before["parents"]:
		if not frappe.db.exists("DocType", doctype):
			continue
		for name in sorted(before["rows"].get(doctype, {})):
			try:
				doc = frappe.get_doc(doctype, name)
				doc.flags.ignore_permissions = True
				doc.save()
			except Exception as error:
				problems.append(
					f"{doctype} {name} cannot be saved after the upgrade: {type(error).__name__}: {error}"
				)
			finally:
				frappe.db.rollback()
	return problems


def main(command: str, bench: str, site: str, path: str) -> int:
	bench, path = os.path.abspath(bench), os.path.abspath(path)
	frappe = records.connect(bench, site)
	try:
		if command == "snapshot":
			found = collect(frappe, bench)
			with open(path, "w", encoding="utf-8") as f:
				json.dump(found, f, ensure_ascii=False)
			counts = ", ".join(f"{d} {len(r)}" for d, r in sorted(found["rows"].items()) if r)
			print(f"the earlier version's records on {site}: {counts}")
			return 0
		with open(path, encoding="utf-8") as f:
			before = json.load(f)
		problems, notes = compare(frappe, before)
		problems += saves_as_they_are(frappe, before)
	finally:
		frappe.destroy()
	for note in notes:
		print(note)
	rows = sum(len(r) for r in before["rows"].values())
	kinds = sum(1 for r in before["rows"].values() if r)
	return records.fail(
		problems, f"all {rows} rows of {kinds} DocTypes the earlier version made survived the migrate"
	)


if __name__ == "__main__":
	if len(sys.argv) != 5 or sys.argv[1] not in ("snapshot", "compare"):
		sys.exit(__doc__)
	sys.exit(main(*sys.argv[1:5]))
