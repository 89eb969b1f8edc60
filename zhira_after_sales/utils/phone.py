"""Iranian phone numbers: normalise any typed form to E.164 and find the province.

Parsing and validation are `phonenumbers`' (Google libphonenumber); this module only cleans the
input (Persian/Arabic digits, bidi marks, separators), rejects what libphonenumber would guess at,
and maps a landline's area code to its province. Plain Python: no Frappe import.
"""

import re
from typing import NamedTuple

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from zhira_after_sales.utils.provinces import Province, province_for_area_code
from zhira_after_sales.utils.text import strip_invisibles, to_latin_digits

IRAN_COUNTRY_CODE = 98
NATIONAL_LENGTH = 10

# what a person may type around the digits; letters are refused (libphonenumber would turn
# "0912-CALL-NOW" into digits)
_ALLOWED = re.compile(r"^\+?[\d\s\-().\/]+$")
_SEPARATORS = re.compile(r"[\s\-().\/]")


class PhoneError(ValueError):
	"""Raised for input that is not a usable Iranian number; `reason` is a stable key."""

	EMPTY = "empty"
	NOT_A_NUMBER = "not_a_number"
	FOREIGN = "foreign"
	INVALID = "invalid"
	NEEDS_AREA_CODE = "needs_area_code"
	NOT_MOBILE = "not_mobile"
	NOT_LANDLINE = "not_landline"

	def __init__(self, reason: str, value: str = ""):
		self.reason = reason
		self.value = value
		super().__init__(f"{reason}: {value!r}")


class IranPhone(NamedTuple):
	e164: str  # +989121234567
	national: str  # 0912 123 4567
	kind: str  # "mobile", "landline" or "other" (e.g. 094x fixed wireless)
	area_code: str | None  # "021" for a landline, None otherwise
	province: Province | None

	@property
	def is_mobile(self) -> bool:
		return self.kind == "mobile"

	@property
	def compact_national(self) -> str:
		"""09121234567 - the form most Iranian SMS providers accept."""
		return self.national.replace(" ", "")


def clean(value) -> str:
	"""Latin digits, no bidi marks, no separators; a leading + kept."""
	text = strip_invisibles(to_latin_digits(value)).strip()
	return _SEPARATORS.sub("", text)


def parse_iran_phone(value, default_area_code: str | None = None) -> IranPhone:
	"""Parse an Iranian mobile or landline number typed in any common form.

	Accepts Persian/Arabic-Indic digits, `+98`, `0098`, `98`, a leading `0` or none, spaces,
	dashes, dots and brackets. A bare 8-digit local landline is completed with
	`default_area_code` when one is given; otherwise it is refused with `needs_area_code`.
	Raises PhoneError with a reason key.
	"""
	raw = strip_invisibles(to_latin_digits(value)).strip()
	if not raw:
		raise PhoneError(PhoneError.EMPTY, raw)
	if not _ALLOWED.match(raw):
		raise PhoneError(PhoneError.NOT_A_NUMBER, raw)

	digits = clean(raw)
	if digits.startswith("+"):
		candidate = digits
	elif digits.startswith("00"):
		candidate = "+" + digits[2:]
	elif digits.startswith("98") and len(digits) == 12:
		candidate = "+" + digits
	elif len(digits) == 8 and not digits.startswith("0"):
		if not default_area_code:
			raise PhoneError(PhoneError.NEEDS_AREA_CODE, raw)
		area = clean(default_area_code).lstrip("0")
		candidate = "0" + area + digits
	else:
		candidate = digits

	try:
		number = phonenumbers.parse(candidate, "IR")
	except phonenumbers.NumberParseException:
		raise PhoneError(PhoneError.NOT_A_NUMBER, raw)

	if number.country_code != IRAN_COUNTRY_CODE:
		raise PhoneError(PhoneError.FOREIGN, raw)
	national_significant = str(number.national_number)
	# libphonenumber also accepts a few short landline patterns (021 2345); a number a customer
	# can be called and texted on has 10 digits after the 0: 2-digit area code + 8, or 9xx + 7
	if len(national_significant) != NATIONAL_LENGTH or not phonenumbers.is_valid_number(number):
		raise PhoneError(PhoneError.INVALID, raw)

	number_type = phonenumbers.number_type(number)
	province = None
	area_code = None
	if number_type == PhoneNumberType.MOBILE:
		kind = "mobile"
	else:
		province = province_for_area_code(national_significant[:2])
		if province:
			kind = "landline"
			area_code = province.area_code
		else:
			kind = "other"

	return IranPhone(
		e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
		national=phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
		kind=kind,
		area_code=area_code,
		province=province,
	)


def normalize_mobile(value) -> str:
	"""E.164 of an Iranian mobile number; PhoneError(not_mobile) for a landline."""
	phone = parse_iran_phone(value)
	if not phone.is_mobile:
		raise PhoneError(PhoneError.NOT_MOBILE, str(value))
	return phone.e164


def normalize_landline(value, default_area_code: str | None = None) -> IranPhone:
	phone = parse_iran_phone(value, default_area_code=default_area_code)
	if phone.kind != "landline":
		raise PhoneError(PhoneError.NOT_LANDLINE, str(value))
	return phone


def try_parse(value, default_area_code: str | None = None) -> IranPhone | None:
	"""parse_iran_phone, or None instead of an error (for search boxes)."""
	try:
		return parse_iran_phone(value, default_area_code=default_area_code)
	except PhoneError:
		return None


def number_variants(value: "IranPhone | str | None") -> list[str]:
	"""The forms a number may have been typed in where it is free text (Contacts, Customers, data
	older than this app): +989121234567, 09121234567, 989121234567, 9121234567, 0912 123 4567,
	+98 912 123 4567 and 00989121234567. A text that is not an Iranian number is its only form."""
	phone = value if isinstance(value, IranPhone) else try_parse(value)
	if not phone:
		return [value] if value else []
	national = phone.compact_national  # 09121234567
	return list(
		dict.fromkeys(
			[
				phone.e164,
				national,
				phone.e164[1:],
				national[1:],
				phone.national,
				"+98 " + phone.national[1:],
				"0098" + national[1:],
			]
		)
	)


def province_of(value) -> Province | None:
	"""The province of a landline number, None for mobiles and unknown numbers."""
	phone = try_parse(value)
	return phone.province if phone else None
