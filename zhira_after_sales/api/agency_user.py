"""Endpoints of head office's management of an agency's portal users (agency/agency_users.py),
used by the Service Agency form. Each runs in its request's one transaction."""

import frappe
from frappe.utils import cint

from zhira_after_sales.agency import agency_users
from zhira_after_sales.api.gate import require_doc, requires

DOCTYPE = "Service Agency"


@frappe.whitelist(methods=["POST"])
@requires(DOCTYPE, "write")
def invite_agency_user(
	agency: str,
	full_name: str,
	email: str | None = None,
	mobile: str | None = None,
	is_manager: int | str | None = 0,
) -> dict:
	"""Invite a person by email, mobile or both; see agency_users.invite for the answer."""
	doc = require_doc(DOCTYPE, agency, "write")
	return agency_users.invite(doc, full_name, email=email, mobile=mobile, is_manager=cint(is_manager))


@frappe.whitelist(methods=["POST"])
@requires(DOCTYPE, "write")
def remove_agency_user(agency: str, user: str) -> dict:
	"""Take a user off the agency; their login is disabled when nothing else needs it."""
	doc = require_doc(DOCTYPE, agency, "write")
	return agency_users.remove(doc, user)
