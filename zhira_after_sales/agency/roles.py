"""Roles of portal users (agencies and technicians) follow the records that name them."""

import frappe

from zhira_after_sales.consts import AGENCY_ROLE, TECHNICIAN_ROLE


def user_should_have(user: str, role: str) -> bool:
	if role == AGENCY_ROLE:
		return bool(frappe.db.exists("Service Agency User", {"user": user, "parenttype": "Service Agency"}))
	if role == TECHNICIAN_ROLE:
		return bool(frappe.db.exists("Service Technician", {"user": user, "is_active": 1}))
	return False


def sync_portal_role(user: str | None, role: str):
	"""Give `user` the role while an agency/technician record names them; take it away after."""
	if not user or user in ("Administrator", "Guest") or not frappe.db.exists("User", user):
		return
	has_role = bool(frappe.db.exists("Has Role", {"parent": user, "parenttype": "User", "role": role}))
	wanted = user_should_have(user, role)
	if wanted == has_role:
		return
	user_doc = frappe.get_doc("User", user)
	user_doc.flags.ignore_permissions = True
	if wanted:
		user_doc.add_roles(role)
	else:
		user_doc.remove_roles(role)
