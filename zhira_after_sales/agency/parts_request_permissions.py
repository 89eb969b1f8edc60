"""Least privilege on the Agency Parts Request, as on the Service Invoice: an agency's portal
user sees and files only its own agency's requests, a technician reads the requests naming them,
head office sees all its role permissions allow. Child rows (parts, sends) follow their request
through `overrides.child_tables`.

Wired in hooks.py:

    permission_query_conditions["Agency Parts Request"] = (
        "zhira_after_sales.agency.parts_request_permissions.request_query_conditions"
    )
    has_permission["Agency Parts Request"] = (
        "zhira_after_sales.agency.parts_request_permissions.request_has_permission"
    )
"""

import frappe

from zhira_after_sales.access import (
	READ_ONLY,
	is_agency_user,
	is_restricted,
	own_rows_condition,
	user_agency,
	user_technician,
)

DOCTYPE = "Agency Parts Request"


def request_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return own_rows_condition(DOCTYPE, "agency", "technician", user)


def request_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	user = user or frappe.session.user
	if not is_restricted(user):
		return None
	if is_agency_user(user):
		agency = user_agency(user)
		if not agency:
			return False
		stored = request_agency(doc)
		if not stored:
			return None  # a new request naming no agency: the controller makes it the user's agency's
		return stored == agency
	technician = user_technician(user)
	return bool(technician) and doc.get("technician") == technician and ptype in READ_ONLY


def request_agency(doc) -> str | None:
	"""The stored agency of a saved request (whatever a client sends), else the one it names."""
	if doc.get("name") and frappe.db.exists(DOCTYPE, doc.name):
		return frappe.db.get_value(DOCTYPE, doc.name, "agency")
	return doc.get("agency")
