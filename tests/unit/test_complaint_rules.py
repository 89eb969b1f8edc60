"""Complaint handling (ISO 10002): stage moves, closing and rejecting, penalties, overdue."""

import datetime

import pytest

from zhira_after_sales.customer_care import complaint_rules as rules
from zhira_after_sales.customer_care.complaint_rules import (
	ACKNOWLEDGED,
	ASSESSED,
	CLOSED,
	INVESTIGATING,
	NOT_UPHELD,
	RECEIVED,
	REJECTED,
	RESPONDED,
	UPHELD,
)

NOW = datetime.datetime(2026, 11, 30, 10, 0)
EARLIER = NOW - datetime.timedelta(hours=5)
LATER = NOW + datetime.timedelta(hours=5)


# --- stage moves ------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"current,target",
	[
		(None, RECEIVED),  # a new complaint
		(RECEIVED, ACKNOWLEDGED),
		(ACKNOWLEDGED, ASSESSED),
		(ASSESSED, INVESTIGATING),
		(INVESTIGATING, RESPONDED),
		(RESPONDED, CLOSED),
		(ACKNOWLEDGED, INVESTIGATING),  # skipping ahead
		(RECEIVED, ASSESSED),  # acknowledged by phone when no SMS could go
		(ASSESSED, CLOSED),  # answered and closed without an investigation
		(INVESTIGATING, CLOSED),
		(RESPONDED, INVESTIGATING),  # the answer did not satisfy: investigate again
		(RESPONDED, ASSESSED),
		(RECEIVED, REJECTED),
		(INVESTIGATING, REJECTED),
		(RESPONDED, RESPONDED),  # another status of the same stage
	],
)
def test_allowed_moves(current, target):
	assert rules.transition_problem(current, target) is None


@pytest.mark.parametrize(
	"current,target,problem",
	[
		(ASSESSED, RECEIVED, rules.BACK_TO_INTAKE),
		(RESPONDED, ACKNOWLEDGED, rules.BACK_TO_INTAKE),
		(RECEIVED, CLOSED, rules.CLOSE_BEFORE_ASSESSMENT),
		(ACKNOWLEDGED, CLOSED, rules.CLOSE_BEFORE_ASSESSMENT),
		(CLOSED, REJECTED, rules.FINAL_TO_FINAL),
		(REJECTED, CLOSED, rules.FINAL_TO_FINAL),
		(CLOSED, RESPONDED, rules.REOPEN_TARGET),
		(CLOSED, RECEIVED, rules.REOPEN_TARGET),
		(CLOSED, INVESTIGATING, rules.REOPEN_NEEDS_REASON),
		(REJECTED, ASSESSED, rules.REJECTED_NEEDS_MANAGER),
		(RECEIVED, "Pending", rules.UNKNOWN_STAGE),
		("Pending", RECEIVED, rules.UNKNOWN_STAGE),
	],
)
def test_refused_moves(current, target, problem):
	assert rules.transition_problem(current, target) == problem


def test_a_closed_complaint_is_reopened_with_a_reason_by_anyone_who_may_edit_it():
	assert rules.transition_problem(CLOSED, INVESTIGATING, has_reason=True) is None
	assert rules.transition_problem(CLOSED, ASSESSED, has_reason=True) is None
	assert rules.is_reopening(CLOSED, INVESTIGATING)
	assert not rules.is_reopening(RESPONDED, INVESTIGATING)


def test_a_rejected_complaint_is_final_unless_a_manager_reopens_it_with_a_reason():
	assert rules.transition_problem(REJECTED, INVESTIGATING, has_reason=True) == (
		rules.REJECTED_NEEDS_MANAGER
	)
	assert rules.transition_problem(REJECTED, INVESTIGATING, is_manager=True) == rules.REOPEN_NEEDS_REASON
	assert rules.transition_problem(REJECTED, INVESTIGATING, is_manager=True, has_reason=True) is None


def test_allowed_targets_for_buttons():
	assert rules.allowed_targets(RECEIVED) == [ACKNOWLEDGED, ASSESSED, INVESTIGATING, RESPONDED, REJECTED]
	assert rules.allowed_targets(RESPONDED) == [ASSESSED, INVESTIGATING, CLOSED, REJECTED]
	assert rules.allowed_targets(CLOSED) == [ASSESSED, INVESTIGATING]
	assert rules.allowed_targets(REJECTED) == []
	assert rules.allowed_targets(REJECTED, is_manager=True) == [ASSESSED, INVESTIGATING]


# --- closing and rejecting ----------------------------------------------------------------------


def test_closing_needs_the_resolution_and_a_decision():
	assert rules.completion_problems(CLOSED, None, None) == [rules.NEEDS_RESOLUTION, rules.NEEDS_DECISION]
	assert rules.completion_problems(CLOSED, "   ", UPHELD) == [rules.NEEDS_RESOLUTION]
	assert rules.completion_problems(CLOSED, "Refunded the visit fee", None) == [rules.NEEDS_DECISION]
	assert rules.completion_problems(CLOSED, "Refunded the visit fee", NOT_UPHELD) == []
	assert rules.completion_problems(CLOSED, "Refunded the visit fee", UPHELD) == []


def test_rejecting_needs_the_reason_and_cannot_follow_an_upheld_decision():
	assert rules.completion_problems(REJECTED, "", None) == [rules.NEEDS_REJECTION_REASON]
	assert rules.completion_problems(REJECTED, "Not our product", UPHELD) == [rules.UPHELD_CANNOT_BE_REJECTED]
	assert rules.completion_problems(REJECTED, "Not our product", None) == []


def test_working_stages_need_nothing():
	for stage in (ACKNOWLEDGED, ASSESSED, INVESTIGATING, RESPONDED):
		assert rules.completion_problems(stage, None, None) == []


# --- stage dates ------------------------------------------------------------------------------


def dates(**values):
	empty = dict.fromkeys(rules.STAGE_DATE_FIELDS.values())
	return {**empty, **values}


def test_reaching_a_stage_dates_it():
	after = rules.stage_dates_after_move(dates(received_on=EARLIER), RECEIVED, ACKNOWLEDGED, NOW)
	assert after == dates(received_on=EARLIER, acknowledged_on=NOW)


def test_another_status_of_the_same_stage_keeps_its_date():
	before = dates(received_on=EARLIER, assessed_on=EARLIER)
	assert rules.stage_dates_after_move(before, ASSESSED, ASSESSED, NOW) == before


def test_going_back_clears_the_dates_of_the_stages_not_reached_again():
	before = dates(
		received_on=EARLIER,
		acknowledged_on=EARLIER,
		assessed_on=EARLIER,
		investigating_on=EARLIER,
		responded_on=EARLIER,
	)
	after = rules.stage_dates_after_move(before, RESPONDED, INVESTIGATING, NOW)
	assert after == dates(
		received_on=EARLIER, acknowledged_on=EARLIER, assessed_on=EARLIER, investigating_on=NOW
	)


def test_reopening_clears_the_closing_date():
	before = dates(received_on=EARLIER, assessed_on=EARLIER, responded_on=EARLIER, closed_on=EARLIER)
	after = rules.stage_dates_after_move(before, CLOSED, ASSESSED, NOW)
	assert after == dates(received_on=EARLIER, assessed_on=NOW)


def test_one_final_date_at_a_time():
	before = dates(received_on=EARLIER, rejected_on=EARLIER)
	assert rules.stage_dates_after_move(before, ASSESSED, CLOSED, NOW) == dates(
		received_on=EARLIER, closed_on=NOW
	)


# --- decision and penalty -----------------------------------------------------------------------


def test_penalty_counts_only_when_upheld():
	assert rules.penalty_total([5, 10, None], upheld=True) == 15
	assert rules.penalty_total([5, 10], upheld=False) == 0
	assert rules.penalty_total([], upheld=True) == 0


def test_a_penalty_put_on_a_complaint_not_upheld_is_refused_a_stale_one_recalculated():
	assert rules.penalty_refused(10, 0, upheld=False)  # typed on a complaint not upheld
	assert rules.penalty_refused(10, None, upheld=False)  # sent with a new complaint
	assert not rules.penalty_refused(15, 15, upheld=False)  # left from before "not upheld"
	assert not rules.penalty_refused(0, 15, upheld=False)
	assert not rules.penalty_refused(None, 0, upheld=False)
	assert not rules.penalty_refused(10, 0, upheld=True)


def test_the_decision_follows_whichever_of_decision_and_upheld_was_edited():
	assert rules.decision_after_edit(UPHELD, False, None, False) == UPHELD
	assert rules.decision_after_edit(None, True, None, False) == UPHELD  # an API client ticked upheld
	assert rules.decision_after_edit(UPHELD, False, UPHELD, True) == NOT_UPHELD  # and unticked it
	assert rules.decision_after_edit(NOT_UPHELD, True, UPHELD, True) == NOT_UPHELD
	assert rules.decision_after_edit("", False, None, False) is None
	assert rules.is_upheld(UPHELD) and not rules.is_upheld(NOT_UPHELD) and not rules.is_upheld(None)


def test_duplicates_are_named_once_in_order():
	assert rules.duplicates(["a", "b", "a", "c", "b", "a", None, None]) == ["a", "b"]
	assert rules.duplicates(["a", "b"]) == []


# --- overdue ------------------------------------------------------------------------------------


def test_overdue_when_a_deadline_passed_unmet():
	assert rules.is_overdue(ASSESSED, NOW, response_by=EARLIER)
	assert rules.is_overdue(RESPONDED, NOW, response_by=LATER, resolution_by=EARLIER)
	assert not rules.is_overdue(ASSESSED, NOW, response_by=LATER, resolution_by=LATER)
	assert not rules.is_overdue(ASSESSED, NOW, response_by=EARLIER, first_responded_on=EARLIER)
	assert not rules.is_overdue(ASSESSED, NOW, resolution_by=EARLIER, resolution_date=EARLIER)
	assert not rules.is_overdue(ASSESSED, NOW)


def test_a_closed_or_rejected_complaint_is_never_overdue():
	for stage in (CLOSED, REJECTED):
		assert not rules.is_overdue(stage, NOW, response_by=EARLIER, resolution_by=EARLIER)
