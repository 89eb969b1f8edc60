// Dates as a technician reads them: Jalali, with Persian digits in Persian. The server sends its
// wall-clock times with their offset ("2026-11-30T14:05:00+03:30", Asia/Tehran on an Iranian
// site): they are shown as they read, not moved to the phone's zone. The phone's own times are
// Dates or ISO strings in UTC.

import { toJalaali } from "./jalaali.js";

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
const MONTHS_FA = [
	"فروردین",
	"اردیبهشت",
	"خرداد",
	"تیر",
	"مرداد",
	"شهریور",
	"مهر",
	"آبان",
	"آذر",
	"دی",
	"بهمن",
	"اسفند",
];
const MONTHS_EN = [
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

export function digits(value, lang) {
	const text = value == null ? "" : String(value);
	return lang === "fa" ? text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[d]) : text;
}

const pad = (n) => String(n).padStart(2, "0");

/** {y, m, d, hh, mm} of a server string ("YYYY-MM-DD[ HH:MM[:SS]]") or of a Date (phone's zone). */
export function parts(value) {
	if (!value) return null;
	if (value instanceof Date) {
		if (isNaN(value)) return null;
		return {
			y: value.getFullYear(),
			m: value.getMonth() + 1,
			d: value.getDate(),
			hh: value.getHours(),
			mm: value.getMinutes(),
			time: true,
		};
	}
	const text = String(value);
	// the phone's own times (toISOString, in UTC) are shown in the phone's zone; the server's
	// ("2026-11-30T10:09:55+03:30") as its wall clock reads, whatever zone the phone is in
	if (/T.*Z$/i.test(text)) return parts(new Date(text));
	const match = text.match(/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/);
	if (!match) return null;
	return {
		y: +match[1],
		m: +match[2],
		d: +match[3],
		hh: match[4] ? +match[4] : 0,
		mm: match[5] ? +match[5] : 0,
		time: Boolean(match[4]),
	};
}

/** 1405/09/09 */
export function jalaliDate(value, lang) {
	const p = parts(value);
	if (!p) return "";
	const j = toJalaali(p.y, p.m, p.d);
	return digits(`${j.jy}/${pad(j.jm)}/${pad(j.jd)}`, lang);
}

/** 1405/09/09 14:05 */
export function jalaliDateTime(value, lang) {
	const p = parts(value);
	if (!p) return "";
	const date = jalaliDate(value, lang);
	return p.time ? `${date} ${digits(`${pad(p.hh)}:${pad(p.mm)}`, lang)}` : date;
}

/** ۹ آذر ۱۴۰۵ / 9 Azar 1405 */
export function jalaliLong(value, lang) {
	const p = parts(value);
	if (!p) return "";
	const j = toJalaali(p.y, p.m, p.d);
	const months = lang === "fa" ? MONTHS_FA : MONTHS_EN;
	return digits(`${j.jd} ${months[j.jm - 1]} ${j.jy}`, lang);
}

/** 14:05 */
export function clock(value, lang) {
	const p = parts(value);
	return p ? digits(`${pad(p.hh)}:${pad(p.mm)}`, lang) : "";
}

/** YYYY-MM-DD of a value, to compare days. */
export function dayKey(value) {
	const p = parts(value);
	return p ? `${p.y}-${pad(p.m)}-${pad(p.d)}` : "";
}
