"""Frappe 15's `frappe.client.get_count` counts with `frappe.db.count`, which applies neither
role permissions nor `permission_query_conditions`: any logged-in user could count every
agency's rows. This replacement counts what the user may list, like the list view does."""

import frappe
from frappe.client import get_safe_filters


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug: bool = False, cache: bool = False) -> int:
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=["count(*) as total"],
		debug=debug,
		limit_page_length=0,
		order_by=None,
	)
	return rows[0].total if rows else 0
