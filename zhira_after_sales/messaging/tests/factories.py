"""Test records for SMS: gateways pointing at the loopback fake provider, a customer with a
mobile, a technician. Idempotent, like zhira_after_sales.tests.factories."""

import atexit

import frappe

from zhira_after_sales.messaging.tests.fake_provider import (
	API_KEY,
	LINE,
	PASSWORD,
	USERNAME,
	FakeProviderServer,
)
from zhira_after_sales.tests.factories import (
	make_agency,
	make_item,
	make_item_group,
	make_technician,
)

_server: FakeProviderServer | None = None
# every gateway make_gateway() wrote, so a test case can remove them and their messages
touched_gateways: set[str] = set()


def fake_provider() -> FakeProviderServer:
	"""One fake provider per test process, started on first use."""
	global _server
	if _server is None:
		_server = FakeProviderServer(delay=1.5).start()
		atexit.register(_server.stop)
	if not _server.httpd:
		_server.come_back()
	return _server


def make_gateway(name: str, provider: str = "Kavenegar", **values) -> str:
	"""An enabled gateway at the fake provider (its base URL follows the server's port)."""
	server = fake_provider()
	fields = {
		"provider": provider,
		"base_url": server.base_url(provider),
		"api_key": API_KEY,
		"username": USERNAME,
		"password": PASSWORD,
		"sender": LINE,
		"timeout": 0.5,
		"enabled": 1,
		"rate_limit": 0,
		"max_attempts": 8,
		"receive_inbound": 1,
		"track_delivery": 1,
		**values,
	}
	if frappe.db.exists("SMS Gateway", name):
		doc = frappe.get_doc("SMS Gateway", name)
		doc.update(fields)
		doc.save(ignore_permissions=True)
	else:
		doc = frappe.get_doc({"doctype": "SMS Gateway", "gateway_name": name, **fields})
		doc.insert(ignore_permissions=True)
	touched_gateways.add(doc.name)
	return doc.name


def use_frappe_sms_settings(server: FakeProviderServer):
	"""Point Frappe's SMS Settings at the fake generic gateway."""
	settings = frappe.get_single("SMS Settings")
	settings.sms_gateway_url = server.base_url("Frappe SMS Settings")
	settings.message_parameter = "text"
	settings.receiver_parameter = "to"
	settings.use_post = 1
	settings.set(
		"parameters",
		[
			{"parameter": "apikey", "value": API_KEY, "header": 0},
			{"parameter": "from", "value": LINE, "header": 0},
		],
	)
	settings.save(ignore_permissions=True)
	frappe.clear_document_cache("SMS Settings", "SMS Settings")


def make_customer(name: str, mobile: str) -> str:
	"""A Customer with a primary Contact holding the mobile (as people type it: 0912...)."""
	existing = frappe.db.get_value("Customer", {"customer_name": name})
	if existing:
		return existing
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": name,
			"customer_type": "Individual",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}) or "All Customer Groups",
			"territory": frappe.db.get_value("Territory", {"is_group": 0}) or "All Territories",
		}
	).insert(ignore_permissions=True)
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": name,
			"phone_nos": [{"phone": mobile, "is_primary_mobile_no": 1}],
			"links": [{"link_doctype": "Customer", "link_name": customer.name}],
		}
	).insert(ignore_permissions=True)
	customer.db_set({"customer_primary_contact": contact.name, "mobile_no": contact.mobile_no})
	return customer.name


def make_device(customer: str, serial: str) -> str:
	existing = frappe.db.get_value("Customer Device", {"serial_no": serial})
	if existing:
		return existing
	item = make_item("ZT-SMS-HEATER", make_item_group("ZT SMS Heaters"))
	return (
		frappe.get_doc(
			{
				"doctype": "Customer Device",
				"item": item,
				"serial_no": serial,
				"customer": customer,
				"installed_on": "2026-11-29",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def sms_technician(mobile: str, agency: str = "ZT-SMS-AG") -> str:
	# each agency its own name: an agency's supplier is named after it
	name = "نمایندگی پیامک" if agency == "ZT-SMS-AG" else f"نمایندگی پیامک {agency}"
	return make_technician(make_agency(agency, name), mobile, full_name="تکنسین پیامکی")


def sms_messages(**filters) -> list:
	return frappe.get_all(
		"SMS Message",
		filters=filters,
		fields=["*"],
		order_by="creation asc",
	)
