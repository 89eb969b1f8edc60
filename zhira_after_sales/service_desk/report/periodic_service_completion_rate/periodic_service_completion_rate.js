// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Per agency, the periodic service visits due in a date range (the current Jalali year so far by
// default for a user of the Jalali calendar): due, done, skipped, overdue, still open and the
// completion rate, done / (due - skipped).
frappe.query_reports["Periodic Service Completion Rate"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.jalali.start_of("year"),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "service_agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		const html = default_formatter(value, row, column, data);
		return data && data.is_total ? `<b>${html}</b>` : html;
	},
};
