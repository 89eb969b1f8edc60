"""The agency score: clamp(S - w x P / max(N, 1), 0, 100), with no surveys, no services, clamping
at both ends, and the ranking."""

import inspect

import pytest

from zhira_after_sales.customer_care import score_rules as rules


def test_a_hand_calculated_month():
	# 4 responses at 100, 80, 90, 70 % -> S = 85; 20 services; upheld complaints of 3 + 5 points
	s = rules.satisfaction_of([100, 80, 90, 70])
	assert s == 85
	assert rules.score(s, 20, 8, 10) == 81  # 85 - 10 x 8 / 20
	assert rules.deduction(20, 8, 10) == 4


def test_satisfaction_is_the_mean_of_the_responses_percent_rounded():
	assert rules.satisfaction(250, 3) == 83.33
	assert rules.satisfaction_of([100, 50]) == 75
	assert rules.satisfaction_of([None, 60]) == 30  # a response without a percent counts as 0


def test_no_surveys_means_no_score_not_100_nor_0():
	assert rules.satisfaction(0, 0) is None
	assert rules.satisfaction_of([]) is None
	assert rules.score(None, 12, 0, 10) is None
	assert rules.score(None, 12, 30, 10) is None  # penalties alone make no score either


def test_no_services_divides_the_penalty_by_one():
	assert rules.penalty_per_service(4, 0) == 4
	assert rules.penalty_per_service(4, None) == 4
	assert rules.score(90, 0, 4, 10) == 50  # 90 - 10 x 4 / 1
	assert rules.score(90, 0, 0, 10) == 90


@pytest.mark.parametrize(
	"s,n,p,w,expected",
	[
		(50, 1, 10, 10, 0),  # 50 - 100 = -50 -> 0
		(0, 5, 0, 10, 0),  # the bottom itself
		(100, 5, 0, 10, 100),  # the top itself
		(100, 5, -5, 10, 100),  # a negative penalty (never stored) cannot lift it above 100
		(100.004, 1, 0, 10, 100),
	],
)
def test_the_score_is_kept_between_0_and_100(s, n, p, w, expected):
	assert rules.score(s, n, p, w) == expected


def test_the_weight_scales_the_penalty_and_defaults_to_10():
	assert rules.score(90, 10, 5, 2) == 89
	assert rules.score(90, 10, 5, 0) == 90
	assert rules.score(90, 10, 5, None) == 85
	assert rules.score(90, 10, 5) == 85
	assert rules.DEFAULT_WEIGHT == 10


def test_the_score_is_rounded_to_two_decimals():
	assert rules.score(88.888, 3, 1, 10) == 85.55  # 88.888 - 3.333...


def test_ranking_shares_ranks_on_ties_and_puts_agencies_without_surveys_last():
	rows = [
		{"name": "B", "score": 80.0},
		{"name": "A", "score": 92.5},
		{"name": "D", "score": None, "penalty_points": 6},
		{"name": "C", "score": 80.0},
		{"name": "E", "score": None, "penalty_points": 0},
		{"name": "F", "score": 10.0},
	]
	ranked = rules.rank(rows)
	assert [(r["name"], r["rank"]) for r in ranked] == [
		("A", 1),
		("B", 2),
		("C", 2),
		("F", 4),
		("E", None),
		("D", None),
	]


def test_the_rules_need_no_frappe_and_say_nothing_in_persian():
	source = inspect.getsource(rules)
	assert "import frappe" not in source and "from frappe" not in source
	assert not any("\u0600" <= char <= "\u06ff" for char in source)
