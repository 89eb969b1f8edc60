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
		// with the approval workflow active its Actions menu carries Approve / Reject
		if (frappe.model.has_workflow(frm.doctype)) return;
		if (frm.doc.docstatus !== 1 || frm.doc.approval_status !== "Pending" || !head_office)
			return;
		frm.add_custom_button(__("Approve"), () =>
			confirm_approval().then(() => decide(frm, "approve_service_invoice")),
		);
		frm.add_custom_button(__("Reject"), () =>
			ask_rejection_reason().then((reason) =>
				decide(frm, "reject_service_invoice", { reason }),
			),
		);
	},

	before_workflow_action(frm) {
		// Frappe freezes the page while the action runs: a dialog needs it unfrozen
		const action = frm.selected_workflow_action;
		if (action === "Approve") {
			frappe.dom.unfreeze();
			return confirm_approval();
		}
		if (action === "Reject") {
			frappe.dom.unfreeze();
			// the action reloads the invoice from the database: save the reason first
			return ask_rejection_reason().then((reason) =>
				frappe.xcall("zhira_after_sales.api.invoice.set_rejection_reason", {
					name: frm.doc.name,
					reason,
				}),
			);
		}
	},

	service_reception(frm) {
		frm.set_value("customer_device", null);
		frm.set_value("technician", null);
	},
});

function decide(frm, method, args) {
	return frappe
		.call({
			method: `zhira_after_sales.api.invoice.${method}`,
			args: { name: frm.doc.name, ...args },
			freeze: true,
		})
		.then(() => frm.reload_doc());
}

function confirm_approval() {
	return new Promise((resolve) =>
		frappe.confirm(
			__("Approve this invoice? Its wages and parts are posted to the accounts and stock."),
			resolve,
		),
	);
}

function ask_rejection_reason() {
	return new Promise((resolve) =>
		frappe.prompt(
			{
				fieldname: "reason",
				fieldtype: "Small Text",
				label: __("Rejection Reason"),
				reqd: 1,
			},
			(values) => resolve(values.reason),
			__("Reject"),
			__("Reject"),
		),
	);
}
