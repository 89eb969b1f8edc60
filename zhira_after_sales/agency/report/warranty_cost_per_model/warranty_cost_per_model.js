// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Warranty repair cost (parts issued at valuation and wages) of approved invoices, per model,
// item group or Jalali month.
frappe.query_reports["Warranty Cost per Model"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Model", label: __("Model") },
				{ value: "Item Group", label: __("Item Group") },
				{ value: "Jalali Month", label: __("Jalali Month") },
			],
			default: "Model",
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
			label: __("Model"),
			fieldtype: "Link",
			options: "Item",
		},
		{
			fieldname: "item_group",
			label: __("Item Group"),
			fieldtype: "Link",
			options: "Item Group",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		const html = default_formatter(value, row, column, data);
		return data && data.is_total ? `<b>${html}</b>` : html;
	},
};
