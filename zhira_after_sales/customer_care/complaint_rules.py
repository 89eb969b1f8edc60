"""How a complaint is handled (ISO 10002), as plain rules: which stage may follow which, what
closing and rejecting need, the penalty a complaint carries and when it is overdue. Plain Python:
no Frappe import. The Complaint DocType turns each problem code into a translated message.

Stages, in the order ISO 10002 handles a complaint:

    Received -> Acknowledged -> Assessed -> Investigating -> Responded -> Closed
                                                                       \\-> Rejected

- Forward moves may skip stages (a simple complaint is answered without an investigation), but
  a complaint is closed only once assessed: the decision on upheld needs an assessment.
- Back among the working stages (Responded -> Investigating when the answer did not satisfy) is
  allowed; back to Received or Acknowledged never is: those are facts, not work to redo.
- Closed and Rejected are final. Leaving them is reopening, to Assessed or Investigating, with a
  reason; a rejected complaint is reopened by a manager only. One final stage never becomes the
  other directly.
- Closing needs the resolution and a decision (upheld or not); rejecting needs the reason (in
  the resolution) and cannot follow a decision that the complaint is upheld.
- Penalty points count only when the complaint is upheld.
"""

import datetime
from collections.abc import Iterable

RECEIVED = "Received"
ACKNOWLEDGED = "Acknowledged"
ASSESSED = "Assessed"
INVESTIGATING = "Investigating"
RESPONDED = "Responded"
CLOSED = "Closed"
REJECTED = "Rejected"

STAGES = (RECEIVED, ACKNOWLEDGED, ASSESSED, INVESTIGATING, RESPONDED, CLOSED, REJECTED)
OPEN_STAGES = (RECEIVED, ACKNOWLEDGED, ASSESSED, INVESTIGATING, RESPONDED)
FINAL_STAGES = (CLOSED, REJECTED)
# stages a complaint never returns to once past them
INTAKE_STAGES = (RECEIVED, ACKNOWLEDGED)
# where a reopened complaint goes back to
REOPEN_STAGES = (ASSESSED, INVESTIGATING)
# stages from which a complaint may be closed
CLOSABLE_FROM = (ASSESSED, INVESTIGATING, RESPONDED)

# the Complaint field that keeps the date each stage was reached
STAGE_DATE_FIELDS = {
	RECEIVED: "received_on",
	ACKNOWLEDGED: "acknowledged_on",
	ASSESSED: "assessed_on",
	INVESTIGATING: "investigating_on",
	RESPONDED: "responded_on",
	CLOSED: "closed_on",
	REJECTED: "rejected_on",
}

# the decision on a complaint
UPHELD = "Upheld"
NOT_UPHELD = "Not Upheld"
DECISIONS = (UPHELD, NOT_UPHELD)

# problem codes (the DocType's messages say what to do about each)
UNKNOWN_STAGE = "unknown_stage"
BACK_TO_INTAKE = "back_to_intake"
FINAL_TO_FINAL = "final_to_final"
REOPEN_TARGET = "reopen_target"
REOPEN_NEEDS_REASON = "reopen_needs_reason"
REJECTED_NEEDS_MANAGER = "rejected_needs_manager"
CLOSE_BEFORE_ASSESSMENT = "close_before_assessment"
NEEDS_RESOLUTION = "needs_resolution"
NEEDS_DECISION = "needs_decision"
NEEDS_REJECTION_REASON = "needs_rejection_reason"
UPHELD_CANNOT_BE_REJECTED = "upheld_cannot_be_rejected"


def stage_index(stage: str | None) -> int:
	return STAGES.index(stage) if stage in STAGES else -1


def is_final(stage: str | None) -> bool:
	return stage in FINAL_STAGES


def is_reopening(current: str | None, target: str) -> bool:
	return is_final(current) and target in OPEN_STAGES


def transition_problem(
	current: str | None, target: str, *, is_manager: bool = False, has_reason: bool = False
) -> str | None:
	"""Why a complaint in stage `current` may not move to stage `target` (a problem code), or None
	when it may. `is_manager`: the person moving it is a manager; `has_reason`: a note says why."""
	if target not in STAGES or (current is not None and current not in STAGES):
		return UNKNOWN_STAGE
	if current is None or current == target:
		return None
	if is_final(current):
		if is_final(target):
			return FINAL_TO_FINAL
		if target not in REOPEN_STAGES:
			return REOPEN_TARGET
		if current == REJECTED and not is_manager:
			return REJECTED_NEEDS_MANAGER
		if not has_reason:
			return REOPEN_NEEDS_REASON
		return None
	if target in INTAKE_STAGES and stage_index(target) < stage_index(current):
		return BACK_TO_INTAKE
	if target == CLOSED and current not in CLOSABLE_FROM:
		return CLOSE_BEFORE_ASSESSMENT
	return None


def allowed_targets(current: str | None, *, is_manager: bool = False) -> list[str]:
	"""The stages a complaint in `current` may move to (a reopening given a reason)."""
	return [
		stage
		for stage in STAGES
		if stage != current
		and transition_problem(current, stage, is_manager=is_manager, has_reason=True) is None
	]


def completion_problems(target: str, resolution: str | None, decision: str | None) -> list[str]:
	"""What a complaint moving to `target` still lacks: closing needs the resolution and a
	decision; rejecting needs the reason and no decision that it is upheld."""
	resolution = (resolution or "").strip()
	problems = []
	if target == CLOSED:
		if not resolution:
			problems.append(NEEDS_RESOLUTION)
		if decision not in DECISIONS:
			problems.append(NEEDS_DECISION)
	elif target == REJECTED:
		if not resolution:
			problems.append(NEEDS_REJECTION_REASON)
		if decision == UPHELD:
			problems.append(UPHELD_CANNOT_BE_REJECTED)
	return problems


def stage_dates_after_move(
	dates: dict[str, datetime.datetime | None], current: str | None, target: str, now: datetime.datetime
) -> dict[str, datetime.datetime | None]:
	"""The stage dates (by Complaint field) once a complaint moves from `current` to `target` at
	`now`: the target's date is now; going back (reopening included) clears the dates of the
	stages after the target, since the complaint has not reached them on this path (the status
	log keeps the history). Received and Acknowledged dates are never cleared."""
	result = dict(dates)
	if current == target:
		return result
	result[STAGE_DATE_FIELDS[target]] = now
	if target in OPEN_STAGES:
		for stage in STAGES[stage_index(target) + 1 :]:
			if stage not in INTAKE_STAGES:
				result[STAGE_DATE_FIELDS[stage]] = None
	else:
		other = REJECTED if target == CLOSED else CLOSED
		result[STAGE_DATE_FIELDS[other]] = None
	return result


def is_upheld(decision: str | None) -> bool:
	return decision == UPHELD


def decision_after_edit(
	decision: str | None, upheld: bool, previous_decision: str | None, previous_upheld: bool
) -> str | None:
	"""The decision once a form or an API client has edited `decision` and/or `upheld`: a changed
	decision wins; a changed `upheld` tick alone sets the decision to match it."""
	decision = decision or None
	if decision != (previous_decision or None):
		return decision
	if bool(upheld) != bool(previous_upheld):
		return UPHELD if upheld else NOT_UPHELD
	return decision


def penalty_total(points: Iterable[float | None], upheld: bool) -> float:
	"""The penalty a complaint carries: its factors' points when upheld, else none."""
	if not upheld:
		return 0.0
	return float(sum(p or 0 for p in points))


def penalty_refused(submitted: float | None, stored: float | None, upheld: bool) -> bool:
	"""True when someone puts a penalty on a complaint that is not upheld: a non-zero total typed
	or sent (different from what was stored). A stale total left from before the decision changed
	is not refused; it is recalculated."""
	if upheld or not submitted:
		return False
	return float(submitted) != float(stored or 0)


def duplicates(values: Iterable[str | None]) -> list[str]:
	"""Values listed more than once, in the order they first repeat."""
	seen, repeated = set(), []
	for value in values:
		if not value:
			continue
		if value in seen and value not in repeated:
			repeated.append(value)
		seen.add(value)
	return repeated


def is_overdue(
	stage: str | None,
	now: datetime.datetime,
	response_by: datetime.datetime | None = None,
	first_responded_on: datetime.datetime | None = None,
	resolution_by: datetime.datetime | None = None,
	resolution_date: datetime.datetime | None = None,
) -> bool:
	"""An open complaint past its response deadline without a response, or past its resolution
	deadline without a resolution."""
	if stage not in OPEN_STAGES:
		return False
	if response_by and not first_responded_on and now > response_by:
		return True
	return bool(resolution_by and not resolution_date and now > resolution_by)
