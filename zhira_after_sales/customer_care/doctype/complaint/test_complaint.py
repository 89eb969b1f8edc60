# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import json
from urllib.parse import urlencode

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from zhira_after_sales.customer_care import complaint_sla, complaints
from zhira_after_sales.exceptions import ComplaintError, StatusTransitionError
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.messaging.tests.factories import make_customer, sms_messages
from zhira_after_sales.service_desk.doctype.service_reception.test_service_reception import (
	new_reception,
	setup_catalogue,
)
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_technician,
	make_user,
)
from zhira_after_sales.tests.rest import call, get_json

test_ignore = TEST_IGNORE

# the statuses install creates, one per ISO 10002 stage
RECEIVED, ACKNOWLEDGED, ASSESSED = "دریافت شده", "اعلام وصول شده", "ارزیابی شده"
INVESTIGATING, RESPONDED, CLOSED, REJECTED = "در حال بررسی", "پاسخ داده شده", "بسته شده", "رد شده"
LATE_VISIT, RUDE_TECHNICIAN = "تاخیر در مراجعه تکنسین", "رفتار نامناسب تکنسین"  # 5 and 10 points
MOBILE = "09125557100"
MOBILE_E164 = "+989125557100"


def new_complaint(**values):
	return frappe.get_doc(
		{
			"doctype": "Complaint",
			"channel": "Phone",
			"customer_name": "مریم شاکی",
			"description": "تکنسین دیر آمد و رفتار مناسبی نداشت.",
			**values,
		}
	)


def persian_digits(text: str) -> str:
	return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


class TestComplaint(SMSTestCase):
	"""A complaint from receipt to closing: the acknowledgement SMS, each stage dated and logged,
	ERPNext's Service Level Agreement deadlines, penalties only when upheld, and the bad input that
	is refused with nothing saved."""

	def setUp(self):
		super().setUp()
		complaint_sla.ensure_complaint_sla()
		self.customer = make_customer("مریم شاکی", MOBILE)
		self.agency = make_agency("ZT-CMP-AG", "نمایندگی شکایت", mobile_no="09130007100")
		self.technician = make_technician(self.agency, "09390007101", "تکنسین شکایت")

	def assert_refused(self, action, exc, text):
		with self.assertRaises(exc) as caught:
			action()
		self.assertIn(text, str(caught.exception))

	def test_a_complaint_goes_through_every_stage_with_dates_and_service_level_deadlines(self):
		complaint = new_complaint(
			customer=self.customer,
			severity="High",
			service_agency=self.agency,
			technician=self.technician,
			desired_remedy="عذرخواهی و بازگشت هزینه ایاب و ذهاب",
			factors=[{"complaint_factor": LATE_VISIT}, {"complaint_factor": RUDE_TECHNICIAN}],
		).insert()

		# received, acknowledged by SMS to the customer's mobile, moved to Acknowledged at once
		self.assertEqual((complaint.status, complaint.iso_stage), (ACKNOWLEDGED, "Acknowledged"))
		sms = sms_messages(reference_doctype="Complaint", reference_name=complaint.name)
		self.assertEqual(
			[(m.event, m.to, m.status) for m in sms], [("Complaint Acknowledged", MOBILE_E164, "Queued")]
		)
		self.assertIn(persian_digits(complaint.name), sms[0].body)
		self.assertIn("مریم شاکی", sms[0].body)
		self.assertEqual(complaint.acknowledgement_sms, sms[0].name)
		stored = frappe.get_doc("Complaint", complaint.name)
		self.assertEqual(stored.status, ACKNOWLEDGED)
		self.assertTrue(stored.received_on and stored.acknowledged_on)

		# deadlines from the agreement, by severity
		self.assertEqual(stored.priority, "High")
		self.assertEqual(stored.service_level_agreement, complaint_sla.ensure_complaint_sla())
		self.assertEqual(stored.agreement_status, "First Response Due")
		self.assertGreater(get_datetime(stored.response_by), get_datetime(stored.received_on))
		self.assertGreater(get_datetime(stored.sla_resolution_by), get_datetime(stored.response_by))
		self.assertEqual(stored.overdue, 0)

		complaints.change_status(complaint.name, ASSESSED)
		complaints.change_status(complaint.name, INVESTIGATING, note="با تکنسین تماس گرفته شد")
		complaints.change_status(
			complaint.name, RESPONDED, values={"resolution": "هزینه ایاب و ذهاب بازگردانده می‌شود."}
		)
		responded = frappe.get_doc("Complaint", complaint.name)
		self.assertTrue(responded.first_responded_on)  # the response deadline is met at Responded
		complaints.change_status(
			complaint.name, CLOSED, values={"decision": "Upheld", "customer_satisfied": "Yes"}
		)

		closed = frappe.get_doc("Complaint", complaint.name)
		self.assertEqual((closed.status, closed.iso_stage), (CLOSED, "Closed"))
		dates = [
			closed.received_on,
			closed.acknowledged_on,
			closed.assessed_on,
			closed.investigating_on,
			closed.responded_on,
			closed.closed_on,
		]
		self.assertTrue(all(dates), dates)
		self.assertEqual(dates, sorted(dates))
		self.assertIsNone(closed.rejected_on)
		self.assertEqual(
			[(row.previous_status, row.status, row.iso_stage, row.source) for row in closed.status_log],
			[
				(None, RECEIVED, "Received", "desk"),
				(RECEIVED, ACKNOWLEDGED, "Acknowledged", "system"),
				(ACKNOWLEDGED, ASSESSED, "Assessed", "desk"),
				(ASSESSED, INVESTIGATING, "Investigating", "desk"),
				(INVESTIGATING, RESPONDED, "Responded", "desk"),
				(RESPONDED, CLOSED, "Closed", "desk"),
			],
		)
		self.assertEqual(closed.status_log[3].note, "با تکنسین تماس گرفته شد")
		# resolved within the deadline: the agreement is fulfilled
		self.assertTrue(closed.sla_resolution_date and closed.sla_resolution_by)
		self.assertEqual(closed.agreement_status, "Fulfilled")
		# upheld: the factors' points count
		self.assertEqual((closed.upheld, closed.penalty_points), (1, 15))
		self.assertEqual(closed.customer_satisfied, "Yes")

	def test_without_a_mobile_the_acknowledgement_fails_visibly_and_the_complaint_stays_received(self):
		complaint = new_complaint(customer_name="شاکی بی‌شماره", channel="Walk-in").insert()
		sms = sms_messages(reference_doctype="Complaint", reference_name=complaint.name)
		self.assertEqual([(m.event, m.status) for m in sms], [("Complaint Acknowledged", "Failed")])
		self.assertIn("No mobile number", sms[0].error)
		stored = frappe.get_doc("Complaint", complaint.name)
		self.assertEqual((stored.status, stored.acknowledged_on), (RECEIVED, None))
		# acknowledged by phone instead: moved on by hand
		complaints.change_status(complaint.name, ASSESSED)
		self.assertEqual(frappe.db.get_value("Complaint", complaint.name, "iso_stage"), "Assessed")

	def test_penalty_points_count_only_when_upheld(self):
		complaint = new_complaint(
			customer=self.customer,
			service_agency=self.agency,
			factors=[{"complaint_factor": LATE_VISIT}, {"complaint_factor": RUDE_TECHNICIAN}],
		).insert()
		self.assertEqual([row.penalty_points for row in complaint.factors], [5, 10])  # factor defaults
		self.assertEqual(complaint.penalty_points, 0)  # no decision yet

		complaint.decision = "Not Upheld"
		complaint.save()
		self.assertEqual((complaint.upheld, complaint.penalty_points), (0, 0))

		complaint.decision = "Upheld"
		complaint.save()
		self.assertEqual((complaint.upheld, complaint.penalty_points), (1, 15))

		# an API client that unticks "upheld" makes it not upheld: the penalty goes
		complaint.upheld = 0
		complaint.save()
		self.assertEqual((complaint.decision, complaint.penalty_points), ("Not Upheld", 0))

	def test_a_penalty_on_a_complaint_not_upheld_is_refused_and_nothing_is_saved(self):
		complaints_before = frappe.db.count("Complaint")
		messages_before = frappe.db.count("SMS Message")
		self.assert_refused(
			lambda: new_complaint(customer=self.customer, penalty_points=20).insert(),
			ComplaintError,
			"is not upheld, so it carries no penalty",
		)
		self.assertEqual(frappe.db.count("Complaint"), complaints_before)
		self.assertEqual(frappe.db.count("SMS Message"), messages_before)

		complaint = new_complaint(customer=self.customer, factors=[{"complaint_factor": LATE_VISIT}]).insert()
		complaint.penalty_points = 5
		self.assert_refused(complaint.save, ComplaintError, "is not upheld")
		self.assertEqual(frappe.db.get_value("Complaint", complaint.name, "penalty_points"), 0)

	def test_closing_needs_a_resolution_and_a_decision_and_nothing_half_saved(self):
		complaint = new_complaint(customer=self.customer).insert()
		complaints.change_status(complaint.name, ASSESSED)
		log_length = len(frappe.get_doc("Complaint", complaint.name).status_log)

		self.assert_refused(
			lambda: complaints.change_status(complaint.name, CLOSED, values={"decision": "Not Upheld"}),
			ComplaintError,
			"Resolution: say what was decided and done before closing",
		)
		self.assert_refused(
			lambda: complaints.change_status(complaint.name, CLOSED, values={"resolution": "توضیح داده شد"}),
			ComplaintError,
			"Decision: choose Upheld or Not Upheld before closing",
		)
		stored = frappe.get_doc("Complaint", complaint.name)
		self.assertEqual((stored.status, stored.closed_on, stored.decision), (ASSESSED, None, None))
		self.assertEqual(len(stored.status_log), log_length)

		# a closed complaint keeps its resolution
		complaints.change_status(
			complaint.name, CLOSED, values={"resolution": "توضیح داده شد", "decision": "Not Upheld"}
		)
		stored = frappe.get_doc("Complaint", complaint.name)
		stored.resolution = ""
		self.assert_refused(stored.save, ComplaintError, "Resolution")

	def test_rejecting_needs_the_reason_and_an_upheld_complaint_is_not_rejected(self):
		complaint = new_complaint(customer=self.customer).insert()
		self.assert_refused(
			lambda: complaints.change_status(complaint.name, REJECTED),
			ComplaintError,
			"give the reason for rejecting",
		)
		complaints.change_status(complaint.name, ASSESSED, values={"decision": "Upheld"})
		self.assert_refused(
			lambda: complaints.change_status(complaint.name, REJECTED, values={"resolution": "خارج از تعهد"}),
			ComplaintError,
			"is upheld, so it cannot be rejected",
		)
		complaints.change_status(
			complaint.name, REJECTED, values={"resolution": "خارج از تعهد", "decision": "Not Upheld"}
		)
		stored = frappe.get_doc("Complaint", complaint.name)
		self.assertEqual((stored.iso_stage, stored.agreement_status), ("Rejected", "Fulfilled"))
		self.assertTrue(stored.rejected_on)

	def test_a_factor_listed_twice_is_refused(self):
		self.assert_refused(
			lambda: new_complaint(
				customer=self.customer,
				factors=[{"complaint_factor": LATE_VISIT}, {"complaint_factor": LATE_VISIT}],
			).insert(),
			ComplaintError,
			"is listed twice",
		)

	def test_stages_do_not_go_back_and_closed_or_rejected_complaints_are_reopened_with_a_reason(self):
		complaint = new_complaint(customer=self.customer).insert()
		self.assert_refused(
			lambda: complaints.change_status(complaint.name, CLOSED, values={"resolution": "x"}),
			StatusTransitionError,
			"cannot be closed yet",
		)
		complaints.change_status(complaint.name, ASSESSED)
		self.assert_refused(
			lambda: complaints.change_status(complaint.name, RECEIVED),
			StatusTransitionError,
			"cannot go back",
		)
		# a status written directly obeys the same rules
		direct = frappe.get_doc("Complaint", complaint.name)
		direct.status = ACKNOWLEDGED
		self.assert_refused(direct.save, StatusTransitionError, "cannot go back")

		complaints.change_status(
			complaint.name, CLOSED, values={"resolution": "پیگیری شد", "decision": "Not Upheld"}
		)
		self.assert_refused(
			lambda: complaints.change_status(complaint.name, INVESTIGATING),
			StatusTransitionError,
			"needs a reason",
		)
		complaints.change_status(complaint.name, INVESTIGATING, note="مشتری دوباره تماس گرفت")
		reopened = frappe.get_doc("Complaint", complaint.name)
		self.assertEqual((reopened.iso_stage, reopened.closed_on), ("Investigating", None))
		self.assertTrue(reopened.assessed_on)  # reached before, kept
		self.assertEqual(reopened.status_log[-1].note, "مشتری دوباره تماس گرفت")
		self.assertEqual(reopened.agreement_status, "Resolution Due")

	def test_only_a_manager_reopens_a_rejected_complaint(self):
		operator = make_user("zt.cmp.operator@example.com", roles=("Reception Operator",))
		manager = make_user("zt.cmp.manager@example.com", roles=("After Sales Manager",))
		complaint = new_complaint(customer=self.customer).insert()
		complaints.change_status(complaint.name, REJECTED, values={"resolution": "تکراری"})
		try:
			frappe.set_user(operator)
			self.assert_refused(
				lambda: complaints.change_status(complaint.name, ASSESSED, note="اشتباه رد شد"),
				StatusTransitionError,
				"only an After Sales Manager may reopen it",
			)
			frappe.set_user(manager)
			complaints.change_status(complaint.name, ASSESSED, note="اشتباه رد شد")
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Complaint", complaint.name, "iso_stage"), "Assessed")

	def test_an_operator_records_complaints_but_a_manager_decides_and_sets_the_points(self):
		operator = make_user("zt.cmp.operator@example.com", roles=("Reception Operator",))
		try:
			frappe.set_user(operator)
			complaint = new_complaint(
				customer=self.customer,
				decision="Upheld",
				factors=[{"complaint_factor": LATE_VISIT, "penalty_points": 50}],
			).insert()
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(complaint.decision, None)
		self.assertEqual(complaint.factors[0].penalty_points, 5)  # the factor's default, not 50
		self.assertEqual(complaint.penalty_points, 0)

	def test_a_reception_fills_the_customer_device_agency_and_technician(self):
		setup_catalogue()
		reception = new_reception(
			mobile="09125557101",
			customer_name="حسین پذیرشی",
			service_agency=self.agency,
			technician=self.technician,
			devices=[{"item": "ZT-HEATER-1", "serial_no": "ZT-CMP-SN-1", "service_type": "تعمیر آزاد"}],
		).insert()
		complaint = new_complaint(customer_name="", service_reception=reception.name).insert()
		self.assertEqual(
			(
				complaint.customer,
				complaint.customer_name,
				complaint.mobile_no,
				complaint.service_agency,
				complaint.technician,
				complaint.customer_device,
			),
			(
				reception.customer,
				"حسین پذیرشی",
				"+989125557101",
				self.agency,
				self.technician,
				reception.devices[0].customer_device,
			),
		)
		other = make_agency("ZT-CMP-AG2", "نمایندگی دیگر")
		self.assert_refused(
			lambda: new_complaint(
				customer=self.customer, service_agency=other, technician=self.technician
			).insert(),
			ComplaintError,
			"Choose a technician of",
		)

	def test_the_stage_buttons_offer_only_allowed_moves(self):
		complaint = new_complaint(customer=self.customer).insert()  # acknowledged by SMS
		offered = complaints.allowed_statuses(frappe.get_doc("Complaint", complaint.name))
		self.assertEqual(
			[(row["name"], row["iso_stage"], row["reopens"]) for row in offered],
			[
				(ASSESSED, "Assessed", False),
				(INVESTIGATING, "Investigating", False),
				(RESPONDED, "Responded", False),
				(REJECTED, "Rejected", False),
			],
		)
		complaints.change_status(complaint.name, REJECTED, values={"resolution": "تکراری"})
		rejected = frappe.get_doc("Complaint", complaint.name)
		# a manager may reopen a rejected complaint; an operator is offered nothing
		self.assertEqual(
			[(row["iso_stage"], row["reopens"]) for row in complaints.allowed_statuses(rejected)],
			[("Assessed", True), ("Investigating", True)],
		)
		try:
			frappe.set_user(make_user("zt.cmp.operator@example.com", roles=("Reception Operator",)))
			self.assertEqual(complaints.allowed_statuses(rejected), [])
		finally:
			frappe.set_user("Administrator")

	def test_a_new_closing_status_ends_the_service_level_agreement_too(self):
		agreement = complaint_sla.ensure_complaint_sla()
		frappe.get_doc(
			{
				"doctype": "Complaint Status",
				"status_name": "ZT بسته با جبران خسارت",
				"iso_stage": "Closed",
				"sort_order": 65,
			}
		).insert()
		fulfilled = frappe.get_all("SLA Fulfilled On Status", {"parent": agreement}, pluck="status")
		self.assertIn("ZT بسته با جبران خسارت", fulfilled)
		self.assertIn(CLOSED, fulfilled)

	def test_overdue_complaints_are_flagged_by_the_hourly_check(self):
		complaint = new_complaint(customer=self.customer, severity="Critical").insert()
		self.assertEqual(frappe.db.get_value("Complaint", complaint.name, "overdue"), 0)
		frappe.db.set_value(
			"Complaint", complaint.name, "response_by", "2020-01-01 10:00:00", update_modified=False
		)
		complaint_sla.mark_overdue()
		self.assertEqual(frappe.db.get_value("Complaint", complaint.name, "overdue"), 1)
		self.assertIn(complaint.name, frappe.get_all("Complaint", {"overdue": 1}, pluck="name"))

	# --- conversion from a Service Ticket --------------------------------------------------------

	def ticket(self, party_type, party, **values):
		if not frappe.db.exists("DocType", "Service Ticket"):
			self.skipTest("Service Ticket is not on this site yet: no ticket to convert")
		return frappe.get_doc(
			{
				"doctype": "Service Ticket",
				"party_type": party_type,
				"party": party,
				"category": "Complaint",
				"subject": "برخورد تکنسین",
				"description": "تکنسین با من بد برخورد کرد.",
				**values,
			}
		).insert()

	def test_a_customers_ticket_converts_to_a_complaint(self):
		from zhira_after_sales.service_desk.tickets import convert

		ticket = self.ticket("Customer", self.customer)
		name = convert(ticket.name, "Complaint", "Administrator")
		complaint = frappe.get_doc("Complaint", name)
		self.assertEqual(
			(
				complaint.channel,
				complaint.service_ticket,
				complaint.complainant_type,
				complaint.customer,
				complaint.subject,
				complaint.description,
				complaint.mobile_no,
				complaint.iso_stage,
			),
			(
				"Ticket",
				ticket.name,
				"Customer",
				self.customer,
				"برخورد تکنسین",
				"تکنسین با من بد برخورد کرد.",
				MOBILE_E164,
				"Acknowledged",
			),
		)
		self.assertEqual(
			frappe.db.get_value("Service Ticket", ticket.name, ["converted_to_doctype", "converted_to"]),
			("Complaint", name),
		)

	def test_an_agencys_ticket_becomes_the_agencys_complaint_about_head_office(self):
		from zhira_after_sales.service_desk.tickets import convert

		ticket = self.ticket("Service Agency", self.agency, subject="تاخیر در ارسال قطعه")
		complaint = frappe.get_doc("Complaint", convert(ticket.name, "Complaint", "Administrator"))
		self.assertEqual(
			(
				complaint.complainant_type,
				complaint.raised_by_agency,
				complaint.service_agency,
				complaint.customer,
				complaint.customer_name,
			),
			("Service Agency", self.agency, None, None, "نمایندگی شکایت"),
		)
		# the agency cannot be made the agency complained about in its own complaint
		complaint.service_agency = self.agency
		self.assert_refused(complaint.save, ComplaintError, "is the complainant")


class TestComplaintIsolation(FrappeTestCase):
	"""Complaints are head office's: an agency's portal user and a technician get nothing of them
	through REST, list, count, link search, child tables or Report View, even a complaint about
	their own agency."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		complaint_sla.ensure_complaint_sla()
		cls.agency_user = make_user("zt.cmp.agency@example.com")
		cls.tech_user = make_user("zt.cmp.tech@example.com")
		cls.operator = make_user("zt.cmp.iso.operator@example.com", roles=("Reception Operator",))
		cls.agency = make_agency("ZT-CMP-ISO", "نمایندگی شکایت پنهان", users=(cls.agency_user,))
		cls.technician = make_technician(cls.agency, "09390007201", "تکنسین شکایت پنهان", user=cls.tech_user)
		existing = frappe.db.get_value("Complaint", {"customer_name": "شاکی پنهان"})
		cls.complaint = existing or (
			new_complaint(
				customer_name="شاکی پنهان",
				service_agency=cls.agency,
				technician=cls.technician,
				factors=[{"complaint_factor": LATE_VISIT}],
			)
			.insert()
			.name
		)
		frappe.db.commit()  # nosemgrep: requests run in their own transaction

	def outsiders(self):
		return (self.agency_user, self.tech_user)

	def method(self, path, user, **params):
		response = call(
			"POST", f"/api/method/{path}", user, data=json.dumps(params), content_type="application/json"
		)
		return response.status_code, (response.json if response.is_json else {})

	def test_head_office_reads_complaints(self):
		status, body = get_json(f"/api/resource/Complaint/{self.complaint}", self.operator)
		self.assertEqual((status, body["data"]["service_agency"]), (200, self.agency))

	def test_agency_and_technician_get_no_complaint_by_rest(self):
		for user in self.outsiders():
			self.assertEqual(get_json(f"/api/resource/Complaint/{self.complaint}", user)[0], 403, user)
			self.assertEqual(get_json("/api/resource/Complaint", user)[0], 403, user)
			self.assertEqual(get_json(f"/api/v2/document/Complaint/{self.complaint}", user)[0], 403, user)
			response = call(
				"POST", "/api/resource/Complaint", user, json={"customer_name": "x", "description": "x"}
			)
			self.assertEqual(response.status_code, 403, user)
			response = call(
				"PUT", f"/api/resource/Complaint/{self.complaint}", user, json={"decision": "Not Upheld"}
			)
			self.assertEqual(response.status_code, 403, user)

	def test_agency_and_technician_count_search_and_list_nothing(self):
		filters = json.dumps([["service_agency", "=", self.agency]])
		for user in self.outsiders():
			status, body = get_json(
				f"/api/method/frappe.client.get_count?{urlencode({'doctype': 'Complaint', 'filters': filters})}",
				user,
			)
			self.assertEqual(status, 403, (user, body))
			status, body = self.method(
				"frappe.desk.search.search_link", user, doctype="Complaint", txt="", page_length=100
			)
			self.assertTrue(status == 403 or body.get("message") == [], (user, status, body))
			status, body = self.method(
				"frappe.desk.reportview.get", user, doctype="Complaint", fields=json.dumps(["name"])
			)
			self.assertEqual(status, 403, (user, body))
			status, body = self.method(
				"frappe.client.validate_link", user, doctype="Complaint", docname=self.complaint
			)
			self.assertNotEqual(
				body.get("message", {}).get("name") if status == 200 else None, self.complaint
			)
			for child in ("Complaint Factor Detail", "Complaint Status Log", "Complaint Follow Up"):
				query = urlencode(
					{
						"doctype": child,
						"parent": "Complaint",
						"fields": json.dumps(["parent"]),
						"limit_page_length": 0,
					}
				)
				status, body = get_json(f"/api/method/frappe.client.get_list?{query}", user)
				self.assertEqual(status, 403, (user, child, body))

	def test_agency_and_technician_cannot_move_a_complaint(self):
		for user in self.outsiders():
			status, _body = self.method(
				"zhira_after_sales.api.complaint.change_status",
				user,
				complaint=self.complaint,
				status=ASSESSED,
			)
			self.assertEqual(status, 403, user)
			status, _body = self.method(
				"zhira_after_sales.api.complaint.get_allowed_statuses", user, complaint=self.complaint
			)
			self.assertEqual(status, 403, user)
		self.assertEqual(frappe.db.get_value("Complaint", self.complaint, "iso_stage"), "Received")
