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

	refresh(frm) {
		const head_office = frappe.user.has_role(["After Sales Manager", "System Manager"]);
		if (frm.doc.docstatus !== 1 || frm.doc.approval_status !== "Pending" || !head_office)
			return;
		const decide = (method, args) =>
			frappe
				.call({
					method: `zhira_after_sales.api.invoice.${method}`,
					args: { name: frm.doc.name, ...args },
					freeze: true,
				})
				.then(() => frm.reload_doc());
		frm.add_custom_button(__("Approve"), () =>
			frappe.confirm(
				__(
					"Approve this invoice? Its wages and parts are posted to the accounts and stock.",
				),
				() => decide("approve_service_invoice"),
			),
		);
		frm.add_custom_button(__("Reject"), () =>
			frappe.prompt(
				{
					fieldname: "reason",
					fieldtype: "Small Text",
					label: __("Rejection Reason"),
					reqd: 1,
				},
				(values) => decide("reject_service_invoice", { reason: values.reason }),
				__("Reject"),
				__("Reject"),
			),
		);
	},

	service_reception(frm) {
		frm.set_value("customer_device", null);
		frm.set_value("technician", null);
	},
});
