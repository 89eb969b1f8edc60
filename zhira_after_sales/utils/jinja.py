"""Jinja filters and globals for print formats and SMS templates (registered in hooks.py).

{{ doc.received_on | jalali }}              -> 1405/09/08
{{ doc.received_on | jalali(persian=True) }} -> ۱۴۰۵/۰۹/۰۸
{{ doc.received_on | jalali_long }}         -> ۸ آذر ۱۴۰۵
{{ doc.modified | jalali_datetime }}        -> 1405/09/08 14:30
{{ doc.tracking_code | persian_digits }}    -> ۱۲۳۴۵۶۷۸
{{ doc.mobile_no | phone_national }}        -> 0912 123 4567
"""

from zhira_after_sales.utils import jalali as _jalali
from zhira_after_sales.utils import text as _text
from zhira_after_sales.utils.phone import try_parse as _try_parse


def jalali(value, fmt: str = "%Y/%m/%d", persian: bool = False) -> str:
	return _jalali.format_date(value, fmt=fmt, persian_digits=persian)


def jalali_datetime(value, fmt: str = "%Y/%m/%d %H:%M", persian: bool = False) -> str:
	return _jalali.format_datetime(value, fmt=fmt, persian_digits=persian)


def jalali_long(value, persian: bool = True, weekday: bool = False) -> str:
	return _jalali.format_long(value, persian_digits=persian, with_weekday=weekday)


def persian_digits(value) -> str:
	return _text.to_persian_digits(value)


def latin_digits(value) -> str:
	return _text.to_latin_digits(value)


def phone_national(value) -> str:
	phone = _try_parse(value)
	return phone.national if phone else (value or "")
