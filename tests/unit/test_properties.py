"""Hostile and random input for the plain rule modules (property-based, hypothesis): whatever a
person, a provider or an attacker types, the rules either give the one right answer or refuse with
their own error - never a wrong value, never an unexpected exception."""

import datetime

import phonenumbers
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from zhira_after_sales.messaging.commands import (
	CommandError,
	parse_single_digit,
	parse_technician_command,
)
from zhira_after_sales.service_desk import tracking
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.phone import PhoneError, parse_iran_phone

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Iranian mobile prefixes: MCI 0910-0919 and 0990-0994, Irancell 0901-0905 and 0930-0939, Rightel
# 0920-0922 (which of them libphonenumber's current data accepts decides: see mobile_numbers)
MOBILE_PREFIXES = (
	([f"91{d}" for d in range(10)] + [f"99{d}" for d in range(5)] + [f"90{d}" for d in range(1, 6)])
	+ [f"93{d}" for d in range(10)]
	+ [f"92{d}" for d in range(3)]
)

settings.register_profile("zhira", max_examples=300, deadline=None)
settings.load_profile("zhira")


@st.composite
def mobile_numbers(draw):
	prefix = draw(st.sampled_from(MOBILE_PREFIXES))
	rest = draw(st.text(alphabet="0123456789", min_size=10 - len(prefix), max_size=10 - len(prefix)))
	number = phonenumbers.parse("+98" + prefix + rest)
	assume(phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE)
	return prefix + rest


def typed_forms(national: str):
	"""The ways people type 0912 345 6708."""
	return [
		"0" + national,
		"+98" + national,
		"0098" + national,
		"98" + national,
		f"0{national[:3]} {national[3:6]} {national[6:]}",
		f"0{national[:3]}-{national[3:6]}-{national[6:]}",
		("0" + national).translate(PERSIAN),
		("0" + national).translate(ARABIC),
		"\u200f0" + national + "\u200e",
	]


@given(mobile_numbers())
def test_every_typed_form_of_a_mobile_is_the_same_number(national):
	parsed = {parse_iran_phone(form).e164 for form in typed_forms(national)}
	assert parsed == {"+98" + national}
	phone = parse_iran_phone("0" + national)
	assert phone.is_mobile
	# what the desk shows is read back as the same number
	assert parse_iran_phone(phone.national).e164 == phone.e164


@given(st.text(max_size=40))
def test_any_text_is_a_number_or_refused_with_a_reason(text):
	try:
		phone = parse_iran_phone(text)
	except PhoneError as error:
		assert error.reason in {
			PhoneError.EMPTY,
			PhoneError.NOT_A_NUMBER,
			PhoneError.FOREIGN,
			PhoneError.INVALID,
			PhoneError.NEEDS_AREA_CODE,
			PhoneError.NOT_MOBILE,
			PhoneError.NOT_LANDLINE,
		}
	else:
		assert phone.e164.startswith("+98") and len(phone.e164) == 13


@given(st.integers(min_value=0, max_value=10**12))
def test_generated_tracking_codes_validate_and_any_one_wrong_digit_is_caught(seed):
	import random

	rng = random.Random(seed)
	code = tracking.generate(randbelow=rng.randrange)
	assert tracking.validate(code) == code
	assert tracking.validate(code.translate(PERSIAN)) == code
	position = rng.randrange(len(code))
	wrong_digit = str((int(code[position]) + rng.randrange(1, 10)) % 10)
	mistyped = code[:position] + wrong_digit + code[position + 1 :]
	assert not tracking.is_valid(mistyped)
	# two neighbouring digits swapped
	i = rng.randrange(len(code) - 1)
	if code[i] != code[i + 1]:
		swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
		assert not tracking.is_valid(swapped)


@given(st.text(max_size=30))
def test_tracking_validation_never_crashes(text):
	try:
		code = tracking.validate(text)
	except tracking.TrackingCodeError as error:
		assert error.reason in {"empty", "format", "check"}
	else:
		assert code.isdigit() and tracking.is_valid(code)


@given(st.dates(min_value=datetime.date(1922, 3, 21), max_value=datetime.date(2200, 3, 20)))
def test_a_jalali_date_as_shown_is_read_back_as_the_same_day(day):
	shown = jalali.format_date(day)
	assert jalali.parse_date(shown) == day
	assert jalali.parse_date(shown.translate(PERSIAN)) == day
	assert jalali.parse_date(shown.replace("/", "-")) == day


@given(
	st.integers(min_value=1300, max_value=1499),
	st.integers(min_value=1, max_value=12),
	st.integers(min_value=1, max_value=31),
)
def test_a_jalali_day_exists_exactly_when_its_month_has_it(year, month, day):
	text = f"{year}/{month:02d}/{day:02d}"
	if day <= jalali.month_length(year, month):
		parsed = jalali.parse_date(text)
		assert jalali.format_date(parsed) == text
	else:
		with pytest.raises(jalali.JalaliParseError) as error:
			jalali.parse_date(text)
		assert error.value.reason == "invalid"


@given(st.text(max_size=60))
def test_sms_text_is_a_command_or_refused_never_a_crash(text):
	try:
		command = parse_technician_command(text)
	except CommandError:
		return
	assert command.tracking_code.isdigit() and command.sms_code


@given(st.text(max_size=10))
@example("²")  # a digit to str.isdigit(), not to int(): found by this test
def test_a_survey_answer_is_one_digit_or_nothing(text):
	answer = parse_single_digit(text)
	assert answer is None or 0 <= answer <= 9
