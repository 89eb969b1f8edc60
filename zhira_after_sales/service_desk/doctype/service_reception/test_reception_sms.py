# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe

from zhira_after_sales.messaging import outbox
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.messaging.tests.factories import sms_messages
from zhira_after_sales.service_desk.doctype.service_reception.test_service_reception import (
	new_reception,
	setup_catalogue,
)
from zhira_after_sales.service_desk.status_service import change_status
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_technician

test_ignore = TEST_IGNORE


class TestReceptionSMS(SMSTestCase):
	"""Registration, referral and customer-facing status changes send SMS through the Messaging
	module: stored first, then delivered to the provider (a real HTTP server on loopback)."""

	def setUp(self):
		super().setUp()
		setup_catalogue()
		self.agency = make_agency("ZT-RSMS-AG", "نمایندگی پیامک پذیرش", mobile_no="09130000950")
		frappe.db.set_value("Territory", "یزد", "default_service_agency", self.agency)
		self.technician = make_technician(self.agency, "09130000951", "تکنسین پیامک پذیرش")

	def messages_about(self, reception) -> dict[str, dict]:
		rows = sms_messages(
			reference_doctype="Service Reception", reference_name=reception.name, direction="Out"
		)
		return {row.event: row for row in rows}

	def test_registration_and_referral_send_sms_to_customer_agency_and_technician(self):
		reception = new_reception(
			mobile="09125550060",
			customer_name="مهسا یزدی",
			phone_no="035-36201234",
			technician=self.technician,
		).insert()
		messages = self.messages_about(reception)
		self.assertEqual(
			{event: (row.to, row.status) for event, row in messages.items()},
			{
				"Reception Registered": ("+989125550060", "Queued"),
				"Referral to Agency": ("+989130000950", "Queued"),
				"Referral to Technician": ("+989130000951", "Queued"),
			},
		)
		persian_code = reception.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
		self.assertIn(persian_code, messages["Reception Registered"].body)
		self.assertIn("مهسا یزدی", messages["Referral to Agency"].body)
		for row in messages.values():
			self.assertEqual(outbox.send_message(row.name), "sent")
		delivered = {(row["to"], row["text"]) for row in self.server.sent_by("Kavenegar")}
		self.assertIn(("09125550060", messages["Reception Registered"].body), delivered)

	def test_a_template_changed_in_its_form_is_used_by_the_next_reception(self):
		"""The template's text is read from Frappe's document cache: a change saved in its form
		counts from the next SMS."""
		first = self.messages_about(new_reception(mobile="09125550062").insert())["Reception Registered"]
		template = frappe.get_doc("SMS Template", first.template)
		self.addCleanup(frappe.db.set_value, "SMS Template", template.name, "body", template.body)
		template.body = "پذیرش شما با کد {{ doc.tracking_code }} ثبت شد (متن تازه)"
		template.save()
		second = self.messages_about(new_reception(mobile="09125550063").insert())["Reception Registered"]
		self.assertNotIn("متن تازه", first.body)
		self.assertIn("متن تازه", second.body)

	def test_status_changes_notify_the_customer_only_when_the_status_says_so(self):
		reception = new_reception(mobile="09125550061", phone_no="035-36201234").insert()
		change_status(reception.name, "پذیرفته شده")  # notify_customer is off for this status
		self.assertNotIn("Status Changed", self.messages_about(reception))
		change_status(reception.name, "در حال انجام")  # and on for this one
		status_sms = self.messages_about(reception)["Status Changed"]
		self.assertEqual(status_sms.to, "+989125550061")
		self.assertIn(
			frappe.db.get_value("Service Status", "در حال انجام", "customer_label"), status_sms.body
		)
