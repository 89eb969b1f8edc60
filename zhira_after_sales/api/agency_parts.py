"""Endpoints of the agency portal's parts pages (agency/portal_parts.py). The agency is always the
session user's (agency.portal.require_agency), never one sent in the request."""

import frappe

from zhira_after_sales.agency import portal_parts
from zhira_after_sales.agency.portal import require_agency
from zhira_after_sales.api.gate import requires


@frappe.whitelist(methods=["POST"])
@requires("Agency Parts Request", "create")
def create_parts_request(
	request_type: str,
	items: list | str,
	tracking_code: str | None = None,
	notes: str | None = None,
) -> dict:
	"""File and submit a parts request of the user's agency: `items` [{"item": code, "qty": n}];
	a Warranty request names its reception by tracking code. All or nothing."""
	agency = require_agency()
	doc = portal_parts.create_request(agency, request_type, items, tracking_code=tracking_code, notes=notes)
	return {"name": doc.name, "status": doc.status}
