"""Idempotent factories for integration tests. Each returns the name of a record that exists
after the call, creating it only when missing."""

import frappe
from frappe.utils.nestedset import get_root_of

MODULES = ("After Sales Setup", "Service Desk", "Warranty", "Agency", "Customer Care", "Messaging")


def platform_link_targets() -> list[str]:
	"""Frappe/ERPNext DocTypes this app's DocTypes link to. The test runner would build ERPNext's
	"_Test" records for each (companies, suppliers, fiscal years...); this app's tests make the few
	records they need with the factories below instead."""
	ours = set(frappe.get_all("DocType", {"module": ("in", MODULES)}, pluck="name"))
	targets = frappe.get_all(
		"DocField",
		{"parent": ("in", list(ours)), "fieldtype": ("in", ("Link", "Table", "Table MultiSelect"))},
		pluck="options",
		distinct=True,
	)
	return sorted({t for t in targets if t and t not in ours} | {"User", "Role", "Company"})


TEST_IGNORE = platform_link_targets()


def company() -> str:
	return frappe.db.get_single_value(
		"After Sales Settings", "company"
	) or frappe.defaults.get_global_default("company")


def make_item_group(name: str, parent: str | None = None, is_group: int = 0) -> str:
	if not frappe.db.exists("Item Group", name):
		frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": name,
				"parent_item_group": parent or get_root_of("Item Group"),
				"is_group": is_group,
			}
		).insert(ignore_permissions=True)
	return name


def make_item(code: str, item_group: str, is_stock_item: int = 1, has_serial_no: int = 0) -> str:
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": item_group,
				"stock_uom": "Nos",
				"is_stock_item": is_stock_item,
				"has_serial_no": has_serial_no,
			}
		).insert(ignore_permissions=True)
	return code


def make_territory(name: str, parent: str | None = None, is_group: int = 0, **values) -> str:
	if not frappe.db.exists("Territory", name):
		frappe.get_doc(
			{
				"doctype": "Territory",
				"territory_name": name,
				"parent_territory": parent or get_root_of("Territory"),
				"is_group": is_group,
				**values,
			}
		).insert(ignore_permissions=True)
	return name


def make_user(email: str, roles: tuple[str, ...] = (), first_name: str | None = None) -> str:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name or email.split("@")[0],
				"send_welcome_email": 0,
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	if roles:
		frappe.get_doc("User", email).add_roles(*roles)
	return email


def make_agency(code: str, name: str | None = None, users: tuple[str, ...] = (), **values) -> str:
	if not frappe.db.exists("Service Agency", code):
		frappe.get_doc(
			{
				"doctype": "Service Agency",
				"agency_code": code,
				"agency_name": name or f"Test Agency {code}",
				"mobile_no": values.pop("mobile_no", None),
				"portal_users": [{"user": make_user(u)} for u in users],
				**values,
			}
		).insert(ignore_permissions=True)
	return code


def make_technician(
	agency: str, mobile_no: str, full_name: str | None = None, user: str | None = None
) -> str:
	from zhira_after_sales.utils.phone import normalize_mobile

	existing = frappe.db.get_value("Service Technician", {"mobile_no": normalize_mobile(mobile_no)})
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "Service Technician",
				"agency": agency,
				"mobile_no": mobile_no,
				"full_name": full_name or f"Technician {mobile_no[-4:]}",
				"user": user,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
