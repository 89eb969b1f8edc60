// "Send SMS" on any document: pick a template, see it filled from the document, edit, send.
// A DocType gets the action by being listed in hooks.py `zhira_smart_sms_doctypes` (which fills
// frappe.boot.zhira_smart_sms_doctypes), or by calling zhira.sms.enable("DocType") in its form JS.

frappe.provide("zhira.sms");

zhira.sms.enabled_doctypes = new Set();

zhira.sms.enable = function (doctype) {
	if (zhira.sms.enabled_doctypes.has(doctype)) return;
	zhira.sms.enabled_doctypes.add(doctype);
	frappe.ui.form.on(doctype, {
		refresh(frm) {
			zhira.sms.add_button(frm);
		},
	});
};

zhira.sms.add_button = function (frm) {
	if (frm.is_new() || !frappe.model.can_create("SMS Message")) return;
	frm.add_custom_button(__("Send SMS"), () => zhira.sms.open_dialog(frm));
};

// characters and SMS parts as operators bill them (Persian: 70 in one part, 67 per part)
zhira.sms.length = function (text) {
	text = text || "";
	const unicode = /[^\x00-\x7F€£¥]/.test(text);
	const chars = [...text].length;
	const [single, multi] = unicode ? [70, 67] : [160, 153];
	const parts = chars === 0 ? 0 : chars <= single ? 1 : Math.ceil(chars / multi);
	return { chars, parts };
};

zhira.sms.length_html = function (text) {
	const { chars, parts } = zhira.sms.length(text);
	return `<div class="text-muted small">${__("{0} characters, {1} SMS", [
		format_number(chars, null, 0),
		format_number(parts, null, 0),
	])}</div>`;
};

zhira.sms.open_dialog = async function (frm) {
	const options = await frappe.xcall("zhira_after_sales.api.sms.get_send_options", {
		doctype: frm.doctype,
		name: frm.doc.name,
	});
	const dialog = new frappe.ui.Dialog({
		title: __("Send SMS"),
		fields: [
			{
				fieldname: "template",
				fieldtype: "Select",
				label: __("Template"),
				options: [""].concat(options.templates.map((t) => t.name)),
				description: options.templates.length
					? ""
					: __("No SMS Template for this document type yet: type the text."),
				onchange: () => fill(),
			},
			{
				fieldname: "to",
				fieldtype: "Data",
				label: __("To"),
				options: "Phone",
				reqd: 1,
				default: options.to,
			},
			{
				fieldname: "body",
				fieldtype: "Small Text",
				label: __("Message"),
				reqd: 1,
			},
			{ fieldname: "length", fieldtype: "HTML" },
		],
		primary_action_label: __("Send"),
		primary_action: async (values) => {
			const result = await frappe.xcall("zhira_after_sales.api.sms.send", {
				doctype: frm.doctype,
				name: frm.doc.name,
				to: values.to,
				body: values.body,
				template: values.template || null,
			});
			dialog.hide();
			if (result.status === "Failed") {
				frappe.msgprint({
					title: __("SMS stored but not sent"),
					indicator: "red",
					message: frappe.utils.escape_html(result.error || ""),
				});
			} else {
				frappe.show_alert({ message: __("SMS queued"), indicator: "green" });
			}
			frm.reload_doc();
		},
	});

	const body_field = dialog.get_field("body");
	body_field.$input.attr("dir", "auto");
	body_field.$input.on("input", () => show_length());

	function show_length() {
		dialog.get_field("length").$wrapper.html(zhira.sms.length_html(dialog.get_value("body")));
	}

	async function fill() {
		const template = dialog.get_value("template");
		if (!template) return;
		const preview = await frappe.xcall("zhira_after_sales.api.sms.preview", {
			template,
			doctype: frm.doctype,
			name: frm.doc.name,
		});
		await dialog.set_value("body", preview.body);
		if (!dialog.get_value("to") && preview.to) await dialog.set_value("to", preview.to);
		show_length();
	}

	// a template made for this document type is filled in at once; general ones are offered
	const own = options.templates.filter((t) => t.reference_doctype === frm.doctype);
	if (own.length === 1) dialog.set_value("template", own[0].name);
	show_length();
	dialog.show();
};

$(document).on("startup", () => {
	(frappe.boot.zhira_smart_sms_doctypes || []).forEach((doctype) => zhira.sms.enable(doctype));
});
(frappe.boot && frappe.boot.zhira_smart_sms_doctypes
	? frappe.boot.zhira_smart_sms_doctypes
	: []
).forEach((doctype) => zhira.sms.enable(doctype));
