// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Parts used on approved Service Invoices, warranty against paid, per agency and part, agency,
// part or Jalali month.
frappe.query_reports["Parts Consumption by Agency"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Agency and Part", label: __("Agency and Part") },
				{ value: "Agency", label: __("Agency") },
				{ value: "Part", label: __("Part") },
				{ value: "Jalali Month", label: __("Jalali Month") },
			],
			default: "Agency and Part",
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
			fieldname: "item_group",
			label: __("Item Group"),
			fieldtype: "Link",
			options: "Item Group",
		},
		{
			fieldname: "coverage",
			label: __("Coverage"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Warranty", label: __("Warranty") },
				{ value: "Paid", label: __("Paid") },
			],
		},
	],

	formatter(value, row, column, data, default_formatter) {
		const html = default_formatter(value, row, column, data);
		return data && data.is_total ? `<b>${html}</b>` : html;
	},
};
