# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Outbound SMS against the loopback fake provider: stored before sending, sent by the job
function, retried with backoff, rate limited, delivered; bulk batches; events; the Send SMS
action; the timeline."""

import time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from zhira_after_sales.messaging import outbox
from zhira_after_sales.messaging.outbox import insert_bulk, poll_delivery, queue_sms, send_due, send_event
from zhira_after_sales.messaging.providers import PROVIDERS
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.messaging.tests.factories import (
	fake_provider,
	make_customer,
	make_device,
	make_gateway,
	sms_messages,
	use_frappe_sms_settings,
)
from zhira_after_sales.messaging.timeline import sms_timeline
from zhira_after_sales.tests.factories import TEST_IGNORE, make_user
from zhira_after_sales.tests.rest import call

test_ignore = TEST_IGNORE

TO = "0912 700 1000"
TO_E164 = "+989127001000"


def message(name):
	return frappe.get_doc("SMS Message", name)


def later(minutes: float):
	return add_to_date(now_datetime(), minutes=minutes)


class TestOutbound(SMSTestCase):
	def test_every_provider_sends_a_stored_message_and_reports_delivery(self):
		use_frappe_sms_settings(self.server)
		for provider in PROVIDERS:
			with self.subTest(provider=provider):
				gateway = make_gateway(f"ZT {provider}", provider)
				name = queue_sms(TO, "پذیرش شما ثبت شد", gateway=gateway)
				stored = message(name)
				# stored before anything was sent
				self.assertEqual((stored.status, stored.to, stored.gateway), ("Queued", TO_E164, gateway))
				self.assertFalse(self.server.sent_by(provider))

				self.assertEqual(outbox.send_message(name), "sent")
				stored.reload()
				[sent] = self.server.sent_by(provider)
				self.assertEqual(stored.status, "Sent")
				self.assertEqual(stored.attempts, 1)
				self.assertEqual(sent["text"], "پذیرش شما ثبت شد")
				if provider == "Frappe SMS Settings":
					continue
				self.assertEqual(stored.provider_message_id, sent["id"])
				self.server.set_delivery(sent["id"], "delivered")
				self.assertEqual(poll_delivery(gateway), 1)
				stored.reload()
				self.assertEqual(stored.status, "Delivered")
				self.assertTrue(stored.delivered_on)

	def test_undelivered_message_ends_failed_with_the_reason(self):
		name = queue_sms(TO, "x")
		outbox.send_message(name)
		self.server.set_delivery(message(name).provider_message_id, "failed")
		poll_delivery(self.gateway)
		stored = message(name)
		self.assertEqual(stored.status, "Failed")
		self.assertIn("11", stored.error)  # Kavenegar's "undelivered" code, named in the error

	def test_a_number_the_provider_refuses_fails_at_once(self):
		self.server.rejected_numbers.add("09127001000")
		name = queue_sms(TO, "x")
		self.assertEqual(outbox.send_message(name), "failed")
		stored = message(name)
		self.assertEqual((stored.status, stored.attempts), ("Failed", 1))
		self.assertIn("گیرنده نامعتبر", stored.error)
		self.assertIn("411", stored.error)

	def test_provider_down_for_a_while_then_back_nothing_lost_nothing_duplicated(self):
		names = [queue_sms(f"0912700100{i}", f"پیام {i}") for i in range(5)]
		self.server.go_down()
		try:
			for name in names:
				self.assertEqual(outbox.send_message(name), "retry")
			self.assertEqual(send_due(self.gateway), {})  # backing off: nothing is due yet
		finally:
			self.server.come_back()
		for row in sms_messages(name=("in", names)):
			self.assertEqual((row.status, row.attempts), ("Queued", 1))
			self.assertIn("cannot reach Kavenegar", row.error)
			self.assertGreater(row.next_attempt_at, now_datetime())

		# a minute later the provider answers 503 once, then everything goes through
		self.server.fail_next("unavailable")
		counts = send_due(self.gateway, now=later(2))
		self.assertEqual(counts, {"retry": 1, "sent": 4})
		counts = send_due(self.gateway, now=later(10))
		self.assertEqual(counts, {"sent": 1})
		self.assertEqual(send_due(self.gateway, now=later(60)), {})

		rows = sms_messages(name=("in", names))
		self.assertEqual({row.status for row in rows}, {"Sent"})
		self.assertFalse(any(row.error for row in rows))
		sent = self.server.sent_by("Kavenegar")
		# each exactly once, with the reference it kept across its attempts
		self.assertEqual(
			sorted(row["client_ref"] for row in sent), sorted(row.client_reference for row in rows)
		)
		self.assertEqual(len({row.client_reference for row in rows}), 5)
		self.assertEqual(len({row.provider_message_id for row in rows}), 5)

	def test_a_hanging_provider_times_out_and_is_asked_before_the_message_is_sent_again(self):
		name = queue_sms(TO, "x")
		self.server.fail_next("timeout")
		started = time.monotonic()
		self.assertEqual(outbox.send_message(name), "retry")
		self.assertLess(time.monotonic() - started, 1.4)
		stored = message(name)
		# the request went out: it may have been accepted, so it stays Sending until the provider is asked
		self.assertEqual(stored.status, "Sending")
		self.assertIn("did not answer", stored.error)
		self.assertEqual(send_due(self.gateway, now=later(0.5)), {})  # not before the backoff
		# the provider never got it (the fake dropped it unprocessed): sent again, once
		self.assertEqual(send_due(self.gateway, now=later(2)), {"resend": 1, "sent": 1})
		self.assertEqual(len(self.server.sent), 1)
		self.assertEqual(self.server.sent[0]["client_ref"], stored.client_reference)

	def test_a_draining_job_stops_on_an_outage_instead_of_burning_every_attempt(self):
		names = [queue_sms(TO, f"m{i}") for i in range(6)]
		self.server.go_down()
		try:
			self.assertEqual(send_due(self.gateway, now=later(1)), {"retry": 3})
		finally:
			self.server.come_back()
		attempts = [row.attempts for row in sms_messages(name=("in", names))]
		self.assertEqual(sorted(attempts), [0, 0, 0, 1, 1, 1])

	def test_gives_up_after_max_attempts(self):
		make_gateway(self.gateway, max_attempts=2)
		name = queue_sms(TO, "x")
		self.server.fail_next("unavailable", 2)
		self.assertEqual(outbox.send_message(name), "retry")
		self.assertEqual(send_due(self.gateway, now=later(5)), {"failed": 1})
		stored = message(name)
		self.assertEqual((stored.status, stored.attempts), ("Failed", 2))
		self.assertIn("503", stored.error)

	def test_retry_queues_a_failed_message_again(self):
		self.server.rejected_numbers.add("09127001000")
		name = queue_sms(TO, "x")
		outbox.send_message(name)
		self.server.rejected_numbers.clear()
		from zhira_after_sales.api.sms import retry

		self.assertEqual(retry(name), "Queued")
		self.assertEqual(outbox.send_message(name), "sent")

	def test_per_gateway_rate_limit(self):
		limited = make_gateway(f"ZT Limited {frappe.generate_hash(length=6)}", rate_limit=3)
		names = [queue_sms(TO, f"m{i}", gateway=limited) for i in range(5)]
		now = now_datetime()
		self.assertEqual(send_due(limited, now=now), {"sent": 3, "rate_limited": 1})
		# a message whose own job meets the limit waits for the sweeper
		self.assertEqual(outbox.send_message(names[4], now=now), "rate_limited")
		self.assertGreater(message(names[4]).next_attempt_at, now)
		self.assertEqual(len(self.server.sent), 3)
		self.assertEqual(send_due(limited, now=add_to_date(now, seconds=70)), {"sent": 2})
		self.assertEqual(len(self.server.sent), 5)

	def test_a_disabled_gateway_hands_over_to_the_default(self):
		other = make_gateway("ZT Soon Off", "Ghasedak")
		name = queue_sms(TO, "x", gateway=other)
		make_gateway(other, enabled=0)
		self.assertEqual(outbox.send_message(name), "sent")
		self.assertEqual(message(name).gateway, self.gateway)
		self.assertEqual(len(self.server.sent_by("Kavenegar")), 1)


class TestStoredNotSent(SMSTestCase):
	"""What cannot be sent is still stored, visibly, with the reason."""

	def test_sms_switched_off(self):
		frappe.db.set_single_value("After Sales Settings", "sms_enabled", 0)
		name = queue_sms(TO, "x")
		stored = message(name)
		self.assertEqual(stored.status, "Failed")
		self.assertIn("After Sales Settings", stored.error)
		self.assertEqual(outbox.send_message(name), "skipped")
		self.assertFalse(self.server.sent)

	def test_bad_number_empty_text_and_no_gateway(self):
		self.assertIn("not a mobile", message(queue_sms("021 8888 1234", "x")).error)
		self.assertIn("empty", message(queue_sms(TO, "  ")).error)
		frappe.db.set_value("SMS Gateway", self.gateway, "enabled", 0)
		self.assertIn("No SMS Gateway", message(queue_sms(TO, "x")).error)


class TestEvents(SMSTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer("ZT مشتری رویداد", "09127002000")
		self.device = frappe.get_doc("Customer Device", make_device(self.customer, "ZT-EVT-0001"))

	def test_send_event_fills_the_default_template_and_shows_on_the_timeline(self):
		frappe.get_doc(
			{
				"doctype": "SMS Template",
				"template_name": "ZT نصب شد",
				"event": "Warranty Issued",
				"is_default": 1,
				"reference_doctype": "Customer Device",
				"body": "{{ doc.customer_name }} گرامی، گارانتی {{ doc.serial_no | persian_digits }} از {{ doc.installed_on | jalali_long }}",
			}
		).insert()
		name = send_event("Warranty Issued", self.device)
		stored = message(name)
		self.assertEqual(stored.status, "Queued")
		self.assertEqual(stored.to, "+989127002000")
		self.assertEqual(stored.body, "ZT مشتری رویداد گرامی، گارانتی ZT-EVT-۰۰۰۱ از ۸ آذر ۱۴۰۵")
		self.assertEqual(
			(stored.reference_doctype, stored.reference_name), ("Customer Device", self.device.name)
		)
		self.assertEqual((stored.event, stored.template), ("Warranty Issued", "ZT نصب شد"))

		[item] = sms_timeline("Customer Device", self.device.name)
		self.assertIn("ZT-EVT-۰۰۰۱", item["content"])
		self.assertIn("0912 700 2000", item["content"])
		self.assertEqual(sms_timeline("Customer Device", "no-such-device"), [])

	def test_send_event_when_sms_is_off_still_stores_a_visible_record(self):
		frappe.db.set_single_value("After Sales Settings", "sms_enabled", 0)
		name = send_event("Reception Registered", self.device)
		stored = message(name)
		self.assertEqual((stored.status, stored.reference_name), ("Failed", self.device.name))
		self.assertIn("switched off", stored.error)
		self.assertTrue(stored.body)  # the text it would have sent is kept for a retry
		self.assertTrue(sms_timeline("Customer Device", self.device.name))

	def test_send_event_without_template_or_number(self):
		frappe.db.set_value("SMS Template", {"event": "Warranty Issued"}, "enabled", 0)
		self.assertIn("No enabled SMS Template", message(send_event("Warranty Issued", self.device)).error)
		lonely = frappe.get_doc("Customer Device", make_device(None, "ZT-EVT-0002"))
		self.assertIn("No mobile number", message(send_event("Reception Registered", lonely)).error)
		self.assertEqual(
			message(send_event("Reception Registered", lonely, to="09127002001")).status, "Queued"
		)

	def test_an_unknown_event_is_stored_as_failed_and_the_caller_goes_on(self):
		name = send_event("Gift Card Sent", self.device)
		stored = message(name)
		self.assertEqual(stored.status, "Failed")
		self.assertFalse(stored.event)
		self.assertIn("Gift Card Sent", stored.error)


class TestBulk(SMSTestCase):
	def test_a_bulk_batch_is_stored_in_few_queries_and_sent_by_the_draining_job(self):
		count = 300
		messages = [
			{"to": f"0912{7100000 + i}", "body": f"یادآوری سرویس {i}", "reference_doctype": None}
			for i in range(count)
		]
		messages.append({"to": "not a number", "body": "x"})
		started = time.monotonic()
		stored = insert_bulk("ZT-BATCH-1", messages, event="Periodic Service Reminder")
		self.assertEqual(stored, count + 1)
		self.assertLess(time.monotonic() - started, 5)
		statuses = frappe.get_all(
			"SMS Message",
			filters={"batch": "ZT-BATCH-1"},
			fields=["status", "count(*) as n"],
			group_by="status",
		)
		self.assertEqual({row.status: row.n for row in statuses}, {"Queued": count, "Failed": 1})

		counts = send_due(self.gateway, now=later(1))
		self.assertEqual(counts, {"sent": count})
		self.assertEqual(len(self.server.sent), count)
		self.assertEqual(len({row["to"] for row in self.server.sent}), count)

	def test_queue_bulk_leaves_big_batches_to_a_background_job(self):
		batch = outbox.queue_bulk([{"to": TO, "body": "x"}] * (outbox.INLINE_BULK_LIMIT + 1))
		self.assertFalse(frappe.db.exists("SMS Message", {"batch": batch}))  # a background job stores them
		self.assertEqual(self.enqueued.jobs, [])  # and it starts only after the caller's commit
		frappe.db.commit()  # nosemgrep: the caller's request ends
		self.assertEqual(self.enqueued.methods(), ["insert_bulk"])

	def test_a_small_bulk_is_stored_in_the_callers_transaction_without_committing_it(self):
		frappe.db.commit()  # nosemgrep: the test's setup, so the savepoint below is all the "request" wrote
		frappe.db.savepoint("zt_caller")
		small = outbox.queue_bulk([{"to": TO, "body": "x"}] * 3)
		self.assertEqual(frappe.db.count("SMS Message", {"batch": small}), 3)
		self.assertEqual(self.enqueued.jobs, [])
		# had queue_bulk committed, the savepoint would be gone and the rows would stay
		frappe.db.rollback(save_point="zt_caller")
		self.assertEqual(frappe.db.count("SMS Message", {"batch": small}), 0)

		small = outbox.queue_bulk([{"to": TO, "body": "x"}] * 3)
		frappe.db.commit()  # nosemgrep: the caller's request ends
		self.assertEqual(
			{(job["method"], job["gateway"]) for job in self.enqueued.jobs},
			{("zhira_after_sales.messaging.outbox.send_due", self.gateway)},
		)
		self.assertEqual(send_due(self.gateway), {"sent": 3})


class TestSendSmsAction(SMSTestCase):
	"""The Send SMS action through the real WSGI app, as an operator and as a stranger."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.operator = make_user("zt.sms.operator@example.com", ("Reception Operator",))
		cls.stranger = make_user("zt.sms.stranger@example.com", ("Service Technician",))
		customer = make_customer("ZT مشتری اقدام", "09127003000")
		cls.device = make_device(customer, "ZT-ACT-0001")
		frappe.db.commit()  # nosemgrep: the request thread must see these

	def test_operator_picks_a_template_sees_it_filled_and_sends(self):
		make_gateway(self.gateway, is_default=1)
		frappe.db.commit()  # nosemgrep: the request thread must see the gateway
		path = "/api/method/zhira_after_sales.api.sms."
		response = call(
			"GET", f"{path}get_send_options?doctype=Customer Device&name={self.device}", self.operator
		)
		self.assertEqual(response.status_code, 200, response.text)
		options = response.json["message"]
		self.assertEqual(options["to"], "+989127003000")
		self.assertIn("ثبت پذیرش", [t["name"] for t in options["templates"]])

		response = call(
			"POST",
			f"{path}preview",
			self.operator,
			json={"template": "ثبت پذیرش", "doctype": "Customer Device", "name": self.device},
		)
		preview = response.json["message"]
		self.assertIn("ZT مشتری اقدام گرامی", preview["body"])
		self.assertEqual(preview["parts"], 2)

		response = call(
			"POST",
			f"{path}send",
			self.operator,
			json={
				"doctype": "Customer Device",
				"name": self.device,
				"to": "0912 700 3000",
				"body": preview["body"],
			},
		)
		self.assertEqual(response.status_code, 200, response.text)
		name = response.json["message"]["name"]
		try:
			stored = message(name)
			self.assertEqual((stored.status, stored.owner), ("Queued", self.operator))
			self.assertEqual(stored.reference_name, self.device)
		finally:
			frappe.delete_doc("SMS Message", name, force=True)
			frappe.db.commit()  # nosemgrep: clean up what the request committed

	def test_a_user_without_sms_rights_cannot_send(self):
		response = call(
			"POST",
			"/api/method/zhira_after_sales.api.sms.send",
			self.stranger,
			json={"doctype": "Customer Device", "name": self.device, "to": TO, "body": "x"},
		)
		self.assertEqual(response.status_code, 403)
		self.assertFalse(frappe.db.exists("SMS Message", {"owner": self.stranger}))

	def test_a_wrong_number_is_refused_with_the_field_named(self):
		from zhira_after_sales.api.sms import send
		from zhira_after_sales.exceptions import InvalidPhoneNumberError

		with self.assertRaisesRegex(InvalidPhoneNumberError, "To"):
			send("Customer Device", self.device, "12", "x")
