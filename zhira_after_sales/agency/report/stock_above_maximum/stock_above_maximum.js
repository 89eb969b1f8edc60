// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.query_reports["Stock Above Maximum"] = {
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
			fieldname: "all_warehouses",
			label: __("All Warehouses"),
			fieldtype: "Check",
			default: 0,
		},
	],

	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "warehouse_type" && value) value = __(value);
		const html = default_formatter(value, row, column, data);
		if (column.fieldname === "excess_qty" && data && data.excess_qty > 0) {
			return `<span style="color: var(--red-600)">${html}</span>`;
		}
		return html;
	},
};
