// The national form of Iranian numbers in the desk: lists, reports, grids and read-only fields
// show 0912 345 6708 for a stored +989123456708, an editable field shows it the same way and reads
// a whole number back in the stored form (the server normalises whatever else is typed), and a list's phone filter
// accepts the national form (the list searches for the stored E.164 beginning of what was typed).
import { national, search_form, stored_form } from "./phone.js";

const PHONE_FIELD =
	/(^|_)(mobile|phone|mobile_no|phone_no|mobile_number|phone_number|to|from_number|sender)$/;

const FORM_PHONE_FIELD = /(^|_)(mobile|phone|mobile_no|phone_no|mobile_number|phone_number)$/;

function is_phone_filter(df) {
	return Boolean(df && df.is_filter && PHONE_FIELD.test(df.fieldname || ""));
}

export function setup() {
	const data_formatter = frappe.form.formatters.Data;
	frappe.form.formatters.Data = function (value, df, options, doc) {
		return data_formatter(national(value), df, options, doc);
	};

	const ControlData = frappe.ui.form.ControlData;
	const format_for_input = ControlData.prototype.format_for_input;
	ControlData.prototype.format_for_input = function (value) {
		const shown = format_for_input ? format_for_input.call(this, value) : value;
		return this.df && this.df.is_filter ? shown : national(shown);
	};
	// An editable phone field shows the national form; what is read back from it (typed, or the
	// shown text itself when the browser reports a change) is the stored E.164 form, so showing a
	// number never changes it. Part of a number is left for the server to complete or refuse.
	const parse = ControlData.prototype.parse;
	ControlData.prototype.parse = function (value) {
		const parsed = parse ? parse.call(this, value) : value;
		if (!this.df || this.df.is_filter || !FORM_PHONE_FIELD.test(this.df.fieldname || "")) {
			return parsed;
		}
		return stored_form(parsed) || parsed;
	};

	// a list's standard filter reads its value with get_value(): the typed text stays in the box
	const get_value = ControlData.prototype.get_value;
	ControlData.prototype.get_value = function () {
		const value = get_value.call(this);
		return is_phone_filter(this.df) ? search_form(value) : value;
	};
}
