// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt
// Head office takes consignment stock back from an agency, or bills it for what it cannot return.

frappe.ui.form.on("Service Agency", {
	refresh(frm) {
		if (frm.is_new() || !frappe.user.has_role(["After Sales Manager", "System Manager"]))
			return;
		const group = __("Consignment");
		const ask = (title, primary, method, message) => {
			const dialog = new frappe.ui.Dialog({
				title,
				fields: [
					{
						fieldname: "items",
						fieldtype: "Table",
						label: __("Parts"),
						reqd: 1,
						in_place_edit: true,
						data: [],
						fields: [
							{
								fieldname: "item",
								fieldtype: "Link",
								options: "Item",
								label: __("Part"),
								in_list_view: 1,
								reqd: 1,
								get_query: () => ({ filters: { is_stock_item: 1 } }),
							},
							{
								fieldname: "qty",
								fieldtype: "Float",
								label: __("Qty"),
								in_list_view: 1,
								reqd: 1,
							},
						],
					},
				],
				primary_action_label: primary,
				primary_action(values) {
					frappe
						.call({
							method: `zhira_after_sales.api.consignment.${method}`,
							args: {
								agency: frm.doc.name,
								items: (values.items || []).map((row) => ({
									item: row.item,
									qty: row.qty,
								})),
							},
							freeze: true,
						})
						.then((r) => {
							dialog.hide();
							const [doctype, name] = r.message.stock_entry
								? ["Stock Entry", r.message.stock_entry]
								: ["Sales Invoice", r.message.sales_invoice];
							frappe.msgprint(
								message(frappe.utils.get_form_link(doctype, name, true)),
							);
						});
				},
			});
			dialog.show();
		};
		frm.add_custom_button(
			__("Take Back Consignment Stock"),
			() =>
				ask(
					__("Take back consignment stock"),
					__("Move to the central store"),
					"return_consignment_stock",
					(link) => __("Moved back by {0}.", [link]),
				),
			group,
		);
		frm.add_custom_button(
			__("Bill Unreturned Consignment Stock"),
			() =>
				ask(
					__("Bill the agency for consignment stock"),
					__("Bill the agency"),
					"bill_consignment_stock",
					(link) => __("Billed by {0}.", [link]),
				),
			group,
		);
	},
});
