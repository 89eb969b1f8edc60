"""Login by SMS code: the code, its hash, expiry, the send limits and the lock after wrong codes
(customer_care/otp_rules.py), without Frappe or Redis."""

import pytest

from zhira_after_sales.customer_care import otp_rules as rules
from zhira_after_sales.customer_care.otp_rules import Failures, Limits, Refusal

SECRET = "site-secret"
MOBILE = "+989121234567"
NOW = 1_800_000_000.0
LIMITS = Limits()


# --- the code -----------------------------------------------------------------------------------


def test_codes_are_six_digits_with_leading_zeros_and_do_not_repeat_in_a_row():
	codes = [rules.generate_code() for _ in range(3000)]
	assert all(len(c) == 6 and c.isdigit() for c in codes)
	assert any(c.startswith("0") for c in codes)  # ~10% of them: zero is a digit like any other
	assert len(set(codes)) > 2900  # a million possibilities: few repeats


def test_the_hash_matches_only_the_same_code_number_salt_and_secret():
	record = rules.new_record("042917", MOBILE, SECRET, NOW, LIMITS)
	assert "042917" not in str(record)  # the code itself is never stored
	assert rules.code_matches("042917", record["hash"], record["salt"], MOBILE, SECRET)
	assert not rules.code_matches("042918", record["hash"], record["salt"], MOBILE, SECRET)
	assert not rules.code_matches("042917", record["hash"], record["salt"], "+989121234568", SECRET)
	assert not rules.code_matches("042917", record["hash"], record["salt"], MOBILE, "other-secret")
	assert not rules.code_matches("042917", record["hash"], "another-salt", MOBILE, SECRET)
	assert not rules.code_matches("042917", "", record["salt"], MOBILE, SECRET)


def test_two_records_of_the_same_code_have_different_salts_and_hashes():
	one = rules.new_record("123456", MOBILE, SECRET, NOW, LIMITS)
	two = rules.new_record("123456", MOBILE, SECRET, NOW, LIMITS)
	assert one["salt"] != two["salt"] and one["hash"] != two["hash"]


@pytest.mark.parametrize(
	"typed, expected",
	[
		("123456", "123456"),
		("۱۲۳۴۵۶", "123456"),  # Persian digits
		("١٢٣٤٥٦", "123456"),  # Arabic-Indic digits
		(" 123 456 ", "123456"),
		("123-456", "123456"),
		("\u200e۰۴۲۹۱۷\u200f", "042917"),  # bidi marks from a copied SMS
		("12345", None),
		("1234567", None),
		("12345a", None),
		("", None),
		(None, None),
	],
)
def test_a_typed_code_is_read_in_any_digits(typed, expected):
	assert rules.clean_code(typed) == expected


def test_a_code_is_valid_until_its_expiry_then_expired_and_once_used_used():
	record = rules.new_record("123456", MOBILE, SECRET, NOW, LIMITS)
	assert rules.code_state(record, NOW) == rules.VALID
	assert rules.code_state(record, NOW + LIMITS.code_ttl - 1) == rules.VALID
	assert rules.code_state(record, NOW + LIMITS.code_ttl) == rules.EXPIRED
	assert rules.code_state(None, NOW) == rules.MISSING
	assert rules.code_state({**record, "used": True}, NOW + 1) == rules.USED


# --- sending limits -----------------------------------------------------------------------------


def test_the_first_code_is_sent_and_the_next_not_within_a_minute():
	assert rules.send_refusal([], [], NOW, LIMITS) is None
	assert rules.send_refusal([NOW - 20], [NOW - 20], NOW, LIMITS) == Refusal(rules.TOO_SOON, 40)
	assert rules.send_refusal([NOW - 60], [NOW - 60], NOW, LIMITS) is None


def test_at_most_five_codes_an_hour_to_one_number_and_when_the_sixth_may_go():
	sends = [NOW - 3000, NOW - 2000, NOW - 1000, NOW - 500, NOW - 100]
	assert rules.send_refusal(sends, sends, NOW, LIMITS) == Refusal(rules.NUMBER_LIMIT, 600)
	# the oldest leaves the hour: one more may go
	assert rules.send_refusal(sends, sends, NOW + 600, LIMITS) is None
	# sends older than the window do not count
	assert rules.send_refusal([NOW - 4000] * 10, [], NOW, LIMITS) is None


def test_at_most_twenty_codes_an_hour_from_one_client_whatever_the_numbers():
	client = [NOW - 3500 + i for i in range(19)]
	assert rules.send_refusal([], client, NOW, LIMITS) is None
	client.append(NOW - 10)
	assert rules.send_refusal([], client, NOW, LIMITS) == Refusal(rules.CLIENT_LIMIT, 100)


def test_limits_can_be_changed_by_site_config_and_nonsense_is_ignored():
	limits = Limits.with_overrides(
		{"code_ttl": "120", "codes_per_client": 50, "resend_after": 0, "wrong_codes": "x", "unknown": 3}
	)
	assert (limits.code_ttl, limits.codes_per_client) == (120, 50)
	assert (limits.resend_after, limits.wrong_codes) == (60, 5)  # defaults kept
	assert Limits.with_overrides(None) == Limits()
	assert Limits.with_overrides({"lock_seconds": True}).lock_seconds == 900


# --- wrong codes --------------------------------------------------------------------------------


def test_five_wrong_codes_lock_the_number_for_fifteen_minutes():
	failures = Failures()
	for i in range(4):
		failures = rules.register_wrong(failures, NOW + i, LIMITS)
		assert rules.lock_remaining(failures, NOW + i) == 0
		assert rules.tries_left(failures, NOW + i, LIMITS) == 4 - i
	failures = rules.register_wrong(failures, NOW + 4, LIMITS)
	assert rules.lock_remaining(failures, NOW + 4) == 900
	assert rules.lock_remaining(failures, NOW + 4 + 899.5) == 1
	assert rules.lock_remaining(failures, NOW + 4 + 900) == 0
	# after the lock the count starts again
	assert rules.tries_left(failures, NOW + 4 + 900, LIMITS) == 5


def test_wrong_codes_older_than_the_lock_window_are_forgotten():
	failures = Failures()
	for i in range(4):
		failures = rules.register_wrong(failures, NOW + i, LIMITS)
	failures = rules.register_wrong(failures, NOW + 1000, LIMITS)
	assert rules.lock_remaining(failures, NOW + 1000) == 0
	assert rules.tries_left(failures, NOW + 1000, LIMITS) == 4


def test_failures_survive_a_round_trip_through_the_store():
	failures = rules.register_wrong(Failures(), NOW, LIMITS)
	assert Failures.from_dict(failures.as_dict()) == failures
	assert Failures.from_dict(None) == Failures()


def test_a_client_typing_many_wrong_codes_is_refused_for_a_while():
	wrong = [NOW - 3000 + i for i in range(29)]
	assert rules.client_refusal(wrong, NOW, LIMITS) is None
	wrong.append(NOW)
	assert rules.client_refusal(wrong, NOW, LIMITS) == Refusal(rules.CLIENT_LIMIT, 600)


@pytest.mark.parametrize(
	"seconds, words",
	[
		(1, (1, "seconds")),
		(59.2, (59, "seconds")),
		(119, (119, "seconds")),
		(120, (2, "minutes")),
		(899, (15, "minutes")),
	],
)
def test_waits_are_said_in_seconds_or_minutes(seconds, words):
	assert rules.wait_in_words(seconds) == words


# --- redirects ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"value, expected",
	[
		("/service", "/service"),
		("/service/devices?tab=1#x", "/service/devices?tab=1#x"),
		("", "/service"),
		(None, "/service"),
		("https://evil.example/", "/service"),
		("//evil.example/", "/service"),
		("/\\evil.example/", "/service"),
		("/service\\..\\x", "/service"),
		("javascript:alert(1)", "/service"),
		("service", "/service"),
		("/service\r\nSet-Cookie: x=1", "/service"),
		(" /track ", "/track"),
	],
)
def test_only_local_paths_are_redirect_targets(value, expected):
	assert rules.local_redirect(value, "/service") == expected
