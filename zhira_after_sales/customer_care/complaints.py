"""Moving a complaint through its ISO 10002 stages, and its acknowledgement SMS.

Statuses are base data (Complaint Status, each mapped to a stage); the rules are stages
(customer_care.complaint_rules). Every change goes through `move()`: checked, dated, logged.

    move(doc, status, source="desk", note=None)     on the document in memory (saved by the caller)
    change_status(name, status, note=None, values=None) -> dict   the desk's stage buttons
    acknowledge_receipt(doc)                         after insert: SMS, then the Acknowledged stage

Acknowledgement: on receipt the complainant gets the "Complaint Acknowledged" SMS. The complaint
moves to the Acknowledged stage as soon as that SMS is stored for sending (Queued): storing is
the system's commitment to send it (the outbox retries until the provider takes it), while a
delivery report may come late or never. An SMS that cannot be sent (no mobile, SMS switched off)
is stored as Failed with the reason, on the complaint's timeline, and the complaint stays
Received: the operator acknowledges another way (a call) and moves it on by hand.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from zhira_after_sales.access import is_manager
from zhira_after_sales.customer_care import complaint_rules as rules
from zhira_after_sales.exceptions import ComplaintError, StatusTransitionError
from zhira_after_sales.messaging.outbox import send_event

DOCTYPE = "Complaint"
ACKNOWLEDGEMENT_EVENT = "Complaint Acknowledged"
SOURCES = ("desk", "system")
# what a stage button may set along with the status
MOVE_VALUES = ("resolution", "decision", "customer_satisfied")


def stage_of(status: str | None) -> str | None:
	return frappe.get_cached_value("Complaint Status", status, "iso_stage") if status else None


def status_for_stage(stage: str) -> str | None:
	"""The status a move into `stage` uses: the stage's first active status."""
	statuses = frappe.get_all(
		"Complaint Status",
		{"iso_stage": stage, "is_active": 1},
		pluck="name",
		order_by="sort_order asc, name asc",
		limit=1,
	)
	return statuses[0] if statuses else None


def initial_status() -> str:
	status = status_for_stage(rules.RECEIVED)
	if not status:
		frappe.throw(
			_(
				"No active Complaint Status of the stage Received. Add one in Complaint Status (After Sales Setup)."
			),
			exc=ComplaintError,
		)
	return status


def transition_message(code: str, current: str | None, target: str) -> str:
	stage, target_stage = _(stage_of(current) or ""), _(stage_of(target) or "")
	current, target = frappe.bold(current), frappe.bold(target)
	messages = {
		rules.BACK_TO_INTAKE: _(
			"A complaint in status {0} cannot go back to {1}: it was received and acknowledged already. Choose a status of the stage Assessed or Investigating."
		).format(current, target),
		rules.FINAL_TO_FINAL: _(
			"A complaint in status {0} ({1}) cannot move to {2} ({3}) directly. Reopen it first."
		).format(current, stage, target, target_stage),
		rules.REOPEN_TARGET: _(
			"A complaint in status {0} is reopened to a status of the stage Assessed or Investigating, not to {1}."
		).format(current, target),
		rules.REOPEN_NEEDS_REASON: _(
			"Reopening a complaint in status {0} needs a reason. Use the Reopen button and say why."
		).format(current),
		rules.REJECTED_NEEDS_MANAGER: _(
			"Complaint status {0} is a rejection: only an After Sales Manager may reopen it."
		).format(current),
		rules.CLOSE_BEFORE_ASSESSMENT: _(
			"A complaint in status {0} cannot be closed yet: assess it first (the decision on whether it is upheld needs an assessment)."
		).format(current),
	}
	return messages.get(code) or _("Status {0} is not a Complaint Status.").format(target)


def completion_message(code: str, status: str, may_decide: bool = True) -> str:
	status = frappe.bold(status)
	if code == rules.NEEDS_DECISION and not may_decide:
		return _(
			"Decision: an After Sales Manager decides whether the complaint is upheld before it is closed (status {0})."
		).format(status)
	return {
		rules.NEEDS_RESOLUTION: _(
			"Resolution: say what was decided and done before closing (status {0})."
		).format(status),
		rules.NEEDS_DECISION: _("Decision: choose Upheld or Not Upheld before closing (status {0}).").format(
			status
		),
		rules.NEEDS_REJECTION_REASON: _(
			"Resolution: give the reason for rejecting the complaint (status {0})."
		).format(status),
		rules.UPHELD_CANNOT_BE_REJECTED: _(
			"The complaint is upheld, so it cannot be rejected (status {0}). Close it instead, or change the decision."
		).format(status),
	}[code]


def check_transition(current: str | None, target: str, note: str | None):
	if not frappe.db.exists("Complaint Status", target):
		frappe.throw(
			_("Status {0} is not a Complaint Status.").format(frappe.bold(target)), exc=StatusTransitionError
		)
	if not frappe.get_cached_value("Complaint Status", target, "is_active"):
		frappe.throw(_("Status {0} is inactive.").format(frappe.bold(target)), exc=StatusTransitionError)
	problem = rules.transition_problem(
		stage_of(current), stage_of(target), is_manager=is_manager(), has_reason=bool((note or "").strip())
	)
	if problem:
		frappe.throw(
			transition_message(problem, current, target),
			exc=StatusTransitionError,
			title=_("Status not allowed"),
		)


def check_completion(doc, may_decide: bool = True):
	"""A closed or rejected complaint keeps what closing or rejecting needs."""
	problems = rules.completion_problems(stage_of(doc.status), doc.resolution, doc.decision)
	if problems:
		frappe.throw(
			"<br>".join(completion_message(code, doc.status, may_decide) for code in problems),
			exc=ComplaintError,
			title=_("Complaint not complete"),
		)


def move(doc, target: str, source: str = "desk", note: str | None = None, previous: str | None = None):
	"""Set `doc.status` to `target` if the rules allow it, date the stage and log the change.
	`previous`: the status the move starts from when doc.status was already overwritten."""
	if source not in SOURCES:
		frappe.throw(_("Unknown status source {0}.").format(source))
	current = previous if previous is not None else doc.status
	if current == target:
		return
	check_transition(current, target, note)
	now = now_datetime()
	current_stage, target_stage = stage_of(current), stage_of(target)
	dates = {field: doc.get(field) for field in rules.STAGE_DATE_FIELDS.values()}
	doc.update(rules.stage_dates_after_move(dates, current_stage, target_stage, now))
	doc.status = target
	doc.iso_stage = target_stage
	doc.append(
		"status_log",
		{
			"status": target,
			"iso_stage": target_stage,
			"previous_status": current,
			"at": now,
			"by": frappe.session.user,
			"source": source,
			"note": note,
		},
	)
	doc.flags.status_changed = (current, target, source)


def allowed_statuses(doc) -> list[dict]:
	"""The statuses the complaint may move to now, with their stage (for the stage buttons)."""
	stages = rules.allowed_targets(stage_of(doc.status), is_manager=is_manager())
	rows = frappe.get_all(
		"Complaint Status",
		{"iso_stage": ("in", stages or [""]), "is_active": 1, "name": ("!=", doc.status)},
		["name", "iso_stage", "color"],
		order_by="sort_order asc, name asc",
	)
	return [
		{**row, "reopens": rules.is_reopening(stage_of(doc.status), row.iso_stage)}
		for row in rows
		if row.iso_stage != rules.RECEIVED
	]


def change_status(name: str, status: str, note: str | None = None, values: dict | None = None) -> dict:
	"""Move complaint `name` to `status` with the resolution, decision or satisfaction the move
	needs (`values`), in one save: refused as a whole or saved as a whole."""
	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission("write")
	for fieldname, value in (values or {}).items():
		if fieldname in MOVE_VALUES and value is not None:
			doc.set(fieldname, value)
	doc.change_status(status, note=note)
	return {"name": doc.name, "status": doc.status, "iso_stage": doc.iso_stage}


def acknowledge_receipt(doc):
	"""Right after insert: store the acknowledgement SMS; once it is Queued, move the complaint to
	the Acknowledged stage (written at once, beside the insert, in the same transaction)."""
	sms = send_event(ACKNOWLEDGEMENT_EVENT, doc)
	values = {"acknowledgement_sms": sms}
	target = status_for_stage(rules.ACKNOWLEDGED)
	if target and frappe.db.get_value("SMS Message", sms, "status") == "Queued":
		logged = len(doc.status_log)
		move(doc, target, source="system", note=_("Acknowledgement SMS {0} stored for sending.").format(sms))
		for row in doc.status_log[logged:]:
			row.db_insert()
		values.update(status=doc.status, iso_stage=doc.iso_stage, acknowledged_on=doc.acknowledged_on)
	doc.db_set(values, update_modified=False)
