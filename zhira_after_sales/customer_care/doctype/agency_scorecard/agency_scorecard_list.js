// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Scorecards are written by the daily job once a Jalali month is over. A manager may compute a
// month that has ended: refused for a month already snapshotted unless forced with a reason.
frappe.listview_settings["Agency Scorecard"] = {
	add_fields: ["no_surveys", "score"],
	get_indicator(doc) {
		if (doc.no_surveys) return [__("No Surveys"), "gray", "no_surveys,=,1"];
		if (doc.score >= 80) return [__("Good"), "green", "score,>=,80"];
		if (doc.score >= 60) return [__("Fair"), "orange", "score,>=,60"];
		return [__("Poor"), "red", "score,<,60"];
	},
	onload(listview) {
		const managers = ["System Manager", "After Sales Manager"];
		if (!managers.some((role) => frappe.user.has_role(role))) return;
		listview.page.add_inner_button(__("Recompute a Month"), () => recompute_dialog(listview));
	},
};

function previous_jalali_month() {
	const today = frappe.datetime.get_today();
	const jalali = frappe.jalali && frappe.jalali.to_jalali && frappe.jalali.to_jalali(today);
	if (!jalali) return { year: null, month: null };
	return jalali.jm > 1
		? { year: jalali.jy, month: jalali.jm - 1 }
		: { year: jalali.jy - 1, month: 12 };
}

function month_options() {
	const names =
		(frappe.jalali && frappe.jalali.month_names && frappe.jalali.month_names()) || [];
	return Array.from({ length: 12 }, (_, i) => ({
		value: String(i + 1),
		label: names[i] ? `${i + 1} - ${names[i]}` : String(i + 1),
	}));
}

function recompute_dialog(listview) {
	const previous = previous_jalali_month();
	const dialog = new frappe.ui.Dialog({
		title: __("Recompute a Month"),
		fields: [
			{
				fieldname: "year",
				fieldtype: "Int",
				label: __("Jalali Year"),
				reqd: 1,
				default: previous.year,
			},
			{
				fieldname: "month",
				fieldtype: "Select",
				label: __("Jalali Month"),
				options: month_options(),
				reqd: 1,
				default: previous.month ? String(previous.month) : "",
			},
			{
				fieldname: "agency",
				fieldtype: "Link",
				label: __("Service Agency"),
				options: "Service Agency",
				description: __("Empty: every agency"),
			},
			{
				fieldname: "force",
				fieldtype: "Check",
				label: __("Force"),
				description: __("Replace scorecards already snapshotted for this month"),
			},
			{
				fieldname: "reason",
				fieldtype: "Small Text",
				label: __("Reason"),
				depends_on: "force",
				mandatory_depends_on: "force",
			},
		],
		primary_action_label: __("Recompute"),
		primary_action(values) {
			recompute(values).then(() => {
				dialog.hide();
				listview.refresh();
			});
		},
	});
	dialog.show();
}

function recompute(values) {
	return frappe
		.call({
			method: "zhira_after_sales.api.agency_score.recompute",
			args: values,
			freeze: true,
		})
		.then((r) => {
			const written = (r.message && r.message.written) || [];
			frappe.show_alert({
				message: __("{0} scorecards written for {1}", [written.length, r.message.period]),
				indicator: "green",
			});
			return r.message;
		});
}
