// Periodic Service Plan: the visits in their status colours, and what head office does by hand -
// skip a visit (saying why), open a visit's reception before its day, cancel the plan (saying why).
// The visits are generated from the Service Guide, so rows are not added or deleted here.
// Dates are Jalali for the users who use it: the app's Jalali desk formats every Date field.
const PERIODIC_API = "zhira_after_sales.api.periodic";
// a visit without a reception yet: it may be skipped or opened now (service_desk/periodic_rules.py)
const WAITING = ["Planned", "Reminded", "Overdue"];
const VISIT_COLORS = {
	Planned: "light-blue",
	Reminded: "blue",
	"Reception Created": "orange",
	Overdue: "red",
	Done: "green",
	Skipped: "gray",
};
const PLAN_COLORS = { Active: "blue", Completed: "green", Cancelled: "red" };

frappe.ui.form.on("Periodic Service Plan", {
	setup(frm) {
		frm.set_query("contract", () => ({
			filters: { party_type: "Customer", party_name: frm.doc.customer || "" },
		}));
		frappe.model.with_doctype("Periodic Service Visit", () => {
			frappe.meta.docfield_map["Periodic Service Visit"].status.formatter =
				visit_status_pill;
		});
	},

	refresh(frm) {
		frm.set_df_property("visits", "cannot_add_rows", true);
		frm.set_df_property("visits", "cannot_delete_rows", true);
		if (frm.is_new()) return;
		frm.page.set_indicator(__(frm.doc.status), PLAN_COLORS[frm.doc.status] || "gray");
		show_next_visit(frm);
		add_reception_buttons(frm);
		const can_act = frm.doc.status === "Active" && frm.has_perm("write");
		if (can_act) {
			frm.add_custom_button(__("Cancel Plan"), () => cancel_plan_dialog(frm));
		}
		setup_visit_actions(frm, can_act);
	},
});

frappe.ui.form.on("Periodic Service Visit", {
	form_render(frm, cdt, cdn) {
		// the row's own form: the same actions for this visit
		const row = locals[cdt][cdn];
		const grid_row = frm.fields_dict.visits.grid.grid_rows_by_docname[cdn];
		if (!row || !grid_row || !grid_row.grid_form) return;
		const $wrapper = grid_row.grid_form.wrapper;
		$wrapper.find(".zhira-visit-actions").remove();
		if (frm.doc.status !== "Active" || !frm.has_perm("write")) return;
		const $actions = $(
			`<div class="zhira-visit-actions" style="display: flex; gap: var(--margin-sm); margin-bottom: var(--margin-md)"></div>`,
		).prependTo($wrapper.find(".grid-form-body"));
		for (const [label, fn] of visit_actions(row)) {
			$(`<button type="button" class="btn btn-xs btn-default">`)
				.text(label)
				.on("click", () => {
					grid_row.toggle_view(false);
					fn(frm, row);
				})
				.appendTo($actions);
		}
	},
});

function visit_status_pill(value) {
	if (!value) return "";
	const color = VISIT_COLORS[value] || "gray";
	return `<span class="indicator-pill ${color} filterable no-indicator-dot ellipsis">${frappe.utils.escape_html(
		__(value),
	)}</span>`;
}

/** [label, fn(frm, row)] of the actions head office may take on a visit */
function visit_actions(row) {
	const actions = [];
	if (!WAITING.includes(row.status)) return actions;
	if (!row.service_reception) actions.push([__("Open Reception Now"), open_visit_now]);
	actions.push([__("Skip Visit"), skip_visit_dialog]);
	return actions;
}

/** "task - due date" as HTML, each part isolated (a Persian task beside a date reads in order) */
function visit_label(row) {
	const due = frappe.format(row.due_date, { fieldtype: "Date" });
	return `<bdi>${frappe.utils.escape_html(row.task || "")}</bdi> - <bdi>${due}</bdi>`;
}

// --- the grid's buttons act on the visit ticked in the grid --------------------------------------

function setup_visit_actions(frm, can_act) {
	const grid = frm.fields_dict.visits.grid;
	frm.zhira_can_act = can_act;
	if (!frm.zhira_visit_check_bound) {
		frm.zhira_visit_check_bound = true;
		// the ticks change after Frappe's own handler: look once it has run
		grid.wrapper.on("click", ".grid-row-check", () =>
			setTimeout(() => toggle_visit_buttons(frm)),
		);
		grid.add_custom_button(__("Open Reception Now"), () => {
			const row = ticked_visit(frm);
			if (row) act_if_allowed(frm, row, open_visit_now);
		});
		grid.add_custom_button(__("Skip Visit"), () => {
			const row = ticked_visit(frm);
			if (row) act_if_allowed(frm, row, skip_visit_dialog);
		});
	}
	toggle_visit_buttons(frm);
}

function ticked_visit(frm) {
	const rows = frm.fields_dict.visits.grid.get_selected_children();
	return rows.length === 1 ? rows[0] : null;
}

/** the grid's buttons show for one ticked visit, when head office may act on it */
function toggle_visit_buttons(frm) {
	const grid = frm.fields_dict.visits.grid;
	const row = frm.zhira_can_act ? ticked_visit(frm) : null;
	const allowed = row ? visit_actions(row).map(([, fn]) => fn) : [];
	grid.custom_buttons[__("Skip Visit")].toggleClass(
		"hidden",
		!allowed.includes(skip_visit_dialog),
	);
	grid.custom_buttons[__("Open Reception Now")].toggleClass(
		"hidden",
		!allowed.includes(open_visit_now),
	);
}

function act_if_allowed(frm, row, fn) {
	if (visit_actions(row).some(([, action]) => action === fn)) {
		fn(frm, row);
		return;
	}
	frappe.msgprint(
		__("The visit of {0} is {1}: it has its reception or is finished.", [
			frappe.format(row.due_date, { fieldtype: "Date" }),
			__(row.status),
		]),
	);
}

function skip_visit_dialog(frm, row) {
	const dialog = new frappe.ui.Dialog({
		title: __("Skip Visit"),
		fields: [
			{
				fieldtype: "HTML",
				fieldname: "visit",
				options: `<p class="text-muted">${visit_label(row)}</p>`,
			},
			{ fieldtype: "Small Text", fieldname: "reason", label: __("Reason"), reqd: 1 },
		],
		primary_action_label: __("Skip Visit"),
		primary_action(values) {
			frappe
				.call({
					method: `${PERIODIC_API}.skip_visit`,
					args: { plan: frm.doc.name, visit: row.name, reason: values.reason },
					freeze: true,
				})
				.then(() => {
					dialog.hide();
					frappe.show_alert({ message: __("Visit skipped"), indicator: "green" });
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}

function open_visit_now(frm, row) {
	frappe.confirm(__("Open a service reception now for the visit {0}?", [visit_label(row)]), () =>
		frappe
			.call({
				method: `${PERIODIC_API}.open_visit_now`,
				args: { plan: frm.doc.name, visit: row.name },
				freeze: true,
			})
			.then((r) => {
				frappe.show_alert({
					message: __("Service Reception {0} created", [r.message]),
					indicator: "green",
				});
				frm.reload_doc();
			}),
	);
}

function cancel_plan_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Cancel Plan"),
		fields: [
			{
				fieldtype: "HTML",
				fieldname: "note",
				options: `<p class="text-muted">${__(
					"No more reminders or receptions will be made for this device's visits.",
				)}</p>`,
			},
			{ fieldtype: "Small Text", fieldname: "reason", label: __("Reason"), reqd: 1 },
		],
		primary_action_label: __("Cancel Plan"),
		primary_action(values) {
			frappe
				.call({
					method: `${PERIODIC_API}.cancel_plan`,
					args: { plan: frm.doc.name, reason: values.reason },
					freeze: true,
				})
				.then(() => {
					dialog.hide();
					frappe.show_alert({ message: __("Plan cancelled"), indicator: "orange" });
					frm.reload_doc();
				});
		},
	});
	dialog.get_primary_btn().removeClass("btn-primary").addClass("btn-danger");
	dialog.show();
}

// --- the headline and the receptions --------------------------------------------------------------

function show_next_visit(frm) {
	const next = (frm.doc.visits || [])
		.filter((row) => !["Done", "Skipped"].includes(row.status))
		.sort((a, b) => (a.due_date < b.due_date ? -1 : 1))[0];
	if (!next || frm.doc.status !== "Active") {
		frm.dashboard.clear_headline();
		return;
	}
	const color = VISIT_COLORS[next.status] || "gray";
	frm.dashboard.set_headline_alert(
		`${__("Next visit")}: <b>${visit_label(next)}</b>
		<span class="indicator-pill ${color} no-indicator-dot">${__(next.status)}</span>`,
	);
}

function add_reception_buttons(frm) {
	for (const row of frm.doc.visits || []) {
		if (!row.service_reception) continue;
		frm.add_custom_button(
			`${row.service_reception} (${frappe.format(row.due_date, { fieldtype: "Date" })})`,
			() => frappe.set_route("Form", "Service Reception", row.service_reception),
			__("Receptions"),
		);
	}
}
