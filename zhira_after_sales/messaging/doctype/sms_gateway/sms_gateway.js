// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("SMS Gateway", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Send Test SMS"), () => {
			frappe.prompt(
				[
					{
						fieldname: "to",
						fieldtype: "Data",
						options: "Phone",
						label: __("To"),
						reqd: 1,
					},
				],
				async (values) => {
					const name = await frappe.xcall("zhira_after_sales.api.sms.send_test", {
						gateway: frm.doc.name,
						to: values.to,
					});
					frappe.show_alert({ message: __("Test SMS queued"), indicator: "green" });
					frappe.set_route("Form", "SMS Message", name);
				},
				__("Send Test SMS"),
				__("Send"),
			);
		});
		frm.add_custom_button(__("Messages"), () =>
			frappe.set_route("List", "SMS Message", { gateway: frm.doc.name }),
		);
		if (frm.doc.last_error) {
			frm.dashboard.set_headline_alert(
				`<div class="text-danger">${frappe.utils.escape_html(frm.doc.last_error)}</div>`,
			);
		}
	},
});
