// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("Service Rate", {
	setup(frm) {
		frm.set_query("service_type", () => ({ filters: { is_active: 1 } }));
	},
	item(frm) {
		if (frm.doc.item) frm.set_value("item_group", null);
	},
	item_group(frm) {
		if (frm.doc.item_group) frm.set_value("item", null);
	},
});
