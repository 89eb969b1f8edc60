"""Least privilege for portal users on the agency's own DocTypes: an agency user sees only their
own agency's rows, a technician only their own. Head-office roles see everything their role
permissions allow. Who is who: zhira_after_sales.access.

Wired in hooks.py (`permission_query_conditions` for lists, reports and REST lists;
`has_permission` for single documents).
"""

import frappe

from zhira_after_sales.access import is_agency_user, is_restricted, sql_value, user_agency

# --- Service Agency ---------------------------------------------------------------------------


def agency_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_restricted(user):
		return ""
	agency = user_agency(user)
	if not agency:
		return "1=0"
	return f"`tabService Agency`.`name` = {sql_value(agency)}"


def agency_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool | None:
	user = user or frappe.session.user
	if not is_restricted(user):
		return None
	return bool(doc.name) and doc.name == user_agency(user)


# --- Service Technician -----------------------------------------------------------------------


def technician_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_restricted(user):
		return ""
	if is_agency_user(user):
		agency = user_agency(user)
		return f"`tabService Technician`.`agency` = {sql_value(agency)}" if agency else "1=0"
	return f"`tabService Technician`.`user` = {sql_value(user)}"


def technician_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	user = user or frappe.session.user
	if not is_restricted(user):
		return None
	if is_agency_user(user):
		agency = user_agency(user)
		return bool(agency) and doc.agency == agency
	return doc.user == user and ptype in ("read", "print", None)
