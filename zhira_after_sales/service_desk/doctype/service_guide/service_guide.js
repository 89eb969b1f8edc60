// Service Guide: the parts table's Task column offers the guide's own task names (the server
// refuses a part whose task is not one of them: service_desk/periodic.py validate_guide).
frappe.ui.form.on("Service Guide", {
	refresh(frm) {
		offer_task_names(frm);
	},
	tasks_remove(frm) {
		offer_task_names(frm);
	},
});

frappe.ui.form.on("Service Guide Task", {
	task(frm) {
		offer_task_names(frm);
	},
});

function offer_task_names(frm) {
	const names = [
		...new Set((frm.doc.tasks || []).map((row) => (row.task || "").trim()).filter(Boolean)),
	];
	const options = ["", ...names].join("\n");
	const grid = frm.fields_dict.parts.grid;
	grid.update_docfield_property("task", "fieldtype", "Select");
	grid.update_docfield_property("task", "options", options);
	// controls already made for an open row keep their own copy of the options
	for (const grid_row of grid.grid_rows || []) {
		const controls = [
			grid_row.on_grid_fields_dict?.task,
			grid_row.grid_form?.fields_dict?.task,
		];
		for (const control of controls) {
			if (control && control.df.fieldtype === "Select") {
				control.df.options = options;
				control.set_options?.(control.value);
			}
		}
	}
	grid.refresh();
}
