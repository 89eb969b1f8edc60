"""Fields this app adds to ERPNext DocTypes. Applied on install and by a patch on migrate;
removed on uninstall."""


def get_custom_fields() -> dict[str, list[dict]]:
	return {
		"Territory": [
			{
				"fieldname": "zhira_after_sales_section",
				"fieldtype": "Section Break",
				"label": "After Sales",
				"insert_after": "old_parent",
				"module": "After Sales Setup",
			},
			{
				"fieldname": "phone_area_code",
				"fieldtype": "Data",
				"label": "Phone Area Code",
				"insert_after": "zhira_after_sales_section",
				"description": "Landline area code with its leading 0, for example 021. Receptions whose landline starts with it get this territory.",
				"search_index": 1,
				"in_list_view": 1,
				"in_standard_filter": 1,
				"length": 4,
				"module": "After Sales Setup",
			},
			{
				"fieldname": "default_service_agency",
				"fieldtype": "Link",
				"label": "Default Service Agency",
				"options": "Service Agency",
				"insert_after": "phone_area_code",
				"description": "Receptions in this territory (or its sub-territories without their own) are referred to this agency.",
				"module": "After Sales Setup",
			},
		],
		"User": [
			{
				"fieldname": "zhira_calendar",
				"fieldtype": "Select",
				"label": "Calendar",
				"options": "\nJalali\nGregorian",
				"insert_after": "time_zone",
				"description": "Calendar for dates in the desk. Empty: Jalali (Solar Hijri) when the language is Persian, otherwise Gregorian.",
				"module": "After Sales Setup",
			},
		],
		# a maximum beside ERPNext's own reorder level and quantity (report "Stock Above Maximum")
		"Item Reorder": [
			{
				"fieldname": "zhira_max_qty",
				"fieldtype": "Float",
				"label": "Maximum Stock Level",
				"insert_after": "warehouse_reorder_qty",
				"description": "Stock above this in the warehouse is excess (report Stock Above Maximum). Empty: no maximum.",
				"non_negative": 1,
				"in_list_view": 1,
				"columns": 1,
				"module": "Agency",
			},
		],
		# where incoming stock came from (report "Incoming Stock by Supply Type")
		"Stock Entry": [supply_type_field("stock_entry_type")],
		"Purchase Receipt": [supply_type_field("supplier_delivery_note", default="Purchase")],
	}


# where incoming stock came from (the report shows an unmarked Purchase Receipt as Purchase)
SUPPLY_TYPES = ("Purchase", "Repaired", "Returned by Agency", "Consignment Return")


def supply_type_field(insert_after: str, default: str | None = None) -> dict:
	return {
		"fieldname": "zhira_supply_type",
		"fieldtype": "Select",
		"label": "Supply Type",
		"options": "\n" + "\n".join(SUPPLY_TYPES),
		"default": default,
		"insert_after": insert_after,
		"description": "Where the incoming stock comes from: bought, repaired, returned by an agency, or consignment returned.",
		"in_standard_filter": 1,
		"allow_on_submit": 1,
		"module": "Agency",
	}


def apply_custom_fields():
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields(get_custom_fields(), ignore_validate=True)


def remove_custom_fields():
	import frappe

	for doctype, fields in get_custom_fields().items():
		for field in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
		frappe.clear_cache(doctype=doctype)


def links_to(doctypes) -> list[tuple[str, str]]:
	"""(DocType, field) of this app's custom Link fields whose target is one of `doctypes`."""
	return [
		(doctype, field["fieldname"])
		for doctype, fields in get_custom_fields().items()
		for field in fields
		if field["fieldtype"] == "Link" and field.get("options") in doctypes
	]
