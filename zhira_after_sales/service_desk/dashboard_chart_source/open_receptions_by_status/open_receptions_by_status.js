// The open receptions (not closed) the user may read, by their current status.
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Open Receptions by Status"] = {
	method: "zhira_after_sales.api.reception.open_receptions_by_status",
	filters: [],
};
