"""Technician SMS commands and survey answers, read without a database."""

import pytest

from zhira_after_sales.messaging.commands import (
	CommandError,
	TechnicianCommand,
	looks_like_command,
	parse_single_digit,
	parse_technician_command,
)


@pytest.mark.parametrize(
	"text",
	[
		"12345678 2",
		"12345678  2",
		"  12345678 2  ",
		"12345678\t2",
		"12345678\n2",
		"12345678-2",
		"12345678*2",
		"12345678,2",
		"12345678، 2",  # Persian comma
		"۱۲۳۴۵۶۷۸ ۲",  # Persian digits
		"١٢٣٤٥٦٧٨ ٢",  # Arabic-Indic digits
		"\u200f۱۲۳۴۵۶۷۸\u200e ۲",  # bidi marks from a phone's RTL keyboard
		"۱۲۳۴5678 2",  # mixed
	],
)
def test_any_spacing_and_digits_give_the_same_command(text):
	assert parse_technician_command(text) == TechnicianCommand("12345678", "2")


def test_ten_digit_codes_and_multi_digit_status_codes():
	assert parse_technician_command("1234567890 12") == TechnicianCommand("1234567890", "12")
	assert parse_technician_command("123456789 9") == TechnicianCommand("123456789", "9")


@pytest.mark.parametrize(
	("text", "reason"),
	[
		("", CommandError.EMPTY),
		("   ", CommandError.EMPTY),
		(None, CommandError.EMPTY),
		("سلام وقت بخیر", CommandError.NOT_A_COMMAND),
		("12345678", CommandError.MISSING_STATUS_CODE),
		("۱۲۳۴۵۶۷۸۲", CommandError.MISSING_STATUS_CODE),  # glued: cannot tell where the code ends
		("1234567 2", CommandError.BAD_TRACKING_CODE),  # 7 digits
		("12345678901 2", CommandError.BAD_TRACKING_CODE),  # 11 digits
		("12345678 12345", CommandError.BAD_STATUS_CODE),
		("12345678 2 3", CommandError.NOT_A_COMMAND),
		("کد 12345678 2", CommandError.NOT_A_COMMAND),
	],
)
def test_what_is_not_a_command_says_why(text, reason):
	with pytest.raises(CommandError) as caught:
		parse_technician_command(text)
	assert caught.value.reason == reason


def test_long_numbers_look_like_attempted_commands():
	assert looks_like_command("12345678")
	assert looks_like_command("۱۲۳۴۵۶۷ x")
	assert not looks_like_command("سلام")
	assert not looks_like_command("12 3")


@pytest.mark.parametrize(
	("text", "digit"),
	[("5", 5), (" ۴ ", 4), ("٣", 3), ("1.", 1), ("۲!", 2), ("0", 0)],
)
def test_single_digit_survey_answers(text, digit):
	assert parse_single_digit(text) == digit


@pytest.mark.parametrize("text", ["", "12", "5 5", "خوب", "5 ستاره", None, "12345678 2"])
def test_anything_else_is_not_a_survey_answer(text):
	assert parse_single_digit(text) is None
