"""Receptions are narrowed like agencies: an agency user sees the receptions currently referred to
their agency, a technician those assigned to them (zhira_after_sales.access says who
is restricted)."""

import frappe

from zhira_after_sales.access import (
	is_agency_user,
	is_restricted,
	own_rows_condition,
	user_agency,
	user_technician,
)

READ_ONLY = ("read", "print", "email", None)


def reception_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return own_rows_condition("Service Reception", "service_agency", "technician", user)


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
