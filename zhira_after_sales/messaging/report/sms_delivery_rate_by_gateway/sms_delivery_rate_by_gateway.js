// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Outbound SMS stored in the date range: sent, delivered and failed, per gateway, Jalali month or
// event.
function sms_rate_color(column, value) {
	if (value === null || value === undefined || value === "") return null;
	if (column === "delivery_percent") {
		if (value >= 90) return "var(--green-600)";
		return value >= 70 ? "var(--orange-600)" : "var(--red-600)";
	}
	if (column === "failure_percent" && value >= 10) return "var(--red-600)";
	return null;
}

frappe.query_reports["SMS Delivery Rate by Gateway"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Gateway", label: __("Gateway") },
				{ value: "Jalali Month", label: __("Jalali Month") },
				{ value: "Event", label: __("Event") },
			],
			default: "Gateway",
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
			fieldname: "gateway",
			label: __("SMS Gateway"),
			fieldtype: "Link",
			options: "SMS Gateway",
		},
		{
			fieldname: "event",
			label: __("Event"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Reception Registered", label: __("Reception Registered") },
				{ value: "Referral to Agency", label: __("Referral to Agency") },
				{ value: "Referral to Technician", label: __("Referral to Technician") },
				{ value: "Status Changed", label: __("Status Changed") },
				{ value: "Survey Request", label: __("Survey Request") },
				{ value: "Complaint Acknowledged", label: __("Complaint Acknowledged") },
				{ value: "Periodic Service Reminder", label: __("Periodic Service Reminder") },
				{
					value: "Periodic Service Agency Reminder",
					label: __("Periodic Service Agency Reminder"),
				},
				{ value: "Warranty Issued", label: __("Warranty Issued") },
				{ value: "Agency User Invitation", label: __("Agency User Invitation") },
				{ value: "Customer Login Code", label: __("Customer Login Code") },
				{ value: "Ticket Answered", label: __("Ticket Answered") },
				{ value: "Ticket Status Changed", label: __("Ticket Status Changed") },
			],
		},
	],

	formatter(value, row, column, data, default_formatter) {
		// no message sent, no rate: empty, not 0%
		if (value === null || value === undefined) return "";
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		const color = sms_rate_color(column.fieldname, value);
		if (color) html = `<span style="color: ${color}">${html}</span>`;
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
