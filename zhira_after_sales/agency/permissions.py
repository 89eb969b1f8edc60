"""Least privilege for portal users: an agency user sees only their own agency's rows, a
technician only their own. Head-office roles see everything their role permissions allow.

Wired in hooks.py (`permission_query_conditions` for lists, reports and REST lists;
`has_permission` for single documents).
"""

import frappe

from zhira_after_sales.agency.roles import AGENCY_ROLE, HEAD_OFFICE_ROLES, TECHNICIAN_ROLE


def _roles(user: str) -> set[str]:
	return set(frappe.get_roles(user))


def is_head_office(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(_roles(user) & set(HEAD_OFFICE_ROLES))


def get_user_agency(user: str | None = None) -> str | None:
	"""The agency a portal user works for: as a listed portal user, or as a technician."""
	user = user or frappe.session.user
	return frappe.db.get_value(
		"Service Agency User", {"user": user, "parenttype": "Service Agency"}, "parent"
	) or frappe.db.get_value("Service Technician", {"user": user, "is_active": 1}, "agency")


def get_user_technician(user: str | None = None) -> str | None:
	user = user or frappe.session.user
	return frappe.db.get_value("Service Technician", {"user": user}, "name")


def restricted(user: str) -> bool:
	"""True for portal users whose view must be narrowed."""
	if is_head_office(user):
		return False
	return bool(_roles(user) & {AGENCY_ROLE, TECHNICIAN_ROLE})


def _sql_in(value: str | None) -> str:
	return frappe.db.escape(value or "")


# --- Service Agency ---------------------------------------------------------------------------


def agency_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not restricted(user):
		return ""
	agency = get_user_agency(user)
	if not agency:
		return "1=0"
	return f"`tabService Agency`.`name` = {_sql_in(agency)}"


def agency_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool | None:
	user = user or frappe.session.user
	if not restricted(user):
		return None
	return bool(doc.name) and doc.name == get_user_agency(user)


# --- Service Technician -----------------------------------------------------------------------


def technician_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not restricted(user):
		return ""
	roles = _roles(user)
	if AGENCY_ROLE in roles:
		agency = get_user_agency(user)
		return f"`tabService Technician`.`agency` = {_sql_in(agency)}" if agency else "1=0"
	return f"`tabService Technician`.`user` = {_sql_in(user)}"


def technician_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	user = user or frappe.session.user
	if not restricted(user):
		return None
	roles = _roles(user)
	if AGENCY_ROLE in roles:
		agency = get_user_agency(user)
		return bool(agency) and doc.agency == agency
	return doc.user == user and ptype in ("read", "print", None)
