"""Receptions are narrowed like agencies: an agency user sees the receptions currently referred to
their agency, a technician those assigned to them (agency/permissions.py has the rules for who
is restricted)."""

import frappe

from zhira_after_sales.agency.permissions import (
	AGENCY_ROLE,
	_roles,
	_sql_in,
	get_user_agency,
	get_user_technician,
	restricted,
)

READ_ONLY = ("read", "print", "email", None)


def reception_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not restricted(user):
		return ""
	if AGENCY_ROLE in _roles(user):
		agency = get_user_agency(user)
		return f"`tabService Reception`.`service_agency` = {_sql_in(agency)}" if agency else "1=0"
	technician = get_user_technician(user)
	return f"`tabService Reception`.`technician` = {_sql_in(technician)}" if technician else "1=0"


def reception_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	"""Portal users read their receptions; they change them only through the status API."""
	user = user or frappe.session.user
	if not restricted(user):
		return None
	if ptype not in READ_ONLY:
		return False
	if AGENCY_ROLE in _roles(user):
		agency = get_user_agency(user)
		return bool(agency) and doc.service_agency == agency
	technician = get_user_technician(user)
	return bool(technician) and doc.technician == technician
