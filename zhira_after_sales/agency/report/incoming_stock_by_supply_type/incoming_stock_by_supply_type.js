// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.query_reports["Incoming Stock by Supply Type"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -1),
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
			fieldname: "supply_type",
			label: __("Supply Type"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Purchase", label: __("Purchase") },
				{ value: "Repaired", label: __("Repaired") },
				{ value: "Returned by Agency", label: __("Returned by Agency") },
				{ value: "Consignment Return", label: __("Consignment Return") },
				{ value: "Not Set", label: __("Not Set") },
			],
		},
		{
			fieldname: "item_code",
			label: __("Item"),
			fieldtype: "Link",
			options: "Item",
		},
		{
			fieldname: "warehouse",
			label: __("Warehouse"),
			fieldtype: "Link",
			options: "Warehouse",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "supply_type" && value) value = __(value);
		return default_formatter(value, row, column, data);
	},
};
