// Happy Calls by status: waiting for the call centre or the customer, done, or given up.
const STATUS_COLORS = {
	Pending: "orange",
	"No Answer": "red",
	Completed: "green",
	Refused: "gray",
};

frappe.listview_settings["Survey Response"] = {
	add_fields: ["status", "satisfaction_percent", "channel"],
	get_indicator(doc) {
		return [__(doc.status), STATUS_COLORS[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
