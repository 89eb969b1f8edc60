// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// First-Time Fix and Repeat Visits: receptions done in a date range and how many of their devices
// came back within the chosen days, grouped as chosen; Jalali months in their order.
function fix_color(value) {
	if (value === null || value === undefined || value === "") return null;
	if (value >= 90) return "var(--green-600)";
	if (value >= 75) return "var(--orange-600)";
	return "var(--red-600)";
}

frappe.query_reports["First Time Fix Rate"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Agency", label: __("Agency") },
				{ value: "Item Group", label: __("Item Group") },
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
			fieldname: "repeat_days",
			label: __("Repeat Within Days"),
			fieldtype: "Int",
			default: 30,
			reqd: 1,
		},
		{
			fieldname: "service_agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
		{
			fieldname: "item_group",
			label: __("Item Group"),
			fieldtype: "Link",
			options: "Item Group",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		// nothing done, no rate: empty, not 0%
		if (value === null || value === undefined) return "";
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		if (column.fieldname === "first_time_fix_percent") {
			const color = fix_color(value);
			if (color) html = `<span style="color: ${color}">${html}</span>`;
		}
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
