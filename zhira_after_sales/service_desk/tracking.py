"""Tracking codes given to customers, technicians and the system. Plain Python: no Frappe import.

A code is 9 digits: 8 random digits (the first never 0, so it keeps its length when typed into a
number field) and a Verhoeff check digit, which catches every single mistyped digit and every swap
of two neighbouring digits. Codes come from the operating system's CSPRNG, so one code says
nothing about the next. Uniqueness is the database's job (a unique index); `generate_unique`
retries on the rare collision.
"""

import secrets
from collections.abc import Callable

from stdnum import verhoeff

from zhira_after_sales.utils.text import strip_invisibles, to_latin_digits

RANDOM_DIGITS = 8
LENGTH = RANDOM_DIGITS + 1
MIN_LENGTH, MAX_LENGTH = 8, 10  # what validate() accepts (room to grow without breaking old codes)


class TrackingCodeError(ValueError):
	"""`reason`: "empty", "format" (not 8-10 digits) or "check" (a digit is wrong)."""

	def __init__(self, reason: str, value: str = ""):
		self.reason = reason
		self.value = value
		super().__init__(f"{reason}: {value!r}")


def generate(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
	first = str(1 + randbelow(9))
	rest = "".join(str(randbelow(10)) for _ in range(RANDOM_DIGITS - 1))
	body = first + rest
	return body + verhoeff.calc_check_digit(body)


def generate_unique(exists: Callable[[str], bool], attempts: int = 20, **kwargs) -> str:
	"""A code for which `exists(code)` is False. Raises RuntimeError after `attempts` collisions
	(with 9 * 10**7 possible codes that means the table is nearly full, not bad luck)."""
	for _ in range(attempts):
		code = generate(**kwargs)
		if not exists(code):
			return code
	raise RuntimeError("could not find a free tracking code")


def normalize(value) -> str:
	"""Latin digits only: Persian/Arabic digits converted, spaces, dashes and bidi marks removed."""
	text = strip_invisibles(to_latin_digits(value or ""))
	return "".join(ch for ch in text if not ch.isspace() and ch != "-")


def validate(value) -> str:
	"""The normalised code, or TrackingCodeError."""
	code = normalize(value)
	if not code:
		raise TrackingCodeError("empty", str(value or ""))
	if not code.isdecimal() or not MIN_LENGTH <= len(code) <= MAX_LENGTH:
		raise TrackingCodeError("format", str(value))
	if not verhoeff.is_valid(code):
		raise TrackingCodeError("check", str(value))
	return code


def is_valid(value) -> bool:
	try:
		validate(value)
		return True
	except TrackingCodeError:
		return False
