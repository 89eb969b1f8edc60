// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// The list shows where each invoice is in its approval (the "Service Invoice Approval" workflow
// on approval_status); the docstatus decides for drafts and cancelled invoices whatever the
// field says.
const SERVICE_INVOICE_INDICATORS = {
	Draft: "grey",
	Pending: "orange",
	Approved: "green",
	Rejected: "red",
	Cancelled: "darkgrey",
};

frappe.listview_settings["Service Invoice"] = {
	add_fields: ["invoice_type", "agency", "approval_status", "docstatus"],
	filters: [],
	has_indicator_for_draft: true,
	has_indicator_for_cancelled: true,

	get_indicator(doc) {
		let state = doc.approval_status || "Pending";
		if (doc.docstatus == 0) state = "Draft";
		if (doc.docstatus == 2) state = "Cancelled";
		const color = SERVICE_INVOICE_INDICATORS[state] || "grey";
		const filter =
			doc.docstatus == 1
				? `docstatus,=,1|approval_status,=,${state}`
				: `docstatus,=,${doc.docstatus}`;
		return [__(state), color, filter];
	},
};
