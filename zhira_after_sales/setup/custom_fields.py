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
