// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// The defects declared for a model (or an item group) in a date range, most frequent first, with
// their shares; the vital few (the first 80%) stand out.
frappe.query_reports["Defect Pareto per Model"] = {
	filters: [
		{
			fieldname: "item",
			label: __("Model (Item)"),
			fieldtype: "Link",
			options: "Item",
		},
		{
			fieldname: "item_group",
			label: __("Item Group"),
			fieldtype: "Link",
			options: "Item Group",
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
	],

	formatter(value, row, column, data, default_formatter) {
		if (value === null || value === undefined) return "";
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		if (data.vital_few && ["defect_name", "vital_few"].includes(column.fieldname)) {
			html = `<span style="color: var(--red-600)">${html}</span>`;
		}
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
