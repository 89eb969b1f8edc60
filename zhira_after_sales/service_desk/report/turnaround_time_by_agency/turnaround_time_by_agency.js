// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Receptions received in a date range and how long they waited to be referred and done, grouped
// as chosen; Jalali months in their order.
frappe.query_reports["Turnaround Time by Agency"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Agency", label: __("Agency") },
				{ value: "Territory", label: __("Territory") },
				{ value: "Jalali Month", label: __("Jalali Month") },
			],
			default: "Agency",
			reqd: 1,
		},
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
		{
			fieldname: "territory",
			label: __("Territory"),
			fieldtype: "Link",
			options: "Territory",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		// no reception in a span, no time: empty, not 0 days
		if (value === null || value === undefined) return "";
		const html = default_formatter(value, row, column, data);
		return data && data.is_total ? `<b>${html}</b>` : html;
	},
};
