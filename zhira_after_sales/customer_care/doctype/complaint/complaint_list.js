// Complaint colours follow the ISO 10002 stage; an open complaint past a deadline shows Overdue.
const STAGE_COLORS = {
	Received: "blue",
	Acknowledged: "cyan",
	Assessed: "orange",
	Investigating: "yellow",
	Responded: "purple",
	Closed: "green",
	Rejected: "gray",
};

frappe.listview_settings["Complaint"] = {
	add_fields: [
		"status",
		"iso_stage",
		"overdue",
		"response_by",
		"first_responded_on",
		"sla_resolution_by",
		"sla_resolution_date",
	],
	get_indicator(doc) {
		if (is_overdue(doc)) return [__("Overdue"), "red", "overdue,=,1"];
		return [
			__(doc.status),
			STAGE_COLORS[doc.iso_stage] || "gray",
			`iso_stage,=,${doc.iso_stage}`,
		];
	},
};

function is_overdue(doc) {
	if (["Closed", "Rejected"].includes(doc.iso_stage)) return false;
	if (doc.overdue) return true;
	// deadlines passed since the last save or the hourly check
	const now = frappe.datetime.now_datetime();
	if (doc.response_by && !doc.first_responded_on && doc.response_by < now) return true;
	return Boolean(
		doc.sla_resolution_by && !doc.sla_resolution_date && doc.sla_resolution_by < now,
	);
}
