// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Satisfaction from completed Happy Calls, grouped as chosen; Jalali months in their order.
function satisfaction_color(value) {
	if (value === null || value === undefined || value === "") return null;
	if (value >= 80) return "var(--green-600)";
	if (value >= 60) return "var(--orange-600)";
	return "var(--red-600)";
}

frappe.query_reports["Satisfaction Analysis"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Agency", label: __("Agency") },
				{ value: "Technician", label: __("Technician") },
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
			fieldname: "service_agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
		{
			fieldname: "technician",
			label: __("Technician"),
			fieldtype: "Link",
			options: "Service Technician",
		},
		{
			fieldname: "item_group",
			label: __("Item Group"),
			fieldtype: "Link",
			options: "Item Group",
		},
		{
			fieldname: "template",
			label: __("Survey Template"),
			fieldtype: "Link",
			options: "Survey Template",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		// no answered question, no satisfaction: empty, not 0%
		if (value === null || value === undefined) return "";
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		if (["average_percent", "weighted_percent"].includes(column.fieldname)) {
			const color = satisfaction_color(value);
			if (color) html = `<span style="color: ${color}">${html}</span>`;
		}
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
