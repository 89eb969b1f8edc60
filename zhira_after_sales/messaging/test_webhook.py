# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The signed inbound webhook through the site's real WSGI application: accepted once, replays
and repeats ignored, forged, stale, mangled or misdirected requests refused with 401, spoofed
senders not obeyed, id-less messages stored once per arrival, delivery reports applied. The
requests commit like real ones, so this class cleans up after itself."""

import json
import time
from unittest.mock import patch
from urllib.parse import quote

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils.password import set_encrypted_password

from zhira_after_sales.messaging.signing import sign
from zhira_after_sales.messaging.tests.case import EnqueueRecorder
from zhira_after_sales.messaging.tests.factories import (
	make_customer,
	make_gateway,
	sms_technician,
)
from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.rest import call_guest

test_ignore = TEST_IGNORE

GATEWAY = "ZT Webhook"
TWIN = "ZT Webhook Twin"  # another gateway with the same secret
SECRET = "zt-webhook-secret-long-enough-32c"
TECH = "+989351240001"
CUSTOMER = "+989127008000"


def push(payload, *, gateway=GATEWAY, secret=SECRET, timestamp=None, signature=None, raw=None):
	body = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
	timestamp = int(time.time()) if timestamp is None else timestamp
	headers = {
		"Content-Type": "application/json",
		"X-Zhira-Timestamp": str(timestamp),
		"X-Zhira-Signature": sign(secret, timestamp, gateway, body) if signature is None else signature,
	}
	response = call_guest(
		"POST", f"/api/method/zhira_after_sales.api.sms.inbound?gateway={quote(gateway)}", headers, data=body
	)
	frappe.db.rollback()  # a fresh snapshot: see what the request committed
	return response


def inbound(**filters):
	return frappe.get_all(
		"SMS Message",
		filters={"gateway": GATEWAY, "direction": "In", **filters},
		fields=["name", "status", "processing_note", "technician", "reply_message", "provider_message_id"],
	)


class TestWebhook(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.saved_settings = frappe.db.get_value(
			"After Sales Settings", None, ["sms_enabled", "sms_language"], as_dict=True
		)
		frappe.db.set_single_value("After Sales Settings", "sms_enabled", 1)
		frappe.db.set_single_value("After Sales Settings", "sms_language", "en")
		make_gateway(GATEWAY, "IPPanel/FarazSMS", webhook_secret=SECRET, receive_inbound=0)
		make_gateway(TWIN, "IPPanel/FarazSMS", webhook_secret=SECRET, receive_inbound=0)
		make_gateway("ZT Webhook No Secret", "IPPanel/FarazSMS", webhook_secret="")
		# a secret saved before the 32-character rule
		make_gateway("ZT Webhook Short Secret", "IPPanel/FarazSMS", webhook_secret="")
		set_encrypted_password("SMS Gateway", "ZT Webhook Short Secret", "short-secret", "webhook_secret")
		frappe.db.set_value("SMS Gateway", "ZT Webhook Short Secret", "webhook_secret", "*" * 12)
		sms_technician(TECH)
		make_customer("ZT مشتری وب‌هوک", "09127008000")
		frappe.db.commit()  # nosemgrep: the request thread must see these

	@classmethod
	def tearDownClass(cls):
		gateways = (GATEWAY, TWIN, "ZT Webhook No Secret", "ZT Webhook Short Secret")
		frappe.db.delete("SMS Message", {"gateway": ("in", gateways)})
		frappe.db.delete("SMS Gateway", {"name": ("in", gateways)})
		frappe.db.delete("__Auth", {"doctype": "SMS Gateway", "name": ("in", gateways)})
		frappe.db.set_single_value("After Sales Settings", cls.saved_settings)
		frappe.db.commit()  # nosemgrep: remove what the setup and the requests committed
		super().tearDownClass()

	def setUp(self):
		frappe.db.delete("SMS Message", {"gateway": ("in", (GATEWAY, TWIN))})
		frappe.db.commit()  # nosemgrep: each test starts from an empty inbox
		# replies are recorded, not pushed to Redis for a worker of this bench
		patcher = patch("frappe.enqueue", EnqueueRecorder())
		patcher.start()
		self.addCleanup(patcher.stop)

	def test_a_signed_push_is_stored_and_processed(self):
		response = push({"messages": [{"id": "w-1", "from": "09127008000", "to": "3000505", "text": "سلام"}]})
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(
			response.json["message"],
			{"ok": True, "replay": False, "stored": 1, "duplicates": 0, "unreadable": 0, "deliveries": 0},
		)
		[row] = inbound()
		self.assertEqual((row.status, row.provider_message_id), ("Unmatched", "w-1"))

	def test_a_replayed_request_is_processed_once(self):
		body = json.dumps({"messages": [{"id": "w-2", "from": TECH, "text": "12345678"}]}).encode()
		timestamp = int(time.time())
		first = push(None, raw=body, timestamp=timestamp)
		again = push(None, raw=body, timestamp=timestamp)
		self.assertEqual(first.json["message"]["stored"], 1)
		self.assertEqual(again.status_code, 200)
		self.assertTrue(again.json["message"]["replay"])
		# the provider pushes the same message again later, freshly signed: still once
		later = push({"messages": [{"id": "w-2", "from": TECH, "text": "12345678"}]}, timestamp=timestamp + 5)
		self.assertEqual(later.json["message"]["duplicates"], 1)
		[row] = inbound()
		self.assertEqual(
			(row.status, row.technician),
			("Processed", frappe.db.get_value("Service Technician", {"mobile_no": TECH})),
		)
		self.assertEqual(frappe.db.count("SMS Message", {"in_reply_to": row.name}), 1)  # one reply, not three

	def test_a_forged_signature_is_refused_and_nothing_is_stored(self):
		payload = {"messages": [{"id": "w-3", "from": TECH, "text": "12345678 2"}]}
		for kwargs in (
			{"secret": "guessed-but-thirty-two-characters"},
			{"signature": "sha256=" + "0" * 64},
			{"signature": ""},
		):
			with self.subTest(**kwargs):
				response = push(payload, **kwargs)
				self.assertEqual(response.status_code, 401, response.text)
		self.assertEqual(inbound(), [])

	def test_a_stale_or_future_timestamp_is_refused(self):
		payload = {"messages": [{"id": "w-4", "from": TECH, "text": "12345678 2"}]}
		self.assertEqual(push(payload, timestamp=int(time.time()) - 600).status_code, 401)
		self.assertEqual(push(payload, timestamp=int(time.time()) + 600).status_code, 401)
		self.assertEqual(inbound(), [])

	def test_unknown_gateway_or_webhook_switched_off(self):
		payload = {"messages": [{"id": "w-5", "from": TECH, "text": "x"}]}
		self.assertEqual(push(payload, gateway="No Such Gateway").status_code, 401)
		self.assertEqual(push(payload, gateway="ZT Webhook No Secret", secret="").status_code, 401)

	def test_a_secret_shorter_than_32_characters_verifies_nothing(self):
		payload = {"messages": [{"id": "w-5s", "from": TECH, "text": "x"}]}
		response = push(payload, gateway="ZT Webhook Short Secret", secret="short-secret")
		self.assertEqual(response.status_code, 401, response.text)
		self.assertFalse(frappe.db.exists("SMS Message", {"gateway": "ZT Webhook Short Secret"}))

	def test_a_request_signed_for_another_gateway_is_refused(self):
		body = json.dumps({"messages": [{"id": "w-7", "from": CUSTOMER, "text": "x"}]}).encode()
		timestamp = int(time.time())
		signed_for_twin = sign(SECRET, timestamp, TWIN, body)
		response = push(None, raw=body, timestamp=timestamp, signature=signed_for_twin)
		self.assertEqual(response.status_code, 401, response.text)
		self.assertEqual(inbound(), [])

	def test_signature_headers_that_are_not_ours_are_401_not_500(self):
		payload = {"messages": [{"id": "w-8", "from": CUSTOMER, "text": "x"}]}
		for signature in ("sha256=" + "é" * 64, "sha256=" + "0" * 63 + "ü", "Sha256 " + "0" * 64, "\x7f"):
			with self.subTest(signature=signature):
				response = push(payload, signature=signature)
				self.assertEqual(response.status_code, 401, response.text)
		self.assertEqual(push(payload, timestamp="\u00b2" * 10).status_code, 401)  # superscript digits
		self.assertEqual(inbound(), [])

	def test_a_replay_with_the_signature_recased_is_still_a_replay(self):
		body = json.dumps({"messages": [{"id": "w-9", "from": CUSTOMER, "text": "x"}]}).encode()
		timestamp = int(time.time())
		signature = sign(SECRET, timestamp, GATEWAY, body)
		self.assertEqual(push(None, raw=body, timestamp=timestamp).json["message"]["stored"], 1)
		variant = "  sha256=" + signature.split("=", 1)[1].upper() + " "
		again = push(None, raw=body, timestamp=timestamp, signature=variant)
		self.assertEqual(again.status_code, 200, again.text)
		self.assertTrue(again.json["message"]["replay"])
		self.assertEqual(len(inbound()), 1)

	def test_messages_without_an_id_are_stored_once_per_arrival(self):
		payload = {"messages": [{"from": CUSTOMER, "text": "سلام"}, {"from": CUSTOMER, "text": "سلام"}]}
		timestamp = int(time.time())
		first = push(payload, timestamp=timestamp)
		self.assertEqual(first.json["message"]["stored"], 2, first.text)
		# the relay pushes the same text again later, as a new request: a new arrival
		self.assertEqual(push(payload, timestamp=timestamp + 1).json["message"]["stored"], 2)
		rows = inbound()
		self.assertEqual(len(rows), 4)
		self.assertEqual({row.provider_message_id for row in rows}, {None})

	def test_an_unreadable_pushed_message_is_kept_and_the_others_go_on(self):
		payload = {
			"messages": [{"id": "w-10", "text": "no sender"}, {"id": "w-11", "from": CUSTOMER, "text": "x"}]
		}
		response = push(payload)
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(response.json["message"]["stored"], 1)
		self.assertEqual(response.json["message"]["unreadable"], 1)
		statuses = sorted(row.status for row in inbound())
		self.assertEqual(statuses, ["Failed", "Unmatched"])

	def test_a_spoofed_sender_cannot_command(self):
		response = push({"messages": [{"id": "w-6", "from": "+989197771111", "text": "12345678 2"}]})
		self.assertEqual(response.status_code, 200)
		[row] = inbound()
		self.assertEqual(row.status, "Unmatched")
		self.assertFalse(row.technician)
		self.assertFalse(row.reply_message)

	def test_only_the_signed_body_counts(self):
		body = json.dumps({"messages": []}).encode()
		timestamp = int(time.time())
		response = call_guest(
			"POST",
			f"/api/method/zhira_after_sales.api.sms.inbound?gateway={quote(GATEWAY)}"
			"&messages=%5B%7B%22id%22%3A%22q%22%2C%22from%22%3A%22%2B989197771111%22%7D%5D",
			{
				"Content-Type": "application/json",
				"X-Zhira-Timestamp": str(timestamp),
				"X-Zhira-Signature": sign(SECRET, timestamp, GATEWAY, body),
			},
			data=body,
		)
		frappe.db.rollback()
		self.assertEqual(response.json["message"]["stored"], 0)
		self.assertEqual(inbound(), [])

	def test_a_pushed_delivery_report_marks_the_message_delivered(self):
		from zhira_after_sales.messaging.outbox import queue_sms

		name = queue_sms(CUSTOMER, "x", gateway=GATEWAY)
		frappe.db.set_value("SMS Message", name, {"status": "Sent", "provider_message_id": "out-77"})
		frappe.db.commit()  # nosemgrep: the request thread must see it
		response = push({"deliveries": [{"id": "out-77", "status": "delivered"}]})
		self.assertEqual(response.json["message"]["deliveries"], 1)
		self.assertEqual(frappe.db.get_value("SMS Message", name, "status"), "Delivered")
