# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.exceptions import SMSGatewayError
from zhira_after_sales.messaging.doctype.sms_gateway.sms_gateway import get_default_gateway
from zhira_after_sales.messaging.tests.factories import make_gateway
from zhira_after_sales.messaging.tests.fake_provider import API_KEY
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


class TestSMSGateway(FrappeTestCase):
	def test_one_default_gateway(self):
		first = make_gateway("ZT GW First", is_default=1)
		second = make_gateway("ZT GW Second", is_default=1)
		self.assertEqual(get_default_gateway(), second)
		self.assertFalse(frappe.db.get_value("SMS Gateway", first, "is_default"))

	def test_credentials_are_stored_encrypted(self):
		name = make_gateway("ZT GW Secret")
		self.assertNotEqual(frappe.db.get_value("SMS Gateway", name, "api_key"), API_KEY)
		self.assertEqual(frappe.get_doc("SMS Gateway", name).config().api_key, API_KEY)

	def test_base_url_must_be_http(self):
		with self.assertRaises(SMSGatewayError):
			make_gateway("ZT GW Bad URL", base_url="ftp://example.com")

	def test_generic_gateway_reads_sms_settings_and_has_no_inbox(self):
		name = make_gateway("ZT GW Settings", provider="Frappe SMS Settings", base_url="")
		doc = frappe.get_doc("SMS Gateway", name)
		self.assertFalse(doc.receive_inbound)
		self.assertFalse(doc.track_delivery)
		self.assertIn("message_parameter", doc.config().extra)

	def test_a_webhook_secret_shorter_than_32_characters_is_refused(self):
		with self.assertRaisesRegex(SMSGatewayError, "32"):
			make_gateway("ZT GW Weak Hook", webhook_secret="s" * 31)
		name = make_gateway("ZT GW Strong Hook", webhook_secret="s" * 32)
		doc = frappe.get_doc("SMS Gateway", name)
		self.assertEqual(doc.get_password("webhook_secret"), "s" * 32)
		doc.sender = "3000506"
		doc.save()  # the stored secret comes back masked and is not checked again
		self.assertEqual(frappe.get_doc("SMS Gateway", name).get_password("webhook_secret"), "s" * 32)
		make_gateway(name, webhook_secret="")  # emptied: the webhook is off

	def test_webhook_url_names_the_gateway(self):
		doc = frappe.get_doc("SMS Gateway", make_gateway("ZT GW Hook"))
		self.assertIn("/api/method/zhira_after_sales.api.sms.inbound?gateway=ZT%20GW%20Hook", doc.webhook_url)
