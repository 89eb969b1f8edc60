// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Complaints received in a date range, grouped as chosen. A count of a group of the complaint's
// own fields opens the Complaint list of the same complaints.
// group by -> the Complaint field a list can be filtered by (factor groups have none)
const LIST_FIELDS = {
	Agency: "service_agency",
	Technician: "technician",
	Status: "status",
	"ISO Stage": "iso_stage",
	Channel: "channel",
	Severity: "severity",
};
const LIST_FILTERS = {
	complaints: {},
	open: { iso_stage: ["not in", ["Closed", "Rejected"]] },
	overdue: { iso_stage: ["not in", ["Closed", "Rejected"]], overdue: 1 },
	upheld: { upheld: 1 },
};

function list_url(column, data, filters) {
	const params = new URLSearchParams();
	const field = LIST_FIELDS[filters.group_by];
	if (!data.is_total) {
		params.set(field, data.group_key ? data.group_key : JSON.stringify(["is", "not set"]));
	}
	Object.entries(LIST_FILTERS[column]).forEach(([key, value]) =>
		params.set(key, typeof value === "string" ? value : JSON.stringify(value)),
	);
	if (filters.service_agency) params.set("service_agency", filters.service_agency);
	if (filters.from_date && filters.to_date) {
		params.set(
			"received_on",
			JSON.stringify(["Between", [filters.from_date, filters.to_date]]),
		);
	}
	return `/app/complaint?${params.toString()}`;
}

frappe.query_reports["Complaint Analysis"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Factor", label: __("Factor") },
				{ value: "Factor Type", label: __("Factor Type") },
				{ value: "Agency", label: __("Agency") },
				{ value: "Technician", label: __("Technician") },
				{ value: "Status", label: __("Status") },
				{ value: "ISO Stage", label: __("ISO Stage") },
				{ value: "Channel", label: __("Channel") },
				{ value: "Severity", label: __("Severity") },
			],
			default: "Factor",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.jalali.start_of("year"),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "service_agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		const filters = frappe.query_report.get_filter_values();
		const drill =
			LIST_FILTERS[column.fieldname] &&
			value &&
			(data.is_total || LIST_FIELDS[filters.group_by]);
		if (drill) {
			html = `<a href="${list_url(column.fieldname, data, filters)}" style="text-decoration: underline">${html}</a>`;
		}
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
