// Customer Device: its periodic service plan - open the active one, or create it from the item's
// Service Guide (zhira_after_sales.api.periodic.make_plan).
const PERIODIC_PLAN = "Periodic Service Plan";

frappe.ui.form.on("Customer Device", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_read(PERIODIC_PLAN)) return;
		frappe.db
			.get_value(PERIODIC_PLAN, { customer_device: frm.doc.name, status: "Active" }, "name")
			.then((r) => {
				const plan = r.message && r.message.name;
				if (plan) {
					frm.add_custom_button(__("Periodic Service Plan"), () =>
						frappe.set_route("Form", PERIODIC_PLAN, plan),
					);
				} else if (frappe.model.can_create(PERIODIC_PLAN) && frm.doc.status === "In Use") {
					frm.add_custom_button(__("Create Periodic Service Plan"), () =>
						create_periodic_plan(frm),
					);
				}
			});
	},
});

function create_periodic_plan(frm) {
	const make = (start_date) =>
		frappe
			.call({
				method: "zhira_after_sales.api.periodic.make_plan",
				args: { customer_device: frm.doc.name, start_date: start_date || null },
				freeze: true,
				freeze_message: __("Planning the visits..."),
			})
			.then((r) => {
				frappe.show_alert({
					message: __("Periodic Service Plan {0} created", [r.message]),
					indicator: "green",
				});
				frappe.set_route("Form", PERIODIC_PLAN, r.message);
			});
	if (frm.doc.warranty_card || frm.doc.installed_on || frm.doc.sold_on) {
		make();
		return;
	}
	// nothing to count the visits from: ask head office
	frappe.prompt(
		[
			{
				fieldtype: "Date",
				fieldname: "start_date",
				label: __("Count the visits from"),
				reqd: 1,
				default: frappe.datetime.get_today(),
				description: __(
					"This device has no warranty, installation or sale date: the day its periodic service counts from.",
				),
			},
		],
		(values) => make(values.start_date),
		__("Create Periodic Service Plan"),
		__("Create"),
	);
}
