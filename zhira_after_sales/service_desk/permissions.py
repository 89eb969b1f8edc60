"""Receptions are narrowed like agencies: an agency user sees the receptions currently referred to
their agency, a technician those assigned to them (zhira_after_sales.access says who
is restricted)."""

import frappe

from zhira_after_sales.access import is_agency_user, is_restricted, sql_value, user_agency, user_technician

READ_ONLY = ("read", "print", "email", None)


def reception_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_restricted(user):
		return ""
	if is_agency_user(user):
		agency = user_agency(user)
		return f"`tabService Reception`.`service_agency` = {sql_value(agency)}" if agency else "1=0"
	technician = user_technician(user)
	return f"`tabService Reception`.`technician` = {sql_value(technician)}" if technician else "1=0"


def reception_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	"""Portal users read their receptions; they change them only through the status API."""
	user = user or frappe.session.user
	if not is_restricted(user):
		return None
	if ptype not in READ_ONLY:
		return False
	if is_agency_user(user):
		agency = user_agency(user)
		return bool(agency) and doc.service_agency == agency
	technician = user_technician(user)
	return bool(technician) and doc.technician == technician
