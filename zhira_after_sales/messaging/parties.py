"""Who sent an SMS: a technician (by the mobile registered to them), a customer (Contact or
Customer by mobile) and that customer's open receptions."""

import frappe

from zhira_after_sales.utils.phone import number_variants, try_parse

CLOSED_CATEGORIES = ("Completed", "Cancelled")


def find_technician(number: str):
	"""The active technician of an active agency whose registered mobile sent this."""
	phone = try_parse(number)
	if not phone or not phone.is_mobile:
		return None
	technician = frappe.db.get_value(
		"Service Technician",
		{"mobile_no": phone.e164, "is_active": 1},
		["name", "full_name", "agency", "user"],
		as_dict=True,
	)
	if technician and frappe.db.get_value("Service Agency", technician.agency, "is_active"):
		return technician
	return None


def find_customer(number: str) -> tuple[str | None, str | None]:
	"""(customer, contact) for a mobile number, either may be None."""
	variants = number_variants(number)
	if not variants:
		return None, None
	contacts = frappe.get_all(
		"Contact Phone", filters={"phone": ("in", variants), "parenttype": "Contact"}, pluck="parent"
	) + frappe.get_all("Contact", filters={"mobile_no": ("in", variants)}, pluck="name")
	contacts = list(dict.fromkeys(contacts))
	customer = None
	if contacts:
		customer = frappe.db.get_value(
			"Dynamic Link",
			{"parenttype": "Contact", "parent": ("in", contacts), "link_doctype": "Customer"},
			"link_name",
		)
	if not customer:
		customer = frappe.db.get_value("Customer", {"mobile_no": ("in", variants)}, "name")
	return customer, (contacts[0] if contacts else None)


def open_receptions(number: str, customer: str | None = None, limit: int = 10) -> list[dict]:
	"""Open Service Receptions of this mobile or customer, once the Reception feature exists."""
	if not frappe.db.table_exists("Service Reception"):
		return []
	closed = frappe.get_all("Service Status", {"category": ("in", CLOSED_CATEGORIES)}, pluck="name")
	or_filters = [["mobile_no", "in", number_variants(number)]]
	if customer:
		or_filters.append(["customer", "=", customer])
	try:
		return frappe.get_all(
			"Service Reception",
			filters=[["status", "not in", closed or [""]]],
			or_filters=or_filters,
			fields=["name", "tracking_code", "status", "customer", "customer_name"],
			order_by="creation desc",
			limit=limit,
		)
	except Exception:
		# the Reception DocType is built in parallel; a field renamed there must not break SMS
		frappe.log_error(title="SMS: could not list open receptions")
		return []


def reception_by_tracking_code(tracking_code: str) -> str | None:
	if not frappe.db.table_exists("Service Reception"):
		return None
	try:
		return frappe.db.get_value("Service Reception", {"tracking_code": tracking_code})
	except Exception:
		return None
