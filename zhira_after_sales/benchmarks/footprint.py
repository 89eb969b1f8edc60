"""Benchmarks leave the site as they found it (issue 20 §3).

A benchmark makes the records it measures with (an agency with its supplier, customer and
warehouses, a technician, customers, messages) and commits them, as the code it measures does.
`leave_as_found()` notes when the benchmark started and, when it ends (also on an error), deletes
every record of these DocTypes made since then, dependents first, with the history rows Frappe kept
of them. It can run on any site, also one where the demo data or the test suite made records of
the same kind: only what was made during the benchmark goes. Never run a benchmark on a site in use:
what others make meanwhile would go too.

    with leave_as_found():
        ...measure...
"""

from contextlib import contextmanager

import frappe
from frappe.utils import now_datetime

# deleted in this order: what links to others first
DOCTYPES = (
	"SMS Message",
	"Service Reception",
	"ToDo",
	"Notification Log",
	"Customer Device",
	"Warranty Card",
	"Service Technician",
	"Service Agency",
	"Party Link",
	"Warehouse",
	"Supplier",
	"Item",
	"Item Group",
	"Customer",
	"Contact",
	"Address",
	"User",
)
# DocTypes with no side effects on delete, removed by one statement (there may be many)
BULK = {"SMS Message"}
HISTORY = (
	("Version", "ref_doctype"),
	("Comment", "reference_doctype"),
	("Activity Log", "reference_doctype"),
)
# deleted with a record of DOCTYPES, leaving a "Deleted" Comment of their own (a User's settings)
DELETED_WITH = ("Notification Settings",)


@contextmanager
def leave_as_found(doctypes: tuple[str, ...] = DOCTYPES):
	started = now_datetime()
	try:
		yield
	finally:
		frappe.db.rollback()
		remove_made_since(started, doctypes)
		frappe.db.commit()  # nosemgrep: a bench command, not a request


def remove_made_since(started, doctypes: tuple[str, ...] = DOCTYPES) -> dict[str, int]:
	"""Delete the records of `doctypes` created at or after `started`; returns how many of each."""
	removed = {}
	for doctype in doctypes:
		if not frappe.db.table_exists(doctype):
			continue
		filters = {"creation": (">=", started)}
		if doctype == "User":
			filters["name"] = ("not in", ("Administrator", "Guest"))
		names = frappe.get_all(doctype, filters, pluck="name", order_by="creation desc")
		if not names:
			continue
		if doctype in BULK:
			frappe.db.delete(doctype, {"name": ("in", names)})
		else:
			for name in names:
				frappe.delete_doc(
					doctype,
					name,
					force=True,
					ignore_permissions=True,
					delete_permanently=True,
					ignore_on_trash=False,
				)
		removed[doctype] = len(names)
	for history, field in HISTORY:
		frappe.db.delete(history, {"creation": (">=", started), field: ("in", [*doctypes, *DELETED_WITH])})
	return removed


# tables whose rows come and go with any use of the site, not with what a benchmark leaves
VOLATILE = {
	"tabSessions",
	"tabError Log",
	"tabScheduled Job Log",
	"tabRQ Job",
	"tabAccess Log",
	"tabRoute History",
	"tabDeleted Document",
	"__global_search",
	"tabPrepared Report",
}


def row_counts() -> dict[str, int]:
	"""Rows of every table of the site (exact counts; for a test's before and after on a small
	site): a benchmark that leaves the site as found leaves these as they were, except VOLATILE."""
	tables = [
		row[0]
		for row in frappe.db.sql(
			"select table_name from information_schema.tables where table_schema = database()"
			" and table_type = 'BASE TABLE'"
		)
		if row[0] not in VOLATILE
	]
	return {table: frappe.db.sql(f"select count(*) from `{table}`")[0][0] for table in tables}  # nosemgrep


def changed_counts(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
	"""{table: (before, after)} for the tables whose row count differs."""
	return {
		table: (before.get(table, 0), after.get(table, 0))
		for table in sorted(set(before) | set(after))
		if before.get(table, 0) != after.get(table, 0)
	}


def delete_like(doctype: str, column: str, pattern: str, chunk: int = 50_000) -> int:
	"""Delete the rows of `doctype` whose `column` is LIKE `pattern`, `chunk` rows a statement with
	a commit after each (one statement over a million generated rows would hold its locks for
	minutes); returns how many. For generated rows, which have no controller to run."""
	total = 0
	while True:
		frappe.db.sql(
			f"delete from `tab{doctype}` where `{column}` like %s limit {int(chunk)}",  # nosemgrep
			(pattern,),
		)
		deleted = frappe.db.sql("select row_count()")[0][0]
		frappe.db.commit()  # nosemgrep: a benchmark command, not a request
		total += deleted
		if deleted < chunk:
			return total
