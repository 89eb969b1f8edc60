frappe.treeview_settings["Defect Code"] = {
	breadcrumb: "After Sales Setup",
	title: __("Defect Codes"),
	get_tree_root: false,
	root_label: __("All Defect Codes"),
	get_tree_nodes: "frappe.desk.treeview.get_children",
	fields: [
		{ fieldtype: "Data", fieldname: "defect_name", label: __("Defect Name"), reqd: true },
		{ fieldtype: "Data", fieldname: "code", label: __("Code"), reqd: true },
		{
			fieldtype: "Link",
			fieldname: "item_group",
			label: __("Item Group"),
			options: "Item Group",
		},
		{ fieldtype: "Check", fieldname: "is_group", label: __("Is Group") },
	],
	ignore_fields: ["parent_defect_code"],
};
