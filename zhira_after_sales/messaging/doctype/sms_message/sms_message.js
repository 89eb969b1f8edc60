// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("SMS Message", {
	refresh(frm) {
		frm.get_field("body").$input && frm.get_field("body").$input.attr("dir", "auto");
		if (frm.is_new()) return;
		const doc = frm.doc;
		if (doc.direction === "Out" && doc.status === "Sending") {
			frm.set_intro(
				__(
					"Being handed to the provider. If sending stops here, the provider is asked about it before anything is sent again.",
				),
				"orange",
			);
		}
		if (doc.direction === "Out" && doc.status === "Unknown") {
			frm.set_intro(
				__(
					"Nobody knows whether this message went out. Check the provider's panel, then use Retry to send it again or Mark as Sent.",
				),
				"red",
			);
			frm.add_custom_button(__("Mark as Sent"), async () => {
				await frappe.xcall("zhira_after_sales.api.sms.mark_sent", { name: doc.name });
				frm.reload_doc();
			});
		}
		if (doc.direction === "Out" && ["Failed", "Queued", "Unknown"].includes(doc.status)) {
			frm.add_custom_button(__("Retry"), async () => {
				await frappe.xcall("zhira_after_sales.api.sms.retry", { name: doc.name });
				frm.reload_doc();
			});
		}
		if (doc.direction === "In") {
			if (["Received", "Unmatched", "Failed"].includes(doc.status)) {
				frm.add_custom_button(__("Process Again"), async () => {
					await frappe.xcall("zhira_after_sales.api.sms.process_again", {
						name: doc.name,
					});
					frm.reload_doc();
				});
			}
			frm.add_custom_button(__("Link to Document"), () => link_dialog(frm));
			if (doc.status !== "Processed") show_sender(frm);
		}
		if (doc.reference_doctype && doc.reference_name) {
			frm.add_custom_button(__("Open {0}", [__(doc.reference_doctype)]), () =>
				frappe.set_route("Form", doc.reference_doctype, doc.reference_name),
			);
		}
	},
});

function link_dialog(frm, reference_doctype, reference_name) {
	frappe.prompt(
		[
			{
				fieldname: "reference_doctype",
				fieldtype: "Link",
				options: "DocType",
				label: __("Document Type"),
				reqd: 1,
				default: reference_doctype || frm.doc.reference_doctype,
			},
			{
				fieldname: "reference_name",
				fieldtype: "Dynamic Link",
				options: "reference_doctype",
				label: __("Document"),
				reqd: 1,
				default: reference_name || frm.doc.reference_name,
			},
		],
		async (values) => {
			await frappe.xcall("zhira_after_sales.api.sms.link_message", {
				name: frm.doc.name,
				reference_doctype: values.reference_doctype,
				reference_name: values.reference_name,
				customer: frm.doc.customer || null,
			});
			frm.reload_doc();
		},
		__("Link to Document"),
		__("Link"),
	);
}

async function show_sender(frm) {
	const context = await frappe.xcall("zhira_after_sales.api.sms.sender_context", {
		name: frm.doc.name,
	});
	const esc = frappe.utils.escape_html;
	const rows = [];
	if (context.technician) {
		rows.push(
			`<div>${__("Technician")}: <a href="/app/service-technician/${encodeURIComponent(
				context.technician.name,
			)}">${esc(context.technician.full_name)}</a></div>`,
		);
	}
	if (context.customer) {
		rows.push(
			`<div>${__("Customer")}: <a href="/app/customer/${encodeURIComponent(context.customer)}">${esc(
				context.customer_name || context.customer,
			)}</a></div>`,
		);
	}
	if (!context.technician && !context.customer) {
		rows.push(
			`<div class="text-muted">${__("No customer or technician has this mobile number.")}</div>`,
		);
	}
	if (context.receptions.length) {
		rows.push(`<div class="mt-2">${__("Open receptions")}:</div>`);
		context.receptions.forEach((r) => {
			rows.push(`<div class="mt-1">
				<a href="/app/service-reception/${encodeURIComponent(r.name)}">${esc(r.tracking_code || r.name)}</a>
				<span class="text-muted">${esc(r.status || "")} ${esc(r.customer_name || "")}</span>
				<button class="btn btn-xs btn-default zhira-link-reception" data-name="${esc(r.name)}">${__(
					"Link",
				)}</button></div>`);
		});
	}
	const wrapper = frm.get_field("sender_context").$wrapper;
	wrapper.html(`<div class="zhira-sms-sender">${rows.join("")}</div>`);
	wrapper.find(".zhira-link-reception").on("click", (e) => {
		link_dialog(frm, "Service Reception", $(e.currentTarget).attr("data-name"));
	});
}
