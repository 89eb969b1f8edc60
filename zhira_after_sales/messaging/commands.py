"""What an inbound SMS says, read without a database. Plain Python: no Frappe import.

Technicians change a reception's status by texting `<tracking code> <status sms_code>`, in
Persian or Latin digits, separated by any spacing or punctuation ("12345678 2", "۱۲۳۴۵۶۷۸-۲",
" 12345678   2 "). Customers answer a survey SMS with one digit.
"""

import re
from dataclasses import dataclass

from zhira_after_sales.utils.text import normalize_persian

TRACKING_CODE_DIGITS = (8, 10)  # DESIGN: 8-10 digits with a check digit
SMS_CODE_DIGITS = 4  # Service Status.sms_code: 1-4 digits

_SEPARATORS = r"[\s\-_,.\u060c\u061b;:/\\*#+=|]"
_COMMAND = re.compile(rf"^(\d+){_SEPARATORS}+(\d+)$")
_DIGITS_ONLY = re.compile(r"^\d+$")
_LEADING_DIGITS = re.compile(r"^\d{6,}")
_TRAILING_PUNCTUATION = re.compile(r"[\s.!\u060c,\u061f?]+$")


class CommandError(ValueError):
	"""Why a text is not a technician command; `reason` is a stable key for the reply."""

	EMPTY = "empty"
	NOT_A_COMMAND = "not_a_command"
	MISSING_STATUS_CODE = "missing_status_code"
	BAD_TRACKING_CODE = "bad_tracking_code"
	BAD_STATUS_CODE = "bad_status_code"

	def __init__(self, reason: str, text: str = ""):
		self.reason = reason
		self.text = text
		super().__init__(f"{reason}: {text!r}")


@dataclass(frozen=True)
class TechnicianCommand:
	tracking_code: str
	sms_code: str


def normalize(text) -> str:
	"""Latin digits, Persian letters, no bidi marks, single spaces, trimmed."""
	return normalize_persian(text or "")


def parse_technician_command(text) -> TechnicianCommand:
	"""`<tracking code> <status sms_code>` -> TechnicianCommand, or CommandError with a reason."""
	clean = normalize(text)
	if not clean:
		raise CommandError(CommandError.EMPTY, clean)
	match = _COMMAND.match(clean)
	if not match:
		if _DIGITS_ONLY.match(clean):
			raise CommandError(CommandError.MISSING_STATUS_CODE, clean)
		raise CommandError(CommandError.NOT_A_COMMAND, clean)
	tracking_code, sms_code = match.groups()
	low, high = TRACKING_CODE_DIGITS
	if not low <= len(tracking_code) <= high:
		raise CommandError(CommandError.BAD_TRACKING_CODE, clean)
	if len(sms_code) > SMS_CODE_DIGITS:
		raise CommandError(CommandError.BAD_STATUS_CODE, clean)
	return TechnicianCommand(tracking_code=tracking_code, sms_code=sms_code)


def looks_like_command(text) -> bool:
	"""A text that starts with a long number was probably meant as a command (worth a reply
	explaining the format); anything else from a technician is ordinary conversation."""
	return bool(_LEADING_DIGITS.match(normalize(text)))


def parse_single_digit(text) -> int | None:
	"""A survey answer: one digit, Persian or Latin, maybe with spaces or a full stop. Else None."""
	clean = _TRAILING_PUNCTUATION.sub("", normalize(text)).replace(" ", "")
	if len(clean) == 1 and clean.isdecimal():
		return int(clean)
	return None
