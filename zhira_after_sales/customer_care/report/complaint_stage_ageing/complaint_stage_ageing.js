// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Open complaints and how long they have waited in their stage; a stage's counts open the
// Complaint list of that stage.
const BUCKET_COLORS = {
	days_0_1: "var(--green-600)",
	days_1_3: "var(--yellow-600)",
	days_3_7: "var(--orange-600)",
	days_over_7: "var(--red-600)",
};

frappe.query_reports["Complaint Stage Ageing"] = {
	filters: [
		{
			fieldname: "view",
			label: __("Show"),
			fieldtype: "Select",
			options: [
				{ value: "Complaints", label: __("Complaints") },
				{ value: "Stages", label: __("Stages") },
			],
			default: "Complaints",
			reqd: 1,
		},
		{
			fieldname: "service_agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
		{
			fieldname: "iso_stage",
			label: __("ISO Stage"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Received", label: __("Received") },
				{ value: "Acknowledged", label: __("Acknowledged") },
				{ value: "Assessed", label: __("Assessed") },
				{ value: "Investigating", label: __("Investigating") },
				{ value: "Responded", label: __("Responded") },
			],
		},
		{
			fieldname: "severity",
			label: __("Severity"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Low", label: __("Low") },
				{ value: "Medium", label: __("Medium") },
				{ value: "High", label: __("High") },
				{ value: "Critical", label: __("Critical") },
			],
		},
		{ fieldname: "overdue_only", label: __("Overdue Only"), fieldtype: "Check" },
	],

	formatter(value, row, column, data, default_formatter) {
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		if (column.fieldname === "bucket_label" && BUCKET_COLORS[data.bucket]) {
			html = `<span style="color: ${BUCKET_COLORS[data.bucket]}">${html}</span>`;
		}
		if (column.fieldname === "overdue" && column.fieldtype === "Int" && value) {
			html = `<span style="color: var(--red-600)">${html}</span>`;
		}
		if (column.fieldname === "open" && value && data.iso_stage) {
			const params = new URLSearchParams({ iso_stage: data.iso_stage });
			const filters = frappe.query_report.get_filter_values();
			if (filters.service_agency) params.set("service_agency", filters.service_agency);
			if (filters.severity) params.set("severity", filters.severity);
			if (filters.overdue_only) params.set("overdue", 1);
			html = `<a href="/app/complaint?${params.toString()}" style="text-decoration: underline">${html}</a>`;
		}
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
