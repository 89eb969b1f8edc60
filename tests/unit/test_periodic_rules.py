"""Periodic service rules: the visits a guide plans (Jalali months, warranty and contract limits),
moving visits after a service, and what the daily job does on a given day."""

import datetime

from zhira_after_sales.service_desk import periodic_rules as rules
from zhira_after_sales.utils.jalali import to_gregorian as J

CLEAN = rules.Task("شستشو", "سرویس دوره‌ای", every_months=6, occurrences=4)
FILTER = rules.Task(
	"تعویض فیلتر",
	"سرویس دوره‌ای",
	every_months=12,
	occurrences=3,
	first_after_months=3,
	schedule_from=rules.FROM_LAST_SERVICE,
	parts=(("FLT-01", 1.0), ("GASKET", 2.5)),
)


def dates(visits, task=None):
	return [v.due_date for v in visits if task is None or v.task == task]


def test_every_six_jalali_months_from_the_start():
	visits = rules.schedule([CLEAN], J(1405, 1, 15))
	assert dates(visits) == [J(1405, 7, 15), J(1406, 1, 15), J(1406, 7, 15), J(1407, 1, 15)]
	assert {v.service_type for v in visits} == {"سرویس دوره‌ای"}


def test_a_day_the_month_lacks_becomes_its_last_day():
	# 31 Shahrivar + 6 months: Esfand 1405 has 29 days
	assert dates(rules.schedule([CLEAN], J(1405, 6, 31)))[:2] == [J(1405, 12, 29), J(1406, 6, 31)]


def test_first_visit_after_its_own_delay_then_every_interval_with_parts():
	visits = rules.schedule([FILTER], J(1405, 1, 1))
	assert dates(visits) == [J(1405, 4, 1), J(1406, 4, 1), J(1407, 4, 1)]
	assert visits[0].parts == "FLT-01 × 1\nGASKET × 2.5"


def test_tasks_are_merged_by_due_date():
	visits = rules.schedule([CLEAN, FILTER], J(1405, 1, 1))
	assert [(v.task, v.due_date) for v in visits][:3] == [
		("تعویض فیلتر", J(1405, 4, 1)),
		("شستشو", J(1405, 7, 1)),
		("شستشو", J(1406, 1, 1)),
	]


def test_only_under_warranty_stops_at_the_warranty_end():
	task = rules.Task("بازدید گارانتی", "بازدید", every_months=6, occurrences=10, only_under_warranty=True)
	visits = rules.schedule([task], J(1405, 1, 15), warranty_end=J(1407, 1, 14))
	assert dates(visits) == [J(1405, 7, 15), J(1406, 1, 15), J(1406, 7, 15)]
	assert rules.schedule([task], J(1405, 1, 15)) == []  # no warranty: none


def test_only_under_contract_needs_a_contract_and_stops_at_its_end():
	task = rules.Task("قرارداد", "بازدید", every_months=3, occurrences=8, only_under_contract=True)
	assert rules.schedule([task], J(1405, 1, 1)) == []
	visits = rules.schedule([task], J(1405, 1, 1), has_contract=True, contract_end=J(1405, 12, 29))
	assert dates(visits) == [J(1405, 4, 1), J(1405, 7, 1), J(1405, 10, 1)]
	# a contract without an end date covers every visit
	assert len(rules.schedule([task], J(1405, 1, 1), has_contract=True)) == 8


def test_a_service_moves_the_later_visits_one_interval_apart_from_its_day():
	assert rules.moved_dates(J(1405, 5, 20), 12, 2) == [J(1406, 5, 20), J(1407, 5, 20)]
	assert rules.moved_dates(J(1405, 5, 20), 12, 0) == []


def test_a_guide_that_cannot_plan_is_explained():
	bad = [
		rules.Task("a", "s", every_months=0, occurrences=1),
		rules.Task("A ", "s", every_months=3, occurrences=0),
	]
	assert rules.check_tasks(bad, ["a", "b"]) == [
		(rules.NO_INTERVAL, "a"),
		(rules.TASK_TWICE, "A "),
		(rules.NO_VISITS, "A "),
		(rules.UNKNOWN_PART_TASK, "b"),
	]
	assert rules.check_tasks([CLEAN, FILTER], ["تعویض فیلتر"]) == []


DUE = J(1405, 7, 15)


def act(status, today, reception_on=rules.ON_DUE_DATE, has_reception=False, remind=7, grace=14):
	return rules.actions_for(status, DUE, today, remind, grace, reception_on, has_reception)


def day(offset):
	return DUE + datetime.timedelta(days=offset)


def test_a_visit_through_the_days_with_receptions_on_the_due_date():
	assert act(rules.PLANNED, day(-8)) == ()
	assert act(rules.PLANNED, day(-7)) == (rules.REMIND,)
	assert act(rules.REMINDED, day(-7)) == ()  # the same day again: nothing
	assert act(rules.REMINDED, day(-1)) == ()
	assert act(rules.REMINDED, day(0)) == (rules.OPEN_RECEPTION,)
	assert act(rules.RECEPTION_CREATED, day(0), has_reception=True) == ()
	assert act(rules.RECEPTION_CREATED, day(14), has_reception=True) == ()
	assert act(rules.RECEPTION_CREATED, day(15), has_reception=True) == (rules.MARK_OVERDUE,)
	assert act(rules.OVERDUE, day(15), has_reception=True) == ()
	for final in (rules.DONE, rules.SKIPPED):
		assert act(final, day(30)) == ()


def test_a_job_that_missed_days_opens_the_reception_and_marks_it_overdue_at_once():
	assert act(rules.PLANNED, day(20)) == (rules.OPEN_RECEPTION, rules.MARK_OVERDUE)
	assert act(rules.PLANNED, day(3)) == (rules.OPEN_RECEPTION,)  # late, within the grace


def test_with_customer_confirmation_only_reminders_and_overdue():
	confirm = rules.ON_CONFIRMATION
	assert act(rules.PLANNED, day(-7), confirm) == (rules.REMIND,)
	assert act(rules.REMINDED, day(0), confirm) == ()
	assert act(rules.REMINDED, day(15), confirm) == (rules.MARK_OVERDUE,)
	assert act(rules.PLANNED, day(2), confirm) == (rules.REMIND,)  # a late reminder still goes out
	assert act(rules.OVERDUE, day(40), confirm) == ()


def test_the_job_looks_as_far_ahead_as_the_reminder():
	assert rules.horizon(J(1405, 1, 1), 7) == J(1405, 1, 8)
	assert rules.horizon(J(1405, 1, 1), 0) == J(1405, 1, 1)
