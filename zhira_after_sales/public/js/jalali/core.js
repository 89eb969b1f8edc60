// Jalali (Solar Hijri) dates for people, Gregorian ISO dates for the system.
//
// Pure functions on top of jalaali-js (all calendar arithmetic is the library's): no Frappe, no
// moment, no DOM, so Node's test runner checks them directly (tests/js/). The rules mirror
// zhira_after_sales/utils/jalali.py on the server.

import {
	d2g,
	d2j,
	g2d,
	isValidJalaaliDate,
	j2d,
	jalaaliMonthLength,
	toGregorian,
	toJalaali,
} from "jalaali-js";

export const INVALID = "Invalid date"; // Frappe's contract for text that is not a date

// a four-digit year at or above this is Gregorian (1700 AP is about 2321 AD)
export const GREGORIAN_YEAR_FLOOR = 1700;

export const MONTHS_EN = [
	"Farvardin",
	"Ordibehesht",
	"Khordad",
	"Tir",
	"Mordad",
	"Shahrivar",
	"Mehr",
	"Aban",
	"Azar",
	"Dey",
	"Bahman",
	"Esfand",
];

// Saturday first, as Iranian calendars print the week; Friday is the weekly holiday
export const WEEKDAYS_EN = [
	"Saturday",
	"Sunday",
	"Monday",
	"Tuesday",
	"Wednesday",
	"Thursday",
	"Friday",
];
export const FRIDAY = 6;

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
const ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";
// bidi controls and zero-width marks that come along when text is copied from RTL pages
const INVISIBLES = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u200b-\u200d]/g;

/** Persian and Arabic-Indic digits to ASCII, bidi marks removed, outer spaces trimmed. */
export function normalize(text) {
	return String(text ?? "")
		.replace(/[۰-۹]/g, (d) => String(PERSIAN_DIGITS.indexOf(d)))
		.replace(/[٠-٩]/g, (d) => String(ARABIC_INDIC_DIGITS.indexOf(d)))
		.replace(INVISIBLES, "")
		.trim();
}

export function to_persian_digits(text) {
	return String(text ?? "").replace(/[0-9]/g, (d) => PERSIAN_DIGITS[d]);
}

export function pad(number, width = 2) {
	return String(number).padStart(width, "0");
}

// --- Gregorian ISO <-> Jalali ------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** "YYYY-MM-DD" (anything after the date is ignored) -> {gy, gm, gd}, or null if no such day. */
export function parse_iso(iso) {
	const match = ISO_DATE.exec(String(iso ?? ""));
	if (!match) return null;
	const [gy, gm, gd] = match.slice(1).map(Number);
	return gregorian_exists(gy, gm, gd) ? { gy, gm, gd } : null;
}

function gregorian_exists(gy, gm, gd) {
	if (gm < 1 || gm > 12 || gd < 1 || gd > 31) return false;
	// the day survives a round trip through a day number only if it exists
	const back = d2g(g2d(gy, gm, gd));
	return back.gy === gy && back.gm === gm && back.gd === gd;
}

export function iso_from_gregorian({ gy, gm, gd }) {
	return `${pad(gy, 4)}-${pad(gm)}-${pad(gd)}`;
}

/** "2026-11-29" -> {jy: 1405, jm: 9, jd: 8}; null for what is not an ISO date. */
export function to_jalali(iso) {
	const g = parse_iso(iso);
	if (!g) return null;
	try {
		return toJalaali(g.gy, g.gm, g.gd);
	} catch (e) {
		return null; // outside the library's range
	}
}

/** (1405, 9, 8) -> "2026-11-29"; null for a day that does not exist (1404/12/30). */
export function to_iso(jy, jm, jd) {
	if (!is_valid_jalali(jy, jm, jd)) return null;
	return iso_from_gregorian(toGregorian(jy, jm, jd));
}

export function is_valid_jalali(jy, jm, jd) {
	try {
		return isValidJalaaliDate(jy, jm, jd);
	} catch (e) {
		return false;
	}
}

export function month_length(jy, jm) {
	return jalaaliMonthLength(jy, jm);
}

/** {jy, jm, jd} -> "1405/09/08" */
export function format_jalali({ jy, jm, jd }) {
	return `${pad(jy, 4)}/${pad(jm)}/${pad(jd)}`;
}

/** "2026-11-29" -> "1405/09/08"; INVALID for what is not an ISO date. */
export function format_date(iso) {
	const j = to_jalali(iso);
	return j ? format_jalali(j) : INVALID;
}

/** "2025-03-20" -> "30 Esfand 1403" (month names given, e.g. translated ones). */
export function format_long(iso, month_names = MONTHS_EN) {
	const j = to_jalali(iso);
	return j ? `${j.jd} ${month_names[j.jm - 1]} ${j.jy}` : INVALID;
}

// --- what people type ------------------------------------------------------------------------

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SEPARATED = /^(\d{1,4})[/\-.](\d{1,2})[/\-.](\d{1,4})$/;
const TODAY_WORDS = ["t", "today", "امروز"];

/**
 * What a person typed as a date -> one of
 *   {iso: "YYYY-MM-DD", calendar: "jalali" | "gregorian"}
 *   {defer: true}   a day-first Gregorian date (20-03-2025): the site's own format decides
 *   {error: "empty" | "format" | "invalid"}   ("invalid": the day does not exist, e.g. 1404/12/30;
 *                                              a Jalali one also carries {jy, jm, jd})
 *
 * Accepts Persian/Arabic-Indic digits, `/` `-` `.` separators, 1405/9/8, 8/9/1405, 14050908,
 * 05/9/8 (two-digit year: below 50 is 14xx, else 13xx), t/today/امروز (needs `today`), and a
 * Gregorian date typed year first (2025-03-20, 20250320: a year >= 1700 is Gregorian).
 */
export function parse_date(text, today = null) {
	const value = normalize(text);
	if (!value) return { error: "empty" };
	if (TODAY_WORDS.includes(value.toLowerCase())) {
		return today ? { iso: today, calendar: "gregorian" } : { error: "format" };
	}

	let year, month, day;
	let year_first = true;
	let match = COMPACT.exec(value);
	if (match) {
		[year, month, day] = match.slice(1).map(Number);
	} else {
		match = SEPARATED.exec(value);
		if (!match) return { error: "format" };
		const [first, middle, last] = match.slice(1);
		month = Number(middle);
		if (last.length === 4 && first.length <= 2) {
			[year, day, year_first] = [Number(last), Number(first), false];
		} else if (last.length <= 2 && first.length !== 3) {
			[year, day] = [Number(first), Number(last)];
			if (first.length <= 2) year += year < 50 ? 1400 : 1300;
		} else {
			return { error: "format" };
		}
	}

	if (year >= GREGORIAN_YEAR_FLOOR) {
		if (!year_first) return { defer: true };
		return gregorian_exists(year, month, day)
			? { iso: iso_from_gregorian({ gy: year, gm: month, gd: day }), calendar: "gregorian" }
			: { error: "invalid" };
	}
	const iso = to_iso(year, month, day);
	return iso ? { iso, calendar: "jalali" } : { error: "invalid", jy: year, jm: month, jd: day };
}

const TIME = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/;

/** "9:5" -> "09:05:00", "23:30:15" -> "23:30:15"; null when it is not a time of day. */
export function parse_time(text) {
	const match = TIME.exec(normalize(text));
	if (!match) return null;
	const [h, m, s] = match.slice(1).map((part) => Number(part || 0));
	if (h > 23 || m > 59 || s > 59) return null;
	return `${pad(h)}:${pad(m)}:${pad(s)}`;
}

/**
 * A typed date with an optional time ("1405/09/10 9:15") -> the same result shapes as
 * parse_date, plus `time` ("09:15:00") when one was typed; a bad time is {error: "format"}.
 */
export function parse_datetime(text, today = null) {
	const value = normalize(text);
	const space = value.search(/\s/);
	if (space === -1) return parse_date(value, today);
	const result = parse_date(value.slice(0, space), today);
	if (result.error || result.defer) return result;
	const time = parse_time(value.slice(space).trim());
	return time ? { ...result, time } : { error: "format" };
}

// --- months, years and the picker's grid -----------------------------------------------------

/** Saturday = 0 ... Friday = 6 */
export function weekday(jy, jm, jd) {
	return (j2d(jy, jm, jd) + 2) % 7;
}

/** (1405, 9) -> ["2026-11-22", "2026-12-21"] */
export function month_range(jy, jm) {
	return [to_iso(jy, jm, 1), to_iso(jy, jm, month_length(jy, jm))];
}

/** 1 Farvardin to the last day of Esfand: the Iranian fiscal year. */
export function year_range(jy) {
	return [to_iso(jy, 1, 1), to_iso(jy, 12, month_length(jy, 12))];
}

/** The month `delta` months after (jy, jm): (1404, 12) + 1 -> {jy: 1405, jm: 1}. */
export function add_months(jy, jm, delta) {
	const index = jy * 12 + (jm - 1) + delta;
	return { jy: Math.floor(index / 12), jm: (((index % 12) + 12) % 12) + 1 };
}

/** The Jalali day `days` days after {jy, jm, jd} (through the library's day numbers). */
export function add_days({ jy, jm, jd }, days) {
	return d2j(j2d(jy, jm, jd) + days);
}

/**
 * The weeks of a Jalali month as the picker shows them: Saturday first, each week 7 cells,
 * a cell is {jy, jm, jd, iso, weekday} or null before the 1st / after the last day.
 */
export function month_grid(jy, jm) {
	const first = weekday(jy, jm, 1);
	const length = month_length(jy, jm);
	const cells = Array(first).fill(null);
	for (let jd = 1; jd <= length; jd++) {
		cells.push({ jy, jm, jd, iso: to_iso(jy, jm, jd), weekday: (first + jd - 1) % 7 });
	}
	while (cells.length % 7) cells.push(null);
	const weeks = [];
	for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
	return weeks;
}

/**
 * A Gregorian period (first and last ISO day, inclusive) named in Jalali months, for calendar
 * titles: "Azar 1405", "Aban – Azar 1405", "Esfand 1404 – Farvardin 1405"; with_days:
 * "8 Azar 1405", "8 – 14 Azar 1405", "29 Aban – 5 Azar 1405".
 */
export function period_title(start_iso, end_iso, month_names = MONTHS_EN, with_days = false) {
	const a = to_jalali(start_iso);
	const b = to_jalali(end_iso) || a;
	if (!a) return "";
	const day = (j) => (with_days ? `${j.jd} ` : "");
	const same_year = a.jy === b.jy;
	const same_month = same_year && a.jm === b.jm;
	if (same_month && (!with_days || a.jd === b.jd))
		return `${day(a)}${month_names[a.jm - 1]} ${a.jy}`;
	if (same_month) return `${a.jd} – ${b.jd} ${month_names[a.jm - 1]} ${a.jy}`;
	const first = `${day(a)}${month_names[a.jm - 1]}${same_year ? "" : ` ${a.jy}`}`;
	return `${first} – ${day(b)}${month_names[b.jm - 1]} ${b.jy}`;
}
