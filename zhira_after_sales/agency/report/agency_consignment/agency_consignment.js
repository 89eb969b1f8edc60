// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Consignment stock held by each agency. An agency's own user sees only its agency (enforced on
// the server; the filter is filled and locked here).
frappe.query_reports["Agency Consignment"] = {
	filters: [
		{
			fieldname: "agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
		{
			fieldname: "item_group",
			label: __("Item Group"),
			fieldtype: "Link",
			options: "Item Group",
		},
		{
			fieldname: "age_bucket",
			label: __("Age"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "0-30 Days", label: __("0-30 Days") },
				{ value: "31-90 Days", label: __("31-90 Days") },
				{ value: "91-180 Days", label: __("91-180 Days") },
				{ value: "Over 180 Days", label: __("Over 180 Days") },
			],
		},
	],

	onload(report) {
		const head_office = ["System Manager", "After Sales Manager", "Reception Operator"].some(
			(role) => frappe.user.has_role(role),
		);
		if (head_office) return;
		frappe.db.get_list("Service Agency", { fields: ["name"], limit: 1 }).then((rows) => {
			const filter = report.get_filter("agency");
			if (rows.length) filter.set_value(rows[0].name);
			filter.df.read_only = 1;
			filter.refresh();
		});
	},
};
