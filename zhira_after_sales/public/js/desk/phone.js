// Iranian phone numbers as Iranian staff read them. Numbers are stored in E.164 (+989123456708,
// +982633445566); people read and type the national form (0912 345 6708, 026 3344 5566).
// Pure functions, no Frappe and no DOM: Node's test runner checks them (tests/js/). The grouping
// is libphonenumber's for Iran (zhira_after_sales/utils/phone.py on the server): mobiles and
// other 09xx numbers 4-3-4, landlines a three-digit area code then 4-4.

const E164_IRAN = /^\+98(\d{10})$/;
const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";
// what a person may type around the digits of a number
const SEPARATORS = /[\s\-().\/\u200c\u200e\u200f]/g;

export function to_latin_digits(text) {
	return String(text).replace(/[۰-۹٠-٩]/g, (ch) => {
		const persian = PERSIAN_DIGITS.indexOf(ch);
		return String(persian >= 0 ? persian : ARABIC_DIGITS.indexOf(ch));
	});
}

// "+989123456708" -> "0912 345 6708"; "+982633445566" -> "026 3344 5566"; anything else as given
export function national(value) {
	if (typeof value !== "string") return value;
	const match = E164_IRAN.exec(value.trim());
	if (!match) return value;
	const digits = match[1];
	if (digits[0] === "9") {
		return `0${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
	}
	return `0${digits.slice(0, 2)} ${digits.slice(2, 6)} ${digits.slice(6)}`;
}

// What someone typed into a phone search box, as the stored form begins: "0912 345" ->
// "+98912345", "۰۹۱۲۳۴۵" -> "+98912345", "0098912..." / "98912..." / "9123456708" -> "+98912..."; text that is
// not a typed Iranian number (a name, a tracking code) comes back unchanged.
export function search_form(text) {
	if (typeof text !== "string") return text;
	const digits = to_latin_digits(text).replace(SEPARATORS, "");
	if (!/^\+?\d{3,}$/.test(digits)) return text;
	if (digits.startsWith("+98")) return digits;
	if (digits.startsWith("0098")) return "+98" + digits.slice(4);
	if (digits.startsWith("98") && digits.length >= 12) return "+98" + digits.slice(2);
	if (digits.startsWith("0") && !digits.startsWith("00")) return "+98" + digits.slice(1);
	if (/^9\d{9}$/.test(digits)) return "+98" + digits; // a mobile without its leading 0
	return text;
}

// A whole Iranian number typed in any common form, in its stored E.164 form; null for anything
// else (part of a number, a landline without its area code, a name).
export function stored_form(text) {
	const candidate = search_form(text);
	return typeof candidate === "string" && E164_IRAN.test(candidate) ? candidate : null;
}
