// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.query_reports["Service Invoice Exceptions"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -1),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
		{
			fieldname: "invoice_type",
			label: __("Invoice Type"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Installation", label: __("Installation") },
				{ value: "Warranty Repair", label: __("Warranty Repair") },
				{ value: "Paid Repair", label: __("Paid Repair") },
				{ value: "Periodic Service", label: __("Periodic Service") },
			],
		},
		{
			fieldname: "kind",
			label: __("Exception"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Warranty Override", label: __("Warranty Override") },
				{ value: "Manual Wage", label: __("Manual Wage") },
			],
		},
	],

	formatter(value, row, column, data, default_formatter) {
		// an override has no wages: empty, not zero
		if (column.fieldtype === "Currency" && (value === null || value === undefined)) return "";
		const html = default_formatter(value, row, column, data);
		if (column.fieldname === "difference" && data && data.difference) {
			const color = data.difference > 0 ? "var(--red-600)" : "var(--green-600)";
			return `<span style="color: ${color}">${html}</span>`;
		}
		return html;
	},
};
