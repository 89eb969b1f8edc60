// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// Service Agency → "Receive from Agency" / "Pay Agency": head office records a payment with the
// agency as a submitted Payment Entry on the agency's Customer (api/agency_payment.py). Dates
// typed in Jalali are sent Gregorian by the desk's date controls.
const AGENCY_PAYMENT_API = "zhira_after_sales.api.agency_payment";

function agency_payment_dialog(frm, direction) {
	const receive = direction === "receive";
	const dialog = new frappe.ui.Dialog({
		title: receive ? __("Receive from Agency") : __("Pay Agency"),
		fields: [
			{ fieldname: "balance_html", fieldtype: "HTML" },
			{
				fieldname: "amount",
				label: __("Amount"),
				fieldtype: "Currency",
				reqd: 1,
			},
			{
				fieldname: "posting_date",
				label: __("Posting Date"),
				fieldtype: "Date",
				reqd: 1,
				default: frappe.datetime.get_today(),
			},
			{ fieldname: "col_1", fieldtype: "Column Break" },
			{
				fieldname: "mode_of_payment",
				label: __("Mode of Payment"),
				fieldtype: "Link",
				options: "Mode of Payment",
				onchange() {
					const mode = dialog.get_value("mode_of_payment");
					if (!mode) return;
					frappe
						.call(`${AGENCY_PAYMENT_API}.payment_defaults`, {
							agency: frm.doc.name,
							mode_of_payment: mode,
						})
						.then((r) => {
							if (r.message && r.message.account) {
								dialog.set_value("account", r.message.account);
							}
						});
				},
			},
			{
				fieldname: "account",
				label: __("Bank / Cash Account"),
				fieldtype: "Link",
				options: "Account",
				reqd: 1,
				get_query: () => ({
					filters: {
						company: dialog.company || frm.doc.company,
						account_type: ["in", ["Bank", "Cash"]],
						is_group: 0,
						disabled: 0,
					},
				}),
			},
			{ fieldname: "sec_ref", fieldtype: "Section Break" },
			{ fieldname: "reference_no", label: __("Reference No"), fieldtype: "Data" },
			{ fieldname: "col_2", fieldtype: "Column Break" },
			{ fieldname: "reference_date", label: __("Reference Date"), fieldtype: "Date" },
			{ fieldname: "sec_more", fieldtype: "Section Break" },
			{
				fieldname: "invoices",
				label: __("Settle Sales Invoices"),
				fieldtype: "MultiSelectList",
				hidden: receive ? 0 : 1,
				get_data: (txt) =>
					frappe.db
						.get_list("Sales Invoice", {
							fields: ["name as value", "outstanding_amount as description"],
							filters: {
								customer: frm.doc.customer,
								docstatus: 1,
								outstanding_amount: [">", 0],
								name: ["like", `%${txt || ""}%`],
							},
							limit: 20,
						})
						.then((rows) =>
							rows.map((row) => ({
								value: row.value,
								description: format_currency(row.description),
							})),
						),
			},
			{ fieldname: "remarks", label: __("Remarks"), fieldtype: "Small Text" },
		],
		primary_action_label: receive ? __("Receive") : __("Pay"),
		primary_action(values) {
			dialog.disable_primary_action();
			frappe
				.call({
					method: `${AGENCY_PAYMENT_API}.${receive ? "receive_from_agency" : "pay_agency"}`,
					args: { agency: frm.doc.name, ...values },
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					const pe = r.message;
					frappe.show_alert({
						message: __("Payment Entry {0} submitted", [
							`<a href="/app/payment-entry/${pe.name}">${pe.name}</a>`,
						]),
						indicator: "green",
					});
					frm.reload_doc();
				})
				.always(() => dialog.enable_primary_action());
		},
	});

	frappe.call(`${AGENCY_PAYMENT_API}.payment_defaults`, { agency: frm.doc.name }).then((r) => {
		const info = r.message || {};
		dialog.company = info.company;
		const balance = info.balance || 0;
		const text =
			balance > 0
				? __("The agency owes {0}", [format_currency(balance, info.currency)])
				: balance < 0
					? __("We owe the agency {0}", [format_currency(-balance, info.currency)])
					: __("The agency's balance is settled");
		dialog.fields_dict.balance_html.$wrapper.html(
			`<p class="text-muted">${frappe.utils.escape_html(text)}</p>`,
		);
	});
	dialog.show();
}

frappe.ui.form.on("Service Agency", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.customer || !frm.doc.is_active) return;
		if (!frappe.model.can_write("Service Agency")) return;
		const group = __("Payments");
		frm.add_custom_button(
			__("Receive from Agency"),
			() => agency_payment_dialog(frm, "receive"),
			group,
		);
		frm.add_custom_button(__("Pay Agency"), () => agency_payment_dialog(frm, "pay"), group);
		frm.add_custom_button(
			__("Agency Statement"),
			() => frappe.set_route("query-report", "Agency Statement", { agency: frm.doc.name }),
			__("View"),
		);
	},
});
