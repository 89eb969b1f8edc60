// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Defective (hot) parts not returned by their due date, as on a day: per agency and part, per
// agency, or each return.
frappe.query_reports["Hot Parts Overdue"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Agency and Part", label: __("Agency and Part") },
				{ value: "Agency", label: __("Agency") },
				{ value: "Return", label: __("Each Return") },
			],
			default: "Agency and Part",
			reqd: 1,
		},
		{
			fieldname: "on_date",
			label: __("As On"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
		{
			fieldname: "item",
			label: __("Part"),
			fieldtype: "Link",
			options: "Item",
		},
		{
			fieldname: "include_billed",
			label: __("Include Billed"),
			fieldtype: "Check",
			default: 1,
		},
	],

	formatter(value, row, column, data, default_formatter) {
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		if (["days_overdue", "most_days_overdue"].includes(column.fieldname) && value > 30) {
			html = `<span style="color: var(--red-600)">${html}</span>`;
		}
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
