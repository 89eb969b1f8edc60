// Unit tests of the Jalali conversion and parsing layer of the desk bundle
// (zhira_after_sales/public/js/jalali/core.js). Run: node --test tests/js/
//
// The independent oracle for conversions is ICU's Persian calendar (Intl, `-u-ca-persian`),
// which agrees with jalaali-js for 1800-2256 AD.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import * as core from "../../zhira_after_sales/public/js/jalali/core.js";

const icu = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", {
	timeZone: "UTC",
	year: "numeric",
	month: "numeric",
	day: "numeric",
});

/** "2025-03-20" -> {jy, jm, jd} by ICU */
function icu_jalali(iso) {
	const [y, m, d] = iso.split("-").map(Number);
	const parts = Object.fromEntries(
		icu.formatToParts(new Date(Date.UTC(y, m - 1, d))).map((p) => [p.type, p.value]),
	);
	return { jy: Number(parts.year), jm: Number(parts.month), jd: Number(parts.day) };
}

function iso_days_after(iso, days) {
	const [y, m, d] = iso.split("-").map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

describe("month boundaries 1399-1410", () => {
	for (let jy = 1399; jy <= 1410; jy++) {
		test(`every month of ${jy} starts and ends where ICU says`, () => {
			for (let jm = 1; jm <= 12; jm++) {
				const length = core.month_length(jy, jm);
				const first = core.to_iso(jy, jm, 1);
				const last = core.to_iso(jy, jm, length);
				assert.deepEqual(icu_jalali(first), { jy, jm, jd: 1 }, `${jy}/${jm}/1 = ${first}`);
				assert.deepEqual(
					icu_jalali(last),
					{ jy, jm, jd: length },
					`${jy}/${jm}/${length}`,
				);
				// the day before the 1st belongs to the previous month, the day after the last to the next
				const before = icu_jalali(iso_days_after(first, -1));
				const after = icu_jalali(iso_days_after(last, 1));
				assert.deepEqual(before, core.to_jalali(iso_days_after(first, -1)));
				assert.deepEqual(after, { ...core.add_months(jy, jm, 1), jd: 1 });
				// one past the end does not exist
				assert.equal(core.to_iso(jy, jm, length + 1), null, `${jy}/${jm}/${length + 1}`);
				assert.deepEqual(core.parse_date(`${jy}/${jm}/${length + 1}`).error, "invalid");
				// display and typing agree on both boundaries
				assert.equal(core.format_date(first), `${jy}/${core.pad(jm)}/01`);
				assert.equal(core.parse_date(core.format_date(first)).iso, first);
				assert.equal(core.parse_date(core.format_date(last)).iso, last);
				assert.deepEqual(core.month_range(jy, jm), [first, last]);
			}
		});
	}

	test("month lengths: 31 in the first half, 30 after, Esfand 29 or 30 (33-year rule)", () => {
		const esfand = {};
		for (let jy = 1399; jy <= 1410; jy++) {
			for (let jm = 1; jm <= 11; jm++) {
				assert.equal(core.month_length(jy, jm), jm <= 6 ? 31 : 30);
			}
			esfand[jy] = core.month_length(jy, 12);
		}
		assert.deepEqual(esfand, {
			1399: 30,
			1400: 29,
			1401: 29,
			1402: 29,
			1403: 30,
			1404: 29,
			1405: 29,
			1406: 29,
			1407: 29,
			1408: 30,
			1409: 29,
			1410: 29,
		});
	});

	test("known days", () => {
		assert.equal(core.to_iso(1403, 12, 30), "2025-03-20"); // leap Esfand
		assert.equal(core.to_iso(1404, 12, 30), null); // 1404 is a common year
		assert.equal(core.to_iso(1404, 12, 29), "2026-03-20");
		assert.equal(core.to_iso(1405, 1, 1), "2026-03-21"); // Nowruz
		assert.equal(core.to_iso(1399, 12, 30), "2021-03-20");
		assert.equal(core.format_date("2026-11-29"), "1405/09/08");
		assert.deepEqual(core.year_range(1405), ["2026-03-21", "2027-03-20"]);
	});
});

test("every day 1921-03-21 .. 2121-03-20 survives display -> typing", () => {
	let iso = "1921-03-21";
	let count = 0;
	while (iso <= "2121-03-20") {
		const shown = core.format_date(iso);
		assert.equal(core.parse_date(shown).iso, iso, `${iso} shown as ${shown}`);
		iso = iso_days_after(iso, 1);
		count++;
	}
	assert.equal(count, 73049);
});

describe("parsing what people type", () => {
	const cases = [
		// [typed, expected ISO]
		["1405/01/01", "2026-03-21"],
		["1405/1/1", "2026-03-21"],
		["1405-01-01", "2026-03-21"],
		["1405.1.1", "2026-03-21"],
		["14050101", "2026-03-21"],
		["۱۴۰۵/۰۱/۰۱", "2026-03-21"], // Persian digits
		["١٤٠٥/٠١/٠١", "2026-03-21"], // Arabic-Indic digits
		["۱۴۰۵-۱-۱", "2026-03-21"],
		["1/1/1405", "2026-03-21"], // day first
		["01-01-1405", "2026-03-21"],
		["05/1/1", "2026-03-21"], // two-digit year below 50: 14xx
		["99/12/30", "2021-03-20"], // two-digit year 50 and above: 13xx
		["1403/12/30", "2025-03-20"],
		["14051225", "2027-03-16"],
		["\u200f1405/01/01\u200e", "2026-03-21"], // bidi marks from copied RTL text
		["  1405/01/01  ", "2026-03-21"],
		["2025-03-20", "2025-03-20"], // Gregorian ISO typed by someone who prefers it
		["2025/3/20", "2025-03-20"],
		["20250320", "2025-03-20"],
		["۲۰۲۵-۰۳-۲۰", "2025-03-20"],
	];
	for (const [typed, iso] of cases) {
		test(`${JSON.stringify(typed)} -> ${iso}`, () => {
			assert.equal(core.parse_date(typed).iso, iso);
		});
	}

	test("a day-first Gregorian date is left to the site's date format", () => {
		assert.deepEqual(core.parse_date("20-03-2025"), { defer: true });
		assert.deepEqual(core.parse_date("۲۰/۰۳/۲۰۲۵"), { defer: true });
	});

	test("today words need today's date", () => {
		assert.equal(core.parse_date("t", "2026-11-29").iso, "2026-11-29");
		assert.equal(core.parse_date("امروز", "2026-11-29").iso, "2026-11-29");
		assert.equal(core.parse_date("Today", "2026-11-29").iso, "2026-11-29");
		assert.equal(core.parse_date("t").error, "format");
	});

	const impossible = [
		["1404/12/30", "invalid"], // Esfand of a common year
		["1405/07/31", "invalid"], // second half months have 30 days
		["1405/13/01", "invalid"],
		["1405/00/10", "invalid"],
		["1405/01/00", "invalid"],
		["2025-02-29", "invalid"], // 2025 is not a Gregorian leap year
		["2025-13-01", "invalid"],
		["", "empty"],
		["   ", "empty"],
		["abc", "format"],
		["1405", "format"],
		["1405/01", "format"],
		["140/01/01", "format"], // three-digit year
		["1405/01/001", "format"],
		["1405/01/01/01", "format"],
		["1405 01 01", "format"],
		["1405_01_01", "format"],
		["12345678901", "format"],
	];
	for (const [typed, error] of impossible) {
		test(`${JSON.stringify(typed)} is refused (${error})`, () => {
			const result = core.parse_date(typed);
			assert.equal(result.error, error);
			assert.equal(result.iso, undefined);
		});
	}

	test("an impossible Jalali day says which month it was", () => {
		assert.deepEqual(core.parse_date("1404/12/30"), {
			error: "invalid",
			jy: 1404,
			jm: 12,
			jd: 30,
		});
	});

	const times = [
		["1405/09/10 09:15", { iso: "2026-12-01", time: "09:15:00" }],
		["1405/09/10 9:5", { iso: "2026-12-01", time: "09:05:00" }],
		["1405/09/10 23:30:15", { iso: "2026-12-01", time: "23:30:15" }],
		["۱۴۰۵/۰۹/۱۰ ۲۳:۳۰", { iso: "2026-12-01", time: "23:30:00" }],
		["1405/09/10   08:00:00", { iso: "2026-12-01", time: "08:00:00" }],
		["2026-12-01 09:15:00", { iso: "2026-12-01", time: "09:15:00" }],
		["1405/09/10", { iso: "2026-12-01" }],
	];
	for (const [typed, expected] of times) {
		test(`date and time ${JSON.stringify(typed)}`, () => {
			const { iso, time } = core.parse_datetime(typed);
			assert.deepEqual(time === undefined ? { iso } : { iso, time }, expected);
		});
	}

	for (const typed of [
		"1405/09/10 24:00",
		"1405/09/10 12:60",
		"1405/09/10 12:30:60",
		"1405/09/10 noon",
		"1405/09/10 12",
	]) {
		test(`an impossible time ${JSON.stringify(typed)} is refused`, () => {
			assert.equal(core.parse_datetime(typed).error, "format");
		});
	}

	test("parse_time", () => {
		assert.equal(core.parse_time("7:5"), "07:05:00");
		assert.equal(core.parse_time("۰۷:۰۵:۰۹"), "07:05:09");
		assert.equal(core.parse_time("25:00"), null);
		assert.equal(core.parse_time(""), null);
	});
});

describe("display", () => {
	test("format_date of what is not an ISO date is Frappe's 'Invalid date'", () => {
		assert.equal(core.format_date("garbage"), core.INVALID);
		assert.equal(core.format_date("2025-02-30"), core.INVALID);
		assert.equal(core.format_date("2026-11-29 17:30:00"), "1405/09/08");
	});

	test("format_long", () => {
		assert.equal(core.format_long("2025-03-20"), "30 Esfand 1403");
		const names = ["فروردین", "", "", "", "", "", "", "", "", "", "", "اسفند"];
		assert.equal(core.format_long("2026-03-21", names), "1 فروردین 1405");
	});

	test("digits", () => {
		assert.equal(core.normalize("۱۲۳٤٥"), "12345");
		assert.equal(core.to_persian_digits("1405/09/08"), "۱۴۰۵/۰۹/۰۸");
	});

	test("calendar titles", () => {
		assert.equal(core.period_title("2026-11-22", "2026-12-21"), "Azar 1405");
		assert.equal(core.period_title("2026-11-01", "2026-11-30"), "Aban – Azar 1405");
		assert.equal(
			core.period_title("2026-03-01", "2026-03-31"),
			"Esfand 1404 – Farvardin 1405",
		);
		assert.equal(
			core.period_title("2026-11-29", "2026-11-29", undefined, true),
			"8 Azar 1405",
		);
		assert.equal(
			core.period_title("2026-11-28", "2026-12-04", undefined, true),
			"7 – 13 Azar 1405",
		);
		assert.equal(
			core.period_title("2026-11-19", "2026-11-25", undefined, true),
			"28 Aban – 4 Azar 1405",
		);
	});
});

describe("the picker's month grid", () => {
	test("weeks start on Saturday and end on Friday", () => {
		// 1 Farvardin 1405 (2026-03-21) is a Saturday
		assert.equal(core.weekday(1405, 1, 1), 0);
		assert.equal(core.weekday(1405, 9, 8), 1); // 2026-11-29 is a Sunday
		assert.equal(core.weekday(1403, 12, 30), 5); // 2025-03-20 is a Thursday
		for (let jy = 1399; jy <= 1410; jy++) {
			for (let jm = 1; jm <= 12; jm++) {
				const weeks = core.month_grid(jy, jm);
				const days = weeks.flat().filter(Boolean);
				assert.equal(days.length, core.month_length(jy, jm));
				assert.deepEqual(
					days.map((d) => d.jd),
					days.map((_, i) => i + 1),
				);
				for (const week of weeks) {
					assert.equal(week.length, 7);
					week.forEach((cell, column) => {
						if (!cell) return;
						assert.equal(cell.weekday, column);
						const weekday = new Date(`${cell.iso}T00:00:00Z`).getUTCDay(); // 0 Sunday
						assert.equal((weekday + 1) % 7, column, `${cell.iso} in column ${column}`);
					});
				}
			}
		}
	});

	test("moving by days and months crosses years", () => {
		assert.deepEqual(core.add_days({ jy: 1403, jm: 12, jd: 30 }, 1), {
			jy: 1404,
			jm: 1,
			jd: 1,
		});
		assert.deepEqual(core.add_days({ jy: 1405, jm: 1, jd: 1 }, -1), {
			jy: 1404,
			jm: 12,
			jd: 29,
		});
		assert.deepEqual(core.add_months(1404, 12, 1), { jy: 1405, jm: 1 });
		assert.deepEqual(core.add_months(1405, 1, -1), { jy: 1404, jm: 12 });
		assert.deepEqual(core.add_months(1405, 5, -17), { jy: 1403, jm: 12 });
	});
});

describe("the picker's keys on a day of the grid", async () => {
	const { grid_key, short_weekday } = await import(
		"../../zhira_after_sales/public/js/jalali/parts.js"
	);

	test("arrows move by a day or a week; right and left swap in a right-to-left page", () => {
		assert.deepEqual(grid_key("ArrowRight"), { days: 1 });
		assert.deepEqual(grid_key("ArrowRight", { rtl: true }), { days: -1 });
		assert.deepEqual(grid_key("ArrowLeft", { rtl: true }), { days: 1 });
		assert.deepEqual(grid_key("ArrowDown", { rtl: true }), { days: 7 });
		assert.deepEqual(grid_key("ArrowUp"), { days: -7 });
	});

	test("page keys move a month, with Shift a year; Home/End the week; Enter and Space choose", () => {
		assert.deepEqual(grid_key("PageDown"), { months: 1 });
		assert.deepEqual(grid_key("PageUp", { shift: true }), { months: -12 });
		assert.deepEqual(grid_key("Home"), { week_edge: "start" });
		assert.deepEqual(grid_key("End"), { week_edge: "end" });
		assert.deepEqual(grid_key("Enter"), { choose: true });
		assert.deepEqual(grid_key(" "), { choose: true });
		assert.equal(grid_key("a"), null);
	});

	test("weekday headers are one Persian letter or two Latin ones", () => {
		assert.equal(short_weekday("روز شنبه"), "ش");
		assert.equal(short_weekday("Saturday"), "Sa");
	});
});
