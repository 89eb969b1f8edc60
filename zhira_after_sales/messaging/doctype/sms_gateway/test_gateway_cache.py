# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The gateway data every SMS reads (the default gateway, a gateway's enabled flag and number, a
template's gateway) is cached; a change is seen by the very next message."""

import frappe

from zhira_after_sales.messaging.inbox import store_inbound
from zhira_after_sales.messaging.outbox import queue_sms
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.messaging.tests.factories import make_gateway
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


def stored(name: str) -> frappe._dict:
	return frappe.db.get_value("SMS Message", name, ["status", "gateway", "error", "to"], as_dict=True)


class TestGatewayCache(SMSTestCase):
	def test_a_gateway_disabled_in_its_form_is_seen_by_the_next_message(self):
		self.assertEqual(stored(queue_sms("09121112233", "one")).status, "Queued")
		gateway = frappe.get_doc("SMS Gateway", self.gateway)
		gateway.enabled = 0
		gateway.save(ignore_permissions=True)
		message = stored(queue_sms("09121112233", "two"))
		self.assertEqual(message.status, "Failed")
		self.assertIn("No SMS Gateway is enabled", message.error)

	def test_a_gateway_disabled_by_set_value_is_seen_by_the_next_message(self):
		self.assertEqual(stored(queue_sms("09121112233", "one")).gateway, self.gateway)
		frappe.db.set_value("SMS Gateway", self.gateway, "enabled", 0)
		self.assertEqual(stored(queue_sms("09121112233", "two")).status, "Failed")
		frappe.db.set_value("SMS Gateway", self.gateway, "enabled", 1)
		self.assertEqual(stored(queue_sms("09121112233", "three")).status, "Queued")

	def test_a_new_default_gateway_takes_the_next_message(self):
		self.assertEqual(stored(queue_sms("09121112233", "one")).gateway, self.gateway)
		other = make_gateway(f"ZT Cache {frappe.generate_hash(length=6)}", "Kavenegar", is_default=1)
		self.assertEqual(stored(queue_sms("09121112233", "two")).gateway, other)
		frappe.delete_doc("SMS Gateway", other, force=True, ignore_permissions=True)
		# the only enabled gateway left, no longer ticked Default, still sends
		self.assertEqual(stored(queue_sms("09121112233", "three")).gateway, self.gateway)

	def test_the_default_gateway_cached_in_a_rolled_back_transaction_is_forgotten(self):
		frappe.db.commit()  # nosemgrep: the test's own gateway, removed in tearDown
		other = make_gateway(f"ZT Cache {frappe.generate_hash(length=6)}", "Kavenegar", is_default=1)
		self.assertEqual(stored(queue_sms("09121112233", "one")).gateway, other)
		frappe.db.rollback()
		self.assertEqual(stored(queue_sms("09121112233", "two")).gateway, self.gateway)

	def test_a_template_given_another_gateway_sends_the_next_message_through_it(self):
		other = make_gateway(f"ZT Cache {frappe.generate_hash(length=6)}", "Kavenegar")
		template = frappe.get_doc(
			{"doctype": "SMS Template", "template_name": f"ZT Cache {frappe.generate_hash(length=6)}"}
		)
		template.update({"body": "Hello", "enabled": 1, "gateway": self.gateway})
		template.insert(ignore_permissions=True)
		self.assertEqual(
			stored(queue_sms("09121112233", "one", template=template.name)).gateway, self.gateway
		)
		template.gateway = other
		template.save(ignore_permissions=True)
		self.assertEqual(stored(queue_sms("09121112233", "two", template=template.name)).gateway, other)

	def test_a_new_gateway_number_is_on_the_next_inbound_message(self):
		first = store_inbound(self.gateway, "cache-1", "09121112233", "hello")
		gateway = frappe.get_doc("SMS Gateway", self.gateway)
		gateway.sender = "30001234"
		gateway.save(ignore_permissions=True)
		with_id = store_inbound(self.gateway, "cache-2", "09121112233", "hello")
		without_id = store_inbound(self.gateway, None, "09121112233", "hello")
		self.assertNotEqual(stored(first).to, "30001234")
		self.assertEqual(stored(with_id).to, "30001234")
		self.assertEqual(stored(without_id).to, "30001234")
