"""Persian text normalisation. Plain Python: no Frappe import."""

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)
_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
# Arabic yeh/kaf (and alef maksura) typed on Arabic keyboards -> Persian letters
_ARABIC_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
# bidi controls and zero-width marks that sneak in when numbers are copied from RTL text
_INVISIBLES = dict.fromkeys(
	map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
)


def to_latin_digits(value) -> str:
	"""Persian and Arabic-Indic digits to ASCII digits; everything else unchanged."""
	return str(value if value is not None else "").translate(_TO_LATIN)


def to_persian_digits(value) -> str:
	"""ASCII and Arabic-Indic digits to Persian digits (for display only, never for storage)."""
	return str(value if value is not None else "").translate(_TO_PERSIAN)


def strip_invisibles(value: str) -> str:
	return str(value or "").translate(_INVISIBLES)


def normalize_persian(value) -> str:
	"""Normalise user-typed Persian text: Arabic yeh/kaf to Persian, Latin digits, no bidi marks,
	collapsed whitespace."""
	text = strip_invisibles(to_latin_digits(value)).translate(_ARABIC_LETTERS)
	return " ".join(text.split())


def normalize_serial(value) -> str:
	"""Serials are compared as printed: Latin digits, no spaces or bidi marks, upper case."""
	return "".join(strip_invisibles(to_latin_digits(value or "")).split()).upper()
