// A small Jalali date picker for one text input: a month grid with Saturday-first weeks and
// Friday marked, month/year navigation, today/now, optional time, a two-click range mode and
// keyboard use. The calendar arithmetic is jalaali-js's (through core.js). No global state: the
// picker's element exists only while it is open, its document listeners only while it is open.
//
// The caller owns the text: `read()` gives the input's current value as ISO dates and
// `pick(value)` receives {iso, time} or {start, end} to write into the input.

import * as core from "./core.js";
import { el, grid_key, short_weekday, time_row } from "./parts.js";

const ROOT_CLASS = "zhira-jalali-picker";

export class JalaliPicker {
	/**
	 * @param {HTMLInputElement} input
	 * @param {object} options
	 *   range, with_time, with_seconds: modes
	 *   rtl: right-to-left page (Saturday on the right)
	 *   labels: {months[12], weekdays[7] (Saturday first), today, previous, next, month, year, time}
	 *   today(): today's ISO date for the user; now_time(): "HH:mm:ss"
	 *   read(): {iso, time} | {start, end} | null
	 *   pick(value): called with {iso, time} or {start, end}
	 *   limits(): {min, max} ISO dates or nulls
	 */
	constructor(input, options) {
		this.input = input;
		this.options = options;
		this.root = null;
		this.view = null; // {jy, jm} shown
		this.active = null; // {jy, jm, jd} that has keyboard focus
		this.pending_start = null; // range mode: ISO of the first click
		this.hover_iso = null;
		this.bind_input();
	}

	get is_open() {
		return Boolean(this.root);
	}

	// --- the input ---------------------------------------------------------------------------

	bind_input() {
		const input = this.input;
		input.setAttribute("autocomplete", "off");
		input.addEventListener("focus", () => this.open());
		input.addEventListener("click", () => this.open());
		input.addEventListener("input", () => this.is_open && this.sync_from_input());
		input.addEventListener("keydown", (event) => this.on_input_keydown(event));
	}

	on_input_keydown(event) {
		if (event.key === "Escape" && this.is_open) {
			// close the picker only: not the dialog, the grid row or the filter popover
			event.preventDefault();
			event.stopPropagation();
			this.close();
		} else if (event.key === "ArrowDown" && (this.is_open || event.altKey)) {
			event.preventDefault();
			this.open();
			this.focus_active();
		} else if (event.key === "Tab" || event.key === "Enter") {
			this.close();
		}
	}

	// --- open and close ----------------------------------------------------------------------

	open() {
		if (this.is_open || this.suppress_open || this.input.disabled || this.input.readOnly)
			return;
		this.root = document.createElement("div");
		this.root.className = ROOT_CLASS;
		this.root.setAttribute("dir", this.options.rtl ? "rtl" : "ltr");
		this.root.setAttribute("role", "dialog");
		this.root.dataset.mode = this.options.range
			? "range"
			: this.options.with_time
				? "datetime"
				: "date";
		this.bind_root();
		this.container().appendChild(this.root);
		this.sync_from_input();
		this.on_document_mousedown = (event) => {
			if (!this.root.contains(event.target) && event.target !== this.input) this.close();
		};
		this.on_viewport_change = () => this.position();
		document.addEventListener("mousedown", this.on_document_mousedown, true);
		document.addEventListener("touchstart", this.on_document_mousedown, true);
		window.addEventListener("scroll", this.on_viewport_change, true);
		window.addEventListener("resize", this.on_viewport_change);
	}

	close() {
		if (!this.is_open) return;
		document.removeEventListener("mousedown", this.on_document_mousedown, true);
		document.removeEventListener("touchstart", this.on_document_mousedown, true);
		window.removeEventListener("scroll", this.on_viewport_change, true);
		window.removeEventListener("resize", this.on_viewport_change);
		this.root.remove();
		this.root = null;
		this.pending_start = null;
		this.hover_iso = null;
	}

	destroy() {
		this.close();
	}

	container() {
		// inside a Bootstrap modal, so that its focus trap lets the grid take focus
		return this.input.closest(".modal") || document.body;
	}

	// --- state from the input ----------------------------------------------------------------

	sync_from_input() {
		const value = this.options.read() || {};
		this.value = value;
		const anchor = value.iso || value.start || this.options.today();
		const j = core.to_jalali(anchor) || core.to_jalali(this.options.today());
		this.view = { jy: j.jy, jm: j.jm };
		this.active = j;
		this.render();
	}

	// --- rendering ---------------------------------------------------------------------------

	render() {
		if (!this.root) return;
		const { labels } = this.options;
		const { jy, jm } = this.view;
		this.root.setAttribute("aria-label", `${labels.months[jm - 1]} ${jy}`);
		this.root.innerHTML = "";
		this.root.append(this.render_head(), this.render_grid());
		if (this.options.with_time) this.root.append(this.render_time());
		if (!this.options.range) this.root.append(this.render_foot());
		this.position();
	}

	render_head() {
		const { labels } = this.options;
		const head = el("div", "zjp-head");
		const previous = el("button", "zjp-nav zjp-previous", "‹");
		previous.type = "button";
		previous.title = labels.previous;
		previous.setAttribute("aria-label", labels.previous);
		previous.addEventListener("click", () => this.move_view(-1));

		const next = el("button", "zjp-nav zjp-next", "›");
		next.type = "button";
		next.title = labels.next;
		next.setAttribute("aria-label", labels.next);
		next.addEventListener("click", () => this.move_view(1));

		const month = el("select", "zjp-month");
		month.setAttribute("aria-label", labels.month);
		labels.months.forEach((name, index) => {
			const option = el("option", "", name);
			option.value = String(index + 1);
			option.selected = index + 1 === this.view.jm;
			month.append(option);
		});
		month.addEventListener("change", () => this.set_view(this.view.jy, Number(month.value)));

		const year = el("input", "zjp-year");
		year.type = "number";
		year.min = "1000";
		year.max = "1699";
		year.value = String(this.view.jy);
		year.setAttribute("aria-label", labels.year);
		year.addEventListener("change", () => {
			const value = Number(core.normalize(year.value));
			if (value >= 1000 && value < core.GREGORIAN_YEAR_FLOOR)
				this.set_view(value, this.view.jm);
		});

		const title = el("div", "zjp-title");
		title.append(month, year);
		head.append(previous, title, next);
		return head;
	}

	render_grid() {
		const { labels } = this.options;
		const today = this.options.today();
		const { min, max } = this.options.limits ? this.options.limits() : {};
		const [range_start, range_end] = this.highlighted_range();

		const table = el("table", "zjp-grid");
		table.setAttribute("role", "grid");
		const head_row = el("tr");
		labels.weekdays.forEach((name, index) => {
			const th = el("th", index === core.FRIDAY ? "zjp-friday" : "", short_weekday(name));
			th.title = name;
			th.setAttribute("abbr", name);
			th.setAttribute("scope", "col");
			head_row.append(th);
		});
		table.append(el("thead", "", head_row));

		const body = el("tbody");
		for (const week of core.month_grid(this.view.jy, this.view.jm)) {
			const row = el("tr");
			for (const cell of week) {
				const td = el("td");
				if (cell)
					td.append(this.render_day(cell, { today, min, max, range_start, range_end }));
				row.append(td);
			}
			body.append(row);
		}
		table.append(body);
		return table;
	}

	render_day(cell, { today, min, max, range_start, range_end }) {
		const { labels } = this.options;
		const button = el("button", "zjp-day", String(cell.jd));
		button.type = "button";
		button.dataset.iso = cell.iso;
		button.dataset.jalali = core.format_jalali(cell);
		button.title = cell.iso;
		button.setAttribute(
			"aria-label",
			`${labels.weekdays[cell.weekday]} ${cell.jd} ${labels.months[cell.jm - 1]} ${cell.jy}`,
		);
		const is_active = this.active && this.active.jd === cell.jd && this.active.jm === cell.jm;
		button.tabIndex = is_active ? 0 : -1;
		button.classList.toggle("zjp-friday", cell.weekday === core.FRIDAY);
		button.classList.toggle("zjp-today", cell.iso === today);
		if (range_start && cell.iso >= range_start && cell.iso <= range_end) {
			button.classList.add("zjp-in-range");
			button.classList.toggle("zjp-range-start", cell.iso === range_start);
			button.classList.toggle("zjp-range-end", cell.iso === range_end);
		}
		const selected = this.options.range
			? cell.iso === range_start || cell.iso === range_end
			: cell.iso === this.value.iso;
		button.classList.toggle("zjp-selected", Boolean(selected));
		button.setAttribute("aria-selected", selected ? "true" : "false");
		if ((min && cell.iso < min) || (max && cell.iso > max)) {
			button.disabled = true;
		}
		button.addEventListener("click", () => this.choose(cell.iso));
		button.addEventListener("mouseenter", () => {
			if (this.pending_start) {
				this.hover_iso = cell.iso;
				this.refresh_range_marks();
			}
		});
		return button;
	}

	render_time() {
		const [h, m, s] = (this.value.time || this.options.now_time()).split(":");
		return time_row(this.options.labels, { h, m, s }, this.options.with_seconds, () => {
			if (this.value.iso) this.emit({ iso: this.value.iso, time: this.read_time() });
		});
	}

	render_foot() {
		const foot = el("div", "zjp-foot");
		const today = el(
			"button",
			"zjp-today-button btn btn-xs btn-default",
			this.options.labels.today,
		);
		today.type = "button";
		today.addEventListener("click", () => {
			const iso = this.options.today();
			this.emit(this.options.with_time ? { iso, time: this.options.now_time() } : { iso });
			this.close();
		});
		foot.append(today);
		return foot;
	}

	read_time() {
		const part = (name) => {
			const field = this.root && this.root.querySelector(`.zjp-${name}`);
			return core.pad(field ? Number(field.value) || 0 : 0);
		};
		return `${part("hour")}:${part("minute")}:${part("second")}`;
	}

	highlighted_range() {
		if (!this.options.range) return [null, null];
		if (this.pending_start) {
			const other = this.hover_iso || this.pending_start;
			return [this.pending_start, other].sort();
		}
		return this.value.start && this.value.end
			? [this.value.start, this.value.end]
			: [null, null];
	}

	refresh_range_marks() {
		const [start, end] = this.highlighted_range();
		for (const button of this.root.querySelectorAll(".zjp-day")) {
			const iso = button.dataset.iso;
			const inside = Boolean(start) && iso >= start && iso <= end;
			button.classList.toggle("zjp-in-range", inside);
			button.classList.toggle("zjp-range-start", inside && iso === start);
			button.classList.toggle("zjp-range-end", inside && iso === end);
		}
	}

	position() {
		if (!this.root) return;
		const rect = this.input.getBoundingClientRect();
		const width = this.root.offsetWidth;
		const height = this.root.offsetHeight;
		const gap = 4;
		let top = rect.bottom + gap;
		if (top + height > window.innerHeight && rect.top - gap - height > 0) {
			top = rect.top - gap - height;
		}
		let left = this.options.rtl ? rect.right - width : rect.left;
		left = Math.max(gap, Math.min(left, window.innerWidth - width - gap));
		this.root.style.top = `${Math.max(gap, top)}px`;
		this.root.style.left = `${left}px`;
	}

	// --- navigation and choice ---------------------------------------------------------------

	set_view(jy, jm, keep_day = true) {
		this.view = { jy, jm };
		const jd = Math.min(
			keep_day && this.active ? this.active.jd : 1,
			core.month_length(jy, jm),
		);
		this.active = { jy, jm, jd };
		this.render();
	}

	move_view(months) {
		const { jy, jm } = core.add_months(this.view.jy, this.view.jm, months);
		this.set_view(jy, jm);
	}

	move_active(days) {
		this.active = core.add_days(this.active, days);
		if (this.active.jy !== this.view.jy || this.active.jm !== this.view.jm) {
			this.view = { jy: this.active.jy, jm: this.active.jm };
		}
		this.render();
		this.focus_active();
	}

	focus_active() {
		const iso = this.active && core.to_iso(this.active.jy, this.active.jm, this.active.jd);
		const button = iso && this.root && this.root.querySelector(`.zjp-day[data-iso="${iso}"]`);
		if (button) button.focus();
	}

	choose(iso) {
		if (this.options.range) {
			if (!this.pending_start) {
				// first click: remember it, wait for the second (no change event for half a range)
				this.pending_start = iso;
				this.hover_iso = iso;
				this.active = core.to_jalali(iso);
				this.render();
				return;
			}
			const [start, end] = [this.pending_start, iso].sort();
			this.pending_start = null;
			this.emit({ start, end });
		} else if (this.options.with_time) {
			this.emit({ iso, time: this.read_time() });
		} else {
			this.emit({ iso });
		}
		this.close();
		this.refocus_input();
	}

	refocus_input() {
		this.suppress_open = true;
		this.input.focus({ preventScroll: true });
		this.suppress_open = false;
	}

	emit(value) {
		this.value = value;
		this.options.pick(value);
	}

	// --- events inside the picker ------------------------------------------------------------

	bind_root() {
		const root = this.root;
		// keep the focus in the input when clicking days and buttons (selects and the year and
		// time fields need it)
		root.addEventListener("mousedown", (event) => {
			if (!event.target.closest("select, input")) event.preventDefault();
		});
		// Frappe's filter popover closes on clicks it does not recognise
		root.addEventListener("click", (event) => event.stopPropagation());
		root.addEventListener("keydown", (event) => this.on_root_keydown(event));
		root.addEventListener("focusout", (event) => {
			const next = event.relatedTarget;
			if (next && !root.contains(next) && next !== this.input) this.close();
		});
	}

	on_root_keydown(event) {
		const on_day = event.target.classList && event.target.classList.contains("zjp-day");
		if (event.key === "Escape") {
			event.preventDefault();
			event.stopPropagation();
			this.close();
			this.refocus_input();
			return;
		}
		if (!on_day) {
			event.stopPropagation(); // typing in the year/time fields is not a form shortcut
			return;
		}
		const action = grid_key(event.key, { rtl: this.options.rtl, shift: event.shiftKey });
		if (!action) return;
		if (action.days) {
			this.move_active(action.days);
		} else if (action.months) {
			const { jy, jm } = core.add_months(this.active.jy, this.active.jm, action.months);
			this.set_view(jy, jm);
			this.focus_active();
		} else if (action.week_edge) {
			const weekday = core.weekday(this.active.jy, this.active.jm, this.active.jd);
			this.move_active(action.week_edge === "start" ? -weekday : 6 - weekday);
		} else if (action.choose && !event.target.disabled) {
			this.choose(event.target.dataset.iso);
		}
		event.preventDefault();
		event.stopPropagation();
	}
}
