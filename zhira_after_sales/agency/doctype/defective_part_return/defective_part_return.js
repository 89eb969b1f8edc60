// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("Defective Part Return", {
	refresh(frm) {
		if (frm.is_new() || !frappe.user.has_role(["After Sales Manager", "System Manager"]))
			return;
		const doc = frm.doc;
		const call = (method, args) =>
			frappe
				.call({
					method: `zhira_after_sales.api.part_return.${method}`,
					args: { name: doc.name, ...args },
					freeze: true,
				})
				.then(() => frm.reload_doc());
		const due = flt(doc.qty) - flt(doc.received_qty);
		const group = __("Actions");

		if (["Awaiting Return", "Short"].includes(doc.status)) {
			frm.add_custom_button(
				__("Receive"),
				() =>
					frappe.prompt(
						[
							{
								fieldname: "qty",
								fieldtype: "Float",
								label: __("Qty Received"),
								default: due,
								reqd: 1,
							},
							{
								fieldname: "rate",
								fieldtype: "Currency",
								label: __("Received At (Rate)"),
								default: 0,
								description: __(
									"0: the part enters the defective warehouse at no value",
								),
							},
						],
						(values) => call("receive", values),
						__("Receive the defective part"),
						__("Receive"),
					),
				group,
			);
		}
		if (doc.status === "Awaiting Return") {
			frm.add_custom_button(
				__("Reject"),
				() =>
					frappe.prompt(
						{
							fieldname: "reason",
							fieldtype: "Small Text",
							label: __("Why It Was Rejected"),
							reqd: 1,
						},
						(values) => call("reject", values),
						__("Reject"),
						__("Reject"),
					),
				group,
			);
		}
		if (["Awaiting Return", "Short", "Rejected"].includes(doc.status) && !doc.sales_invoice) {
			frm.add_custom_button(
				__("Bill the Agency"),
				() =>
					frappe.confirm(
						__("Bill agency {0} for {1} unreturned {2}?", [doc.agency, due, doc.item]),
						() => call("bill"),
					),
				group,
			);
		}
		if (flt(doc.received_qty) > 0 && !doc.outcome) {
			frm.add_custom_button(__("Scrap"), () => call("route", { outcome: "Scrap" }), group);
			frm.add_custom_button(__("Repair"), () => call("route", { outcome: "Repair" }), group);
			frm.add_custom_button(
				__("Return to Supplier"),
				() =>
					frappe.prompt(
						{
							fieldname: "supplier",
							fieldtype: "Link",
							options: "Supplier",
							label: __("Supplier"),
							reqd: 1,
						},
						(values) => call("route", { outcome: "Return to Supplier", ...values }),
						__("Return to Supplier"),
					),
				group,
			);
		}
		if (doc.outcome === "Repair") {
			frm.add_custom_button(
				__("Repaired"),
				() =>
					frappe.prompt(
						{
							fieldname: "cost",
							fieldtype: "Currency",
							label: __("Repair Cost"),
							default: 0,
						},
						(values) => call("repaired", values),
						__("Back to spare stock"),
					),
				group,
			);
		}
	},
});
