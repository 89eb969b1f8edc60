"""A Service Ticket's conversation rules: whose turn a message makes it, who may set which status,
the resolved and closed dates, and what a file sent with a message may be."""

from datetime import datetime

import pytest

from zhira_after_sales.service_desk import ticket_rules as rules
from zhira_after_sales.service_desk.ticket_rules import TicketRuleError

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452")
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def reason(fn, *args):
	with pytest.raises(TicketRuleError) as caught:
		fn(*args)
	return caught.value.reason


@pytest.mark.parametrize(
	"current, after",
	[
		(rules.OPEN, rules.ANSWERED),
		(rules.REPLIED, rules.ANSWERED),
		(rules.ANSWERED, rules.ANSWERED),
		(rules.RESOLVED, rules.ANSWERED),
		(rules.CLOSED, rules.ANSWERED),
		(rules.CONVERTED, rules.CONVERTED),
	],
)
def test_head_office_answering_makes_it_the_partys_turn_and_a_converted_ticket_stays_converted(
	current, after
):
	assert rules.status_after_reply(rules.HEAD_OFFICE, current) == after


def test_head_office_may_resolve_or_close_with_its_answer_but_not_more():
	assert rules.status_after_reply(rules.HEAD_OFFICE, rules.OPEN, rules.RESOLVED) == rules.RESOLVED
	assert rules.status_after_reply(rules.HEAD_OFFICE, rules.REPLIED, rules.CLOSED) == rules.CLOSED
	assert reason(rules.status_after_reply, rules.HEAD_OFFICE, rules.OPEN, rules.REPLIED) == (
		TicketRuleError.NOT_FOR_HEAD_OFFICE
	)
	assert reason(rules.status_after_reply, rules.HEAD_OFFICE, rules.CONVERTED, rules.CLOSED) == (
		TicketRuleError.CONVERTED
	)


@pytest.mark.parametrize("side", [rules.CUSTOMER, rules.AGENCY])
def test_the_partys_message_makes_it_head_offices_turn_until_the_ticket_is_closed(side):
	assert rules.status_after_reply(side, rules.OPEN) == rules.OPEN
	for current in (rules.ANSWERED, rules.REPLIED, rules.RESOLVED):
		assert rules.status_after_reply(side, current) == rules.REPLIED
	assert reason(rules.status_after_reply, side, rules.CLOSED) == TicketRuleError.CLOSED
	assert reason(rules.status_after_reply, side, rules.CONVERTED) == TicketRuleError.CONVERTED
	assert reason(rules.status_after_reply, side, rules.ANSWERED, rules.CLOSED) == (
		TicketRuleError.NOT_FOR_PARTY
	)
	assert not rules.party_may_write(rules.CLOSED) and rules.party_may_write(rules.RESOLVED)


def test_an_unknown_side_is_refused():
	assert reason(rules.status_after_reply, "Technician", rules.OPEN) == TicketRuleError.UNKNOWN_SIDE
	assert reason(rules.check_status_change, "", rules.OPEN, rules.CLOSED) == TicketRuleError.UNKNOWN_SIDE


def test_the_party_may_only_resolve_or_close_its_ticket():
	rules.check_status_change(rules.CUSTOMER, rules.ANSWERED, rules.RESOLVED)
	rules.check_status_change(rules.AGENCY, rules.OPEN, rules.CLOSED)
	rules.check_status_change(rules.AGENCY, rules.RESOLVED, rules.CLOSED)
	assert reason(rules.check_status_change, rules.CUSTOMER, rules.CLOSED, rules.OPEN) == (
		TicketRuleError.NOT_FOR_PARTY
	)
	assert reason(rules.check_status_change, rules.CUSTOMER, rules.CLOSED, rules.RESOLVED) == (
		TicketRuleError.CLOSED
	)
	assert reason(rules.check_status_change, rules.AGENCY, rules.ANSWERED, rules.ANSWERED) == (
		TicketRuleError.SAME_STATUS
	)


def test_head_office_may_reopen_but_converted_comes_only_with_a_conversion_and_stays():
	rules.check_status_change(rules.HEAD_OFFICE, rules.CLOSED, rules.OPEN)
	rules.check_status_change(rules.HEAD_OFFICE, rules.OPEN, rules.RESOLVED)
	assert reason(rules.check_status_change, rules.HEAD_OFFICE, rules.OPEN, rules.CONVERTED) == (
		TicketRuleError.CONVERSION_ONLY
	)
	assert reason(rules.check_status_change, rules.HEAD_OFFICE, rules.CONVERTED, rules.OPEN) == (
		TicketRuleError.CONVERTED
	)
	assert reason(rules.check_status_change, rules.HEAD_OFFICE, rules.OPEN, rules.REPLIED) == (
		TicketRuleError.NOT_FOR_HEAD_OFFICE
	)
	assert reason(rules.check_status_change, rules.HEAD_OFFICE, rules.OPEN, "Pending") == (
		TicketRuleError.UNKNOWN_STATUS
	)


def test_resolving_closing_and_reopening_date_the_ticket():
	earlier, now = datetime(2026, 1, 1, 9), datetime(2026, 1, 2, 10)
	assert rules.status_dates(rules.RESOLVED, None, None, now) == (now, None)
	assert rules.status_dates(rules.CLOSED, earlier, None, now) == (earlier, now)
	assert rules.status_dates(rules.CLOSED, None, None, now) == (now, now)
	assert rules.status_dates(rules.CONVERTED, None, None, now) == (now, now)
	assert rules.status_dates(rules.REPLIED, earlier, earlier, now) == (None, None)


def test_the_sla_pauses_while_the_party_is_to_answer_and_is_fulfilled_when_done():
	assert set(rules.SLA_PAUSE_ON) == {rules.ANSWERED}
	assert set(rules.SLA_FULFILLED_ON) == {rules.RESOLVED, rules.CLOSED, rules.CONVERTED}
	assert not set(rules.SLA_PAUSE_ON) & set(rules.WAITING_FOR_HEAD_OFFICE)


@pytest.mark.parametrize("content, extension", [(PNG, "png"), (JPEG, "jpg"), (WEBP, "webp"), (PDF, "pdf")])
def test_photos_and_pdfs_are_recognised_by_their_first_bytes(content, extension):
	assert rules.check_file(content) == extension


def test_other_files_empty_files_and_large_files_are_refused():
	assert reason(rules.check_file, b"<svg xmlns='http://www.w3.org/2000/svg'/>") == TicketRuleError.FILE_TYPE
	assert reason(rules.check_file, b"MZ\x90\x00 a program") == TicketRuleError.FILE_TYPE
	assert reason(rules.check_file, b"") == TicketRuleError.EMPTY_FILE
	assert reason(rules.check_file, PDF + b"\x00" * 100, 50) == TicketRuleError.FILE_SIZE
	assert rules.check_file(PDF + b"\x00" * 10, 50) == "pdf"


def test_stored_file_names_keep_the_senders_name_and_the_real_extension():
	assert rules.safe_file_name("C:\\Users\\me\\فاکتور اسفند.png", "pdf") == "فاکتور اسفند.pdf"
	assert rules.safe_file_name("../../etc/passwd", "jpg") == "passwd.jpg"
	assert rules.safe_file_name("<script>.jpg", "jpg") == "script.jpg"
	assert rules.safe_file_name(None, "png") == "attachment.png"


def test_typed_text_is_normalised_and_a_message_keeps_its_lines():
	assert rules.clean_text("  سلام\r\nكيف   حالك؟ ۱۲\n\n\n\nخداحافظ  ") == "سلام\nکیف حالک؟ 12\n\nخداحافظ"
	assert rules.clean_text(" موضوع\nدو خط ", multiline=False) == "موضوع دو خط"
	assert rules.clean_text(None) == ""
