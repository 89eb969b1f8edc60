// Service Ticket: the conversation as chat bubbles (head office's at the inline end, the customer's
// or agency's at the start: right-to-left pages mirror it), Reply with a file, the status buttons
// head office may use, and "Convert to" for every conversion registered in hooks.py.
const TICKET_API = "zhira_after_sales.api.ticket";
const HEAD_OFFICE = "Head Office";
const HEAD_OFFICE_STATUSES = ["Open", "Answered", "Resolved", "Closed"];
const IMAGE = /\.(jpe?g|png|webp)$/i;

frappe.ui.form.on("Service Ticket", {
	refresh(frm) {
		render_conversation(frm);
		if (frm.is_new()) return;
		frm.add_custom_button(__("Reply"), () => reply_dialog(frm)).addClass("btn-primary");
		for (const status of HEAD_OFFICE_STATUSES) {
			if (status === frm.doc.status || frm.doc.status === "Converted") continue;
			if (status === "Open" && !["Resolved", "Closed"].includes(frm.doc.status)) continue;
			const label = status === "Open" ? __("Reopen") : __(status);
			frm.add_custom_button(label, () => set_status(frm, status), __("Status"));
		}
		if (frm.doc.converted_to) {
			frm.add_custom_button(
				`${__(frm.doc.converted_to_doctype)} ${frm.doc.converted_to}`,
				() => frappe.set_route("Form", frm.doc.converted_to_doctype, frm.doc.converted_to),
			);
			return;
		}
		for (const doctype of (frm.doc.__onload && frm.doc.__onload.conversions) || []) {
			// a reception is for a customer's device: an agency's ticket is answered, not converted
			if (doctype === "Service Reception" && frm.doc.party_type !== "Customer") continue;
			frm.add_custom_button(__(doctype), () => convert(frm, doctype), __("Convert to"));
		}
	},
});

function reply_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Reply to {0}", [frm.doc.party_name || frm.doc.party]),
		fields: [
			{ fieldname: "message", fieldtype: "Text", label: __("Message"), reqd: 1 },
			{
				fieldname: "attachment",
				fieldtype: "Attach",
				label: __("Attachment (a photo or a PDF)"),
				options: {
					doctype: frm.doctype,
					docname: frm.docname,
					restrictions: {
						allowed_file_types: [".jpg", ".jpeg", ".png", ".webp", ".pdf"],
						max_file_size: 5 * 1024 * 1024,
					},
				},
			},
			{
				fieldname: "status",
				fieldtype: "Select",
				label: __("Status after the reply"),
				options: [
					{ value: "Answered", label: __("Answered (waiting for them)") },
					{ value: "Resolved", label: __("Resolved") },
					{ value: "Closed", label: __("Closed") },
				],
				default: "Answered",
				hidden: frm.doc.status === "Converted" ? 1 : 0,
			},
		],
		primary_action_label: __("Send"),
		primary_action(values) {
			frappe
				.call({
					method: `${TICKET_API}.reply`,
					args: {
						name: frm.doc.name,
						message: values.message,
						attachment: values.attachment || null,
						status: frm.doc.status === "Converted" ? null : values.status,
					},
					freeze: true,
				})
				.then(() => {
					dialog.hide();
					frappe.show_alert({ message: __("Reply sent"), indicator: "green" });
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}

function set_status(frm, status) {
	frappe
		.call({
			method: `${TICKET_API}.set_status`,
			args: { name: frm.doc.name, status },
			freeze: true,
		})
		.then(() => frm.reload_doc());
}

function convert(frm, doctype) {
	const needs_form =
		doctype === "Service Reception" &&
		frm.doc.party_type === "Customer" &&
		!((frm.doc.item || frm.doc.customer_device) && frm.doc.service_type);
	if (needs_form) {
		// no model or service type to convert with: open a reception prefilled from the ticket; saving
		// it links back to the ticket (doc_events Service Reception after_insert)
		open_prefilled_reception(frm);
		return;
	}
	frappe.confirm(__("Convert ticket {0} to a new {1}?", [frm.doc.name, __(doctype)]), () =>
		frappe
			.call({
				method: `${TICKET_API}.convert`,
				args: { name: frm.doc.name, target_doctype: doctype },
				freeze: true,
			})
			.then((r) => {
				frappe.show_alert({
					message: __("{0} {1} created", [__(doctype), r.message.name]),
					indicator: "green",
				});
				frappe.set_route("Form", doctype, r.message.name);
			}),
	);
}

function open_prefilled_reception(frm) {
	frappe.model.with_doctype("Service Reception", () => {
		const reception = frappe.model.get_new_doc("Service Reception");
		Object.assign(reception, {
			channel: "Web",
			service_ticket: frm.doc.name,
			customer: frm.doc.party,
			customer_name: frm.doc.party_name,
			mobile_no: frm.doc.mobile_no,
			notes: [frm.doc.subject, frm.doc.description].filter(Boolean).join("\n"),
		});
		const row = frappe.model.add_child(reception, "devices");
		Object.assign(row, {
			customer_device: frm.doc.customer_device,
			item: frm.doc.item,
			service_type: frm.doc.service_type,
			description: frm.doc.description,
		});
		frappe.show_alert({
			message: __(
				"Choose the model and service type, then save: the ticket is linked to the reception.",
			),
			indicator: "blue",
		});
		frappe.set_route("Form", "Service Reception", reception.name);
	});
}

// --- the conversation ----------------------------------------------------------------------------

function render_conversation(frm) {
	const field = frm.get_field("conversation");
	if (!field) return;
	if (frm.is_new()) {
		field.$wrapper.empty();
		return;
	}
	const party_side = frm.doc.party_type === "Service Agency" ? "Agency" : "Customer";
	const messages = [
		{
			side: party_side,
			sender_name: frm.doc.party_name,
			posted_on: frm.doc.opened_on,
			message: frm.doc.description,
			attachment: frm.doc.attachment,
		},
		...(frm.doc.replies || []),
	];
	const bubbles = messages.map((m) => bubble(m)).join("");
	field.$wrapper.html(`
		<style>
			.zt-chat { display: flex; flex-direction: column; gap: var(--margin-sm); margin-bottom: var(--margin-md); }
			.zt-bubble { max-width: 80%; padding: var(--padding-sm) var(--padding-md); border-radius: var(--border-radius-lg);
				border: 1px solid var(--border-color); background: var(--card-bg); align-self: flex-start; }
			.zt-bubble.zt-head-office { align-self: flex-end; background: var(--control-bg); }
			.zt-meta { color: var(--text-muted); font-size: var(--text-xs); margin-bottom: 2px; }
			.zt-text { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; }
			.zt-file img { max-width: 200px; max-height: 200px; border-radius: var(--border-radius); margin-top: var(--margin-xs); }
		</style>
		<div class="zt-chat">${bubbles}</div>`);
}

function bubble(m) {
	const head_office = m.side === HEAD_OFFICE;
	const side_label = head_office ? __("Head Office") : __(m.side);
	const when = m.posted_on ? frappe.datetime.str_to_user(m.posted_on) : "";
	const sender = frappe.utils.escape_html(m.sender_name || "");
	let file = "";
	if (m.attachment) {
		const url = frappe.utils.escape_html(m.attachment);
		const name = frappe.utils.escape_html(m.attachment.split("/").pop());
		file = IMAGE.test(m.attachment)
			? `<a class="zt-file" href="${url}" target="_blank" rel="noopener"><img src="${url}" alt="${name}"></a>`
			: `<div><a class="zt-file" href="${url}" target="_blank" rel="noopener">${name}</a></div>`;
	}
	return `<div class="zt-bubble${head_office ? " zt-head-office" : ""}" data-side="${frappe.utils.escape_html(m.side)}">
		<div class="zt-meta">${sender} · ${side_label} · ${when}</div>
		<div class="zt-text" dir="auto">${frappe.utils.escape_html(m.message || "")}</div>
		${file}
	</div>`;
}
