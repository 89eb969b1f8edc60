// The desk's national display of Iranian numbers (public/js/desk/phone.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
	national,
	search_form,
	stored_form,
} from "../../zhira_after_sales/public/js/desk/phone.js";

test("a stored mobile reads as 0912 345 6708", () => {
	assert.equal(national("+989123456708"), "0912 345 6708");
});

test("a stored landline reads with its area code: 026 3344 5566, 021 2222 3333", () => {
	assert.equal(national("+982633445566"), "026 3344 5566");
	assert.equal(national("+982122223333"), "021 2222 3333");
});

test("anything that is not a stored Iranian number is left as it is", () => {
	for (const value of [
		"+4915123456789",
		"09123456708",
		"ZH-12345",
		"",
		"+98912345670",
		null,
		5,
	]) {
		assert.equal(national(value), value);
	}
});

test("a typed national number searches for the stored form", () => {
	assert.equal(search_form("0912 345 6708"), "+989123456708");
	assert.equal(search_form("0912345"), "+98912345");
	assert.equal(search_form("۰۹۱۲-۳۴۵"), "+98912345");
	assert.equal(search_form("026 3344"), "+98263344");
	assert.equal(search_form("00989123456708"), "+989123456708");
	assert.equal(search_form("989123456708"), "+989123456708");
	assert.equal(search_form("+98912"), "+98912");
	assert.equal(search_form("9123456708"), "+989123456708");
});

test("names, tracking codes and short digits are searched as typed", () => {
	for (const text of ["Ali Rezaei", "علی", "ZH12345", "12", "9123", "", "00"]) {
		assert.equal(search_form(text), text);
	}
});

test("what a phone field reads back: a whole number in its stored form, anything else as typed", () => {
	assert.equal(stored_form("0912 345 6701"), "+989123456701");
	assert.equal(stored_form("۰۹۱۲۳۴۵۶۷۰۱"), "+989123456701");
	assert.equal(stored_form("+989123456701"), "+989123456701");
	assert.equal(stored_form("021 2222 3333"), "+982122223333");
	for (const text of ["0912 345", "22223333", "Ali", ""]) assert.equal(stored_form(text), null);
});
