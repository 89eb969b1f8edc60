"""The rules of a Service Ticket's conversation, as plain Python (no Frappe): its statuses, who may
move it where, the status a reply leaves it in, its dates, and what a file sent with a message
may be.

Statuses (what each tells head office and the party):

    Open        new: waiting for head office's first answer
    Answered    head office wrote; waiting for the customer or agency (the SLA clock is paused)
    Replied     the customer or agency wrote again; waiting for head office
    Resolved    the matter is settled; the party may still write (it becomes Replied again)
    Closed      finished; nobody writes to it any more (head office may reopen it)
    Converted   it became a Service Reception or a Complaint, which carries the work on

Sides of a message: "Head Office", "Customer", "Agency".

Every refusal is a TicketRuleError with a stable `reason`; the caller turns it into a translated
message.
"""

import re
from typing import NamedTuple

from zhira_after_sales.utils.text import normalize_persian

OPEN = "Open"
ANSWERED = "Answered"
REPLIED = "Replied"
RESOLVED = "Resolved"
CLOSED = "Closed"
CONVERTED = "Converted"
STATUSES = (OPEN, ANSWERED, REPLIED, RESOLVED, CLOSED, CONVERTED)

# whose turn it is
WAITING_FOR_HEAD_OFFICE = (OPEN, REPLIED)
WAITING_FOR_PARTY = (ANSWERED,)
DONE = (RESOLVED, CLOSED, CONVERTED)
# ERPNext's Service Level Agreement: paused while the party is to answer, fulfilled when done
SLA_PAUSE_ON = WAITING_FOR_PARTY
SLA_FULFILLED_ON = DONE

HEAD_OFFICE = "Head Office"
CUSTOMER = "Customer"
AGENCY = "Agency"
SIDES = (HEAD_OFFICE, CUSTOMER, AGENCY)
# party_type -> the side its messages are on
PARTY_SIDES = {"Customer": CUSTOMER, "Service Agency": AGENCY}

CATEGORIES = ("Service Request", "Complaint", "Question", "Financial")

# what head office may leave a ticket in with a reply, or set by hand
HEAD_OFFICE_REPLY_STATUSES = (ANSWERED, RESOLVED, CLOSED)
HEAD_OFFICE_STATUSES = (OPEN, ANSWERED, RESOLVED, CLOSED)
# what the customer or agency may set on their own ticket
PARTY_STATUSES = (RESOLVED, CLOSED)

MAX_SUBJECT = 140
MAX_MESSAGE = 5000
MAX_FILE_BYTES = 5 * 1024 * 1024
# what a file may be, recognised by its first bytes (not by its name or the browser's word)
FILE_TYPES = {
	"jpg": "image/jpeg",
	"png": "image/png",
	"webp": "image/webp",
	"pdf": "application/pdf",
}


_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value, multiline: bool = True) -> str:
	"""Typed text as it is stored: Persian letters for Arabic yeh and kaf, Latin digits, no bidi
	marks, spaces collapsed; a message keeps its lines (at most one empty line in a row)."""
	if not isinstance(value, str):
		return ""
	if not multiline:
		return normalize_persian(value)
	lines = [normalize_persian(line) for line in value.replace("\r\n", "\n").split("\n")]
	return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


class TicketRuleError(ValueError):
	"""A step the rules do not allow; `reason` says which rule (a stable key)."""

	UNKNOWN_STATUS = "unknown_status"
	UNKNOWN_SIDE = "unknown_side"
	SAME_STATUS = "same_status"
	CONVERSION_ONLY = "conversion_only"
	CONVERTED = "converted"
	CLOSED = "closed"
	NOT_FOR_PARTY = "not_for_party"
	NOT_FOR_HEAD_OFFICE = "not_for_head_office"
	EMPTY_FILE = "empty_file"
	FILE_TYPE = "file_type"
	FILE_SIZE = "file_size"

	def __init__(self, reason: str, value: str = ""):
		self.reason = reason
		self.value = value
		super().__init__(f"{reason}: {value!r}")


def check_side(side: str):
	if side not in SIDES:
		raise TicketRuleError(TicketRuleError.UNKNOWN_SIDE, side)


def party_may_write(status: str) -> bool:
	"""The customer or agency may still write to a ticket in `status`."""
	return status not in (CLOSED, CONVERTED)


def status_after_reply(side: str, current: str, requested: str | None = None) -> str:
	"""The status a message of `side` leaves a ticket in `current` in. Head office may ask for
	Resolved or Closed with its reply (default Answered); a converted ticket stays Converted. The
	party's message makes it head office's turn again; it cannot write to a closed or converted
	ticket."""
	check_side(side)
	if side == HEAD_OFFICE:
		if current == CONVERTED:
			if requested and requested != CONVERTED:
				raise TicketRuleError(TicketRuleError.CONVERTED, requested)
			return CONVERTED
		if requested and requested not in HEAD_OFFICE_REPLY_STATUSES:
			raise TicketRuleError(TicketRuleError.NOT_FOR_HEAD_OFFICE, requested)
		return requested or ANSWERED
	if requested:
		raise TicketRuleError(TicketRuleError.NOT_FOR_PARTY, requested)
	if current == CONVERTED:
		raise TicketRuleError(TicketRuleError.CONVERTED, current)
	if current == CLOSED:
		raise TicketRuleError(TicketRuleError.CLOSED, current)
	return OPEN if current == OPEN else REPLIED


def check_status_change(side: str, current: str, new: str):
	"""Refuse a status `side` may not set by hand on a ticket in `current`: Converted comes only
	with a conversion and is final; the party may only resolve or close its ticket; Replied is the
	party's message, not head office's choice."""
	check_side(side)
	if new not in STATUSES:
		raise TicketRuleError(TicketRuleError.UNKNOWN_STATUS, new)
	if new == current:
		raise TicketRuleError(TicketRuleError.SAME_STATUS, new)
	if new == CONVERTED:
		raise TicketRuleError(TicketRuleError.CONVERSION_ONLY, new)
	if current == CONVERTED:
		raise TicketRuleError(TicketRuleError.CONVERTED, current)
	if side == HEAD_OFFICE:
		if new not in HEAD_OFFICE_STATUSES:
			raise TicketRuleError(TicketRuleError.NOT_FOR_HEAD_OFFICE, new)
		return
	if new not in PARTY_STATUSES:
		raise TicketRuleError(TicketRuleError.NOT_FOR_PARTY, new)
	if current == CLOSED:
		raise TicketRuleError(TicketRuleError.CLOSED, current)


class StatusDates(NamedTuple):
	resolved_on: object
	closed_on: object


def status_dates(new: str, resolved_on, closed_on, now) -> StatusDates:
	"""When the ticket was resolved and closed, after it moved to `new` at `now`: resolving dates
	it, closing (or converting) dates the close (and the resolution, if it had none), reopening
	clears both."""
	if new == RESOLVED:
		return StatusDates(now, None)
	if new in (CLOSED, CONVERTED):
		return StatusDates(resolved_on or now, now)
	return StatusDates(None, None)


def file_type(content: bytes) -> str | None:
	"""The extension of a JPEG, PNG, WebP or PDF file, from its first bytes; None for anything else."""
	if content.startswith(b"\xff\xd8\xff"):
		return "jpg"
	if content.startswith(b"\x89PNG\r\n\x1a\n"):
		return "png"
	if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
		return "webp"
	if content.startswith(b"%PDF-"):
		return "pdf"
	return None


def check_file(content: bytes, max_bytes: int = MAX_FILE_BYTES) -> str:
	"""The extension a file sent with a message is stored under, if it is a photo (JPEG, PNG,
	WebP) or a PDF of at most `max_bytes`."""
	if not content:
		raise TicketRuleError(TicketRuleError.EMPTY_FILE)
	extension = file_type(content)
	if not extension:
		raise TicketRuleError(TicketRuleError.FILE_TYPE)
	if len(content) > max_bytes:
		raise TicketRuleError(TicketRuleError.FILE_SIZE, str(len(content)))
	return extension


def safe_file_name(name: str | None, extension: str) -> str:
	"""A stored file name: the sender's name without its path and odd characters, with the
	extension of what the file really is."""
	base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
	base = base.rsplit(".", 1)[0] if "." in base else base
	kept = "".join(ch for ch in base if ch.isalnum() or ch in " -_").strip()[:60]
	return f"{kept or 'attachment'}.{extension}"
