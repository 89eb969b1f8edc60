"""Reception status endpoints for the desk, the agency portal and the technician app. The service
(who may move which reception, and as which source) is zhira_after_sales.service_desk.status_service."""

import frappe
from frappe import _

from zhira_after_sales.api.limits import TEXT, check_length
from zhira_after_sales.service_desk import status_service


@frappe.whitelist(methods=["POST"])
def change_status(reception: str, status: str, note: str | None = None) -> dict:
	"""Move a reception (by name or tracking code) to `status`. A reception the caller may not
	read is answered as not found."""
	check_length(note, _("Note"), TEXT)  # the desk shares this endpoint: its notes may be long
	return status_service.change_status(reception, status, note)


@frappe.whitelist()
def get_allowed_statuses(reception: str) -> list[dict]:
	"""The statuses this reception may move to now, for buttons in the desk, portal and app."""
	return status_service.get_allowed_statuses(reception)
