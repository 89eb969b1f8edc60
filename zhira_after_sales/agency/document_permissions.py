"""Least privilege on the Agency Document: an agency's portal user reads only the documents
published to their agency (ticked, published_on reached, audience All Agencies or naming the
agency); technicians and other portal users read none; head office sees what its role permissions
allow. The private file follows: Frappe lets a user download a private file only when they may
read the document it is attached to. The audience rows follow their document through
`overrides.child_tables`; the download log has no permission for agencies at all.

Wired in hooks.py:

    permission_query_conditions["Agency Document"] = (
        "zhira_after_sales.agency.document_permissions.document_query_conditions"
    )
    has_permission["Agency Document"] = (
        "zhira_after_sales.agency.document_permissions.document_has_permission"
    )
"""

import frappe

from zhira_after_sales.access import READ_ONLY, is_agency_user, is_restricted, user_agency
from zhira_after_sales.agency.documents import is_visible, visible_condition


def document_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_restricted(user):
		return ""
	if not is_agency_user(user):
		return "1=0"
	return visible_condition(user_agency(user))


def document_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	user = user or frappe.session.user
	if not is_restricted(user):
		return None
	if ptype not in READ_ONLY or not is_agency_user(user):
		return False
	# only reading is left: the document is the stored one
	return is_visible(doc, user_agency(user))
