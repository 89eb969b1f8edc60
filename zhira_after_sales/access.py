"""Who a user is to the app: head office, a portal user of an agency, a technician, or another
website user. Every permission hook, override and portal page asks here, so the answer is one.

    is_head_office(user)      System Manager, After Sales Manager, Reception Operator, Administrator
    is_manager(user)          System Manager, After Sales Manager, Administrator: may decide what
                              agencies may not (approve lines, override the warranty gate, set wages)
    is_restricted(user)       an agency portal user or a technician (not head office): narrowed rows
    needs_row_check(user)     is_restricted, or any website user: checked row by row where Frappe
                              checks only the DocType (global search, link search, child tables)
    user_agency(user)         the agency of a portal user or of an active technician
    user_technician(user)     the technician record whose login is `user`
    sql_value(value)          a value escaped for a permission query condition
    own_rows_condition(...)   the list condition of a DocType owned by an agency and a technician
    own_rows_read_only(...)   the document check of such a DocType that portal users only read
    require_manager(message)  refuse (HeadOfficeOnlyError, `message`) anyone but is_manager
"""

import frappe
from frappe import _

from zhira_after_sales.consts import AGENCY_ROLE, HEAD_OFFICE_ROLES, MANAGER_ROLE, TECHNICIAN_ROLE
from zhira_after_sales.exceptions import HeadOfficeOnlyError

# what a portal user may do with a row it may only read
READ_ONLY = ("read", "print", "email", None)


def roles_of(user: str) -> set[str]:
	return set(frappe.get_roles(user))


def is_head_office(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(roles_of(user) & set(HEAD_OFFICE_ROLES))


def is_manager(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(roles_of(user) & {"System Manager", MANAGER_ROLE})


def is_restricted(user: str | None = None) -> bool:
	"""True for portal users whose view must be narrowed."""
	user = user or frappe.session.user
	if is_head_office(user):
		return False
	return bool(roles_of(user) & {AGENCY_ROLE, TECHNICIAN_ROLE})


def is_agency_user(user: str | None = None) -> bool:
	return AGENCY_ROLE in roles_of(user or frappe.session.user)


def needs_row_check(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	return is_restricted(user) or frappe.get_cached_value("User", user, "user_type") != "System User"


def user_agency(user: str | None = None) -> str | None:
	"""The agency a portal user works for: as a listed portal user, or as a technician."""
	user = user or frappe.session.user
	return frappe.db.get_value(
		"Service Agency User", {"user": user, "parenttype": "Service Agency"}, "parent"
	) or frappe.db.get_value("Service Technician", {"user": user, "is_active": 1}, "agency")


def user_technician(user: str | None = None) -> str | None:
	user = user or frappe.session.user
	return frappe.db.get_value("Service Technician", {"user": user}, "name")


def sql_value(value: str | None) -> str:
	return frappe.db.escape(value or "")


def own_rows_condition(
	doctype: str, agency_field: str, technician_field: str, user: str | None = None
) -> str:
	"""The permission query condition of a DocType whose rows belong to an agency and one of its
	technicians: "" for unrestricted users, the agency's rows for its portal users, the
	technician's rows for a technician, nothing ("1=0") for a portal user without a record."""
	user = user or frappe.session.user
	if not is_restricted(user):
		return ""
	if is_agency_user(user):
		field, value = agency_field, user_agency(user)
	else:
		field, value = technician_field, user_technician(user)
	return f"`tab{doctype}`.`{field}` = {sql_value(value)}" if value else "1=0"


def own_rows_read_only(
	doc, ptype: str | None, user: str | None, agency_field: str, technician_field: str
) -> bool | None:
	"""has_permission of a DocType owned by an agency and a technician that portal users only read:
	None (role permissions decide) for head office, else read-only access to their own rows."""
	user = user or frappe.session.user
	if not is_restricted(user):
		return None
	if ptype not in READ_ONLY:
		return False
	if is_agency_user(user):
		agency = user_agency(user)
		return bool(agency) and doc.get(agency_field) == agency
	technician = user_technician(user)
	return bool(technician) and doc.get(technician_field) == technician


def require_head_office(message: str):
	"""Refuse anyone but head office (an agency, a technician, a customer), even when a report or
	service is called directly; `message` says what only head office may read or do."""
	if not is_head_office():
		frappe.throw(message, frappe.PermissionError, title=_("Not permitted"))


def require_manager(message: str):
	"""Refuse anyone but head office's managers; `message` says what only they may do."""
	if not is_manager():
		frappe.throw(message, exc=HeadOfficeOnlyError)
