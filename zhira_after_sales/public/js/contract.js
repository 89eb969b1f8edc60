// ERPNext's Contract: "Create Periodic Service Plans" makes a plan under the contract for every
// device of its customer whose model has a Service Guide (zhira_after_sales.api.periodic
// .plans_for_contract) and reports the devices it left out, with why.
frappe.ui.form.on("Contract", {
	refresh(frm) {
		// a submitted (agreed) contract with a customer
		if (frm.doc.docstatus !== 1 || frm.doc.party_type !== "Customer") return;
		if (!frappe.model.can_create("Periodic Service Plan")) return;
		frm.add_custom_button(
			__("Create Periodic Service Plans"),
			() => zhira_plans_for_contract(frm),
			__("Create"),
		);
	},
});

function zhira_plans_for_contract(frm) {
	frappe.confirm(
		__("Create a periodic service plan under this contract for each device of {0}?", [
			frappe.utils.escape_html(frm.doc.party_name),
		]),
		() =>
			frappe
				.call({
					method: "zhira_after_sales.api.periodic.plans_for_contract",
					args: { contract: frm.doc.name },
					freeze: true,
					freeze_message: __("Planning the visits..."),
				})
				.then((r) => zhira_show_contract_plans(r.message || {})),
	);
}

function zhira_show_contract_plans({ created = [], skipped = [] }) {
	const link = (doctype, name) =>
		`<a href="/app/${frappe.router.slug(doctype)}/${encodeURIComponent(name)}">${frappe.utils.escape_html(name)}</a>`;
	const parts = [];
	if (created.length) {
		parts.push(
			`<p>${__("Plans created:")}</p><ul>${created
				.map((name) => `<li>${link("Periodic Service Plan", name)}</li>`)
				.join("")}</ul>`,
		);
	} else {
		parts.push(`<p>${__("No plan was created.")}</p>`);
	}
	if (skipped.length) {
		parts.push(
			`<p>${__("Devices left out:")}</p><ul>${skipped
				.map(
					([device, why]) =>
						`<li>${link("Customer Device", device)}: ${frappe.utils.escape_html(why)}</li>`,
				)
				.join("")}</ul>`,
		);
	}
	frappe.msgprint({
		title: __("Periodic Service Plans"),
		message: parts.join(""),
		indicator: created.length ? "green" : "orange",
	});
}
