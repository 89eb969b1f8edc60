# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""A send that dies between the provider's answer and the commit, through the real jobs and their
real commits, against the loopback fake provider (which counts every message it accepts, repeats
included): nothing is lost and nothing is sent twice. Also: an answer that never came back, a
provider repeating an id it used before, a record that fails after the provider accepted, the
operator's decision on an Unknown message, and errors that must not carry the API key."""

from contextlib import contextmanager
from unittest.mock import patch

import frappe
import requests
from frappe.utils import add_to_date, now_datetime

from zhira_after_sales.api.sms import mark_sent, retry
from zhira_after_sales.messaging import outbox
from zhira_after_sales.messaging.outbox import Sender, poll_delivery, queue_sms, send_due
from zhira_after_sales.messaging.providers import PROVIDERS
from zhira_after_sales.messaging.tests.case import SMSTestCase, WorkerKilled
from zhira_after_sales.messaging.tests.factories import make_gateway
from zhira_after_sales.messaging.tests.fake_provider import API_KEY
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE

TO = "0912 700 9000"


@contextmanager
def killed_after_the_provider_answers(provider: str):
	"""The real adapter sends (the fake provider accepts and counts the message), then the worker
	dies before anything records the answer."""
	cls = PROVIDERS[provider]
	real = cls.send

	def send(self, *args, **kwargs):
		real(self, *args, **kwargs)
		raise WorkerKilled

	with patch.object(cls, "send", send):
		yield


@contextmanager
def killed_before_the_provider_hears(provider: str):
	def send(self, *args, **kwargs):
		raise WorkerKilled

	with patch.object(PROVIDERS[provider], "send", send):
		yield


def later(minutes: float):
	return add_to_date(now_datetime(), minutes=minutes)


def row(name):
	return frappe.get_doc("SMS Message", name)


class TestKilledMidSend(SMSTestCase):
	def kill_after_answer(self, provider: str) -> str:
		gateway = self.gateway if provider == "Kavenegar" else make_gateway(f"ZT Kill {provider}", provider)
		name = queue_sms(TO, "پذیرش شما ثبت شد", gateway=gateway)
		with killed_after_the_provider_answers(provider), self.assertRaises(WorkerKilled):
			outbox.send_message(name)
		frappe.db.rollback()  # what the dead worker had not committed is gone
		return name

	def assert_left_sending(self, name: str, provider: str):
		stored = row(name)
		# the claim was committed before the call: Sending, with the reference the provider got
		self.assertEqual((stored.status, stored.attempts), ("Sending", 1))
		[sent] = self.server.sent_by(provider)
		if PROVIDERS[provider].client_reference_param:
			self.assertEqual(sent["client_ref"], stored.client_reference)
		self.assertTrue(stored.client_reference.isdigit())
		return sent

	def test_kavenegar_finds_it_by_localid_and_nothing_is_sent_twice(self):
		name = self.kill_after_answer("Kavenegar")
		sent = self.assert_left_sending(name, "Kavenegar")

		# the message's own job, run again by RQ, does not send it: it is not Queued
		self.assertEqual(outbox.send_message(name), "skipped")
		# while the dead job might still be waiting for its answer, nothing touches it
		self.assertEqual(send_due(self.gateway), {})
		# then the provider is asked by our reference, and the message is recorded as sent
		self.assertEqual(send_due(self.gateway, now=later(5)), {"found": 1})
		stored = row(name)
		self.assertEqual((stored.status, stored.provider_message_id), ("Sent", sent["id"]))
		self.assertFalse(stored.error)
		self.assertEqual(send_due(self.gateway, now=later(120)), {})
		self.assertEqual(len(self.server.sent), 1)

		# and its delivery report is applied as to any other sent message
		self.server.set_delivery(sent["id"], "delivered")
		self.assertEqual(poll_delivery(self.gateway), 1)
		self.assertEqual(row(name).status, "Delivered")

	def test_ghasedak_finds_it_by_client_reference_id(self):
		name = self.kill_after_answer("Ghasedak")
		sent = self.assert_left_sending(name, "Ghasedak")
		gateway = row(name).gateway
		self.assertEqual(send_due(gateway, now=later(5)), {"found": 1})
		self.assertEqual((row(name).status, row(name).provider_message_id), ("Sent", sent["id"]))
		self.assertEqual(send_due(gateway, now=later(120)), {})
		self.assertEqual(len(self.server.sent), 1)

	def test_a_provider_that_cannot_be_asked_leaves_the_decision_to_an_operator(self):
		for provider in ("SMS.ir", "IPPanel/FarazSMS", "Melipayamak", "Frappe SMS Settings"):
			with self.subTest(provider=provider):
				if provider == "Frappe SMS Settings":
					from zhira_after_sales.messaging.tests.factories import use_frappe_sms_settings

					use_frappe_sms_settings(self.server)
				self.server.reset()
				name = self.kill_after_answer(provider)
				self.assert_left_sending(name, provider)
				gateway = row(name).gateway
				self.assertEqual(send_due(gateway, now=later(5)), {"unknown": 1})
				stored = row(name)
				self.assertEqual(stored.status, "Unknown")
				self.assertIn("Retry", stored.error)
				self.assertIn("Mark as Sent", stored.error)
				# never sent again by itself
				self.assertEqual(send_due(gateway, now=later(600)), {})
				self.assertEqual(len(self.server.sent), 1)

	def test_the_operator_checks_the_panel_and_marks_it_sent(self):
		name = self.kill_after_answer("SMS.ir")
		self.assertEqual(send_due(row(name).gateway, now=later(5)), {"unknown": 1})
		self.assertEqual(mark_sent(name), "Sent")
		self.assertEqual(row(name).status, "Sent")
		self.assertEqual(len(self.server.sent), 1)

	def test_the_operator_decides_to_send_it_again(self):
		name = self.kill_after_answer("SMS.ir")
		self.assertEqual(send_due(row(name).gateway, now=later(5)), {"unknown": 1})
		reference = row(name).client_reference
		self.assertEqual(retry(name), "Queued")
		self.assertEqual(outbox.send_message(name), "sent")
		# sent again by decision, with the same reference (a provider that knows it would not repeat it)
		self.assertEqual(len(self.server.sent), 2)
		self.assertEqual(row(name).client_reference, reference)

	def test_killed_before_the_provider_heard_of_it_is_sent_once(self):
		name = queue_sms(TO, "x")
		with killed_before_the_provider_hears("Kavenegar"), self.assertRaises(WorkerKilled):
			outbox.send_message(name)
		frappe.db.rollback()
		self.assertEqual(row(name).status, "Sending")
		self.assertFalse(self.server.sent)
		# the provider has nothing with our reference: sent again, with that reference
		self.assertEqual(send_due(self.gateway, now=later(5)), {"resend": 1, "sent": 1})
		[sent] = self.server.sent
		self.assertEqual(sent["client_ref"], row(name).client_reference)
		self.assertEqual(row(name).status, "Sent")
		self.assertEqual(send_due(self.gateway, now=later(120)), {})
		self.assertEqual(len(self.server.sent), 1)

	def test_an_answer_lost_on_the_way_back(self):
		name = queue_sms(TO, "x")
		self.server.fail_next("accepted_then_dropped")
		self.assertEqual(outbox.send_message(name), "retry")
		stored = row(name)
		self.assertEqual(stored.status, "Sending")
		self.assertIn("may have accepted", stored.error)
		self.assertEqual(send_due(self.gateway, now=later(2)), {"found": 1})
		self.assertEqual(row(name).status, "Sent")
		self.assertEqual(len(self.server.sent), 1)


class TestRecordingAfterAccept(SMSTestCase):
	def test_a_provider_id_already_stored_does_not_fail_recording(self):
		first = queue_sms(TO, "a")
		self.assertEqual(outbox.send_message(first), "sent")
		repeated = row(first).provider_message_id
		self.server.answer_with_id(repeated)
		second = queue_sms(TO, "b")
		self.assertEqual(outbox.send_message(second), "sent")
		self.assertEqual(
			[(row(n).status, row(n).provider_message_id) for n in (first, second)],
			[("Sent", repeated), ("Sent", repeated)],
		)
		self.assertEqual(send_due(self.gateway, now=later(120)), {})
		self.assertEqual([r["text"] for r in self.server.sent], ["a", "b"])  # each once

	def test_a_record_that_fails_after_the_provider_accepted_is_not_sent_again(self):
		name = queue_sms(TO, "x")
		with patch.object(Sender, "record_sent", side_effect=frappe.QueryTimeoutError("lock wait")):
			self.assertEqual(outbox.send_message(name), "retry")
		stored = row(name)
		self.assertEqual(stored.status, "Sending")
		self.assertIn("asked about it", stored.error)
		self.assertTrue(
			frappe.db.exists("Error Log", {"reference_doctype": "SMS Message", "reference_name": name})
		)
		# the next draining job asks the provider at once, and does not send it again
		self.assertEqual(send_due(self.gateway), {"found": 1})
		self.assertEqual(row(name).status, "Sent")
		self.assertEqual(len(self.server.sent), 1)

	def test_a_record_that_fails_once_is_written_on_the_second_try(self):
		name = queue_sms(TO, "x")
		real = Sender.record_sent
		calls = []

		def flaky(self, *args, **kwargs):
			calls.append(1)
			if len(calls) == 1:
				raise frappe.QueryDeadlockError("deadlock")
			return real(self, *args, **kwargs)

		with patch.object(Sender, "record_sent", flaky):
			self.assertEqual(outbox.send_message(name), "retry")
		self.assertEqual(row(name).status, "Sent")
		self.assertEqual(len(self.server.sent), 1)


class TestNoKeyInErrors(SMSTestCase):
	def test_a_request_error_quoting_the_url_is_stored_without_the_key(self):
		name = queue_sms(TO, "x")

		def fail(session, method, url, **kwargs):
			self.assertIn(API_KEY, url)  # Kavenegar's key is in the path
			raise requests.exceptions.InvalidURL(f"Failed to parse: {url}")

		with patch.object(requests.Session, "request", fail):
			self.assertEqual(outbox.send_message(name), "retry")
		error = row(name).error
		self.assertIn("InvalidURL", error)
		self.assertNotIn(API_KEY, error)

	def test_a_bug_in_an_adapter_is_logged_without_the_key(self):
		name = queue_sms(TO, "x")
		cls = PROVIDERS["Kavenegar"]

		def broken(self, method, scope_method, **kwargs):
			url = self.url(scope_method)
			raise KeyError(f"no 'entries' in the answer of {url}")

		with patch.object(cls, "call", broken):
			self.assertEqual(outbox.send_message(name), "retry")
		stored = row(name)
		self.assertEqual(stored.status, "Sending")  # a bug after the request: not resent blindly
		self.assertNotIn(API_KEY, stored.error)
		logs = frappe.get_all(
			"Error Log", {"reference_doctype": "SMS Message", "reference_name": name}, pluck="error"
		)
		self.assertTrue(logs)
		self.assertFalse([log for log in logs if API_KEY in log])


class TestInTheCallersTransaction(SMSTestCase):
	"""commit=False: a job commits nothing; its commits become savepoints."""

	def test_nothing_is_committed(self):
		name = queue_sms(TO, "x")
		frappe.db.commit()
		self.assertEqual(outbox.send_message(name, commit=False), "sent")
		self.assertEqual(row(name).status, "Sent")
		self.assertEqual(outbox.insert_bulk("ZT-NO-COMMIT", [{"to": TO, "body": "y"}], commit=False), 1)
		self.assertTrue(frappe.db.exists("SMS Message", {"batch": "ZT-NO-COMMIT"}))
		frappe.db.rollback()
		self.assertEqual(row(name).status, "Queued")
		self.assertFalse(frappe.db.exists("SMS Message", {"batch": "ZT-NO-COMMIT"}))

	def test_a_failed_step_is_undone_to_the_last_savepoint_only(self):
		name = queue_sms(TO, "x")
		frappe.db.commit()
		with patch.object(Sender, "record_sent", side_effect=frappe.QueryTimeoutError("lock wait")):
			self.assertEqual(outbox.send_message(name, commit=False), "retry")
		# as when the job commits: the claim stays, so the provider is asked before any resend
		stored = row(name)
		self.assertEqual(stored.status, "Sending")
		self.assertIn("asked about it", stored.error)
		frappe.db.rollback()
		self.assertEqual(row(name).status, "Queued")
