from zhira_after_sales.utils.text import normalize_persian, to_latin_digits, to_persian_digits


def test_digits_both_ways():
	assert to_latin_digits("۱۴۰۵/۰۹/۰۸ و ٠١٢") == "1405/09/08 و 012"
	assert to_persian_digits("Tracking 12345678") == "Tracking ۱۲۳۴۵۶۷۸"
	assert to_latin_digits(None) == ""


def test_arabic_letters_become_persian_and_spaces_collapse():
	assert normalize_persian("  علي   كريمي\u200f ") == "علی کریمی"
	assert normalize_persian("پلاك ۱۲") == "پلاک 12"
