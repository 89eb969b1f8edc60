"""Least privilege for portal users on the agency's own DocTypes: an agency user sees only their
own agency's rows, a technician only their own. Head-office roles see everything their role
permissions allow. Who is who: zhira_after_sales.access.

Wired in hooks.py (`permission_query_conditions` for lists, reports and REST lists;
`has_permission` for single documents).
"""

import frappe

from zhira_after_sales.access import (
	READ_ONLY,
	is_agency_user,
	is_restricted,
	own_rows_condition,
	own_rows_read_only,
	sql_value,
	user_agency,
	user_technician,
)

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


# --- Service Invoice --------------------------------------------------------------------------


def invoice_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return own_rows_condition("Service Invoice", "agency", "technician", user)


def invoice_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	"""An agency works on its own agency's invoices (a new one belongs to the agency of its
	reception; the controller refuses a reception referred elsewhere); a technician reads theirs."""
	user = user or frappe.session.user
	if not is_restricted(user):
		return None
	if is_agency_user(user):
		agency = user_agency(user)
		if not agency:
			return False
		if ptype == "create" and not doc.get("service_reception"):
			return None  # an empty form (the mapper starts from one)
		return invoice_agency(doc) == agency
	technician = user_technician(user)
	return bool(technician) and doc.get("technician") == technician and ptype in READ_ONLY


def invoice_agency(doc) -> str | None:
	"""The stored agency of a saved invoice (whatever a client sends), else its reception's."""
	if doc.get("name") and frappe.db.exists("Service Invoice", doc.name):
		return frappe.db.get_value("Service Invoice", doc.name, "agency")
	if doc.get("service_reception"):
		return frappe.db.get_value("Service Reception", doc.service_reception, "service_agency")
	return doc.get("agency")


# --- Defective Part Return --------------------------------------------------------------------


def part_return_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return own_rows_condition("Defective Part Return", "agency", "technician", user)


def part_return_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	"""An agency and its technician read the returns they owe; head office changes them."""
	return own_rows_read_only(doc, ptype, user, "agency", "technician")
