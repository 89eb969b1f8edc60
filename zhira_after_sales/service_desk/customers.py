"""Finding a customer by the mobile number an operator types, and creating one (with Contact and
Address) when none matches."""

import frappe
from frappe import _
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.utils.phone import number_variants, try_parse


def find_customers_by_mobile(mobile: str) -> list[str]:
	"""Customers whose mobile (on the Customer or on a linked Contact) is this number, most
	recently changed first."""
	phone = try_parse(mobile)
	if not phone:
		return []
	variants = number_variants(phone)
	customers = frappe.get_all(
		"Customer",
		filters={"mobile_no": ("in", variants), "disabled": 0},
		pluck="name",
		order_by="modified desc",
	)
	contact_phone = frappe.qb.DocType("Contact Phone")
	link = frappe.qb.DocType("Dynamic Link")
	linked = (
		frappe.qb.from_(contact_phone)
		.join(link)
		.on((link.parent == contact_phone.parent) & (link.parenttype == "Contact"))
		.select(link.link_name)
		.distinct()
		.where(contact_phone.phone.isin(variants))
		.where(link.link_doctype == "Customer")
		.run(pluck=True)
	)
	return list(dict.fromkeys(customers + linked))


def customer_devices(customer: str) -> list[dict]:
	return frappe.get_all(
		"Customer Device",
		filters={"customer": customer, "status": "In Use"},
		fields=["name", "item", "item_name", "item_group", "serial_no", "installed_on", "sold_on"],
		order_by="modified desc",
	)


def create_customer(reception) -> str:
	"""A Customer with its primary Contact (the mobile, and the landline when given) and, when an
	address was given, an Address."""
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": reception.customer_name,
			"customer_type": "Individual",
			"customer_group": frappe.db.get_single_value("Selling Settings", "customer_group")
			or get_root_of("Customer Group"),
			"territory": reception.territory or get_root_of("Territory"),
		}
	)
	customer.flags.ignore_permissions = True
	customer.insert()
	reception.customer = customer.name
	values = {}
	if reception.mobile_no:
		reception.contact = create_primary_contact(customer, reception)
		values = {"customer_primary_contact": reception.contact, "mobile_no": reception.mobile_no}
	if reception.address_line or reception.city:
		reception.address = create_address(reception)
		values["customer_primary_address"] = reception.address
	if values:
		frappe.db.set_value("Customer", customer.name, values)
	return customer.name


def create_primary_contact(customer, reception) -> str:
	"""The Contact ERPNext makes for a Customer given with a mobile (erpnext's make_contact: named
	after the customer, primary, the mobile as primary mobile), here with the landline too, so that
	it is written once."""
	from erpnext.selling.doctype.customer.customer import parse_full_name

	first, middle, last = parse_full_name(customer.customer_name)
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"is_primary_contact": 1,
			"first_name": first,
			"middle_name": middle,
			"last_name": last,
			"links": [{"link_doctype": "Customer", "link_name": customer.name}],
		}
	)
	contact.add_phone(reception.mobile_no, is_primary_mobile_no=True)
	if reception.phone_no:
		contact.add_phone(reception.phone_no, is_primary_phone=1)
	contact.flags.ignore_permissions = True
	contact.insert()
	return contact.name


def create_address(reception) -> str:
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": reception.customer_name,
			"address_type": "Billing",
			"address_line1": reception.address_line or reception.city,
			"city": reception.city or reception.territory or _("Unknown"),
			"state": reception.territory,
			"country": "Iran",
			"phone": reception.phone_no,
			"links": [{"link_doctype": "Customer", "link_name": reception.customer}],
		}
	)
	address.flags.ignore_permissions = True
	address.insert()
	return address.name
