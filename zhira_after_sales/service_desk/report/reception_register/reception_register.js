// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.query_reports["Reception Register"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -1),
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
			fieldname: "territory",
			label: __("Territory"),
			fieldtype: "Link",
			options: "Territory",
		},
		{
			fieldname: "service_agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
		},
		{ fieldname: "status", label: __("Status"), fieldtype: "Link", options: "Service Status" },
		{
			fieldname: "service_type",
			label: __("Service Type"),
			fieldtype: "Link",
			options: "Service Type",
		},
		{
			fieldname: "item_group",
			label: __("Item Group"),
			fieldtype: "Link",
			options: "Item Group",
		},
		{
			fieldname: "channel",
			label: __("Channel"),
			fieldtype: "Select",
			options: ["", "Phone", "Walk-in", "Email", "Fax", "SMS", "Web", "Periodic"],
		},
	],
	onload(report) {
		// a month at national scale is tens of thousands of rows: made in the background, streamed
		report.page.add_inner_button(__("Excel (in the background)"), () => {
			frappe
				.xcall("zhira_after_sales.api.reception.export_reception_register", {
					filters: report.get_filter_values(true),
				})
				.then((answer) =>
					frappe.show_alert({ message: answer.message, indicator: "blue" }, 7),
				);
		});
		frappe.realtime.off("zhira_register_export");
		frappe.realtime.on("zhira_register_export", (data) => {
			const link = data.file_url
				? `<br><a href="${encodeURI(data.file_url)}" target="_blank">${__("Download")}</a>`
				: "";
			frappe.msgprint({
				title: __("Reception Register"),
				message: frappe.utils.escape_html(data.message) + link,
				indicator: data.file_url ? "green" : "red",
			});
		});
	},
};
