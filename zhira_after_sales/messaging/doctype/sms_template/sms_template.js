// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("SMS Template", {
	refresh(frm) {
		frm.get_field("body").$input && frm.get_field("body").$input.attr("dir", "auto");
		if (frm.is_new()) return;
		frm.add_custom_button(__("Preview with a Document"), () => preview(frm));
	},
});

function preview(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Preview {0}", [frm.doc.name]),
		fields: [
			{
				fieldname: "doctype",
				fieldtype: "Link",
				options: "DocType",
				label: __("Document Type"),
				reqd: 1,
				default: frm.doc.reference_doctype,
				onchange: () => dialog.set_value("docname", ""),
			},
			{
				fieldname: "docname",
				fieldtype: "Dynamic Link",
				options: "doctype",
				label: __("Document"),
				reqd: 1,
				onchange: () => render(),
			},
			{ fieldname: "result", fieldtype: "HTML" },
		],
	});

	async function render() {
		const values = dialog.get_values(true);
		if (!values.doctype || !values.docname) return;
		const result = await frappe.xcall("zhira_after_sales.api.sms.preview", {
			template: frm.doc.name,
			doctype: values.doctype,
			name: values.docname,
		});
		const to = result.to
			? `<div class="text-muted small">${__("To")}: <bdi dir="ltr">${frappe.utils.escape_html(
					result.to,
				)}</bdi></div>`
			: "";
		dialog.get_field("result").$wrapper.html(`
			<div class="zhira-sms-preview" dir="auto">${frappe.utils.escape_html(result.body)}</div>
			${zhira.sms.length_html(result.body)}${to}`);
	}

	dialog.show();
}
