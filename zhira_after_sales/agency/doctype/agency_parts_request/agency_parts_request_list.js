// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.listview_settings["Agency Parts Request"] = {
	add_fields: ["status", "request_type"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colours = {
			Draft: "red",
			Pending: "orange",
			"Partly Sent": "yellow",
			Sent: "green",
			Rejected: "red",
			Cancelled: "gray",
		};
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
