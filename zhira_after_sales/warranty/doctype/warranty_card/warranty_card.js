// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("Warranty Card", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_web_link(
			`/warranty?serial=${encodeURIComponent(frm.doc.serial_no)}&card=${encodeURIComponent(
				frm.doc.name,
			)}`,
			__("Public verification page"),
		);
		if (frm.doc.status !== "Void" && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Void"), () => {
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					(values) =>
						frm.call("void", { reason: values.reason }).then(() => frm.reload_doc()),
					__("Void warranty card {0}", [frm.doc.name]),
					__("Void"),
				);
			});
		}
	},
	item(frm) {
		if (frm.doc.item && !frm.doc.plan) {
			frappe.db
				.get_value("Warranty Plan", { item: frm.doc.item, enabled: 1 }, "name")
				.then((r) => r.message && r.message.name && frm.set_value("plan", r.message.name));
		}
	},
});
