# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Service Tickets: a customer and an agency open tickets from their portals; head office answers
in the desk (SMS and email to the party, ERPNext's SLA dating the first response), the party
writes again or closes; a customer's ticket becomes a Service Reception (linked both ways), an
agency's cannot; bad input is refused with nothing saved; and no party reaches another's ticket,
through the ticket API, the portal pages or Frappe's own REST endpoints."""

import email
import io
from unittest.mock import patch

import frappe
from frappe.desk.form.assign_to import add as assign_to
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime, now_datetime

from zhira_after_sales.api import ticket as api
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.messaging.tests.factories import sms_messages
from zhira_after_sales.service_desk import ticket_files, ticket_sla, tickets
from zhira_after_sales.service_desk.doctype.service_ticket.service_ticket import ServiceTicketError
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_customer,
	make_device,
	make_item,
	make_item_group,
	make_user,
)
from zhira_after_sales.tests.rest import _Call, api_credentials, call

test_ignore = TEST_IGNORE

WARRANTY_REPAIR = "تعمیر گارانتی"  # a Service Type created on install
MANAGER = "zt.tkt.manager@example.com"
OPERATOR = "zt.tkt.operator@example.com"
AGENCY_A_USER = "zt.tkt.agency.a@example.com"
AGENCY_B_USER = "zt.tkt.agency.b@example.com"
CUSTOMER_A_USER = "zt.tkt.customer.a@example.com"
CUSTOMER_B_USER = "zt.tkt.customer.b@example.com"
CUSTOMER_A_MOBILE, CUSTOMER_B_MOBILE = "09125550701", "09125550702"
AGENCY_A_MOBILE, AGENCY_B_MOBILE = "09130000701", "09130000702"
# a 1x1 PNG, as a phone would send a (much larger) photo
PNG = bytes.fromhex(
	"89504e470d0a1a0a0000000d4948445200000001000000010806000000"
	"1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def e164(mobile: str) -> str:
	return "+98" + mobile[1:]


def make_customer_user(user: str, customer: str, mobile: str) -> str:
	"""A customer's website login, linked to the customer through a Contact (as the mobile login
	links it)."""
	if not frappe.db.exists("User", user):
		doc = frappe.get_doc(
			{
				"doctype": "User",
				"email": user,
				"first_name": user.split("@")[0],
				"user_type": "Website User",
				"mobile_no": mobile,
				"send_welcome_email": 0,
				"roles": [{"role": "Customer"}],
			}
		)
		doc.flags.no_welcome_mail = True
		doc.insert(ignore_permissions=True)
	contact = frappe.db.get_value("Contact", {"user": user})
	doc = frappe.get_doc("Contact", contact) if contact else frappe.new_doc("Contact")
	if not any(link.link_name == customer for link in doc.links):
		doc.first_name = doc.first_name or user.split("@")[0]
		doc.user = user
		doc.append("links", {"link_doctype": "Customer", "link_name": customer})
		doc.save(ignore_permissions=True)
	return user


def ensure_outgoing_mail() -> str | None:
	"""Frappe queues no mail without an outgoing account (nothing is sent in tests): the account
	made for the test, or None when the site has one."""
	if frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}):
		return None
	return (
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "ZT Tickets",
				"email_id": "zt.tickets@example.com",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"no_smtp_authentication": 1,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def remove_outgoing_mail(account: str | None):
	if account:
		frappe.delete_doc("Email Account", account, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the account was committed with the world


def setup_world() -> frappe._dict:
	"""Idempotent and committed: the tickets' SLA, a heater model, two customers with a login each
	(A with a mobile and email of its own, B only through its user), two agencies with a portal
	user each, a manager and an operator."""
	ticket_sla.ensure_default_sla()
	group = make_item_group("ZT Ticket Heaters")
	w = frappe._dict(group=group, heater=make_item("ZT-TKT-HEATER", group))
	w.customer_a = make_customer("ZT مشتری تیکت الف")
	w.customer_b = make_customer("ZT مشتری تیکت ب")
	frappe.db.set_value(
		"Customer", w.customer_a, {"mobile_no": CUSTOMER_A_MOBILE, "email_id": "zt.tkt.a@example.com"}
	)
	make_customer_user(CUSTOMER_A_USER, w.customer_a, CUSTOMER_A_MOBILE)
	make_customer_user(CUSTOMER_B_USER, w.customer_b, CUSTOMER_B_MOBILE)
	w.device = make_device(w.heater, "ZT-TKT-0001", w.customer_a)
	w.agency_a = make_agency(
		"ZT-TKT-A", "نمایندگی تیکت الف", users=(AGENCY_A_USER,), mobile_no=AGENCY_A_MOBILE
	)
	w.agency_b = make_agency("ZT-TKT-B", "نمایندگی تیکت ب", users=(AGENCY_B_USER,), mobile_no=AGENCY_B_MOBILE)
	make_user(MANAGER, roles=("After Sales Manager",))
	make_user(OPERATOR, roles=("Reception Operator",))
	w.email_account = ensure_outgoing_mail()
	frappe.db.commit()  # nosemgrep: HTTP requests run in their own transaction
	return w


def open_as(user: str, **values) -> str:
	"""Open a ticket through the portal endpoint as `user`."""
	frappe.set_user(user)
	try:
		return api.open_ticket(
			values.pop("category", "Question"),
			values.pop("subject", "آب گرمکن روشن نمی‌شود"),
			values.pop("description", "از دیروز شعله روشن نمی‌شود."),
			**values,
		)["name"]
	finally:
		frappe.set_user("Administrator")


def queued_mail(recipient: str, since) -> str:
	names = frappe.get_all(
		"Email Queue Recipient",
		{"recipient": recipient, "creation": (">=", since)},
		pluck="parent",
		order_by="creation desc",
	)
	if not names:
		return ""
	mime = email.message_from_string(frappe.db.get_value("Email Queue", names[0], "message"))
	parts = [part.get_payload(decode=True) for part in mime.walk() if not part.is_multipart()]
	return "\n".join(part.decode("utf-8", "replace") for part in parts if part)


def notified(user: str, ticket: str) -> list[str]:
	return frappe.get_all(
		"Notification Log",
		{"for_user": user, "document_type": "Service Ticket", "document_name": ticket},
		pluck="subject",
		order_by="creation asc",
	)


class TicketTestCase(SMSTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()

	@classmethod
	def tearDownClass(cls):
		remove_outgoing_mail(cls.w.email_account)
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def ticket(self, name):
		return frappe.get_doc("Service Ticket", name)

	def sms_about(self, ticket) -> list:
		return sms_messages(reference_doctype="Service Ticket", reference_name=ticket, direction="Out")

	def head_office_reply(self, name, message, user=MANAGER, **kwargs):
		frappe.set_user(user)
		try:
			return api.reply(name, message, **kwargs)
		finally:
			frappe.set_user("Administrator")


class TestConversation(TicketTestCase):
	def test_a_customer_opens_a_ticket_with_a_photo_and_head_office_is_told(self):
		frappe.set_user(CUSTOMER_A_USER)
		name = tickets.open_ticket(
			"Customer",
			self.w.customer_a,
			CUSTOMER_A_USER,
			{
				"category": "Service Request",
				"subject": "  نشتي آب  ",
				"description": "زير دستگاه آب جمع مي‌شود",
				"item_group": self.w.group,
				"customer_device": self.w.device,
				"mobile_no": "09120000000",  # not the portal's to choose
			},
			[("../../کف آشپزخانه.png", PNG)],
		)
		frappe.set_user("Administrator")
		ticket = self.ticket(name)
		self.assertTrue(name.startswith("TKT-"))
		self.assertEqual(
			(ticket.party_type, ticket.party, ticket.party_name, ticket.raised_by, ticket.status),
			("Customer", self.w.customer_a, "ZT مشتری تیکت الف", CUSTOMER_A_USER, "Open"),
		)
		# the customer's own mobile and email; Arabic yeh/kaf typed are stored as Persian
		self.assertEqual(
			(ticket.mobile_no, ticket.email_id), (e164(CUSTOMER_A_MOBILE), "zt.tkt.a@example.com")
		)
		self.assertEqual((ticket.subject, ticket.item), ("نشتی آب", self.w.heater))
		self.assertTrue(ticket.opened_on and not ticket.replies)
		file = frappe.get_doc("File", {"file_url": ticket.attachment})
		self.assertEqual(
			(file.is_private, file.attached_to_doctype, file.attached_to_name, file.file_name),
			(1, "Service Ticket", name, "کف آشپزخانه.png"),
		)
		self.assertEqual(file.get_content(), PNG)
		self.assertEqual(len(notified(MANAGER, name)), 1)
		self.assertIn(name, notified(MANAGER, name)[0])

	def test_head_office_answers_the_customer_by_sms_and_email_and_the_sla_dates_the_first_response(self):
		name = open_as(CUSTOMER_A_USER)
		ticket = self.ticket(name)
		# ERPNext's SLA for tickets: deadlines from the working hours, first response due
		self.assertEqual(ticket.service_level_agreement, ticket_sla.default_sla())
		self.assertEqual((ticket.priority, ticket.agreement_status), ("Medium", "First Response Due"))
		self.assertGreater(get_datetime(ticket.response_by), get_datetime(ticket.opened_on))
		self.assertGreater(get_datetime(ticket.sla_resolution_by), get_datetime(ticket.response_by))
		self.assertFalse(ticket.first_responded_on)
		since = now_datetime()

		answer = self.head_office_reply(name, "لطفاً عکس پلاک دستگاه را بفرستید.\nسپاس")
		self.assertEqual((answer["status"], answer["replies"]), ("Answered", 1))
		ticket.reload()
		row = ticket.replies[0]
		self.assertEqual(
			(row.side, row.user, row.message),
			("Head Office", MANAGER, "لطفاً عکس پلاک دستگاه را بفرستید.\nسپاس"),
		)
		self.assertTrue(ticket.first_responded_on)
		self.assertEqual(ticket.agreement_status, "Resolution Due")
		self.assertTrue(ticket.on_hold_since)  # waiting for the customer pauses the clock
		(sms,) = self.sms_about(name)
		persian_name = name.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
		self.assertEqual(
			(sms.event, sms.to, sms.status), ("Ticket Answered", e164(CUSTOMER_A_MOBILE), "Queued")
		)
		self.assertIn(persian_name, sms.body)
		self.assertIn("ZT مشتری تیکت الف", sms.body)
		mail = queued_mail("zt.tkt.a@example.com", since)
		self.assertIn("لطفاً عکس پلاک دستگاه را بفرستید.<br>سپاس", mail)
		self.assertIn(f"/service/ticket?name={name}", mail)

		# the customer writes again: head office's turn, and the manager hears of it
		frappe.set_user(CUSTOMER_A_USER)
		api.reply(name, "عکس را فرستادم")
		frappe.set_user("Administrator")
		ticket.reload()
		self.assertEqual((ticket.status, ticket.replies[-1].side), ("Replied", "Customer"))
		self.assertFalse(ticket.on_hold_since)
		self.assertTrue(any("wrote on ticket" in s for s in notified(MANAGER, name)))
		self.assertEqual(len(self.sms_about(name)), 1)  # nothing sent to the customer about their own reply

		# head office resolves it: the status SMS, resolved and fulfilled within the SLA
		frappe.set_user(MANAGER)
		api.set_status(name, "Resolved")
		frappe.set_user("Administrator")
		ticket.reload()
		self.assertEqual(ticket.status, "Resolved")
		self.assertTrue(ticket.resolved_on and not ticket.closed_on)
		self.assertEqual(ticket.agreement_status, "Fulfilled")
		status_sms = self.sms_about(name)[-1]
		self.assertEqual(
			(status_sms.event, status_sms.to), ("Ticket Status Changed", e164(CUSTOMER_A_MOBILE))
		)
		self.assertIn("Resolved", status_sms.body)  # the status in the SMS language (English in tests)

	def test_an_answer_after_the_deadline_fails_the_agreement(self):
		name = open_as(CUSTOMER_A_USER)
		# head office answers and resolves a month later (ERPNext's clock for the SLA)
		frappe.flags.current_time = frappe.utils.add_days(now_datetime(), 30)
		try:
			self.head_office_reply(name, "ببخشید که دیر شد؛ مشکل حل شد", status="Resolved")
		finally:
			frappe.flags.current_time = None
		ticket = self.ticket(name)
		self.assertEqual(ticket.status, "Resolved")
		self.assertGreater(get_datetime(ticket.first_responded_on), get_datetime(ticket.response_by))
		self.assertGreater(get_datetime(ticket.sla_resolution_date), get_datetime(ticket.sla_resolution_by))
		self.assertEqual(ticket.agreement_status, "Failed")

	def test_an_agency_opens_a_ticket_head_office_answers_its_mobile_and_the_agency_closes_it(self):
		name = open_as(AGENCY_A_USER, category="Financial", subject="دستمزد آذر واریز نشده")
		ticket = self.ticket(name)
		self.assertEqual(
			(ticket.party_type, ticket.party, ticket.party_name, ticket.mobile_no),
			("Service Agency", self.w.agency_a, "نمایندگی تیکت الف", e164(AGENCY_A_MOBILE)),
		)
		self.head_office_reply(name, "واریز فردا انجام می‌شود")
		self.assertEqual(
			[(s.event, s.to) for s in self.sms_about(name)], [("Ticket Answered", e164(AGENCY_A_MOBILE))]
		)
		# the agency answers with a PDF, then closes the ticket
		frappe.set_user(AGENCY_A_USER)
		tickets.add_reply(name, "Agency", AGENCY_A_USER, "رسید پیوست است", files=[("رسید.pdf", PDF)])
		api.close(name)
		frappe.set_user("Administrator")
		ticket.reload()
		self.assertEqual((ticket.status, ticket.replies[-1].side), ("Closed", "Agency"))
		self.assertTrue(ticket.closed_on and ticket.resolved_on)
		self.assertTrue(ticket.replies[-1].attachment.startswith("/private/files/"))
		self.assertTrue(any("Closed" in s for s in notified(MANAGER, name)))
		# a closed ticket takes no more messages from the agency
		frappe.set_user(AGENCY_A_USER)
		self.assertRaisesRegex(ServiceTicketError, "is closed", api.reply, name, "یک سوال دیگر")
		self.assertRaisesRegex(ServiceTicketError, "Resolved or Closed", api.close, name, "Open")

	def test_a_partys_reply_goes_to_the_assigned_user_if_any(self):
		name = open_as(CUSTOMER_B_USER, category="Complaint")
		ticket = self.ticket(name)
		# customer B's Customer has no mobile: the ticket takes the login's own
		self.assertEqual((ticket.mobile_no, ticket.email_id), (e164(CUSTOMER_B_MOBILE), CUSTOMER_B_USER))
		assign_to({"assign_to": [OPERATOR], "doctype": "Service Ticket", "name": name})
		before = len(notified(MANAGER, name))
		frappe.set_user(CUSTOMER_B_USER)
		api.reply(name, "هنوز کسی تماس نگرفته")
		frappe.set_user("Administrator")
		self.assertTrue(any("wrote on ticket" in s for s in notified(OPERATOR, name)))
		self.assertEqual(len(notified(MANAGER, name)), before)

	def test_who_may_set_which_status(self):
		name = open_as(CUSTOMER_A_USER)
		frappe.set_user(CUSTOMER_A_USER)
		self.assertRaisesRegex(ServiceTicketError, "Resolved or Closed", api.close, name, "Answered")
		api.close(name, "Resolved")
		self.assertEqual(frappe.db.get_value("Service Ticket", name, "status"), "Resolved")
		# writing again reopens it (and clears the resolution)
		api.reply(name, "دوباره خراب شد")
		self.assertEqual(
			frappe.db.get_value("Service Ticket", name, ["status", "resolved_on"]), ("Replied", None)
		)
		frappe.set_user(MANAGER)
		self.assertRaisesRegex(ServiceTicketError, "only by converting", api.set_status, name, "Converted")
		api.set_status(name, "Closed")
		self.assertRaisesRegex(
			ServiceTicketError, "Open, Answered, Resolved or Closed", api.set_status, name, "Replied"
		)
		self.assertRaisesRegex(ServiceTicketError, "already", api.set_status, name, "Closed")
		self.assertRaisesRegex(ServiceTicketError, "not a ticket status", api.set_status, name, "Pending")
		api.set_status(name, "Open")  # head office may reopen
		self.assertEqual(frappe.db.get_value("Service Ticket", name, ["status", "closed_on"]), ("Open", None))


class TestConversion(TicketTestCase):
	def test_a_customers_ticket_with_its_device_becomes_a_reception_linked_both_ways(self):
		name = open_as(
			CUSTOMER_A_USER,
			category="Service Request",
			customer_device=self.w.device,
			service_type=WARRANTY_REPAIR,
		)
		frappe.set_user(OPERATOR)
		answer = api.convert(name, "Service Reception")
		frappe.set_user("Administrator")
		reception = frappe.get_doc("Service Reception", answer["name"])
		self.assertEqual(
			(reception.channel, reception.service_ticket, reception.customer, reception.mobile_no),
			("Web", name, self.w.customer_a, e164(CUSTOMER_A_MOBILE)),
		)
		self.assertEqual(
			[(d.customer_device, d.item, d.service_type) for d in reception.devices],
			[(self.w.device, self.w.heater, WARRANTY_REPAIR)],
		)
		ticket = self.ticket(name)
		self.assertEqual(
			(ticket.status, ticket.converted_to_doctype, ticket.converted_to),
			("Converted", "Service Reception", reception.name),
		)
		self.assertTrue(ticket.closed_on)
		self.assertIn("Ticket Status Changed", {s.event for s in self.sms_about(name)})
		# the customer reads the reception's tracking code on the ticket
		view = tickets.ticket_view("Customer", self.w.customer_a, name)
		self.assertIn(reception.tracking_code, view["converted_label"])
		self.assertFalse(view["can_reply"])
		frappe.set_user(OPERATOR)
		self.assertRaisesRegex(
			ServiceTicketError, "already converted", api.convert, name, "Service Reception"
		)
		self.assertRaisesRegex(
			ServiceTicketError, "cannot be converted to", api.convert, name, "Sales Invoice"
		)
		frappe.set_user(CUSTOMER_A_USER)
		self.assertRaisesRegex(ServiceTicketError, "converted to", api.reply, name, "ممنون")

	def test_a_ticket_without_a_model_is_refused_and_a_reception_made_from_it_by_hand_links_back(self):
		name = open_as(CUSTOMER_A_USER, category="Service Request")
		frappe.set_user(OPERATOR)
		self.assertRaisesRegex(
			ServiceTicketError, "has no Model, Service Type", api.convert, name, "Service Reception"
		)
		self.assertFalse(frappe.db.exists("Service Reception", {"service_ticket": name}))
		# the desk's Create button opens a reception prefilled from the ticket; saving it links back
		reception = frappe.get_doc(
			{
				"doctype": "Service Reception",
				"channel": "Web",
				"service_ticket": name,
				"customer": self.w.customer_a,
				"customer_name": "ZT مشتری تیکت الف",
				"mobile_no": CUSTOMER_A_MOBILE,
				"devices": [{"item": self.w.heater, "service_type": WARRANTY_REPAIR}],
			}
		).insert()
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Service Ticket", name, ["status", "converted_to"]),
			("Converted", reception.name),
		)

	def test_an_agencys_ticket_cannot_become_a_reception(self):
		name = open_as(AGENCY_A_USER, category="Service Request")
		frappe.db.set_value("Service Ticket", name, {"item": self.w.heater, "service_type": WARRANTY_REPAIR})
		frappe.set_user(MANAGER)
		self.assertRaisesRegex(ServiceTicketError, "an agency's", api.convert, name, "Service Reception")
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Service Ticket", name, ["status", "converted_to"]), ("Open", None)
		)

	def test_the_conversions_are_read_from_hooks(self):
		self.assertIn("Service Reception", tickets.conversion_targets())
		self.assertEqual(
			tickets.conversions()["Service Reception"],
			"zhira_after_sales.service_desk.ticket_conversion.to_reception",
		)
		name = open_as(AGENCY_A_USER)
		frappe.set_user(AGENCY_A_USER)
		self.assertRaises(frappe.PermissionError, api.convert, name, "Service Reception")


class TestBadInput(TicketTestCase):
	def test_a_party_opens_only_so_many_tickets_a_day(self):
		open_as(CUSTOMER_A_USER)
		opened = frappe.db.count("Service Ticket", {"raised_by": CUSTOMER_A_USER})
		with patch.object(tickets, "DAILY_TICKETS", opened):
			self.assertRaisesRegex(ServiceTicketError, "in the last day", open_as, CUSTOMER_A_USER)
			self.assertEqual(frappe.db.count("Service Ticket", {"raised_by": CUSTOMER_A_USER}), opened)
			open_as(CUSTOMER_B_USER)  # another customer is not held back

	def test_empty_messages_wrong_categories_and_bad_files_are_refused_with_nothing_saved(self):
		name = open_as(CUSTOMER_A_USER)
		files_before = frappe.db.count("File", {"attached_to_name": name})
		frappe.set_user(CUSTOMER_A_USER)
		self.assertRaisesRegex(ServiceTicketError, "Type your message", api.reply, name, "   ")
		self.assertRaisesRegex(ServiceTicketError, "at most 5000", api.reply, name, "x" * 5001)
		for files, message in (
			([("big.pdf", PDF + b"\0" * (5 * 1024 * 1024))], "larger than 5 MB"),
			(
				[("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")],
				"photo \\(JPEG, PNG or WebP\\) or a PDF",
			),
			([("a.png", PNG), ("b.png", PNG)], "one file"),
			([("empty.png", b"")], "empty"),
		):
			self.assertRaisesRegex(
				ServiceTicketError,
				message,
				tickets.add_reply,
				name,
				"Customer",
				CUSTOMER_A_USER,
				"سلام",
				files,
			)
		self.assertRaisesRegex(
			ServiceTicketError,
			"Send the file with the message",
			api.reply,
			name,
			"سلام",
			None,
			"/private/files/x.png",
		)
		self.assertRaisesRegex(ServiceTicketError, "category", api.open_ticket, "Gossip", "موضوع", "شرح")
		self.assertRaisesRegex(ServiceTicketError, "subject", api.open_ticket, "Question", " ", "شرح")
		self.assertRaisesRegex(ServiceTicketError, "Describe", api.open_ticket, "Question", "موضوع", "")
		frappe.set_user("Administrator")
		# an agency's ticket is about no customer's device
		self.assertRaisesRegex(
			ServiceTicketError,
			"not a device of",
			tickets.open_ticket,
			"Service Agency",
			self.w.agency_a,
			AGENCY_A_USER,
			{
				"category": "Question",
				"subject": "موضوع",
				"description": "شرح",
				"customer_device": self.w.device,
			},
		)
		self.assertFalse(self.ticket(name).replies)
		self.assertEqual(frappe.db.count("File", {"attached_to_name": name}), files_before)
		# head office's reply takes only a file of this ticket
		frappe.set_user(MANAGER)
		self.assertRaisesRegex(
			ServiceTicketError,
			"not a file of ticket",
			api.reply,
			name,
			"پاسخ",
			None,
			"/private/files/other.png",
		)
		self.assertRaisesRegex(ServiceTicketError, "Open, Answered", api.reply, name, "پاسخ", "Replied")


class TestPartyIsolation(TicketTestCase):
	"""In process: every portal service and endpoint answers "not found" for another's ticket."""

	def test_another_partys_ticket_is_not_found(self):
		theirs = open_as(AGENCY_B_USER, subject="تیکت نمایندگی ب")
		customer_ticket = open_as(CUSTOMER_A_USER, subject="تیکت مشتری الف")
		for user, ticket in (
			(AGENCY_A_USER, theirs),
			(AGENCY_A_USER, customer_ticket),
			(CUSTOMER_B_USER, customer_ticket),
			(CUSTOMER_B_USER, theirs),
		):
			frappe.set_user(user)
			self.assertRaises(frappe.DoesNotExistError, api.view, ticket)
			self.assertRaises(frappe.DoesNotExistError, api.reply, ticket, "سلام")
			self.assertRaises(frappe.DoesNotExistError, api.close, ticket)
			self.assertRaises(frappe.DoesNotExistError, api.attachment, ticket, "/private/files/x.png")
			self.assertNotIn(ticket, {row.name for row in api.my_tickets()})
			self.assertRaises(frappe.PermissionError, api.set_status, ticket, "Closed")
		frappe.set_user("Administrator")
		self.assertFalse(self.ticket(theirs).replies or self.ticket(customer_ticket).replies)
		self.assertEqual(self.ticket(theirs).status, "Open")

	def test_staff_and_guests_have_no_portal_tickets(self):
		frappe.set_user(MANAGER)
		self.assertRaises(frappe.PermissionError, api.my_tickets)
		frappe.set_user("Guest")
		self.assertRaises(frappe.PermissionError, api.open_ticket, "Question", "موضوع", "شرح")


class TestOverHTTP(FrappeTestCase):
	"""Real requests through Frappe's REST endpoints and the portal pages, as the agencies'
	browsers and scripts send them (records committed: each request runs in its own transaction)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()
		cls.ours = open_as(AGENCY_A_USER, subject="تیکت ما برای آزمون HTTP")
		cls.theirs = open_as(AGENCY_B_USER, subject="تیکت آنها برای آزمون HTTP")
		tickets.add_reply(cls.theirs, "Head Office", MANAGER, "پاسخ محرمانه به نمایندگی ب")
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction

	@classmethod
	def tearDownClass(cls):
		remove_outgoing_mail(cls.w.email_account)
		super().tearDownClass()

	def method(self, name, user=AGENCY_A_USER, http="POST", **kwargs):
		return call(http, f"/api/method/zhira_after_sales.api.ticket.{name}", user, **kwargs)

	def page(self, path, user=AGENCY_A_USER):
		request = _Call("GET", path, {"Authorization": api_credentials(user), "Accept": "text/html"})
		request.start()
		request.join()
		return request.response.status_code, request.response.get_data(as_text=True)

	def test_their_ticket_is_not_found_through_the_ticket_api(self):
		response = self.method("view", http="GET", query_string={"name": self.theirs})
		self.assertEqual(response.status_code, 404, response.get_data(as_text=True))
		self.assertNotIn("محرمانه", response.get_data(as_text=True))
		response = self.method("reply", data={"name": self.theirs, "message": "نفوذ"})
		self.assertEqual(response.status_code, 404)
		response = self.method("close", data={"name": self.theirs})
		self.assertEqual(response.status_code, 404)
		self.assertEqual(len(frappe.get_doc("Service Ticket", self.theirs).replies), 1)
		self.assertEqual(frappe.db.get_value("Service Ticket", self.theirs, "status"), "Answered")
		response = self.method("view", http="GET", query_string={"name": self.ours})
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["message"]["subject"], "تیکت ما برای آزمون HTTP")

	def test_frappes_own_endpoints_give_portal_users_nothing(self):
		for user in (AGENCY_A_USER, CUSTOMER_A_USER):
			for path, query in (
				("/api/resource/Service Ticket", None),
				(f"/api/resource/Service Ticket/{self.theirs}", None),
				(f"/api/resource/Service Ticket/{self.ours}", None),
				("/api/method/frappe.client.get_count", {"doctype": "Service Ticket"}),
				(
					"/api/method/frappe.client.get_list",
					{"doctype": "Service Ticket Reply", "parent": "Service Ticket", "fields": '["message"]'},
				),
				(
					"/api/method/frappe.client.get_list",
					{"doctype": "Service Ticket Reply", "fields": '["message"]'},
				),
				("/api/method/frappe.desk.search.search_link", {"doctype": "Service Ticket", "txt": "TKT"}),
				("/api/method/frappe.desk.reportview.get_count", {"doctype": "Service Ticket"}),
				(
					"/api/method/frappe.desk.reportview.get",
					{"doctype": "Service Ticket Reply", "fields": '["message"]'},
				),
			):
				response = call("GET", path, user, query_string=query)
				text = response.get_data(as_text=True)
				self.assertEqual(response.status_code, 403, (user, path, text))
				self.assertNotIn("محرمانه", text, (user, path))
			response = call(
				"GET",
				"/api/method/frappe.utils.global_search.search",
				user,
				query_string={"text": "آزمون HTTP"},
			)
			self.assertNotIn("Service Ticket", response.get_data(as_text=True), user)
		# head office sees them all
		response = call("GET", f"/api/resource/Service Ticket/{self.theirs}", MANAGER)
		self.assertEqual(response.status_code, 200)

	def test_the_agency_portal_pages_show_only_its_tickets(self):
		status, html = self.page("/agency/tickets")
		self.assertEqual(status, 200)
		self.assertIn(f'data-ticket="{self.ours}"', html)
		self.assertNotIn(self.theirs, html)
		status, html = self.page(f"/agency/ticket?name={self.ours}")
		self.assertEqual(status, 200)
		self.assertIn("تیکت ما برای آزمون HTTP", html)
		status, html = self.page(f"/agency/ticket?name={self.theirs}")
		self.assertEqual(status, 404)
		self.assertNotIn("محرمانه", html)
		status, html = self.page("/agency/new-ticket")
		self.assertEqual(status, 200)
		self.assertIn('name="attachment"', html)

	def test_the_customer_pages_show_only_their_tickets(self):
		mine = open_as(CUSTOMER_A_USER, subject="تیکت مشتری برای آزمون صفحه")
		tickets.add_reply(mine, "Head Office", MANAGER, "پاسخ دفتر مرکزی\nخط دوم")
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction
		status, html = self.page("/service/tickets", CUSTOMER_A_USER)
		self.assertEqual(status, 200)
		self.assertIn(f'data-ticket="{mine}"', html)
		self.assertNotIn(self.ours, html)
		status, html = self.page(f"/service/ticket?name={mine}", CUSTOMER_A_USER)
		self.assertEqual(status, 200)
		self.assertIn("پاسخ دفتر مرکزی\nخط دوم", html)  # lines kept (pre-wrap)
		self.assertIn('data-side="Head Office"', html)
		for path in (f"/service/ticket?name={mine}", f"/service/ticket?name={self.theirs}"):
			status, html = self.page(path, CUSTOMER_B_USER)
			self.assertEqual(status, 404, path)
		status, html = self.page(f"/service/ticket?name={mine}", CUSTOMER_B_USER)
		self.assertNotIn("دفتر مرکزی", html)
		status, html = self.page("/service/new-ticket", CUSTOMER_A_USER)
		self.assertEqual(status, 200)
		self.assertIn(f'value="{self.w.device}"', html)  # the customer's own device to choose
		# an agency user is not a customer, and a customer is not an agency
		self.assertNotEqual(self.page("/service/tickets", AGENCY_A_USER)[0], 200)
		self.assertNotEqual(self.page("/agency/tickets", CUSTOMER_A_USER)[0], 200)

	def test_a_photo_goes_up_with_the_message_and_comes_back_only_to_its_party(self):
		response = self.method(
			"open_ticket",
			data={
				"category": "Question",
				"subject": "عکس پلاک",
				"description": "پلاک دستگاه خوانا نیست",
				"attachment": (io.BytesIO(PNG), "plate.png"),
			},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		name = response.json["message"]["name"]
		url = frappe.db.get_value("Service Ticket", name, "attachment")
		self.assertTrue(url.startswith("/private/files/"))
		query = {"name": name, "file_url": url}
		response = self.method("attachment", http="GET", query_string=query)
		self.assertEqual((response.status_code, response.mimetype, response.data), (200, "image/png", PNG))
		response = self.method("attachment", AGENCY_B_USER, http="GET", query_string=query)
		self.assertEqual(response.status_code, 404)
		# the link the conversation page shows for it
		link = self.method("view", http="GET", query_string={"name": name}).json["message"]["messages"][0]
		self.assertTrue(link["file"]["is_image"])
		response = call("GET", link["file"]["download"], AGENCY_A_USER)
		self.assertEqual((response.status_code, response.data), (200, PNG))
		status, html = self.page(f"/agency/ticket?name={name}")
		self.assertEqual(status, 200)
		self.assertIn(f'<img src="{frappe.utils.escape_html(link["file"]["download"])}"', html)
		response = call("GET", url, AGENCY_B_USER)  # the private file itself is not theirs
		self.assertIn(response.status_code, (403, 404))
		# a file that is too large or not a photo or PDF is refused, and no ticket is left
		count = frappe.db.count("Service Ticket", {"party": self.w.agency_a})
		response = self.method(
			"open_ticket",
			data={
				"category": "Question",
				"subject": "فایل بزرگ",
				"description": "شرح",
				"attachment": (io.BytesIO(PDF + b"\0" * (5 * 1024 * 1024)), "big.pdf"),
			},
		)
		self.assertEqual(response.status_code, 417, response.get_data(as_text=True))
		self.assertIn("5 MB", response.get_data(as_text=True))
		self.assertEqual(frappe.db.count("Service Ticket", {"party": self.w.agency_a}), count)
