"""Endpoints of the agency portal's money pages (agency/portal_money.py). The agency is always the
session user's (agency.portal.require_agency), never one sent in the request."""

import frappe

from zhira_after_sales.agency import portal_money
from zhira_after_sales.agency.portal import require_agency
from zhira_after_sales.api.gate import requires

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@frappe.whitelist(methods=["GET"])
@requires("Service Agency", "read")
def statement_xlsx(from_date: str | None = None, to_date: str | None = None):
	"""The agency's statement for the period (Jalali or ISO dates; empty: the current Jalali month)
	as an Excel download."""
	agency = require_agency()
	start, end = portal_money.period(from_date, to_date)
	filename, content = portal_money.statement_workbook(agency, start, end)
	frappe.response["filename"] = filename
	frappe.response["filecontent"] = content
	frappe.response["content_type"] = XLSX
	frappe.response["type"] = "download"  # an attachment, with its content type
