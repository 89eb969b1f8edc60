# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""One row per device of each reception in a date range: the register head office, agencies and
auditors read. Permission-aware (frappe.get_list): an agency sees only its own receptions."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate

FILTER_FIELDS = {
	"territory": ("Service Reception", "territory"),
	"service_agency": ("Service Reception", "service_agency"),
	"status": ("Service Reception", "status"),
	"channel": ("Service Reception", "channel"),
	"service_type": ("Service Reception Device", "service_type"),
	"item_group": ("Service Reception Device", "item_group"),
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns():
	return [
		{
			"fieldname": "name",
			"label": _("Reception"),
			"fieldtype": "Link",
			"options": "Service Reception",
			"width": 130,
		},
		{"fieldname": "tracking_code", "label": _("Tracking Code"), "fieldtype": "Data", "width": 110},
		{"fieldname": "received_on", "label": _("Received On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 150},
		{"fieldname": "mobile_no", "label": _("Mobile No"), "fieldtype": "Data", "width": 130},
		{
			"fieldname": "territory",
			"label": _("Territory"),
			"fieldtype": "Link",
			"options": "Territory",
			"width": 110,
		},
		{
			"fieldname": "item",
			"label": _("Model (Item)"),
			"fieldtype": "Link",
			"options": "Item",
			"width": 110,
		},
		{"fieldname": "item_name", "label": _("Model Name"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "item_group",
			"label": _("Item Group"),
			"fieldtype": "Link",
			"options": "Item Group",
			"width": 110,
		},
		{"fieldname": "serial_no", "label": _("Serial No"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "service_type",
			"label": _("Service Type"),
			"fieldtype": "Link",
			"options": "Service Type",
			"width": 110,
		},
		{"fieldname": "warranty_status", "label": _("Warranty Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "defect_names", "label": _("Declared Defects"), "fieldtype": "Data", "width": 180},
		{
			"fieldname": "service_agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 130,
		},
		{
			"fieldname": "technician",
			"label": _("Technician"),
			"fieldtype": "Link",
			"options": "Service Technician",
			"width": 120,
		},
		{
			"fieldname": "status",
			"label": _("Status"),
			"fieldtype": "Link",
			"options": "Service Status",
			"width": 110,
		},
		{"fieldname": "channel", "label": _("Channel"), "fieldtype": "Data", "width": 80},
		{"fieldname": "closed_on", "label": _("Closed On"), "fieldtype": "Datetime", "width": 150},
	]


def get_data(filters) -> list[dict]:
	rows = frappe.get_list("Service Reception", **list_args(filters))
	for row in rows:
		row["warranty_status"] = _(row.warranty_status) if row.warranty_status else None
	return rows


def list_args(filters) -> dict:
	"""frappe.get_list's arguments for the register's rows (also streamed by register_export)."""
	conditions = (
		[["Service Reception", "received_on", ">=", getdate(filters.from_date)]] if filters.from_date else []
	)
	if filters.to_date:
		conditions.append(["Service Reception", "received_on", "<", add_days(getdate(filters.to_date), 1)])
	for key, (doctype, fieldname) in FILTER_FIELDS.items():
		if filters.get(key):
			value = filters.get(key)
			if key in ("territory", "item_group"):
				conditions.append([doctype, fieldname, "descendants of (inclusive)", value])
			else:
				conditions.append([doctype, fieldname, "=", value])
	device = "`tabService Reception Device`"
	return {
		"filters": conditions,
		"fields": [
			"name",
			"tracking_code",
			"received_on",
			"customer_name",
			"mobile_no",
			"territory",
			"service_agency",
			"technician",
			"status",
			"channel",
			"closed_on",
			f"{device}.item as item",
			f"{device}.item_name as item_name",
			f"{device}.item_group as item_group",
			f"{device}.serial_no as serial_no",
			f"{device}.service_type as service_type",
			f"{device}.warranty_status as warranty_status",
			f"{device}.defect_names as defect_names",
			f"{device}.idx as device_idx",
		],
		"order_by": "`tabService Reception`.received_on desc, `tabService Reception Device`.idx asc",
		"limit_page_length": 0,
	}
