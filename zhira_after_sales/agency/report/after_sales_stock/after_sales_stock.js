// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.query_reports["After-Sales Stock"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "warehouse_type",
			label: __("Warehouse Type"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All After-Sales Warehouses") },
				{ value: "Spare Parts", label: __("Spare Parts") },
				{ value: "Consignment", label: __("Consignment") },
				{ value: "Defective", label: __("Defective") },
				{ value: "Repair", label: __("Repair") },
			],
		},
		{
			fieldname: "warehouse",
			label: __("Warehouse"),
			fieldtype: "Link",
			options: "Warehouse",
		},
		{
			fieldname: "item_code",
			label: __("Item"),
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
			fieldname: "show_zero",
			label: __("Show Zero Stock"),
			fieldtype: "Check",
			default: 0,
		},
	],

	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "warehouse_type" && value) value = __(value);
		const html = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && value) {
			const color = value === __("Above Maximum") ? "var(--red-600)" : "var(--orange-600)";
			return `<span style="color: ${color}">${html}</span>`;
		}
		return html;
	},
};
