// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

const API = "zhira_after_sales.api.parts_request";

frappe.ui.form.on("Agency Parts Request", {
	setup(frm) {
		frm.set_query("item", "items", () => ({
			filters: { is_stock_item: 1, disabled: 0, has_variants: 0 },
		}));
		frm.set_query("service_reception", () => ({
			filters: frm.doc.agency ? { service_agency: frm.doc.agency } : {},
		}));
		frm.set_query("technician", () => ({
			filters: { is_active: 1, agency: frm.doc.agency || "" },
		}));
	},

	refresh(frm) {
		const head_office = frappe.user.has_role(["After Sales Manager", "System Manager"]);
		if (frm.doc.docstatus !== 1 || !head_office) return;
		if (["Rejected", "Cancelled", "Sent"].includes(frm.doc.status)) return;
		const sent = (frm.doc.items || []).some((row) => row.sent_qty > 0);
		frm.add_custom_button(__("Approve Lines"), () => approve_dialog(frm), __("Decide"));
		if ((frm.doc.items || []).some((row) => row.to_send_qty > 0)) {
			frm.add_custom_button(__("Send"), () => send_dialog(frm)).addClass("btn-primary");
		}
		if (!sent) {
			frm.add_custom_button(__("Reject"), () => reject_dialog(frm), __("Decide"));
		}
	},

	service_reception(frm) {
		frm.set_value("technician", null);
	},
});

function call(frm, method, args) {
	return frappe
		.call({ method: `${API}.${method}`, args: { name: frm.doc.name, ...args }, freeze: true })
		.then(() => frm.reload_doc());
}

function approve_dialog(frm) {
	const rows = (frm.doc.items || []).map((row) => ({
		row: row.name,
		item: row.item,
		qty: row.qty,
		sent_qty: row.sent_qty,
		decision: row.line_status === "Void" ? "Void" : "Approve",
		approved_qty: row.line_status === "Approved" ? row.approved_qty : row.qty,
	}));
	const dialog = new frappe.ui.Dialog({
		title: __("Approve Lines"),
		size: "large",
		fields: [
			{
				fieldname: "lines",
				fieldtype: "Table",
				label: __("Parts"),
				cannot_add_rows: true,
				cannot_delete_rows: true,
				in_place_edit: true,
				data: rows,
				fields: [
					{ fieldname: "row", fieldtype: "Data", hidden: 1 },
					{
						fieldname: "item",
						fieldtype: "Link",
						options: "Item",
						label: __("Part"),
						read_only: 1,
						in_list_view: 1,
						columns: 3,
					},
					{
						fieldname: "qty",
						fieldtype: "Float",
						label: __("Requested Qty"),
						read_only: 1,
						in_list_view: 1,
						columns: 2,
					},
					{
						fieldname: "decision",
						fieldtype: "Select",
						options: ["Approve", "Void"],
						label: __("Decision"),
						in_list_view: 1,
						columns: 2,
					},
					{
						fieldname: "approved_qty",
						fieldtype: "Float",
						label: __("Approved Qty"),
						in_list_view: 1,
						columns: 2,
					},
				],
			},
		],
		primary_action_label: __("Save Decisions"),
		primary_action(values) {
			const lines = {};
			const void_rows = [];
			(values.lines || []).forEach((line) => {
				if (line.decision === "Void") void_rows.push(line.row);
				else lines[line.row] = line.approved_qty;
			});
			dialog.hide();
			call(frm, "approve_lines", { lines, void: void_rows });
		},
	});
	dialog.show();
}

function send_dialog(frm) {
	const rows = (frm.doc.items || [])
		.filter((row) => row.to_send_qty > 0)
		.map((row) => ({
			row: row.name,
			item: row.item,
			approved_qty: row.approved_qty,
			sent_qty: row.sent_qty,
			qty: row.to_send_qty,
		}));
	const dialog = new frappe.ui.Dialog({
		title: __("Send Parts"),
		size: "large",
		fields: [
			{
				fieldtype: "HTML",
				options: `<p class="text-muted">${
					frm.doc.request_type === "Warranty"
						? __(
								"The parts move from the central warehouse to the agency's consignment warehouse (Stock Entry).",
							)
						: __(
								"The parts are billed to the agency and leave the central warehouse (Sales Invoice).",
							)
				}</p>`,
			},
			{
				fieldname: "lines",
				fieldtype: "Table",
				label: __("Quantities to Send"),
				cannot_add_rows: true,
				cannot_delete_rows: true,
				in_place_edit: true,
				data: rows,
				fields: [
					{ fieldname: "row", fieldtype: "Data", hidden: 1 },
					{
						fieldname: "item",
						fieldtype: "Link",
						options: "Item",
						label: __("Part"),
						read_only: 1,
						in_list_view: 1,
						columns: 3,
					},
					{
						fieldname: "approved_qty",
						fieldtype: "Float",
						label: __("Approved Qty"),
						read_only: 1,
						in_list_view: 1,
						columns: 2,
					},
					{
						fieldname: "sent_qty",
						fieldtype: "Float",
						label: __("Sent Qty"),
						read_only: 1,
						in_list_view: 1,
						columns: 2,
					},
					{
						fieldname: "qty",
						fieldtype: "Float",
						label: __("Send Now"),
						in_list_view: 1,
						columns: 2,
					},
				],
			},
		],
		primary_action_label: __("Send"),
		primary_action(values) {
			const quantities = {};
			(values.lines || []).forEach((line) => {
				if (line.qty) quantities[line.row] = line.qty;
			});
			dialog.hide();
			call(frm, "fulfil", { quantities });
		},
	});
	dialog.show();
}

function reject_dialog(frm) {
	frappe.prompt(
		{ fieldname: "reason", fieldtype: "Small Text", label: __("Rejection Reason"), reqd: 1 },
		(values) => call(frm, "reject", { reason: values.reason }),
		__("Reject"),
		__("Reject"),
	);
}
