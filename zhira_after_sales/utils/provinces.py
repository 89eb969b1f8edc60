"""Iran's 31 provinces and their landline area codes.

Source: libphonenumber geocoding data (resources/geocoding/{en,fa}/98.txt), which follows the
ITU numbering plan; the same 31 codes appear in the Wikipedia article "Telephone numbers in Iran".
Plain Python: no Frappe import.
"""

from typing import NamedTuple


class Province(NamedTuple):
	area_code: str  # with the trunk prefix, as Iranians write it: "021"
	name_fa: str
	name_en: str
	capital_fa: str
	capital_en: str


PROVINCES: tuple[Province, ...] = (
	Province("011", "مازندران", "Mazandaran", "ساری", "Sari"),
	Province("013", "گیلان", "Gilan", "رشت", "Rasht"),
	Province("017", "گلستان", "Golestan", "گرگان", "Gorgan"),
	Province("021", "تهران", "Tehran", "تهران", "Tehran"),
	Province("023", "سمنان", "Semnan", "سمنان", "Semnan"),
	Province("024", "زنجان", "Zanjan", "زنجان", "Zanjan"),
	Province("025", "قم", "Qom", "قم", "Qom"),
	Province("026", "البرز", "Alborz", "کرج", "Karaj"),
	Province("028", "قزوین", "Qazvin", "قزوین", "Qazvin"),
	Province("031", "اصفهان", "Isfahan", "اصفهان", "Isfahan"),
	Province("034", "کرمان", "Kerman", "کرمان", "Kerman"),
	Province("035", "یزد", "Yazd", "یزد", "Yazd"),
	Province("038", "چهارمحال و بختیاری", "Chaharmahal and Bakhtiari", "شهرکرد", "Shahrekord"),
	Province("041", "آذربایجان شرقی", "East Azerbaijan", "تبریز", "Tabriz"),
	Province("044", "آذربایجان غربی", "West Azerbaijan", "ارومیه", "Urmia"),
	Province("045", "اردبیل", "Ardabil", "اردبیل", "Ardabil"),
	Province("051", "خراسان رضوی", "Razavi Khorasan", "مشهد", "Mashhad"),
	Province("054", "سیستان و بلوچستان", "Sistan and Baluchestan", "زاهدان", "Zahedan"),
	Province("056", "خراسان جنوبی", "South Khorasan", "بیرجند", "Birjand"),
	Province("058", "خراسان شمالی", "North Khorasan", "بجنورد", "Bojnurd"),
	Province("061", "خوزستان", "Khuzestan", "اهواز", "Ahvaz"),
	Province("066", "لرستان", "Lorestan", "خرم‌آباد", "Khorramabad"),
	Province("071", "فارس", "Fars", "شیراز", "Shiraz"),
	Province("074", "کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad", "یاسوج", "Yasuj"),
	Province("076", "هرمزگان", "Hormozgan", "بندرعباس", "Bandar Abbas"),
	Province("077", "بوشهر", "Bushehr", "بوشهر", "Bushehr"),
	Province("081", "همدان", "Hamadan", "همدان", "Hamadan"),
	Province("083", "کرمانشاه", "Kermanshah", "کرمانشاه", "Kermanshah"),
	Province("084", "ایلام", "Ilam", "ایلام", "Ilam"),
	Province("086", "مرکزی", "Markazi", "اراک", "Arak"),
	Province("087", "کردستان", "Kurdistan", "سنندج", "Sanandaj"),
)

BY_AREA_CODE: dict[str, Province] = {p.area_code: p for p in PROVINCES}


def province_for_area_code(area_code: str) -> Province | None:
	"""'21', '021' or '+9821' -> the Tehran row; None when the code is not a province's."""
	code = str(area_code or "").strip().lstrip("+")
	if code.startswith("98") and len(code) == 4:
		code = code[2:]
	if len(code) == 2:
		code = "0" + code
	return BY_AREA_CODE.get(code)
