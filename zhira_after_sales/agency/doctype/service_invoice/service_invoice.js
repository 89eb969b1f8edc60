// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("Service Invoice", {
	setup(frm) {
		frm.set_query("technician", () => ({
			filters: { is_active: 1, agency: frm.doc.agency || "" },
		}));
		frm.set_query("customer_device", () => ({
			filters: frm.doc.customer ? { customer: frm.doc.customer } : {},
		}));
		frm.set_query("service_type", "services", () => ({ filters: { is_active: 1 } }));
		frm.set_query("source_warehouse", "parts", () => ({ filters: { is_group: 0 } }));
	},

	service_reception(frm) {
		frm.set_value("customer_device", null);
		frm.set_value("technician", null);
	},
});
