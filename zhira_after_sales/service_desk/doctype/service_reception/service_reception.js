// Copyright (c) 2026, Zhira After-Sales contributors
// For license information, please see license.txt

frappe.ui.form.on("Service Reception", {
	setup(frm) {
		frm.set_query("service_agency", () => ({ filters: { is_active: 1 } }));
		frm.set_query("technician", () => ({
			filters: { is_active: 1, agency: frm.doc.service_agency || "" },
		}));
		frm.set_query("customer_device", "devices", () => ({
			filters: frm.doc.customer ? { customer: frm.doc.customer } : {},
		}));
		frm.set_query("service_type", "devices", () => ({ filters: { is_active: 1 } }));
	},

	refresh(frm) {
		if (!frm.is_new()) {
			add_status_buttons(frm);
			if (frappe.model.can_create("Service Invoice")) {
				frm.add_custom_button(
					__("Service Invoice"),
					() => make_service_invoice(frm),
					__("Create"),
				);
			}
		}
	},

	mobile_no(frm) {
		if (!frm.doc.mobile_no || !frm.is_new() || frm.doc.mobile_no === frm.zhira_looked_up)
			return;
		frappe
			.call("zhira_after_sales.api.reception.lookup_mobile", {
				mobile_no: frm.doc.mobile_no,
			})
			.then(({ message }) => {
				if (!message || !message.valid) {
					frappe.show_alert({
						message: __("Not a valid mobile number"),
						indicator: "orange",
					});
					return;
				}
				frm.zhira_looked_up = message.e164;
				frm.set_value("mobile_no", message.e164);
				if (!message.customers.length) {
					frappe.show_alert({
						message: __("New customer: they will be created on save"),
						indicator: "blue",
					});
					return;
				}
				choose_customer(frm, message.customers);
			});
	},

	phone_no(frm) {
		if (!frm.doc.phone_no) return;
		frappe
			.call("zhira_after_sales.api.setup.route_phone", { phone_no: frm.doc.phone_no })
			.then(({ message }) => {
				if (!message || !message.e164) return;
				if (frm.doc.phone_no !== message.e164) frm.set_value("phone_no", message.e164);
				if (message.territory && !frm.doc.territory) {
					frm.set_value("territory", message.territory);
				}
				if (message.service_agency && !frm.doc.service_agency) {
					frm.set_value("service_agency", message.service_agency);
				}
			});
	},

	service_agency(frm) {
		if (frm.doc.technician) frm.set_value("technician", null);
	},
});

frappe.ui.form.on("Service Reception Device", {
	form_render(frm, cdt, cdn) {
		const row_form = frm.fields_dict.devices.grid.grid_rows_by_docname[cdn].grid_form;
		const field = row_form.fields_dict.declared_defects;
		if (field && !field.$wrapper.find(".zhira-choose-defects").length) {
			$(
				`<button class="btn btn-xs btn-default zhira-choose-defects">${__("Choose Defects")}</button>`,
			)
				.appendTo(field.$wrapper)
				.on("click", () => choose_defects(frm, cdt, cdn));
		}
	},
	item(frm, cdt, cdn) {
		frappe.model.set_value(cdt, cdn, "declared_defects", "");
	},
});

function choose_customer(frm, customers) {
	const apply = (customer) => {
		frm.set_value("customer", customer.name);
		frm.set_value("customer_name", customer.customer_name);
		if (customer.territory && !frm.doc.territory)
			frm.set_value("territory", customer.territory);
		if (customer.address) {
			if (!frm.doc.address_line)
				frm.set_value("address_line", customer.address.address_line1);
			if (!frm.doc.city) frm.set_value("city", customer.address.city);
			if (!frm.doc.phone_no && customer.address.phone)
				frm.set_value("phone_no", customer.address.phone);
		}
		if (customer.devices.length) choose_devices(frm, customer);
	};
	if (customers.length === 1) {
		apply(customers[0]);
		return;
	}
	const dialog = new frappe.ui.Dialog({
		title: __("Customers with this mobile"),
		fields: [
			{
				fieldname: "customer",
				fieldtype: "Select",
				label: __("Customer"),
				options: customers.map((c) => ({
					value: c.name,
					label: `${c.customer_name} (${c.name})`,
				})),
				default: customers[0].name,
			},
		],
		primary_action_label: __("Select"),
		primary_action(values) {
			dialog.hide();
			apply(customers.find((c) => c.name === values.customer));
		},
	});
	dialog.show();
}

function choose_devices(frm, customer) {
	const dialog = new frappe.ui.Dialog({
		title: __("Devices of {0}", [customer.customer_name]),
		fields: [
			{
				fieldname: "devices",
				fieldtype: "MultiCheck",
				label: __("Add to this reception"),
				options: customer.devices.map((d) => ({
					value: d.name,
					label: `${d.item_name || d.item} - ${d.serial_no}`,
				})),
			},
			{
				fieldname: "service_type",
				fieldtype: "Link",
				options: "Service Type",
				label: __("Service Type"),
				get_query: () => ({ filters: { is_active: 1 } }),
			},
		],
		primary_action_label: __("Add"),
		primary_action(values) {
			const chosen = customer.devices.filter((d) => (values.devices || []).includes(d.name));
			// the blank row a new form starts with would fail validation
			frm.doc.devices = (frm.doc.devices || []).filter((row) => row.item);
			chosen.forEach((d) => {
				const row = frm.add_child("devices", {
					customer_device: d.name,
					item: d.item,
					serial_no: d.serial_no,
					service_type: values.service_type,
				});
				frappe.model.set_value(row.doctype, row.name, "item", d.item);
			});
			frm.refresh_field("devices");
			dialog.hide();
		},
	});
	dialog.show();
}

function choose_defects(frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	if (!row.item) {
		frappe.msgprint(__("Choose the model (item) first."));
		return;
	}
	const current = (row.declared_defects || "")
		.split(/[\n,]+/)
		.map((c) => c.trim())
		.filter(Boolean);
	frappe
		.call("zhira_after_sales.api.reception.defects_for_item", { item: row.item })
		.then(({ message }) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Declared Defects"),
				fields: [
					{
						fieldname: "codes",
						fieldtype: "MultiCheck",
						columns: 2,
						options: (message || []).map((d) => ({
							value: d.name,
							label: `${d.defect_name} (${d.name})`,
							checked: current.includes(d.name),
						})),
					},
				],
				primary_action_label: __("Set"),
				primary_action(values) {
					frappe.model.set_value(
						cdt,
						cdn,
						"declared_defects",
						(values.codes || []).join("\n"),
					);
					dialog.hide();
				},
			});
			dialog.show();
		});
}

function add_status_buttons(frm) {
	frappe
		.call("zhira_after_sales.api.status.get_allowed_statuses", { reception: frm.doc.name })
		.then(({ message }) => {
			(message || []).forEach((status) => {
				frm.add_custom_button(
					__(status.name),
					() => change_status(frm, status.name),
					__("Change Status"),
				);
			});
		});
}

function change_status(frm, status) {
	frappe.prompt(
		[{ fieldname: "note", fieldtype: "Small Text", label: __("Note") }],
		(values) => {
			frappe
				.call("zhira_after_sales.api.status.change_status", {
					reception: frm.doc.name,
					status,
					note: values.note,
				})
				.then(() => frm.reload_doc());
		},
		__("Change status to {0}", [__(status)]),
		__("Change"),
	);
}

function make_service_invoice(frm) {
	const open = (customer_device) =>
		frappe.model.open_mapped_doc({
			method: "zhira_after_sales.api.invoice.make_service_invoice",
			frm,
			args: { customer_device },
		});
	const devices = (frm.doc.devices || []).filter((row) => row.customer_device);
	if (devices.length <= 1) {
		open(devices.length ? devices[0].customer_device : null);
		return;
	}
	frappe.prompt(
		[
			{
				fieldname: "customer_device",
				fieldtype: "Select",
				label: __("Customer Device"),
				reqd: 1,
				options: devices.map((row) => ({
					value: row.customer_device,
					label: `${row.item_name || row.item} - ${row.serial_no || ""}`,
				})),
				default: devices[0].customer_device,
			},
		],
		(values) => open(values.customer_device),
		__("Service Invoice for which device?"),
		__("Create"),
	);
}
