"""Territory rules: landline area code -> territory -> default service agency."""

import frappe
from frappe import _

from zhira_after_sales.utils.phone import try_parse
from zhira_after_sales.utils.provinces import province_for_area_code
from zhira_after_sales.utils.text import to_latin_digits
from zhira_after_sales.utils.trees import lineage


def validate_territory(doc, method=None):
	"""doc_events hook: the area code is stored as Iranians write it (021) and must be a province's."""
	code = to_latin_digits(doc.get("phone_area_code") or "").strip()
	if not code:
		doc.phone_area_code = None
		return
	province = province_for_area_code(code.lstrip("+"))
	if not province:
		frappe.throw(
			_(
				"Phone Area Code {0} is not an Iranian landline area code. Type the province's code with its leading 0, for example 021 for Tehran or 031 for Isfahan."
			).format(frappe.bold(doc.phone_area_code)),
			title=_("Invalid Area Code"),
		)
	doc.phone_area_code = province.area_code


def territory_for_area_code(area_code: str | None) -> str | None:
	"""The territory that carries this area code; the highest one when several do (a province
	above its cities)."""
	if not area_code:
		return None
	return frappe.db.get_value("Territory", {"phone_area_code": area_code}, "name", order_by="lft asc")


def territory_for_phone(phone_no: str | None) -> str | None:
	"""Territory of a landline number from its area code; None for mobiles and unknown codes."""
	phone = try_parse(phone_no)
	if not phone or not phone.area_code:
		return None
	return territory_for_area_code(phone.area_code)


def default_agency_for(territory: str | None) -> str | None:
	"""The territory's default active agency, else the nearest parent's."""
	if not territory or not frappe.db.exists("Territory", territory):
		return None
	for name in lineage("Territory", territory):
		agency = frappe.db.get_value("Territory", name, "default_service_agency")
		if agency and frappe.db.get_value("Service Agency", agency, "is_active"):
			return agency
	return None


def route_phone(phone_no: str) -> dict:
	"""For the reception form (api.setup.route_phone): the territory a landline belongs to and the
	agency it goes to."""
	phone = try_parse(phone_no)
	territory = territory_for_area_code(phone.area_code) if phone and phone.area_code else None
	return {
		"e164": phone.e164 if phone else None,
		"national": phone.national if phone else None,
		"kind": phone.kind if phone else None,
		"province": phone.province.name_fa if phone and phone.province else None,
		"territory": territory,
		"service_agency": default_agency_for(territory),
	}
