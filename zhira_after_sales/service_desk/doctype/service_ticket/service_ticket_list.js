// Whose turn it is at a glance: red and orange wait for head office, blue for the customer or agency.
const TICKET_COLORS = {
	Open: "red",
	Replied: "orange",
	Answered: "blue",
	Resolved: "green",
	Closed: "gray",
	Converted: "purple",
};

frappe.listview_settings["Service Ticket"] = {
	add_fields: ["status", "party_type", "party_name"],
	get_indicator(doc) {
		return [__(doc.status), TICKET_COLORS[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
