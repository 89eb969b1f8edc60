// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// An agency's statement of account. For an agency's own user the server fixes the agency to
// theirs (and refuses another); the filter is filled and locked here so the page says so too.
function is_head_office() {
	return ["System Manager", "After Sales Manager", "Reception Operator"].some((role) =>
		frappe.user.has_role(role),
	);
}

function agency_settled(report) {
	const filter = report.get_filter("agency");
	return new Promise((resolve) => {
		let waited = 0;
		const check = () => {
			if (filter.get_value() || waited >= 1500) return resolve();
			waited += 100;
			setTimeout(check, 100);
		};
		check();
	});
}

frappe.query_reports["Agency Statement"] = {
	filters: [
		{
			fieldname: "agency",
			label: __("Service Agency"),
			fieldtype: "Link",
			options: "Service Agency",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.jalali.start_of("month"),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
		},
		{
			fieldname: "show_netting",
			label: __("Show netting entries"),
			fieldtype: "Check",
			default: 0,
		},
	],

	onload(report) {
		// an agency passed in the route (Service Agency → Agency Statement) is set a moment after
		// the first refresh runs, which would then ask to set filters: wait for it (1.5 s at most)
		if (is_head_office()) return agency_settled(report);
		return frappe.db
			.get_list("Service Agency", { fields: ["name"], limit: 1 })
			.then((rows) => {
				const filter = report.get_filter("agency");
				if (rows.length) filter.set_value(rows[0].name);
				filter.df.read_only = 1;
				filter.refresh();
			});
	},

	formatter(value, row, column, data, default_formatter) {
		// the voucher type stays English in the data (the voucher link needs it); shown translated
		if (column.fieldname === "voucher_type" && value) value = __(value);
		let html = default_formatter(value, row, column, data);
		if (!data) return html;
		if (column.fieldname === "balance" && data.balance < 0) {
			html = `<span style="color: var(--green-600)">${html}</span>`;
		}
		return data.is_total ? `<b>${html}</b>` : html;
	},
};
