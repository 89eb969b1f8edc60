"""Endpoints of the Happy Call form (customer_care.survey does the work). Head office only: the
Survey Response's role permissions name no agency, technician or customer role."""

import frappe

from zhira_after_sales.api.gate import require_doc
from zhira_after_sales.customer_care import survey

DOCTYPE = "Survey Response"


@frappe.whitelist(methods=["POST"])
def complete(survey_response: str, answers: dict | str | None = None, note: str | None = None) -> dict:
	"""Record the answers ({question: option number}) and the note and complete the Happy Call,
	in one save: an answer outside a question's options or a question left unanswered saves
	nothing."""
	require_doc(DOCTYPE, survey_response, "write")
	return survey.complete(survey_response, frappe.parse_json(answers) if answers else {}, note=note)


@frappe.whitelist(methods=["POST"])
def record_attempt(
	survey_response: str, outcome: str, note: str | None = None, answers: dict | str | None = None
) -> dict:
	"""A call that did not complete the survey: outcome "No Answer" (tried again later) or
	"Refused" (final); counted among the call attempts, keeping the answers given so far."""
	require_doc(DOCTYPE, survey_response, "write")
	return survey.record_attempt(
		survey_response, outcome, note=note, answers=frappe.parse_json(answers) if answers else {}
	)
