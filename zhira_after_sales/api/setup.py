"""Base-data endpoints the forms call: a landline's territory and agency, the rate card, and the
defect-code link query."""

import frappe

from zhira_after_sales.after_sales_setup import territory
from zhira_after_sales.after_sales_setup.doctype.defect_code import defect_code
from zhira_after_sales.after_sales_setup.doctype.service_rate import service_rate
from zhira_after_sales.api.gate import requires


@frappe.whitelist()
@requires("Territory", "read")
def route_phone(phone_no: str) -> dict:
	"""For the reception form: the territory a landline belongs to and the agency it goes to."""
	return territory.route_phone(phone_no)


@frappe.whitelist()
@requires("Service Rate", "read")
def get_service_rate(
	service_type: str,
	item: str | None = None,
	territory: str | None = None,
	on_date: str | None = None,
	item_group: str | None = None,
) -> dict | None:
	"""The applicable rate card row with its amounts, or None when no row applies."""
	return service_rate.get_service_rate(
		service_type, item=item, territory=territory, on_date=on_date, item_group=item_group
	)


@frappe.whitelist()
@requires("Defect Code", "read")
@frappe.validate_and_sanitize_search_inputs
def defect_code_query(doctype, txt, searchfield, start, page_len, filters):
	"""Link-field query: leaf defect codes of the device's item group, searched by code or name."""
	return defect_code.search_defect_codes(txt, (filters or {}).get("item_group"), start, page_len)
