// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

// The stage buttons move a complaint along ISO 10002 (the server checks every move); closing,
// rejecting and reopening ask first for what the move needs.
const STAGE_ACTIONS = {
	Acknowledged: __("Acknowledge"),
	Assessed: __("Assess"),
	Investigating: __("Investigate"),
	Responded: __("Respond"),
	Closed: __("Close"),
	Rejected: __("Reject"),
};

frappe.ui.form.on("Complaint", {
	setup(frm) {
		frm.set_query("service_agency", () => ({ filters: { is_active: 1 } }));
		frm.set_query("raised_by_agency", () => ({ filters: { is_active: 1 } }));
		frm.set_query("technician", () => ({
			filters: frm.doc.service_agency ? { agency: frm.doc.service_agency } : {},
		}));
		frm.set_query("service_reception", () => ({
			filters: frm.doc.customer ? { customer: frm.doc.customer } : {},
		}));
		frm.set_query("customer_device", () => ({
			filters: frm.doc.customer ? { customer: frm.doc.customer } : {},
		}));
		frm.set_query("complaint_factor", "factors", () => ({ filters: { is_active: 1 } }));
	},

	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.overdue) {
			frm.dashboard.add_comment(
				__("Overdue: past its response or resolution deadline."),
				"red",
				true,
			);
		}
		if (frm.perm[0] && frm.perm[0].write) add_stage_buttons(frm);
	},

	service_reception(frm) {
		if (!frm.doc.service_reception) return;
		const own = frm.doc.complainant_type !== "Service Agency";
		frappe.db
			.get_value("Service Reception", frm.doc.service_reception, [
				"customer",
				"customer_name",
				"mobile_no",
				"service_agency",
				"technician",
			])
			.then(({ message }) => {
				if (!message) return;
				const fields = own
					? ["customer", "customer_name", "mobile_no", "service_agency", "technician"]
					: ["customer"];
				for (const field of fields) {
					if (!frm.doc[field] && message[field]) frm.set_value(field, message[field]);
				}
			});
	},

	customer(frm) {
		if (!frm.doc.customer || frm.doc.customer_name) return;
		frappe.db
			.get_value("Customer", frm.doc.customer, ["customer_name", "mobile_no"])
			.then(({ message }) => {
				if (!message) return;
				frm.set_value("customer_name", message.customer_name);
				if (!frm.doc.mobile_no && message.mobile_no)
					frm.set_value("mobile_no", message.mobile_no);
			});
	},

	service_agency(frm) {
		if (frm.doc.technician) frm.set_value("technician", null);
	},

	decision(frm) {
		frm.set_value("upheld", frm.doc.decision === "Upheld" ? 1 : 0);
		set_penalty_total(frm);
	},
});

frappe.ui.form.on("Complaint Factor Detail", {
	complaint_factor(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (!row.complaint_factor) return;
		frappe.db
			.get_value("Complaint Factor", row.complaint_factor, "default_penalty_points")
			.then(({ message }) => {
				frappe.model.set_value(
					cdt,
					cdn,
					"penalty_points",
					(message && message.default_penalty_points) || 0,
				);
			});
	},
	penalty_points(frm) {
		set_penalty_total(frm);
	},
	factors_remove(frm) {
		set_penalty_total(frm);
	},
});

function set_penalty_total(frm) {
	// what the server will store: the factors' points when upheld, else 0
	const total = (frm.doc.factors || []).reduce((sum, row) => sum + (row.penalty_points || 0), 0);
	frm.set_value("penalty_points", frm.doc.decision === "Upheld" ? total : 0);
}

function add_stage_buttons(frm) {
	frappe
		.call("zhira_after_sales.api.complaint.get_allowed_statuses", { complaint: frm.doc.name })
		.then(({ message }) => {
			const statuses = message || [];
			const per_stage = {};
			for (const row of statuses)
				per_stage[row.iso_stage] = (per_stage[row.iso_stage] || 0) + 1;
			for (const row of statuses) {
				let label = row.reopens
					? __("Reopen: {0}", [__(row.name)])
					: STAGE_ACTIONS[row.iso_stage] || __(row.name);
				if (!row.reopens && per_stage[row.iso_stage] > 1)
					label = `${label}: ${__(row.name)}`;
				frm.add_custom_button(label, () => move(frm, row), __("Stage"));
			}
		});
}

function move(frm, row) {
	const go = (values) => {
		frappe
			.call({
				method: "zhira_after_sales.api.complaint.change_status",
				args: { complaint: frm.doc.name, status: row.name, ...values },
				freeze: true,
			})
			.then(() => frm.reload_doc());
	};
	const then_go = (values) => (frm.is_dirty() ? frm.save().then(() => go(values)) : go(values));
	const dialog_fields = fields_for(frm, row);
	if (!dialog_fields) {
		then_go({});
		return;
	}
	const dialog = new frappe.ui.Dialog({
		title: row.reopens ? __("Reopen the complaint") : STAGE_ACTIONS[row.iso_stage],
		fields: dialog_fields,
		primary_action_label: __("Save"),
		primary_action(values) {
			dialog.hide();
			then_go(values);
		},
	});
	dialog.show();
}

function fields_for(frm, row) {
	if (row.reopens) {
		return [{ fieldname: "note", fieldtype: "Small Text", label: __("Why reopen?"), reqd: 1 }];
	}
	if (row.iso_stage === "Closed") {
		// managers decide whether a complaint is upheld (permlevel 1); others close a decided one
		const may_decide = Boolean(frm.perm[1] && frm.perm[1].write);
		return [
			{
				fieldname: "decision",
				read_only: may_decide ? 0 : 1,
				fieldtype: "Select",
				label: __("Decision"),
				options: [
					{ value: "Upheld", label: __("Upheld") },
					{ value: "Not Upheld", label: __("Not Upheld") },
				],
				default: frm.doc.decision,
				reqd: may_decide ? 1 : 0,
			},
			{
				fieldname: "resolution",
				fieldtype: "Small Text",
				label: __("Resolution"),
				default: frm.doc.resolution,
				reqd: 1,
			},
			{
				fieldname: "customer_satisfied",
				fieldtype: "Select",
				label: __("Customer Satisfied with the Handling"),
				options: [
					{ value: "", label: "" },
					{ value: "Yes", label: __("Yes") },
					{ value: "No", label: __("No") },
				],
				default: frm.doc.customer_satisfied,
			},
		];
	}
	if (row.iso_stage === "Rejected") {
		return [
			{
				fieldname: "resolution",
				fieldtype: "Small Text",
				label: __("Reason for rejecting"),
				default: frm.doc.resolution,
				reqd: 1,
			},
		];
	}
	if (row.iso_stage === "Responded") {
		return [
			{
				fieldname: "resolution",
				fieldtype: "Small Text",
				label: __("Response to the complainant"),
				default: frm.doc.resolution,
			},
		];
	}
	return null;
}
