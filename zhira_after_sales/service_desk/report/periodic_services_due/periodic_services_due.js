// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// The periodic service visits due in a period: today, this or next week (Saturday to Friday),
// this or next Jalali month (computed by the server in the Jalali calendar), or a date range.
frappe.query_reports["Periodic Services Due"] = {
	filters: [
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "Today", label: __("Today") },
				{ value: "This Week", label: __("This Week") },
				{ value: "Next Week", label: __("Next Week") },
				{ value: "This Month", label: __("This Month") },
				{ value: "Next Month", label: __("Next Month") },
				{ value: "Date Range", label: __("Date Range") },
			],
			default: "This Week",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			depends_on: "eval:doc.period == 'Date Range'",
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), 30),
			depends_on: "eval:doc.period == 'Date Range'",
		},
		{
			fieldname: "service_agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Planned", label: __("Planned") },
				{ value: "Reminded", label: __("Reminded") },
				{ value: "Reception Created", label: __("Reception Created") },
				{ value: "Overdue", label: __("Overdue") },
				{ value: "Done", label: __("Done") },
				{ value: "Skipped", label: __("Skipped") },
			],
		},
	],

	formatter(value, row, column, data, default_formatter) {
		const html = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && data && data.status_key) {
			const colour = {
				Overdue: "red",
				"Reception Created": "orange",
				Done: "green",
				Skipped: "gray",
			}[data.status_key];
			return colour ? `<span class="indicator-pill ${colour}">${html}</span>` : html;
		}
		return html;
	},
};
