// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// The agencies ranked by their score for a period (the current Jalali month by default for a
// user of the Jalali calendar).
frappe.query_reports["Agency Ranking"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.jalali.start_of("month"),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (
			column.fieldname === "score" &&
			data &&
			data.score !== null &&
			data.score !== undefined
		) {
			return `<b>${value}</b>`;
		}
		return value;
	},
};
