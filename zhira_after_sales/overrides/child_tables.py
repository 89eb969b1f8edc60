"""Child-table rows listed directly (`frappe.client.get_list`, `frappe.get_list`, Report View on a
child DocType) are narrowed to the rows whose parent the user may list.

Frappe checks a child DocType's read permission on its parent DocType but applies the parent's
`permission_query_conditions` only when the parent itself is listed, so without this an agency
user could list every agency's devices, status logs, referrals, card events and portal users.
Registered in hooks.py under `permission_query_conditions["*"]`: it answers for child DocTypes
only, and only for a parent that some app narrows, so a new child table of a narrowed DocType is
covered without being named here.
"""

import frappe
from frappe.utils.caching import request_cache

from zhira_after_sales.access import needs_row_check


def child_table_conditions(user: str | None = None, doctype: str | None = None) -> str:
	if not doctype or not frappe.get_meta(doctype).istable:
		return ""
	user = user or frappe.session.user
	if not needs_row_check(user):
		return ""
	hooks = frappe.get_hooks("permission_query_conditions") or {}
	child = f"`tab{doctype}`"
	allowed = []
	for parent in parent_doctypes(doctype):
		conditions = [
			c for method in hooks.get(parent, []) if (c := frappe.call(method, user, doctype=parent))
		]
		rows = f"{child}.`parenttype` = {frappe.db.escape(parent)}"
		if conditions:
			rows += (
				f" and {child}.`parent` in (select `tab{parent}`.`name` from `tab{parent}`"
				f" where {' and '.join(conditions)})"
			)
		allowed.append(f"({rows})")
	return "(" + " or ".join(allowed) + ")" if allowed else "1=0"


@request_cache
def parent_doctypes(child_doctype: str) -> list[str]:
	"""The DocTypes (standard or customised) that hold `child_doctype` as a table."""
	table_types = ("Table", "Table MultiSelect")
	parents = set(
		frappe.get_all(
			"DocField", {"fieldtype": ("in", table_types), "options": child_doctype}, pluck="parent"
		)
	)
	parents.update(
		frappe.get_all(
			"Custom Field", {"fieldtype": ("in", table_types), "options": child_doctype}, pluck="dt"
		)
	)
	return sorted(parents)
