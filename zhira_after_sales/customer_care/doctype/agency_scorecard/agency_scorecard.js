// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// An Agency Scorecard keeps a Jalali month as it was snapshotted. A manager may compute it again
// with a reason (kept on the scorecard; the form's history shows the figures it had).
frappe.ui.form.on("Agency Scorecard", {
	refresh(frm) {
		if (frm.doc.no_surveys) {
			frm.dashboard.set_headline(
				__("No survey response in this month: the score is unknown (neither 100 nor 0)."),
			);
		}
		if (!is_manager()) return;
		frm.add_custom_button(__("Recompute"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Recompute {0} for {1}", [frm.doc.period_label, frm.doc.agency_name]),
				fields: [
					{
						fieldtype: "HTML",
						options: `<p class="text-muted">${__(
							"This month was snapshotted on {0}. Computing it again replaces its figures with today's data; say why.",
							[frappe.datetime.str_to_user(frm.doc.computed_on)],
						)}</p>`,
					},
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
				],
				primary_action_label: __("Recompute"),
				primary_action(values) {
					recompute({
						year: frm.doc.jalali_year,
						month: frm.doc.jalali_month,
						agency: frm.doc.agency,
						force: 1,
						reason: values.reason,
					}).then(() => {
						dialog.hide();
						frm.reload_doc();
					});
				},
			});
			dialog.show();
		});
	},
});

function is_manager() {
	return ["System Manager", "After Sales Manager"].some((role) => frappe.user.has_role(role));
}

function recompute(args) {
	return frappe
		.call({ method: "zhira_after_sales.api.agency_score.recompute", args, freeze: true })
		.then((r) => {
			const written = (r.message && r.message.written) || [];
			frappe.show_alert({
				message: __("{0} scorecards written for {1}", [written.length, r.message.period]),
				indicator: "green",
			});
			return r.message;
		});
}
