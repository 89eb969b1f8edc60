// Small parts of the picker (picker.js). What a key pressed on a day of the picker's grid does, as data (no DOM), so the picker reads
// as a list of actions and the mapping is unit-tested in Node:
//   {days: n}     move the focused day by n days (arrows; right and left swap in RTL)
//   {months: n}   move the view by n months (PageUp/PageDown; with Shift a year)
//   {week_edge}   "start" or "end" of the week (Home/End)
//   {choose: true} pick the focused day (Enter, Space)
//   null          not the grid's key

import * as core from "./core.js";

export function grid_key(key, { rtl = false, shift = false } = {}) {
	const forward = rtl ? -1 : 1;
	const days = { ArrowRight: forward, ArrowLeft: -forward, ArrowDown: 7, ArrowUp: -7 };
	if (key in days) return { days: days[key] };
	if (key === "PageUp" || key === "PageDown") {
		return { months: (key === "PageUp" ? -1 : 1) * (shift ? 12 : 1) };
	}
	if (key === "Home") return { week_edge: "start" };
	if (key === "End") return { week_edge: "end" };
	if (key === "Enter" || key === " ") return { choose: true };
	return null;
}

// "شنبه" (or "روز شنبه") -> "ش", "Saturday" -> "Sa"
export function short_weekday(name) {
	const word = String(name).trim().split(/\s+/).pop();
	return /^[\u0600-\u06ff]/.test(word) ? word.charAt(0) : word.slice(0, 2);
}

// a new element with a class and a text (or a child node)
export function el(tag, class_name = "", content = null) {
	const node = document.createElement(tag);
	if (class_name) node.className = class_name;
	if (content instanceof Node) node.append(content);
	else if (content !== null) node.textContent = content;
	return node;
}

// the time fields (hour, minute and optionally second) under the grid; `changed` runs after a
// field is corrected into its range
export function time_row(labels, { h, m, s }, with_seconds, changed) {
	const row = el("div", "zjp-time");
	row.setAttribute("dir", "ltr");
	row.append(el("span", "zjp-time-label", labels.time));
	const fields = [
		["hour", h, 23],
		["minute", m, 59],
	];
	if (with_seconds) fields.push(["second", s, 59]);
	fields.forEach(([name, value, max], index) => {
		if (index) row.append(el("span", "zjp-time-sep", ":"));
		const field = el("input", `zjp-${name}`);
		field.type = "number";
		field.min = "0";
		field.max = String(max);
		field.value = core.pad(Number(value) || 0);
		field.setAttribute("aria-label", labels[name] || name);
		field.addEventListener("change", () => {
			const number = Math.min(max, Math.max(0, Number(core.normalize(field.value)) || 0));
			field.value = core.pad(number);
			changed();
		});
		row.append(field);
	});
	return row;
}
