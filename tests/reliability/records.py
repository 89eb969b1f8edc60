"""What the data-safety checks share: a site's rows as comparable values and digests.

The checks (backup_restore.py, erpnext_records.py, upgrade_records.py) run with the bench's own
Python, outside any app, so that they read a site the same way whichever version of the app the
bench links:

    <bench>/env/bin/python tests/reliability/<check>.py <bench> <site> ...

A table's digest is a SHA-256 over every row in name order, each row its columns (sorted by
column name) as JSON; two sites whose digests of a table agree hold the same rows, value for value.
"""

import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys

APP = "zhira_after_sales"
# tree bookkeeping Frappe recomputes whenever any node of the tree is added or removed
NESTED_SET = ("lft", "rgt", "old_parent")


def connect(bench: str, site: str):
	"""Initialise Frappe on `site` of `bench` and connect; returns the frappe module. Call
	frappe.destroy() before connecting to another site."""
	os.chdir(os.path.join(bench, "sites"))
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	return frappe


def app_modules(bench: str) -> list[str]:
	"""The modules of the app the bench links (its modules.txt)."""
	path = os.path.join(bench, "apps", APP, APP, "modules.txt")
	with open(path, encoding="utf-8") as f:
		return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def app_doctypes(frappe, modules: list[str]) -> tuple[list[str], list[str]]:
	"""(DocTypes with a table, single DocTypes) of the modules, child tables included."""
	doctypes = frappe.get_all(
		"DocType", {"module": ("in", modules)}, ["name", "issingle", "is_virtual"], order_by="name"
	)
	tables = [d.name for d in doctypes if not d.issingle and not d.is_virtual]
	singles = [d.name for d in doctypes if d.issingle]
	return tables, singles


def child_tables(frappe, doctypes: list[str]) -> list[str]:
	"""The child DocTypes of `doctypes` (their standard Table and Table MultiSelect fields)."""
	return sorted(
		set(
			frappe.get_all(
				"DocField",
				{"parent": ("in", doctypes), "fieldtype": ("in", ("Table", "Table MultiSelect"))},
				pluck="options",
			)
		)
	)


def plain(value):
	"""A column's value as JSON can hold it, the same whatever the driver returned."""
	if value is None or isinstance(value, (str, int, float)):
		return value
	if isinstance(value, bytes):
		return value.hex()
	return str(value)  # Decimal, date, datetime, timedelta


def table_rows(frappe, doctype: str, exclude: tuple[str, ...] = ()) -> dict[str, dict]:
	"""Every row of `doctype`'s table: {name: {column: value}}, without the `exclude` columns.
	A single DocType's values come from tabSingles as one row named after the DocType."""
	if frappe.get_meta(doctype).issingle:
		values = frappe.db.sql(
			"select field, value from `tabSingles` where doctype=%s order by field", doctype
		)
		return {doctype: {field: plain(value) for field, value in values if field not in exclude}}
	if not frappe.db.table_exists(doctype):
		return {}
	rows = frappe.db.sql(f"select * from `tab{doctype}` order by name", as_dict=True)  # nosemgrep
	return {
		row["name"]: {column: plain(row[column]) for column in sorted(row) if column not in exclude}
		for row in rows
	}


def row_digest(values: dict) -> str:
	return hashlib.sha1(
		json.dumps(values, sort_keys=True, ensure_ascii=False).encode(), usedforsecurity=False
	).hexdigest()


def table_digest(rows: dict[str, dict]) -> str:
	digest = hashlib.sha256()
	for name in sorted(rows):
		digest.update(f"{name}\0{row_digest(rows[name])}\n".encode())
	return digest.hexdigest()


def summary(rows: dict[str, dict]) -> dict:
	"""What a snapshot keeps of a table: its row count, its digest and each row's digest."""
	return {
		"count": len(rows),
		"digest": table_digest(rows),
		"rows": {name: row_digest(values) for name, values in rows.items()},
	}


def differences(doctype: str, before: dict, after: dict, limit: int = 5) -> list[str]:
	"""What differs between two summaries of one table, as lines naming the DocType."""
	if before["digest"] == after["digest"]:
		return []
	missing = sorted(set(before["rows"]) - set(after["rows"]))
	added = sorted(set(after["rows"]) - set(before["rows"]))
	changed = sorted(
		n for n in set(before["rows"]) & set(after["rows"]) if before["rows"][n] != after["rows"][n]
	)
	line = f"{doctype}: {before['count']} rows before, {after['count']} after"
	for label, names in (("missing", missing), ("added", added), ("changed", changed)):
		if names:
			shown = ", ".join(names[:limit]) + (
				f" and {len(names) - limit} more" if len(names) > limit else ""
			)
			line += f"; {len(names)} {label} ({shown})"
	return [line]


def db_root(bench: str) -> tuple[str, str]:
	"""The database root login: ZHIRA_DB_ROOT_USER / ZHIRA_DB_ROOT_PASSWORD, else the bench's
	common_site_config (as .ci/run)."""
	with open(os.path.join(bench, "sites", "common_site_config.json"), encoding="utf-8") as f:
		config = json.load(f)
	return (
		os.environ.get("ZHIRA_DB_ROOT_USER") or config.get("root_login") or "root",
		os.environ.get("ZHIRA_DB_ROOT_PASSWORD") or config.get("root_password") or "",
	)


def bench_command(bench: str, *args: str, log=None) -> subprocess.CompletedProcess:
	"""Run `bench <args>` in the bench's folder; raise with the output's tail when it fails."""
	result = subprocess.run(
		["bench", *args],
		cwd=bench,
		capture_output=True,
		text=True,
		env={**os.environ, "FRAPPE_BENCH_ROOT": bench},
	)
	if log:
		with open(log, "a", encoding="utf-8") as f:
			f.write(f"$ bench {' '.join(args)}\n{result.stdout}{result.stderr}\n")
	if result.returncode:
		tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
		raise RuntimeError(f"bench {' '.join(args)} failed (exit {result.returncode}):\n{tail}")
	return result


def drop_site(bench: str, site: str):
	user, password = db_root(bench)
	subprocess.run(
		[
			"bench",
			"drop-site",
			site,
			"--force",
			"--no-backup",
			"--db-root-username",
			user,
			"--db-root-password",
			password,
		],
		cwd=bench,
		capture_output=True,
		env={**os.environ, "FRAPPE_BENCH_ROOT": bench},
	)
	archived = os.path.join(bench, "archived", "sites", site)
	for path in [os.path.join(bench, "sites", site), archived, *glob.glob(glob.escape(archived) + "-*")]:
		if os.path.isdir(path):
			shutil.rmtree(path)


def fail(problems: list[str], ok_message: str) -> int:
	for problem in problems:
		print(f"FAILED: {problem}")
	print(ok_message if not problems else f"{len(problems)} problem(s)")
	sys.stdout.flush()
	return 1 if problems else 0
