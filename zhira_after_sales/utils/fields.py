"""Frappe-side wrappers that turn the plain rule modules' errors into translated messages naming
the field the user has to fix."""

import frappe
from frappe import _

from zhira_after_sales.exceptions import InvalidJalaliDateError, InvalidPhoneNumberError
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.phone import IranPhone, PhoneError, parse_iran_phone
from zhira_after_sales.utils.text import normalize_persian


def phone_error_message(error: PhoneError, label: str) -> str:
	value = frappe.bold(error.value) if error.value else ""
	messages = {
		PhoneError.EMPTY: _("{0} is empty. Type a phone number.").format(label),
		PhoneError.NOT_A_NUMBER: _(
			"{0}: {1} is not a phone number. Type only digits, for example 0912 123 4567."
		).format(label, value),
		PhoneError.FOREIGN: _(
			"{0}: {1} is not an Iranian number. Type an Iranian mobile (09xx xxx xxxx) or a landline with its area code (0xx xxxx xxxx)."
		).format(label, value),
		PhoneError.INVALID: _(
			"{0}: {1} is not a valid Iranian number. Mobiles have 11 digits (09xx xxx xxxx); landlines have 11 digits with the area code (0xx xxxx xxxx)."
		).format(label, value),
		PhoneError.NEEDS_AREA_CODE: _(
			"{0}: {1} has no area code. Type the landline with its area code, for example 021 8888 1234."
		).format(label, value),
		PhoneError.NOT_MOBILE: _(
			"{0}: {1} is not a mobile number. Type a mobile number that starts with 09."
		).format(label, value),
		PhoneError.NOT_LANDLINE: _(
			"{0}: {1} is not a landline number. Type a landline with its area code, for example 021 8888 1234."
		).format(label, value),
	}
	return messages.get(error.reason, messages[PhoneError.INVALID])


def field_label(doc, fieldname: str) -> str:
	return _(doc.meta.get_label(fieldname))


def parse_phone_field(
	doc, fieldname: str, kind: str = "any", default_area_code: str | None = None
) -> IranPhone | None:
	"""Validate `doc.<fieldname>` as an Iranian phone number and store it as E.164.

	`kind`: "mobile", "landline" or "any". Empty values are left alone (mandatory-ness is the
	DocType's business). Throws InvalidPhoneNumberError with a message naming the field.
	"""
	value = doc.get(fieldname)
	if not value or not str(value).strip():
		doc.set(fieldname, None)
		return None
	label = field_label(doc, fieldname)
	try:
		phone = parse_iran_phone(value, default_area_code=default_area_code)
		if kind == "mobile" and not phone.is_mobile:
			raise PhoneError(PhoneError.NOT_MOBILE, str(value))
		if kind == "landline" and phone.kind != "landline":
			raise PhoneError(PhoneError.NOT_LANDLINE, str(value))
	except PhoneError as e:
		frappe.throw(
			phone_error_message(e, label), exc=InvalidPhoneNumberError, title=_("Invalid Phone Number")
		)
	doc.set(fieldname, phone.e164)
	return phone


def parse_mobile_input(value, label: str | None = None) -> IranPhone:
	"""A mobile number typed outside a form (a login, an invitation) -> IranPhone, or a translated
	error naming `label` (default "Mobile")."""
	try:
		phone = parse_iran_phone(value)
		if not phone.is_mobile:
			raise PhoneError(PhoneError.NOT_MOBILE, str(value))
	except PhoneError as e:
		frappe.throw(
			phone_error_message(e, label or _("Mobile")),
			exc=InvalidPhoneNumberError,
			title=_("Invalid Phone Number"),
		)
	return phone


def normalize_text_fields(doc, *fieldnames: str):
	"""Arabic yeh/kaf to Persian, Latin digits, trimmed: so searches and duplicates match."""
	for fieldname in fieldnames:
		value = doc.get(fieldname)
		if isinstance(value, str) and value:
			doc.set(fieldname, normalize_persian(value))


def parse_jalali_input(value, label: str):
	"""A Jalali (or ISO) date typed by a user -> Gregorian date, or a translated error."""
	try:
		return jalali.parse_date(value, today=frappe.utils.getdate())
	except jalali.JalaliParseError as e:
		if e.reason == "invalid":
			message = _(
				"{0}: {1} is not a day of the Jalali calendar. Check the day and month (Esfand has 29 days except in leap years)."
			)
		else:
			message = _(
				"{0}: {1} is not a date. Type it as YYYY/MM/DD in the Jalali calendar, for example 1405/09/08."
			)
		# what was typed is shown back, never run as HTML
		frappe.throw(
			message.format(label, frappe.bold(frappe.utils.escape_html(e.value))), exc=InvalidJalaliDateError
		)
