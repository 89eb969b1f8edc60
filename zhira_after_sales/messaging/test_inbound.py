# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Inbound SMS: polled from each provider's inbox at the loopback fake provider, stored once,
then processed: technicians identified by their registered mobile, spoofed senders refused,
unknown senders Unmatched with their customer, survey answers linked and handed to the reply
handlers, errors kept visible."""

import json
from unittest.mock import patch

import frappe
from frappe.tests.utils import patch_hooks
from frappe.utils import add_days, now_datetime

from zhira_after_sales.api.sms import link_message, process_again, sender_context
from zhira_after_sales.messaging import outbox
from zhira_after_sales.messaging.doctype.sms_gateway.sms_gateway import get_default_gateway
from zhira_after_sales.messaging.inbox import poll_inbound, process_inbound, store_inbound
from zhira_after_sales.messaging.providers import PROVIDERS
from zhira_after_sales.messaging.tests.case import SMSTestCase, WorkerKilled
from zhira_after_sales.messaging.tests.factories import (
	make_customer,
	make_device,
	make_gateway,
	sms_messages,
	sms_technician,
)
from zhira_after_sales.messaging.tests.fake_provider import API_KEY, LINE
from zhira_after_sales.messaging.timeline import sms_timeline
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_technician

test_ignore = TEST_IGNORE

TECH = "+989351230001"
CUSTOMER = "+989127004000"
STRANGER = "+989197770000"
HANDLER = "zhira_after_sales.messaging.tests.handlers.record_answer"
CRASHING_HANDLER = "zhira_after_sales.messaging.tests.handlers.crash"
ECHO_COMMAND = "zhira_after_sales.messaging.tests.handlers.echo_command"


def receive(text: str, sender: str, gateway: str | None = None, provider_id: str | None = None) -> str:
	"""An SMS arriving at the default gateway, stored and processed."""
	gateway = gateway or get_default_gateway()
	name = store_inbound(gateway, provider_id or frappe.generate_hash(length=12), sender, text)
	process_inbound(name)
	return name


def message(name):
	return frappe.get_doc("SMS Message", name)


def replies_to(name) -> list:
	return sms_messages(direction="Out", in_reply_to=name)


class TestInboundPolling(SMSTestCase):
	def setUp(self):
		super().setUp()
		self.technician = sms_technician(TECH)
		self.customer = make_customer("ZT مشتری پیامک", "0912 700 4000")

	def test_every_providers_inbox_is_stored_once_and_processed(self):
		for provider in [p for p in PROVIDERS if p != "Frappe SMS Settings"]:
			with self.subTest(provider=provider):
				gateway = make_gateway(f"ZT In {provider}", provider)
				self.server.add_inbound(provider, CUSTOMER, "سلام، آبگرمکن روشن نمی‌شود")
				self.server.add_inbound(provider, TECH, "۱۲۳۴۵۶۷۸ ۲")
				self.assertEqual(poll_inbound(gateway), 2)
				# a second read (some providers hand the same messages out again) stores nothing
				self.assertEqual(poll_inbound(gateway), 0)
				rows = sms_messages(gateway=gateway, direction="In")
				self.assertEqual(len(rows), 2)
				customer_row, command_row = rows
				self.assertEqual(customer_row.from_number, CUSTOMER)
				self.assertEqual((customer_row.status, customer_row.customer), ("Unmatched", self.customer))
				self.assertEqual(command_row.technician, self.technician)
				self.assertEqual(command_row.status, "Processed")
				doc = frappe.get_doc("SMS Gateway", gateway)
				self.assertTrue(doc.last_polled_on)
				self.assertFalse(doc.last_error)

	def test_an_unreachable_inbox_is_noted_on_the_gateway(self):
		self.server.go_down()
		try:
			self.assertEqual(poll_inbound(self.gateway), 0)
		finally:
			self.server.come_back()
		self.assertIn("cannot reach", frappe.db.get_value("SMS Gateway", self.gateway, "last_error"))

	def test_the_same_provider_id_is_stored_once(self):
		first = store_inbound(self.gateway, "777", CUSTOMER, "سلام")
		self.assertTrue(first)
		self.assertIsNone(store_inbound(self.gateway, "777", CUSTOMER, "سلام"))
		self.assertEqual(len(sms_messages(gateway=self.gateway, direction="In")), 1)
		# the same id at another gateway is another message
		other = make_gateway("ZT Other Line", "Ghasedak")
		self.assertTrue(store_inbound(other, "777", CUSTOMER, "سلام"))


# one unreadable inbox row per provider (no sender), in its own shape
UNREADABLE = {
	"Kavenegar": {"messageid": 990001, "message": "بی فرستنده", "receptor": LINE},
	"SMS.ir": {"number": 3000505, "messageText": "بی فرستنده", "receivedDateTime": "2026-11-29T10:15:00"},
	"IPPanel/FarazSMS": {"messages_inbox_id": 990001, "message": "بی فرستنده", "number": "+983000505"},
	"Melipayamak": {"MsgID": 990001, "Body": "بی فرستنده", "Receiver": LINE},
	"Ghasedak": {"id": 990001, "message": "بی فرستنده", "lineNumber": LINE},
}


class TestPollingLosesNothing(SMSTestCase):
	"""Kavenegar and Ghasedak mark what they hand out as read: each message is stored, committed,
	before anything reads it, and nothing that goes wrong afterwards loses the others."""

	def setUp(self):
		super().setUp()
		self.technician = sms_technician(TECH)
		self.customer = make_customer("ZT مشتری پیامک", "0912 700 4000")

	def test_a_malformed_message_between_two_good_ones(self):
		for provider in UNREADABLE:
			with self.subTest(provider=provider):
				gateway = make_gateway(f"ZT Unreadable {provider}", provider)
				self.server.add_inbound(provider, CUSTOMER, "اول")
				self.server.add_raw_inbound(provider, UNREADABLE[provider])
				self.server.add_inbound(provider, TECH, "12345678")
				self.assertEqual(poll_inbound(gateway), 3)
				rows = sms_messages(gateway=gateway, direction="In")
				self.assertEqual(
					[(r.status, r.body) for r in rows if r.status != "Failed"],
					[("Unmatched", "اول"), ("Processed", "12345678")],
				)
				[bad] = [r for r in rows if r.status == "Failed"]
				self.assertEqual(json.loads(bad.raw_message), UNREADABLE[provider])
				self.assertIn("Could not be read", bad.processing_note)
				self.assertTrue(
					frappe.db.exists(
						"Error Log", {"reference_doctype": "SMS Message", "reference_name": bad.name}
					)
				)
				# the technician still got the reply explaining the format
				technician_message = next(r for r in rows if r.status == "Processed")
				self.assertEqual(len(replies_to(technician_message.name)), 1)
				# read again (SMS.ir, IPPanel and Melipayamak hand the same rows out): nothing twice
				self.assertEqual(poll_inbound(gateway), 0)
				self.assertEqual(len(sms_messages(gateway=gateway, direction="In")), 3)
				self.assertFalse(frappe.db.get_value("SMS Gateway", gateway, "last_error"))

	def test_a_parser_that_crashes_on_one_message_fails_that_one_alone(self):
		cls = PROVIDERS["Ghasedak"]
		real = cls.parse_inbound

		def parse(client, row):
			if row.get("message") == "boom":
				raise RuntimeError("a bug in the parser")
			return real(client, row)

		gateway = make_gateway("ZT Parser Bug", "Ghasedak")
		for text in ("a", "boom", "c"):
			self.server.add_inbound("Ghasedak", CUSTOMER, text)
		with patch.object(cls, "parse_inbound", parse):
			self.assertEqual(poll_inbound(gateway), 3)
		rows = sms_messages(gateway=gateway, direction="In")
		self.assertEqual([r.status for r in rows], ["Unmatched", "Failed", "Unmatched"])
		self.assertIn("RuntimeError", rows[1].processing_note)
		# once the parser is fixed, Process Again reads the kept raw message
		self.assertEqual(process_again(rows[1].name), "Unmatched")
		self.assertEqual(message(rows[1].name).body, "boom")

	def test_one_failing_gateway_does_not_stop_the_others(self):
		working = make_gateway("ZT In Working", "Ghasedak")
		self.server.add_inbound("Ghasedak", CUSTOMER, "سلام")
		cls = PROVIDERS["Kavenegar"]

		def broken(client, cursor=None):
			raise RuntimeError(f"unexpected answer from {client.url('sms/receive')}")

		with patch.object(cls, "fetch_inbound_raw", broken):
			self.assertEqual(
				poll_inbound(), 1
			)  # self.gateway (Kavenegar) fails, Ghasedak's message is stored
		self.assertEqual([r.body for r in sms_messages(gateway=working, direction="In")], ["سلام"])
		error = frappe.db.get_value("SMS Gateway", self.gateway, "last_error")
		self.assertIn("RuntimeError", error)
		self.assertNotIn(API_KEY, error)
		logs = frappe.get_all(
			"Error Log", {"reference_doctype": "SMS Gateway", "reference_name": self.gateway}, pluck="error"
		)
		self.assertTrue(logs)
		self.assertFalse([log for log in logs if API_KEY in log])

	def test_a_poll_that_dies_after_storing_reads_the_messages_next_time(self):
		self.server.add_inbound("Kavenegar", CUSTOMER, "سلام")
		self.server.add_inbound("Kavenegar", TECH, "12345678")
		with (
			patch("zhira_after_sales.messaging.inbox.read_inbound", side_effect=WorkerKilled),
			self.assertRaises(WorkerKilled),
		):
			poll_inbound(self.gateway)
		frappe.db.rollback()
		rows = sms_messages(gateway=self.gateway, direction="In")
		self.assertEqual([(r.status, r.from_number) for r in rows], [("Received", None)] * 2)
		self.assertTrue(all(r.raw_message for r in rows))
		# Kavenegar marked them read: nothing new comes, and what is stored is read and processed
		self.assertEqual(poll_inbound(self.gateway), 0)
		rows = sms_messages(gateway=self.gateway, direction="In")
		self.assertEqual(
			[(r.status, r.from_number, r.body) for r in rows],
			[("Unmatched", CUSTOMER, "سلام"), ("Processed", TECH, "12345678")],
		)


class TestMessagesWithoutAnId(SMSTestCase):
	def test_stored_once_per_arrival_never_as_none(self):
		row = {"sender": "09127004000", "message": "سلام", "receptor": LINE}
		self.server.add_raw_inbound("Kavenegar", dict(row))
		self.server.add_raw_inbound("Kavenegar", dict(row))
		self.assertEqual(poll_inbound(self.gateway), 2)  # two identical messages are two
		self.server.add_raw_inbound("Kavenegar", dict(row))
		self.assertEqual(poll_inbound(self.gateway), 1)  # and the same text later is another
		rows = sms_messages(gateway=self.gateway, direction="In")
		self.assertEqual([(r.provider_message_id, r.inbound_key) for r in rows], [(None, None)] * 3)
		self.assertEqual({r.body for r in rows}, {"سلام"})

		first = store_inbound(self.gateway, None, CUSTOMER, "x")
		second = store_inbound(self.gateway, "None", CUSTOMER, "x")
		self.assertTrue(first and second and first != second)
		self.assertFalse(frappe.db.exists("SMS Message", {"provider_message_id": "None"}))

	def test_an_inbox_that_repeats_knows_them_by_content_and_place(self):
		gateway = make_gateway("ZT In Repeats", "SMS.ir")
		row = {
			"number": 3000505,
			"mobile": 9127004000,
			"messageText": "سلام",
			"receivedDateTime": "2026-11-29T10:15:00",
		}
		self.server.add_raw_inbound("SMS.ir", dict(row))
		self.server.add_raw_inbound("SMS.ir", dict(row))
		self.assertEqual(poll_inbound(gateway), 2)
		self.assertEqual(poll_inbound(gateway), 0)  # SMS.ir hands them out again
		self.server.add_raw_inbound("SMS.ir", dict(row))
		self.assertEqual(poll_inbound(gateway), 1)  # a third identical one
		rows = sms_messages(gateway=gateway, direction="In")
		self.assertEqual(len({r.inbound_key for r in rows}), 3)
		self.assertEqual({r.provider_message_id for r in rows}, {None})


class TestSenders(SMSTestCase):
	def setUp(self):
		super().setUp()
		self.technician = sms_technician(TECH)
		self.customer = make_customer("ZT مشتری پیامک", "0912 700 4000")

	def test_unknown_sender_is_unmatched_with_their_customer_for_operators(self):
		name = receive("کی تکنسین می‌آید؟", CUSTOMER)
		row = message(name)
		self.assertEqual(row.status, "Unmatched")
		self.assertEqual(row.customer, self.customer)
		self.assertTrue(row.contact)
		self.assertFalse(replies_to(name))
		context = sender_context(name)
		self.assertEqual(context["customer_name"], "ZT مشتری پیامک")
		self.assertIsNone(context["technician"])
		self.assertEqual(context["receptions"], [])

	def test_a_sender_nobody_knows(self):
		row = message(receive("سلام", STRANGER))
		self.assertEqual((row.status, row.customer, row.technician), ("Unmatched", None, None))

	def test_a_command_from_a_spoofed_sender_changes_nothing(self):
		for sender in (STRANGER, CUSTOMER):
			name = receive("12345678 2", sender)
			row = message(name)
			self.assertEqual(row.status, "Unmatched")
			self.assertFalse(row.technician)
			self.assertIn("not the mobile of an active technician", row.processing_note)
			self.assertFalse(replies_to(name))

	def test_an_inactive_technician_or_agency_is_not_obeyed(self):
		frappe.db.set_value("Service Technician", self.technician, "is_active", 0)
		self.assertEqual(message(receive("12345678 2", TECH)).status, "Unmatched")
		frappe.db.set_value("Service Technician", self.technician, "is_active", 1)
		agency = frappe.db.get_value("Service Technician", self.technician, "agency")
		frappe.db.set_value("Service Agency", agency, "is_active", 0)
		self.assertEqual(message(receive("12345678 2", TECH)).status, "Unmatched")

	def test_technician_conversation_goes_to_operators_without_a_reply(self):
		name = receive("قطعه کی می‌رسد؟", TECH)
		row = message(name)
		self.assertEqual((row.status, row.technician), ("Unmatched", self.technician))
		self.assertFalse(replies_to(name))

	def test_a_malformed_command_gets_a_reply_explaining_the_format(self):
		for text, expected in (
			("12345678", "12345678 2"),
			("1234 2", "8 to 10 digits"),
			("12345678 22222", "1 to 4"),
		):
			with self.subTest(text=text):
				name = receive(text, TECH)
				row = message(name)
				self.assertEqual(row.status, "Processed")
				[reply] = replies_to(name)
				self.assertEqual((reply.to, reply.gateway, reply.status), (TECH, self.gateway, "Queued"))
				self.assertIn(expected, reply.body)
				self.assertEqual(row.reply_message, reply.name)
				# the reply goes out like any message
				self.assertEqual(outbox.send_message(reply.name), "sent")

	def test_process_again_after_the_technicians_mobile_is_registered(self):
		name = receive("بعداً", "+989351239999")
		self.assertEqual(message(name).status, "Unmatched")
		technician = make_technician(make_agency("ZT-SMS-AG", "نمایندگی پیامک"), "09351239999")
		process_again(name)
		self.assertEqual(message(name).technician, technician)

	def test_operator_links_an_unmatched_message_to_a_document(self):
		device = make_device(self.customer, "ZT-LNK-0001")
		name = receive("دستگاه سریال ZT-LNK-0001 خراب است", CUSTOMER)
		self.assertEqual(link_message(name, "Customer Device", device), "Processed")
		row = message(name)
		self.assertEqual((row.reference_doctype, row.reference_name), ("Customer Device", device))
		self.assertIn("Linked by", row.processing_note)
		[item] = sms_timeline("Customer Device", device)
		self.assertIn("ZT-LNK-0001", item["content"])

	def test_persian_replies_for_persian_technicians(self):
		from frappe.translate import get_all_translations

		help_text = "Send the tracking code, a space and the status code, for example: 12345678 2"
		if help_text not in get_all_translations("fa"):
			self.skipTest("the Persian catalogue is not compiled on this bench (bench build)")
		frappe.db.set_single_value("After Sales Settings", "sms_language", "fa")
		[reply] = replies_to(receive("12345678", TECH))
		self.assertEqual(reply.body, get_all_translations("fa")[help_text])
		self.assertRegex(reply.body, "[آ-ی]")


class TestCommandHandlers(SMSTestCase):
	def test_a_registered_handler_takes_its_command_and_its_reply_is_sent(self):
		with patch_hooks({"zhira_sms_command_handlers": [ECHO_COMMAND]}):
			name = receive("ping", STRANGER)
			other = receive("12345678 2", STRANGER)
		row = message(name)
		self.assertEqual(row.status, "Processed")
		self.assertTrue(row.processing_note)
		[reply] = replies_to(name)
		self.assertEqual((reply.to, reply.body), (STRANGER, "pong"))
		# what no handler takes is left to an operator
		self.assertEqual(message(other).status, "Unmatched")
		self.assertFalse(replies_to(other))


class TestSurveyAnswers(SMSTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer("ZT مشتری نظرسنجی", "09127005000")
		self.device = frappe.get_doc("Customer Device", make_device(self.customer, "ZT-SRV-0001"))
		self.request = outbox.send_event("Survey Request", self.device)
		self.assertEqual(outbox.send_message(self.request), "sent")

	def test_an_answer_is_linked_to_the_survey_sms_and_kept_until_a_handler_exists(self):
		# a site where no module handles these answers (hooks.py registers the Happy Call's)
		with patch_hooks({"zhira_sms_reply_handlers": {}}):
			name = receive(" ۴ ", "+989127005000")
		row = message(name)
		self.assertEqual(row.in_reply_to, self.request)
		self.assertEqual((row.reference_doctype, row.reference_name), ("Customer Device", self.device.name))
		self.assertEqual((row.status, row.customer), ("Received", self.customer))
		self.assertIn("No handler", row.processing_note)
		self.assertEqual(len(sms_timeline("Customer Device", self.device.name)), 2)

	def test_the_registered_handler_records_the_answer(self):
		with patch_hooks({"zhira_sms_reply_handlers": {"Survey Request": [HANDLER]}}):
			name = receive("5", "+989127005000")
		row = message(name)
		self.assertEqual(row.status, "Processed")
		self.assertIn("score 5", row.processing_note)
		comments = frappe.get_all(
			"Comment", {"reference_doctype": "SMS Message", "reference_name": self.request}, pluck="content"
		)
		self.assertIn("survey answer 5", comments)

	def test_a_refused_answer_is_explained_to_the_customer(self):
		with patch_hooks({"zhira_sms_reply_handlers": {"Survey Request": [HANDLER]}}):
			name = receive("9", "+989127005000")
		row = message(name)
		self.assertEqual(row.status, "Processed")
		[reply] = replies_to(name)
		self.assertIn("1 to 5", reply.body)
		self.assertEqual(reply.reference_name, self.device.name)

	def test_a_crashing_handler_keeps_the_answer(self):
		with patch_hooks({"zhira_sms_reply_handlers": {"Survey Request": [CRASHING_HANDLER]}}):
			name = receive("3", "+989127005000")
		row = message(name)
		self.assertEqual(row.status, "Received")
		self.assertIn("RuntimeError", row.processing_note)
		with patch_hooks({"zhira_sms_reply_handlers": {"Survey Request": [HANDLER]}}):
			self.assertEqual(process_again(name), "Processed")

	def test_digits_without_a_recent_survey_sms_are_unmatched(self):
		self.assertEqual(message(receive("4", STRANGER)).status, "Unmatched")
		frappe.db.set_value("SMS Message", self.request, "creation", add_days(now_datetime(), -8))
		self.assertEqual(message(receive("4", "+989127005000")).status, "Unmatched")


class TestTechnicianCommand(SMSTestCase):
	"""End to end: an SMS from the assigned technician's mobile moves a real Service Reception
	through the Reception feature's change_status_by_sms; every refusal is replied and changes
	nothing."""

	TECH = "+989351230011"
	OTHER_TECH = "+989351230012"

	def setUp(self):
		super().setUp()
		from zhira_after_sales.service_desk.doctype.service_reception.test_service_reception import (
			new_reception,
			setup_catalogue,
		)

		setup_catalogue()
		frappe.db.set_single_value("After Sales Settings", {"referral_status": "ارجاع شده", "auto_refer": 1})
		agency = make_agency("ZT-SMS-CMD", "نمایندگی فرمان پیامکی", mobile_no="09130000990")
		frappe.db.set_value("Territory", "اصفهان", "default_service_agency", agency)
		self.technician = make_technician(agency, self.TECH, "تکنسین فرمان")
		self.other_technician = make_technician(agency, self.OTHER_TECH, "تکنسین دیگر")
		reception = new_reception(
			mobile="09127006000", phone_no="031-32221111", service_agency=agency, technician=self.technician
		).insert()
		self.reception = reception.name
		self.tracking_code = reception.tracking_code

	def status(self) -> str:
		return frappe.db.get_value("Service Reception", self.reception, "status")

	def test_the_assigned_technician_changes_the_status_and_gets_a_confirmation(self):
		persian = self.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
		name = receive(f" {persian}   ۲ ", self.TECH)
		row = message(name)
		self.assertEqual(row.status, "Processed")
		self.assertEqual(self.status(), "در حال انجام")
		log = frappe.get_doc("Service Reception", self.reception).status_log[-1]
		self.assertEqual((log.source, log.status), ("sms", "در حال انجام"))
		self.assertEqual((row.reference_doctype, row.reference_name), ("Service Reception", self.reception))
		[reply] = replies_to(name)
		self.assertEqual(reply.to, self.TECH)
		self.assertIn(self.tracking_code, reply.body)
		self.assertIn("در حال انجام", reply.body)
		# the message is on the reception's timeline, with the reply
		self.assertGreaterEqual(len(sms_timeline("Service Reception", self.reception)), 2)

	def test_refusals_are_replied_and_change_nothing(self):
		before = self.status()
		wrong_check_digit = self.tracking_code[:-1] + str((int(self.tracking_code[-1]) + 1) % 10)
		for sender, text, expected in (
			(self.TECH, f"{wrong_check_digit} 2", wrong_check_digit),  # wrong tracking code
			(self.OTHER_TECH, f"{self.tracking_code} 2", "not assigned to you"),
			(self.TECH, f"{self.tracking_code} 77", "77"),  # a status code that does not exist
			(self.TECH, f"{self.tracking_code} 4", "انجام شده"),  # a transition not allowed now
		):
			with self.subTest(text=text, sender=sender):
				name = receive(text, sender)
				row = message(name)
				self.assertEqual(row.status, "Processed")
				self.assertIn("Refused", row.processing_note)
				[reply] = replies_to(name)
				self.assertEqual(reply.to, sender)
				self.assertIn(expected, reply.body)
		self.assertEqual(self.status(), before)

	def test_a_spoofed_sender_cannot_move_a_real_reception(self):
		before = self.status()
		name = receive(f"{self.tracking_code} 2", STRANGER)
		self.assertEqual(message(name).status, "Unmatched")
		self.assertFalse(replies_to(name))
		self.assertEqual(self.status(), before)

	def test_unmatched_messages_show_the_customers_open_receptions(self):
		name = receive("تکنسین نیامد", "+989127006000")
		context = sender_context(name)
		self.assertIn(self.reception, [r.name for r in context["receptions"]])
