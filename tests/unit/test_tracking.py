"""Tracking codes: shape, check digit, unpredictability and collisions."""

import itertools
import random

import pytest

from zhira_after_sales.service_desk import tracking
from zhira_after_sales.service_desk.tracking import TrackingCodeError


def test_generated_codes_are_nine_digits_with_a_valid_check_digit():
	for _ in range(2000):
		code = tracking.generate()
		assert len(code) == 9 and code.isdigit() and code[0] != "0"
		assert tracking.is_valid(code)


def test_every_single_digit_typo_and_neighbour_swap_is_caught():
	code = tracking.generate()
	for position in range(len(code)):
		for digit in "0123456789":
			if digit != code[position]:
				wrong = code[:position] + digit + code[position + 1 :]
				assert not tracking.is_valid(wrong), wrong
	for position in range(len(code) - 1):
		if code[position] != code[position + 1]:
			swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
			assert not tracking.is_valid(swapped), swapped


def test_consecutive_codes_are_not_sequential_or_repeated():
	codes = [tracking.generate() for _ in range(5000)]
	# 5,000 draws from 90 million codes repeat one about once in seven runs (the birthday bound);
	# uniqueness is the unique index's job (generate_unique retries), randomness is this test's
	assert len(set(codes)) >= len(codes) - 3
	bodies = [int(c[:-1]) for c in codes]
	steps = {b - a for a, b in itertools.pairwise(bodies)}
	assert len(steps) > 4900  # no fixed increment between one code and the next
	first_digits = {c[0] for c in codes}
	assert first_digits == set("123456789")


def test_persian_digits_spaces_and_dashes_are_accepted():
	code = tracking.generate()
	persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
	spaced = f" {persian[:3]}-{persian[3:6]} {persian[6:]} "
	assert tracking.validate(spaced) == code


@pytest.mark.parametrize(
	"value,reason",
	[
		("", "empty"),
		(None, "empty"),
		("abc12345", "format"),
		("1234567", "format"),
		("12345678901", "format"),
	],
)
def test_malformed_codes_are_refused(value, reason):
	with pytest.raises(TrackingCodeError) as info:
		tracking.validate(value)
	assert info.value.reason == reason


def test_collisions_are_retried_and_give_up_eventually():
	rng = random.Random(1)
	taken = {tracking.generate(randbelow=random.Random(1).randrange)}
	code = tracking.generate_unique(lambda c: c in taken, randbelow=rng.randrange)
	assert code not in taken
	with pytest.raises(RuntimeError):
		tracking.generate_unique(lambda c: True, attempts=3)
