// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Each Happy Call question with the answers customers chose under it (a tree: a question's
// answers fold under it).
frappe.query_reports["Survey Answer Distribution"] = {
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
		{
			fieldname: "template",
			label: __("Survey Template"),
			fieldtype: "Link",
			options: "Survey Template",
		},
	],
	tree: true,
	name_field: "row_id",
	parent_field: "parent_row",
	initial_depth: 1,

	formatter(value, row, column, data, default_formatter) {
		// a question has no share or score of its own, an answer no satisfaction: empty, not 0
		if (value === null || value === undefined) return "";
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		if (column.fieldname === "label" && data.option_no) {
			html = `${cint(data.option_no)}- ${html}`;
		}
		return data.is_question ? `<b>${html}</b>` : html;
	},
};
