// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.listview_settings["SMS Message"] = {
	add_fields: ["status", "direction"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colours = {
			Queued: "orange",
			Sending: "orange",
			Sent: "blue",
			Delivered: "green",
			Failed: "red",
			Unknown: "purple",
			Received: "orange",
			Processed: "green",
			Unmatched: "red",
		};
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
