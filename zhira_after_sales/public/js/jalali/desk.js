// The Jalali calendar in the Frappe desk, for the users who use it (frappe.boot.jalali.enabled,
// set by zhira_after_sales.overrides.jalali.extend_bootinfo): Frappe's own text<->value seam is
// wrapped, so forms, grids, lists, Report View, query reports, filters and dialogs show and
// accept Jalali dates while the model and the database stay Gregorian.
//
// Every wrapper checks the gate when it is called and otherwise calls Frappe's original, so
// other users get Frappe untouched. The controls are patched on their prototypes (subclasses
// such as ControlDatetime captured the classes when they were defined).

import * as core from "./core.js";
import { JalaliPicker } from "./picker.js";

const LRI = "\u2066"; // left-to-right isolate ... pop directional isolate
const PDI = "\u2069";

export function is_active() {
	return Boolean(
		window.frappe && frappe.boot && frappe.boot.jalali && frappe.boot.jalali.enabled,
	);
}

export function month_names() {
	return [
		__("Farvardin"),
		__("Ordibehesht"),
		__("Khordad"),
		__("Tir"),
		__("Mordad"),
		__("Shahrivar"),
		__("Mehr"),
		__("Aban"),
		__("Azar"),
		__("Dey"),
		__("Bahman"),
		__("Esfand"),
	];
}

function weekday_names() {
	// Saturday first
	return [
		__("Saturday"),
		__("Sunday"),
		__("Monday"),
		__("Tuesday"),
		__("Wednesday"),
		__("Thursday"),
		__("Friday"),
	];
}

function is_rtl() {
	return frappe.utils && frappe.utils.is_rtl ? frappe.utils.is_rtl() : false;
}

function en(m) {
	return m.clone().locale("en");
}

function time_format() {
	return frappe.datetime.get_user_time_fmt();
}

/** a system datetime string -> a moment in the user's time zone (what Frappe's str_to_user does) */
function to_user_tz(value) {
	const tz = frappe.boot.time_zone || {};
	if (tz.system && tz.user) {
		return moment.tz(value, frappe.defaultDatetimeFormat, tz.system).clone().tz(tz.user);
	}
	return moment(value, frappe.defaultDatetimeFormat);
}

/** a moment -> "1405/09/08 17:30:00" (its own wall clock, the user's time format) */
function jalali_datetime_text(m) {
	if (!m.isValid()) return core.INVALID;
	return `${core.format_date(en(m).format("YYYY-MM-DD"))} ${en(m).format(time_format())}`;
}

// --- frappe.datetime and the formatters --------------------------------------------------------

const original = {};

function override_datetime() {
	const datetime = frappe.datetime;
	for (const name of ["str_to_user", "user_to_str", "obj_to_user", "global_date_format"]) {
		original[name] = datetime[name];
	}

	datetime.str_to_user = function (val, only_time = false, only_date = false) {
		if (!is_active() || !val || only_time)
			return original.str_to_user.apply(datetime, arguments);
		if (only_date || (typeof val === "string" && val.indexOf(" ") === -1)) {
			const m = moment(val, frappe.defaultDateFormat);
			return m.isValid() ? core.format_date(en(m).format("YYYY-MM-DD")) : core.INVALID;
		}
		return jalali_datetime_text(to_user_tz(val));
	};

	datetime.user_to_str = function (val, only_time = false) {
		if (!is_active() || only_time || typeof val !== "string") {
			return original.user_to_str.apply(datetime, arguments);
		}
		const parsed = core.parse_datetime(val, frappe.datetime.now_date());
		if (parsed.defer) {
			// a day-first Gregorian date: the site's date format knows the order
			return original.user_to_str.call(datetime, core.normalize(val), only_time);
		}
		if (parsed.error) return core.INVALID;
		return parsed.time ? `${parsed.iso} ${parsed.time}` : parsed.iso;
	};

	datetime.obj_to_user = function (d) {
		if (!is_active()) return original.obj_to_user.apply(datetime, arguments);
		const m = moment(d);
		return m.isValid() ? core.format_date(en(m).format("YYYY-MM-DD")) : core.INVALID;
	};

	datetime.global_date_format = function (d) {
		if (!is_active()) return original.global_date_format.apply(datetime, arguments);
		const m = moment(d);
		if (!m.isValid()) return core.INVALID;
		const text = core.format_long(en(m).format("YYYY-MM-DD"), month_names());
		const with_time = m._f && m._f.indexOf("HH") !== -1;
		return with_time ? `${text}${is_rtl() ? "،" : ","} ${en(m).format("HH:mm")}` : text;
	};

	const datetime_formatter = frappe.form.formatters.Datetime;
	original.datetime_formatter = datetime_formatter;
	frappe.form.formatters.Datetime = function (value) {
		if (!is_active() || !value) return datetime_formatter.apply(this, arguments);
		const text = jalali_datetime_text(to_user_tz(value));
		if (text === core.INVALID) return "";
		// "1405/09/08 17:30:00" would read "17:30:00 1405/09/08" in a right-to-left line
		return is_rtl() ? LRI + text + PDI : text;
	};
}

// --- the picker on Date, Datetime and DateRange controls ---------------------------------------

function picker_labels(mode) {
	return {
		months: month_names(),
		weekdays: weekday_names(),
		today: mode === "datetime" ? __("Now") : __("Today"),
		previous: __("Previous month"),
		next: __("Next month"),
		month: __("Month"),
		year: __("Year"),
		time: __("Time"),
		hour: __("Hour"),
		minute: __("Minute"),
		second: __("Second"),
	};
}

function iso_of(value) {
	const text = typeof value === "string" ? value : "";
	return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : null;
}

function date_to_iso(date) {
	if (!date) return null;
	const m = moment(date);
	return m.isValid() ? en(m).format("YYYY-MM-DD") : null;
}

/** what the input says now, as the picker wants it (the user's wall clock for a Datetime) */
function read_control(control, mode) {
	const text = control.$input ? control.$input.val() : "";
	if (mode === "range") {
		const value = text ? control.parse(text) : control.get_value();
		const [start, end] = Array.isArray(value) ? value.map(iso_of) : [];
		return start && end ? { start, end } : {};
	}
	if (!text) return {};
	const value = frappe.datetime.user_to_str(text);
	const iso = iso_of(value);
	if (!iso) return {};
	return mode === "datetime" ? { iso, time: value.slice(11, 19) || null } : { iso };
}

function write_control(control, mode, value) {
	const jalali = (iso) => core.format_date(iso);
	let text;
	if (mode === "range") {
		text = __("{0} to {1}", [jalali(value.start), jalali(value.end)]);
	} else if (mode === "datetime") {
		const time = moment(value.time, "HH:mm:ss");
		text = `${jalali(value.iso)} ${en(time).format(time_format())}`;
	} else {
		text = jalali(value.iso);
	}
	control.$input.val(text);
	// Frappe's own change handler parses the text (user_to_str) and sets the model
	control.$input.trigger("change");
}

function make_adapter(control, picker) {
	// what Frappe (and other apps) call on `control.datepicker`, air-datepicker's v2 API
	const adapter = {
		picker,
		el: picker.input,
		$el: control.$input,
		opts: control.datepicker_options || {},
		$datepicker: $(),
		selectedDates: [],
		selectDate(date) {
			adapter.selectedDates = date ? [].concat(date) : [];
		},
		clear() {
			adapter.selectedDates = [];
		},
		update(param, value) {
			const changes = typeof param === "string" ? { [param]: value } : param || {};
			Object.assign(adapter.opts, changes);
			if (picker.is_open) picker.render();
		},
		show() {
			picker.open();
		},
		hide() {
			picker.close();
		},
		destroy() {
			picker.destroy();
		},
		get visible() {
			return picker.is_open;
		},
	};
	return adapter;
}

function attach_picker(control, mode) {
	const input = control.$input && control.$input.get(0);
	if (!input) return;
	input.classList.add("zhira-jalali-input");
	input.setAttribute("data-jalali", mode);
	const picker = new JalaliPicker(input, {
		range: mode === "range",
		with_time: mode === "datetime",
		with_seconds: time_format().indexOf("s") !== -1,
		rtl: is_rtl(),
		labels: picker_labels(mode),
		today: () => frappe.datetime.now_date(),
		now_time: () => frappe.datetime.now_time(),
		read: () => read_control(control, mode),
		pick: (value) => write_control(control, mode, value),
		limits: () => {
			const opts = (control.datepicker && control.datepicker.opts) || {};
			return { min: date_to_iso(opts.minDate), max: date_to_iso(opts.maxDate) };
		},
	});
	control.datepicker = make_adapter(control, picker);
}

function is_datetime(control) {
	return control instanceof frappe.ui.form.ControlDatetime;
}

function invalid_date_message(raw) {
	const typed = frappe.utils.escape_html(raw);
	const example = core.format_date(frappe.datetime.now_date());
	const hint = __("Type the Jalali (Solar Hijri) date as year/month/day, for example {0}.", [
		example,
	]);
	const parsed = core.parse_datetime(raw);
	if (parsed.error === "invalid" && parsed.jy && parsed.jm >= 1 && parsed.jm <= 12) {
		const days = core.month_length(parsed.jy, parsed.jm);
		const month = month_names()[parsed.jm - 1];
		return `${__("{0} is not a valid date: {1} {2} has {3} days.", [
			typed,
			month,
			parsed.jy,
			days,
		])} ${hint}`;
	}
	return `${__("{0} is not a valid date.", [typed])} ${hint}`;
}

function patch_controls() {
	const { ControlDate, ControlDateRange } = frappe.ui.form;

	const make_picker = ControlDate.prototype.make_picker;
	ControlDate.prototype.make_picker = function () {
		if (!is_active() || this.timepicker_only) return make_picker.apply(this, arguments);
		this.set_date_options();
		attach_picker(this, is_datetime(this) ? "datetime" : "date");
		this.set_t_for_today();
	};

	const validate = ControlDate.prototype.validate;
	ControlDate.prototype.validate = function (value) {
		if (!is_active() || this.timepicker_only) return validate.apply(this, arguments);
		const typed = ((this.$input && this.$input.val()) || "").trim();
		// a Datetime control's parse() has already turned "Invalid date" into ""
		const rejected =
			value === core.INVALID ||
			(!value &&
				typed &&
				is_datetime(this) &&
				frappe.datetime.user_to_str(typed) === core.INVALID);
		if (rejected) {
			frappe.msgprint({
				title: __("Invalid date"),
				message: invalid_date_message(typed),
				indicator: "red",
			});
			return "";
		}
		return validate.apply(this, arguments);
	};

	const set_datepicker = ControlDateRange.prototype.set_datepicker;
	ControlDateRange.prototype.set_datepicker = function () {
		if (!is_active()) return set_datepicker.apply(this, arguments);
		attach_picker(this, "range");
	};
}

// --- the calendar view: Jalali titles and day numbers ------------------------------------------

function render_calendar_view(view, element) {
	const names = month_names();
	const start = en(view.intervalStart).format("YYYY-MM-DD");
	const end = en(view.intervalEnd.clone().subtract(1, "day")).format("YYYY-MM-DD");
	const title = core.period_title(start, end, names, view.name !== "month");
	const $calendar = $(element).closest(".fc");
	view.title = title;
	$calendar
		.find(".fc-toolbar h2")
		.text(title)
		.attr({ "data-jalali-title": title, dir: is_rtl() ? "rtl" : "ltr" });

	// FullCalendar's Persian locale writes some data-date attributes in Persian digits
	const label = (iso, always_month) => {
		const j = core.to_jalali(core.normalize(iso));
		if (!j) return "";
		return j.jd === 1 || always_month ? `${j.jd} ${names[j.jm - 1]}` : String(j.jd);
	};
	// month view: the Jalali day is the cell's number, FullCalendar's Gregorian one stays small
	$calendar.find(".fc-day-top[data-date]").each(function () {
		const $number = $(this).find(".fc-day-number").first();
		if ($number.attr("data-gregorian") === undefined) {
			$number.attr("data-gregorian", $number.text());
		}
		$number.text(label(this.dataset.date)).addClass("zhira-jalali-number");
		$(this).find(".zhira-gregorian-day").remove();
		$("<span class='zhira-gregorian-day'></span>")
			.text($number.attr("data-gregorian"))
			.appendTo(this);
	});
	// week and day views: "شنبه 23 اسفند" instead of FullCalendar's Gregorian day/month
	const weekdays = weekday_names();
	$calendar.find(".fc-day-header[data-date]").each(function () {
		const j = core.to_jalali(core.normalize(this.dataset.date));
		if (!j) return;
		const $text = $(this).children("span, a").first();
		const $target = $text.length ? $text : $(this);
		if ($target.attr("data-gregorian") === undefined) {
			$target.attr("data-gregorian", $target.text());
		}
		$target
			.text(`${weekdays[core.weekday(j.jy, j.jm, j.jd)]} ${label(this.dataset.date, true)}`)
			.addClass("zhira-jalali-day")
			.attr("title", $target.attr("data-gregorian"));
	});
}

function patch_calendar() {
	const Calendar = frappe.views && frappe.views.Calendar;
	if (!Calendar) return;
	const setup_options = Calendar.prototype.setup_options;
	Calendar.prototype.setup_options = function () {
		setup_options.apply(this, arguments);
		if (!is_active()) return;
		const view_render = this.cal_options.viewRender;
		this.cal_options.viewRender = function (view, element) {
			if (view_render) view_render.apply(this, arguments);
			render_calendar_view(view, element);
		};
	};
}

// --- the grid row's touch handler expects an air-datepicker element ----------------------------

function guard_grid_touch() {
	// GridRow's handle_date_picker() reads `.datepicker.active` without a null check on touch
	if (!is_active() || document.querySelector(".zhira-jalali-datepicker-stub")) return;
	const stub = document.createElement("div");
	stub.className = "datepicker active zhira-jalali-datepicker-stub";
	stub.setAttribute("aria-hidden", "true");
	stub.style.display = "none";
	document.body.append(stub);
}

// --- a small API for other scripts -------------------------------------------------------------

function current_jalali() {
	return core.to_jalali(frappe.datetime.now_date());
}

function public_api() {
	frappe.provide("frappe.jalali");
	Object.assign(frappe.jalali, {
		is_active,
		month_names,
		/** "2026-11-29" -> {jy: 1405, jm: 9, jd: 8} */
		to_jalali: core.to_jalali,
		/** (1405, 9, 8) -> "2026-11-29", null if there is no such day */
		to_gregorian: core.to_iso,
		/** "2026-11-29" -> "1405/09/08" */
		format_date: (iso) => (iso ? core.format_date(iso) : ""),
		/** what a person typed -> "YYYY-MM-DD", or null */
		parse_date: (text) => core.parse_date(text, frappe.datetime.now_date()).iso || null,
		// first and last days (Gregorian ISO) of the current Jalali month and year, user's today
		month_start: () => core.month_range(current_jalali().jy, current_jalali().jm)[0],
		month_end: () => core.month_range(current_jalali().jy, current_jalali().jm)[1],
		year_start: () => core.year_range(current_jalali().jy)[0],
		year_end: () => core.year_range(current_jalali().jy)[1],
		/** a report's default "from" date: the first day of this Jalali month or year for a user who
		 * reads Jalali dates, else of the Gregorian one ("month" or "year") */
		start_of: (unit) => {
			if (is_active()) {
				const today = current_jalali();
				const range =
					unit === "year"
						? core.year_range(today.jy)
						: core.month_range(today.jy, today.jm);
				return range[0];
			}
			return unit === "year" ? frappe.datetime.year_start() : frappe.datetime.month_start();
		},
		core,
	});
}

export function setup() {
	if (!window.frappe || !frappe.datetime || frappe.jalali_installed) return;
	frappe.jalali_installed = true;
	public_api();
	override_datetime();
	if (frappe.ui && frappe.ui.form && frappe.ui.form.ControlDate) patch_controls();
	patch_calendar();
	$(guard_grid_touch);
}
