// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Periodic service visits not done past their due date and the grace days, per agency; an
// agency's count opens the same report for that agency: its overdue visits, oldest first.
const OVERDUE_REPORT = "Periodic Services Overdue by Agency";

frappe.query_reports[OVERDUE_REPORT] = {
	filters: [
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
		if (column.fieldname === "overdue" && data.service_agency && !data.is_total) {
			const params = new URLSearchParams({ service_agency: data.service_agency });
			const url = `/app/query-report/${encodeURIComponent(OVERDUE_REPORT)}?${params}`;
			// on this page, set the filter (the route is the same, so a plain link would not reload)
			const set_filter = `frappe.query_report.set_filter_value('service_agency', decodeURIComponent('${encodeURIComponent(data.service_agency).replace(/'/g, "%27")}')); return false;`;
			html = `<a href="${url}" onclick="${set_filter}" style="text-decoration: underline">${html}</a>`;
		}
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
