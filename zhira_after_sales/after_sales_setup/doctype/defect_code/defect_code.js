// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("Defect Code", {
	setup(frm) {
		frm.set_query("parent_defect_code", () => ({ filters: { is_group: 1 } }));
	},
});
