"""Happy Call surveys (ISO 10004): answer options, weighted satisfaction, status moves."""

import pytest

from zhira_after_sales.customer_care import survey_rules as rules
from zhira_after_sales.customer_care.survey_rules import (
	COMPLETED,
	NO_ANSWER,
	PENDING,
	REFUSED,
	Answer,
	Option,
)

FIVE = [Option("عالی", 5), Option("خوب", 4), Option("متوسط", 3), Option("ضعیف", 2), Option("خیلی ضعیف", 1)]


# --- options ------------------------------------------------------------------------------------


def test_good_options_have_no_problems():
	assert rules.option_problems(FIVE) == []
	assert rules.option_problems([Option("بله", 1), Option("خیر", 0)]) == []


@pytest.mark.parametrize(
	"options,expected",
	[
		([], [(rules.NO_OPTIONS, None)]),
		([Option(str(n), n) for n in range(1, 11)], [(rules.TOO_MANY_OPTIONS, None)]),
		([Option("بله", 1), Option(" ", 0)], [(rules.EMPTY_LABEL, 2)]),
		([Option("بله", 1), Option("بله ", 0)], [(rules.DUPLICATE_LABEL, 2)]),
		([Option("بله", 1), Option("خیر", -1)], [(rules.NEGATIVE_SCORE, 2)]),
		([Option("بله", 0), Option("خیر", 0)], [(rules.NO_POSITIVE_SCORE, None)]),
	],
)
def test_bad_options_are_named_with_their_number(options, expected):
	assert rules.option_problems(options) == expected


def test_nine_options_fit_one_digit():
	assert rules.option_problems([Option(str(n), n) for n in range(1, 10)]) == []


def test_max_score_is_the_best_option():
	assert rules.max_score(FIVE) == 5
	assert rules.max_score([Option("بله", 1), Option("خیر", 0)]) == 1
	assert rules.max_score([]) == 0


@pytest.mark.parametrize("number,label", [(1, "عالی"), ("5", "خیلی ضعیف"), (3.0, "متوسط")])
def test_an_option_is_chosen_by_its_number(number, label):
	assert rules.chosen_option(FIVE, number).label == label


@pytest.mark.parametrize("number", [0, 6, -1, None, "", "x", 9])
def test_a_number_outside_the_options_is_refused(number):
	with pytest.raises(ValueError, match=rules.OPTION_OUT_OF_RANGE):
		rules.chosen_option(FIVE, number)


def test_options_read_as_one_numbered_line():
	assert rules.options_line(FIVE[:3]) == "1- عالی  2- خوب  3- متوسط"


# --- satisfaction ---------------------------------------------------------------------------------


def test_equal_weights_give_the_plain_ratio():
	answers = [Answer(5, 5), Answer(4, 5), Answer(3, 5)]
	assert rules.weighted_totals(answers) == (12, 15)
	assert rules.satisfaction_percent(answers) == 80.0


def test_weights_count_by_hand():
	# 2×4 + 1×1 + 0.5×2 = 10 of 2×5 + 1×1 + 0.5×3 = 12.5 -> 80 %
	answers = [Answer(4, 5, 2), Answer(1, 1, 1), Answer(2, 3, 0.5)]
	assert rules.weighted_totals(answers) == (10, 12.5)
	assert rules.satisfaction_percent(answers) == 80.0


def test_a_heavy_question_moves_satisfaction_more():
	light = rules.satisfaction_percent([Answer(1, 5, 1), Answer(5, 5, 3)])
	heavy = rules.satisfaction_percent([Answer(1, 5, 3), Answer(5, 5, 1)])
	assert (light, heavy) == (80.0, 40.0)


def test_unanswered_questions_count_in_neither_sum():
	answers = [Answer(5, 5), Answer(None, 5, 3), Answer(0, 1)]
	assert rules.weighted_totals(answers) == (5, 6)
	assert rules.satisfaction_percent(answers) == 83.33
	assert rules.unanswered(answers) == [2]


def test_no_answers_give_no_satisfaction():
	assert rules.satisfaction_percent([]) is None
	assert rules.satisfaction_percent([Answer(None, 5), Answer(None, 1, 2)]) is None
	assert rules.weighted_totals([]) == (0, 0)
	assert rules.unanswered([Answer(None, 5), Answer(None, 1)]) == [1, 2]


def test_all_lowest_scores_give_zero_not_none():
	assert rules.satisfaction_percent([Answer(0, 1), Answer(0, 5, 2)]) == 0.0


def test_a_weight_of_zero_counts_nothing():
	assert rules.satisfaction_percent([Answer(0, 5, 0), Answer(5, 5, 1)]) == 100.0
	assert rules.satisfaction_percent([Answer(5, 5, 0)]) is None


# --- status -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"current,target",
	[
		(None, PENDING),
		(PENDING, COMPLETED),
		(PENDING, NO_ANSWER),
		(PENDING, REFUSED),
		(NO_ANSWER, NO_ANSWER),
		(NO_ANSWER, COMPLETED),
		(NO_ANSWER, REFUSED),
		(COMPLETED, COMPLETED),
	],
)
def test_allowed_moves(current, target):
	assert rules.transition_problem(current, target) is None


@pytest.mark.parametrize(
	"current,target,problem",
	[
		(COMPLETED, PENDING, rules.FINAL_STATUS),
		(COMPLETED, NO_ANSWER, rules.FINAL_STATUS),
		(REFUSED, COMPLETED, rules.FINAL_STATUS),
		(NO_ANSWER, PENDING, rules.BACK_TO_PENDING),
		(PENDING, "Done", rules.UNKNOWN_STATUS),
	],
)
def test_refused_moves(current, target, problem):
	assert rules.transition_problem(current, target) == problem
