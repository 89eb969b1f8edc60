"""Endpoints of the Complaint form's stage buttons (customer_care.complaints does the work)."""

import frappe

from zhira_after_sales.api.gate import require_doc
from zhira_after_sales.customer_care import complaints

DOCTYPE = "Complaint"


@frappe.whitelist(methods=["POST"])
def change_status(
	complaint: str,
	status: str,
	note: str | None = None,
	resolution: str | None = None,
	decision: str | None = None,
	customer_satisfied: str | None = None,
) -> dict:
	"""Move a complaint to `status`, with the resolution, decision and customer satisfaction the
	move needs (closing needs a resolution and a decision; reopening a note): saved in one go, or
	refused with nothing changed."""
	require_doc(DOCTYPE, complaint, "write")
	values = {"resolution": resolution, "decision": decision, "customer_satisfied": customer_satisfied}
	return complaints.change_status(complaint, status, note=note, values=values)


@frappe.whitelist()
def get_allowed_statuses(complaint: str) -> list[dict]:
	"""The statuses the complaint may move to now, each with its ISO 10002 stage and whether the
	move reopens it."""
	return complaints.allowed_statuses(require_doc(DOCTYPE, complaint, "read"))
