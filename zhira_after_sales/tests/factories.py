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
	quiet_notification_mail(email)
	return email


def quiet_notification_mail(user: str):
	"""No notification mail for a test user. In its test mode Frappe sends the mail of a
	Notification Log (an assignment: a referral hands the reception to the agency's users) at once,
	and sending commits - in the middle of a test, which would leave that test's settings and
	records on the site for the tests after it (and the demo). The bell notification is kept."""
	from frappe.desk.doctype.notification_settings.notification_settings import (
		create_notification_settings,
	)

	create_notification_settings(user)
	frappe.db.set_value("Notification Settings", user, "enable_email_notifications", 0)


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


# --- warranty ---------------------------------------------------------------------------------


def make_customer(name: str, territory: str | None = None) -> str:
	existing = frappe.db.get_value("Customer", {"customer_name": name})
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_type": "Individual",
				"customer_group": get_root_of("Customer Group"),
				"territory": territory or get_root_of("Territory"),
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_customer_user(name: str, mobile: str) -> tuple[str, str]:
	"""A Customer with a Contact (mobile) whose website user is `<mobile>@portal.test`."""
	email = f"{mobile}@portal.test"
	customer = frappe.db.get_value("Customer", {"customer_name": name})
	if not customer:
		customer = (
			frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": name,
					"customer_type": "Individual",
					"mobile_no": mobile,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": name,
				"user_type": "Website User",
				"mobile_no": mobile,
				"send_welcome_email": 0,
				"roles": [{"role": "Customer"}],
			}
		).insert(ignore_permissions=True)
	contact = frappe.db.get_value("Customer", customer, "customer_primary_contact")
	frappe.db.set_value("Contact", contact, "user", email)
	return customer, email


def stores_warehouse() -> str:
	return frappe.db.get_single_value("After Sales Settings", "parts_warehouse") or frappe.db.get_value(
		"Warehouse", {"company": company(), "is_group": 0, "warehouse_name": "Stores"}
	)


def other_warehouse(name: str = "Finished Goods") -> str:
	return frappe.db.get_value("Warehouse", {"company": company(), "is_group": 0, "warehouse_name": name})


def receive_serials(item: str, serials: list[str], warehouse: str | None = None, rate: float = 1000):
	"""A Material Receipt of `serials` (created as ERPNext Serial Nos) into `warehouse`."""
	from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry

	for serial in serials:
		if not frappe.db.exists("Serial No", serial):
			frappe.get_doc({"doctype": "Serial No", "serial_no": serial, "item_code": item}).insert(
				ignore_permissions=True
			)
	return make_stock_entry(
		item_code=item,
		qty=len(serials),
		to_warehouse=warehouse or stores_warehouse(),
		company=company(),
		rate=rate,
		serial_no=serials,
	)


def make_serial_nos(item: str, serials: list[str]):
	"""ERPNext Serial No records without stock (fast: one statement), for card batches."""
	now, user = frappe.utils.now_datetime(), frappe.session.user
	frappe.db.bulk_insert(
		"Serial No",
		(
			"name",
			"serial_no",
			"item_code",
			"company",
			"status",
			"owner",
			"modified_by",
			"creation",
			"modified",
		),
		[(s, s, item, company(), "Inactive", user, user, now, now) for s in serials],
		ignore_duplicates=True,
	)


def make_warranty_plan(name: str, item: str | None = None, item_group: str | None = None, **values) -> str:
	if not frappe.db.exists("Warranty Plan", name):
		frappe.get_doc(
			{
				"doctype": "Warranty Plan",
				"plan_name": name,
				"item": item,
				"item_group": None if item else item_group,
				"duration_months": values.pop("duration_months", 24),
				"start_basis": values.pop("start_basis", "Sale"),
				**values,
			}
		).insert(ignore_permissions=True)
	return name


def make_device(item: str, serial_no: str, customer: str | None = None, **values) -> str:
	existing = frappe.db.get_value("Customer Device", {"item": item, "serial_no": serial_no})
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "Customer Device",
				"item": item,
				"serial_no": serial_no,
				"customer": customer,
				**values,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
