"""The coverage rule: covered, or the reason why not."""

import datetime

from zhira_after_sales.warranty.coverage import PARTS_LISTED, PARTS_NONE, Card, Reason, Terms, check

D = datetime.date
REPAIR = "Warranty Repair"
PAID = "Paid Repair"
TERMS = Terms(
	service_types=frozenset({REPAIR, "Installation"}), parts=PARTS_LISTED, listed_parts=frozenset({"PUMP"})
)


START, END = D(2026, 1, 1), D(2027, 12, 31)


def active(name="WC-1", start=START, end=END, terms=TERMS, status="Active"):
	return Card(name, status, start, end, terms)


def test_no_card():
	result = check([], D(2026, 6, 1), REPAIR)
	assert (result.covered, result.reason, result.card) == (False, Reason.NO_CARD, None)
	assert str(result.reason) == "no_card"


def test_covered_inside_the_period_including_both_ends():
	for day in (D(2026, 1, 1), D(2026, 6, 1), D(2027, 12, 31)):
		result = check([active()], day, REPAIR, "PUMP")
		assert result.covered and result.reason is Reason.COVERED
		assert result.card == "WC-1" and result.end_date == D(2027, 12, 31)
		assert result.labor_covered is True


def test_issued_card_is_not_started():
	result = check([Card("WC-1", "Issued", terms=TERMS)], D(2026, 6, 1), REPAIR)
	assert (result.covered, result.reason, result.card) == (False, Reason.NOT_STARTED, "WC-1")


def test_a_date_before_the_start_is_not_started():
	result = check([active(start=D(2026, 7, 1))], D(2026, 6, 30), REPAIR)
	assert result.reason is Reason.NOT_STARTED and result.start_date == D(2026, 7, 1)


def test_expired_reports_the_end_date_even_if_the_status_is_still_active():
	result = check([active(end=D(2026, 5, 31))], D(2026, 6, 1), REPAIR)
	assert (result.covered, result.reason, result.end_date) == (False, Reason.EXPIRED, D(2026, 5, 31))


def test_an_expired_card_still_covers_a_date_inside_its_period():
	result = check([active(status="Expired", end=D(2026, 5, 31))], D(2026, 5, 1), REPAIR)
	assert result.covered


def test_service_not_covered():
	result = check([active()], D(2026, 6, 1), PAID)
	assert (result.covered, result.reason, result.card) == (False, Reason.SERVICE_NOT_COVERED, "WC-1")


def test_no_service_list_covers_every_service():
	result = check([active(terms=Terms())], D(2026, 6, 1), PAID, "ANYTHING")
	assert result.covered


def test_part_not_covered():
	assert check([active()], D(2026, 6, 1), REPAIR, "MOTOR").reason is Reason.PART_NOT_COVERED
	no_parts = Terms(parts=PARTS_NONE, labor_covered=True)
	result = check([active(terms=no_parts)], D(2026, 6, 1), REPAIR, "PUMP")
	assert result.reason is Reason.PART_NOT_COVERED
	assert check([active(terms=no_parts)], D(2026, 6, 1), REPAIR).covered  # labour only


def test_labour_not_covered_is_reported_on_a_covered_answer():
	parts_only = Terms(labor_covered=False)
	result = check([active(terms=parts_only)], D(2026, 6, 1), REPAIR, "PUMP")
	assert result.covered and result.labor_covered is False


def test_void_card_is_void_and_never_covers():
	result = check([active(status="Void")], D(2026, 6, 1), REPAIR)
	assert (result.covered, result.reason, result.card) == (False, Reason.VOID, "WC-1")


def test_a_new_card_after_an_expired_one():
	old = active("WC-OLD", D(2024, 1, 1), D(2025, 12, 31), status="Expired")
	new = active("WC-NEW", D(2026, 1, 1), D(2026, 12, 31))
	assert check([old, new], D(2026, 3, 1), REPAIR).card == "WC-NEW"
	assert check([old, new], D(2025, 3, 1), REPAIR).card == "WC-OLD"
	later = check([old, new], D(2027, 3, 1), REPAIR)
	assert (later.reason, later.card, later.end_date) == (Reason.EXPIRED, "WC-NEW", D(2026, 12, 31))


def test_not_started_is_more_telling_than_expired_or_void():
	old = active("WC-OLD", D(2024, 1, 1), D(2025, 12, 31), status="Expired")
	waiting = Card("WC-NEW", "Issued", terms=TERMS)
	voided = active("WC-VOID", status="Void")
	assert check([old, voided, waiting], D(2026, 3, 1), REPAIR).reason is Reason.NOT_STARTED
	assert check([voided, old], D(2026, 3, 1), REPAIR).reason is Reason.EXPIRED
