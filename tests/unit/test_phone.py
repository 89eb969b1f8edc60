"""Iranian phone numbers: every province's area code, the many ways people type a number, and
what must be refused."""

import pytest

from zhira_after_sales.utils.phone import (
	PhoneError,
	normalize_landline,
	normalize_mobile,
	number_variants,
	parse_iran_phone,
	province_of,
	try_parse,
)
from zhira_after_sales.utils.provinces import PROVINCES, province_for_area_code


def test_there_are_31_provinces_with_distinct_codes():
	assert len(PROVINCES) == 31
	assert len({p.area_code for p in PROVINCES}) == 31
	assert len({p.name_fa for p in PROVINCES}) == 31


@pytest.mark.parametrize("province", PROVINCES, ids=lambda p: p.area_code)
def test_every_province_landline_is_parsed_to_e164_and_province(province):
	typed = f"{province.area_code}-3234 5678"
	phone = parse_iran_phone(typed)
	assert phone.kind == "landline"
	assert phone.e164 == f"+98{province.area_code[1:]}32345678"
	assert phone.area_code == province.area_code
	assert phone.province == province
	assert province_of(typed) == province


@pytest.mark.parametrize(
	"typed",
	[
		"09121234567",
		"9121234567",
		"+989121234567",
		"00989121234567",
		"989121234567",
		"0912 123 4567",
		"0912-123-4567",
		"(0912) 123 4567",
		"۰۹۱۲۱۲۳۴۵۶۷",  # Persian digits
		"٠٩١٢١٢٣٤٥٦٧",  # Arabic-Indic digits
		"\u200e0912 123 4567\u200f",  # bidi marks copied from RTL text
		" +98 912 123 4567 ",
	],
)
def test_mobile_in_any_form_becomes_the_same_e164(typed):
	phone = parse_iran_phone(typed)
	assert phone.e164 == "+989121234567"
	assert phone.kind == "mobile"
	assert phone.province is None
	assert phone.national == "0912 123 4567"
	assert phone.compact_national == "09121234567"


@pytest.mark.parametrize(
	"typed",
	["021-88881234", "02188881234", "+982188881234", "00982188881234", "+98 (21) 8888-1234", "۰۲۱۸۸۸۸۱۲۳۴"],
)
def test_tehran_landline_forms(typed):
	phone = parse_iran_phone(typed)
	assert phone.e164 == "+982188881234"
	assert phone.province.name_en == "Tehran"
	assert phone.province.name_fa == "تهران"


@pytest.mark.parametrize(
	"typed,reason",
	[
		("", PhoneError.EMPTY),
		("   ", PhoneError.EMPTY),
		("abc", PhoneError.NOT_A_NUMBER),
		("0912-CALL-NOW", PhoneError.NOT_A_NUMBER),
		("0912123456a", PhoneError.NOT_A_NUMBER),
		("09121234567; DROP", PhoneError.NOT_A_NUMBER),
		("+1 202 555 0123", PhoneError.FOREIGN),
		("+44 20 7946 0958", PhoneError.FOREIGN),
		("0912 123 45678", PhoneError.INVALID),  # 12 digits
		("0912 123 456", PhoneError.INVALID),  # 10 digits
		("012345", PhoneError.INVALID),
		("0212345", PhoneError.INVALID),  # libphonenumber calls this valid; it is not diallable
		("0191 234 5678", PhoneError.INVALID),  # no such area code
		("88881234", PhoneError.NEEDS_AREA_CODE),
	],
)
def test_malformed_or_foreign_input_is_refused_with_a_reason(typed, reason):
	with pytest.raises(PhoneError) as info:
		parse_iran_phone(typed)
	assert info.value.reason == reason
	assert try_parse(typed) is None


def test_bare_local_number_uses_the_given_area_code():
	phone = parse_iran_phone("8888 1234", default_area_code="031")
	assert phone.e164 == "+983188881234"
	assert phone.province.name_en == "Isfahan"


def test_fixed_wireless_094_is_neither_mobile_nor_a_province():
	phone = parse_iran_phone("0941 234 5678")
	assert phone.kind == "other"
	assert phone.province is None
	with pytest.raises(PhoneError) as info:
		normalize_mobile("0941 234 5678")
	assert info.value.reason == PhoneError.NOT_MOBILE


def test_normalize_mobile_and_landline_refuse_the_other_kind():
	assert normalize_mobile("۰۹۳۵ ۱۲۳ ۴۵۶۷") == "+989351234567"
	with pytest.raises(PhoneError) as info:
		normalize_mobile("021 8888 1234")
	assert info.value.reason == PhoneError.NOT_MOBILE
	assert normalize_landline("051-38001003").province.name_en == "Razavi Khorasan"
	with pytest.raises(PhoneError) as info:
		normalize_landline("09121234567")
	assert info.value.reason == PhoneError.NOT_LANDLINE


@pytest.mark.parametrize("code", ["21", "021", "+9821", "9821"])
def test_area_code_lookup_accepts_written_forms(code):
	assert province_for_area_code(code).name_en == "Tehran"


def test_unknown_area_code_has_no_province():
	assert province_for_area_code("019") is None
	assert province_for_area_code("") is None


def test_number_variants_are_the_forms_a_number_is_stored_in():
	variants = number_variants("۰۹۱۲ ۱۲۳ ۴۵۶۷")
	assert variants == [
		"+989121234567",
		"09121234567",
		"989121234567",
		"9121234567",
		"0912 123 4567",
		"+98 912 123 4567",
		"00989121234567",
	]
	assert number_variants(parse_iran_phone("09121234567")) == variants
	assert "02112345678" in number_variants("021-1234 5678")
	assert number_variants("not a number") == ["not a number"]
	assert number_variants("") == []
