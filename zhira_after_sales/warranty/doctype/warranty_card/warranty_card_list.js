frappe.listview_settings["Warranty Card"] = {
	add_fields: ["status", "end_date"],
	get_indicator(doc) {
		const colors = { Issued: "blue", Active: "green", Expired: "gray", Void: "red" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
