// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Each count opens the Service Invoice list filtered to the same invoices (type, state, agency,
// service dates); the server narrows both to the user's agency.
const STATE_FILTERS = {
	draft: { docstatus: 0 },
	pending: { docstatus: 1, approval_status: "Pending" },
	approved: { docstatus: 1, approval_status: "Approved" },
	rejected: { docstatus: 1, approval_status: "Rejected" },
};

function service_date_filter(filters) {
	if (filters.from_date && filters.to_date) {
		return ["Between", [filters.from_date, filters.to_date]];
	}
	if (filters.from_date) return [">=", filters.from_date];
	if (filters.to_date) return ["<=", filters.to_date];
	return null;
}

function list_url(state, data, filters) {
	const params = new URLSearchParams();
	if (data.invoice_type_key) params.set("invoice_type", data.invoice_type_key);
	Object.entries(STATE_FILTERS[state]).forEach(([field, value]) => params.set(field, value));
	if (filters.agency) params.set("agency", filters.agency);
	const dates = service_date_filter(filters);
	if (dates) params.set("service_date", JSON.stringify(dates));
	return `/app/service-invoice?${params.toString()}`;
}

frappe.query_reports["Service Invoice Queue"] = {
	filters: [
		{
			fieldname: "agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
	],

	formatter(value, row, column, data, default_formatter) {
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		if (STATE_FILTERS[column.fieldname] && value) {
			const url = list_url(column.fieldname, data, frappe.query_report.get_filter_values());
			html = `<a href="${url}" style="text-decoration: underline">${html}</a>`;
		}
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
