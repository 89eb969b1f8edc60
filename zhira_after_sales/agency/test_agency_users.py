"""Head office invites an agency's portal users by email or mobile and removes them
(agency/agency_users.py, api/agency_user.py). SMS go to the loopback fake provider; the password
link and the login by mobile are checked through the site's real HTTP application."""

import email
import re

import frappe
from frappe.utils import add_to_date, now_datetime
from frappe.utils.data import sha256_hash

from zhira_after_sales.access import user_agency
from zhira_after_sales.agency.agency_users import AgencyInvitationError, invite, remove
from zhira_after_sales.exceptions import AgencyUserConflictError, HeadOfficeOnlyError, InvalidPhoneNumberError
from zhira_after_sales.messaging import outbox
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_user
from zhira_after_sales.tests.rest import call, call_guest

test_ignore = TEST_IGNORE

AGENCY_A, AGENCY_B = "ZT-INVITE-A", "ZT-INVITE-B"
MANAGER = "zt.invite.manager@example.com"
OPERATOR = "zt.invite.operator@example.com"
AGENT_A = "zt.invite.agent.a@example.com"  # a portal user of agency A from the start
BY_EMAIL = "zt.invite.email@example.com"
BOTH = "zt.invite.both@example.com"
OF_B = "zt.invite.of.b@example.com"
MOBILE, MOBILE_NATIONAL, MOBILE_E164 = "۰۹۱۲ ۷۷۷ ۰۱۰۱", "09127770101", "+989127770101"
MOBILE_2, MOBILE_OF_B = "09127770102", "09127770103"
MOBILE_USER = "09127770101@mobile.invalid"
PASSWORD = "Zt-Invite-1405!portal"
LINK = re.compile(r"https?://\S+/update-password\?key=(\w+)")


def forget_invited():
	"""Remove the people earlier runs invited (committed: SMS jobs and HTTP requests commit)."""
	users = {BY_EMAIL, BOTH, OF_B, MOBILE_USER} | set(
		frappe.get_all("User", {"mobile_no": ("like", "0912777010%")}, pluck="name")
	)
	for user in users:
		frappe.db.delete("Service Agency User", {"user": user})
		for contact in frappe.get_all("Contact", {"user": user}, pluck="name"):
			frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
		if frappe.db.exists("User", user):
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: undo what earlier runs committed


def queued_mail(recipient: str, since) -> str:
	"""The decoded text of the newest Email Queue message to `recipient` since `since`."""
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


def reset_key(text: str) -> str:
	match = LINK.search(text)
	return match.group(1) if match else ""


class TestAgencyUsers(SMSTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(MANAGER, roles=("After Sales Manager",))
		make_user(OPERATOR, roles=("Reception Operator",))
		make_agency(AGENCY_A, "نمایندگی دعوت الف", users=(make_user(AGENT_A),))
		make_agency(AGENCY_B, "نمایندگی دعوت ب")
		# Frappe queues no mail without an outgoing account (nothing is sent in tests)
		cls.email_account = None
		if not frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}):
			cls.email_account = (
				frappe.get_doc(
					{
						"doctype": "Email Account",
						"email_account_name": "ZT Invitations",
						"email_id": "zt.invitations@example.com",
						"enable_outgoing": 1,
						"default_outgoing": 1,
						"smtp_server": "127.0.0.1",
						"no_smtp_authentication": 1,
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		frappe.db.commit()  # nosemgrep: the HTTP requests run in their own transaction

	@classmethod
	def tearDownClass(cls):
		if cls.email_account:
			frappe.delete_doc("Email Account", cls.email_account, force=True, ignore_permissions=True)
			frappe.db.commit()  # nosemgrep: the account was committed in setUpClass
		super().tearDownClass()

	def setUp(self):
		forget_invited()
		super().setUp()
		self.since = add_to_date(now_datetime(), seconds=-1)
		self.mobile_login = frappe.db.get_single_value("System Settings", "allow_login_using_mobile_number")
		frappe.set_user(MANAGER)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()
		frappe.db.set_single_value("System Settings", "allow_login_using_mobile_number", self.mobile_login)
		forget_invited()

	def portal_row(self, agency: str, user: str):
		return frappe.db.get_value(
			"Service Agency User",
			{"parent": agency, "parenttype": "Service Agency", "user": user},
			["user", "is_manager"],
			as_dict=True,
		)

	# --- inviting ---------------------------------------------------------------------------

	def test_inviting_by_email_makes_a_persian_website_user_of_the_agency_and_queues_the_welcome_mail(self):
		result = invite(AGENCY_A, " علي  رضايي ", email=" ZT.Invite.Email@Example.com ", is_manager=1)

		self.assertEqual((result["user"], result["created"], result["email_queued"]), (BY_EMAIL, True, True))
		self.assertIsNone(result["sms"])
		user = frappe.get_doc("User", BY_EMAIL)
		self.assertEqual((user.user_type, user.language, user.enabled), ("Website User", "fa", 1))
		self.assertEqual(user.full_name, "علی رضایی")  # Arabic yeh typed, Persian stored
		self.assertIn("Service Agency", frappe.get_roles(BY_EMAIL))
		self.assertEqual(self.portal_row(AGENCY_A, BY_EMAIL).is_manager, 1)
		self.assertEqual(user_agency(BY_EMAIL), AGENCY_A)

		# Frappe's welcome mail with the link that sets the password, in the Email Queue
		key = reset_key(queued_mail(BY_EMAIL, self.since))
		self.assertTrue(key, "no password link in the queued mail")
		self.assertEqual(frappe.db.get_value("User", {"reset_password_key": sha256_hash(key)}), BY_EMAIL)

	def test_inviting_by_mobile_sends_an_sms_with_the_password_link_and_the_user_logs_in_with_the_mobile(
		self,
	):
		frappe.db.set_single_value("System Settings", "allow_login_using_mobile_number", 0)
		result = invite(AGENCY_A, "رضا کریمی", mobile=MOBILE)

		self.assertEqual(result["user"], MOBILE_USER)
		self.assertTrue(result["mobile_login_enabled"])
		self.assertFalse(result["email_queued"])
		user = frappe.get_doc("User", MOBILE_USER)
		self.assertEqual(
			(user.mobile_no, user.user_type, user.language), (MOBILE_NATIONAL, "Website User", "fa")
		)
		self.assertEqual(frappe.db.get_single_value("System Settings", "allow_login_using_mobile_number"), 1)
		self.assertEqual(
			frappe.db.get_value("Notification Settings", MOBILE_USER, "enable_email_notifications"), 0
		)
		self.assertFalse(queued_mail(MOBILE_USER, self.since), "mail queued to a made-up address")

		# stored first, in Persian, to the mobile, with the link
		sms = frappe.get_doc("SMS Message", result["sms"])
		self.assertEqual(
			(sms.status, sms.to, sms.event, sms.reference_doctype, sms.reference_name),
			("Queued", MOBILE_E164, "Agency User Invitation", "User", MOBILE_USER),
		)
		self.assertIn("نمایندگی دعوت الف", sms.body)
		key = reset_key(sms.body)
		self.assertTrue(key, sms.body)

		# the outbox sends it to the provider (this commits, as the job does)
		self.assertEqual(outbox.send_message(sms.name), "sent")
		[sent] = self.server.sent_by("Kavenegar")
		self.assertIn(key, sent["text"])

		# the person opens the link, sets a password, and logs in with the mobile as typed
		response = call_guest(
			"POST",
			"/api/method/frappe.core.doctype.user.user.update_password",
			data={"new_password": PASSWORD, "key": key},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		response = call_guest("POST", "/api/method/login", data={"usr": MOBILE_NATIONAL, "pwd": PASSWORD})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		self.assertEqual(response.json["full_name"], "رضا کریمی")
		wrong = call_guest("POST", "/api/method/login", data={"usr": MOBILE_NATIONAL, "pwd": "wrong"})
		self.assertEqual(wrong.status_code, 401)

	def test_inviting_by_email_and_mobile_sends_one_link_to_both(self):
		result = invite(AGENCY_A, "مریم احمدی", email=BOTH, mobile=MOBILE_2)
		self.assertEqual(
			(result["user"], result["email_queued"], result["sms_status"]), (BOTH, True, "Queued")
		)
		self.assertEqual(frappe.db.get_value("User", BOTH, "mobile_no"), MOBILE_2)
		sms_key = reset_key(frappe.db.get_value("SMS Message", result["sms"], "body"))
		self.assertTrue(sms_key)
		self.assertEqual(reset_key(queued_mail(BOTH, self.since)), sms_key)

		# invited again: the same user, told so, sent a fresh link
		again = invite(AGENCY_A, "مریم احمدی", mobile=MOBILE_2)
		self.assertEqual((again["user"], again["already_member"], again["created"]), (BOTH, True, False))
		self.assertEqual(
			frappe.db.count("Service Agency User", {"parent": AGENCY_A, "user": BOTH}),
			1,
		)
		self.assertNotEqual(reset_key(frappe.db.get_value("SMS Message", again["sms"], "body")), sms_key)

	def test_a_user_of_another_agency_is_refused_and_nothing_is_saved(self):
		invite(AGENCY_B, "کاربر ب", email=OF_B, mobile=MOBILE_OF_B)
		agency_a_modified = frappe.db.get_value("Service Agency", AGENCY_A, "modified")
		users = frappe.db.count("User")
		messages = frappe.db.count("SMS Message")

		for kwargs in (
			{"email": OF_B},
			{"email": OF_B, "mobile": "09127770104"},
			{"mobile": MOBILE_OF_B},
			{"mobile": "+98 912 777 0103"},  # the same mobile typed another way
		):
			with self.subTest(**kwargs), self.assertRaisesRegex(AgencyUserConflictError, AGENCY_B):
				invite(AGENCY_A, "نفر دوم", **kwargs)
		# an email of one user with the mobile of another
		with self.assertRaisesRegex(AgencyUserConflictError, "already the login of user"):
			invite(AGENCY_A, "نفر دوم", email=BY_EMAIL, mobile=MOBILE_OF_B)

		self.assertFalse(self.portal_row(AGENCY_A, OF_B))
		self.assertEqual(user_agency(OF_B), AGENCY_B)
		self.assertEqual(frappe.db.get_value("User", OF_B, "mobile_no"), MOBILE_OF_B)
		self.assertFalse(frappe.db.exists("User", BY_EMAIL))
		self.assertEqual(frappe.db.get_value("Service Agency", AGENCY_A, "modified"), agency_a_modified)
		self.assertEqual((frappe.db.count("User"), frappe.db.count("SMS Message")), (users, messages))

	def test_head_office_users_cannot_be_made_agency_users(self):
		for user in (OPERATOR, MANAGER):
			with self.subTest(user=user), self.assertRaises(AgencyUserConflictError):
				invite(AGENCY_A, "کارمند ستاد", email=user)
		self.assertFalse(self.portal_row(AGENCY_A, OPERATOR))
		self.assertNotIn("Service Agency", frappe.get_roles(OPERATOR))

	def test_what_is_missing_or_wrong_is_named(self):
		for kwargs, error, text in (
			({"full_name": "بی تماس"}, AgencyInvitationError, "email or a mobile"),
			({"full_name": "  ", "email": BY_EMAIL}, AgencyInvitationError, "full name"),
			(
				{"full_name": "ایمیل بد", "email": "not-an-email"},
				AgencyInvitationError,
				"not an email address",
			),
			({"full_name": "ثابت", "mobile": "021 8888 1234"}, InvalidPhoneNumberError, "not a mobile"),
			({"full_name": "کوتاه", "mobile": "0912 123"}, InvalidPhoneNumberError, "not a valid Iranian"),
		):
			with self.subTest(**kwargs), self.assertRaisesRegex(error, text):
				invite(AGENCY_A, **kwargs)
		self.assertFalse(frappe.db.exists("User", BY_EMAIL))

	# --- who may ----------------------------------------------------------------------------

	def test_only_head_office_with_write_access_invites(self):
		for user in (AGENT_A, OPERATOR):
			frappe.set_user(user)
			with self.subTest(user=user), self.assertRaises(HeadOfficeOnlyError):
				invite(AGENCY_A, "نفوذی", email=BY_EMAIL)
		frappe.set_user("Administrator")

		for user in (AGENT_A, OPERATOR):
			for agency in (AGENCY_A, AGENCY_B):
				response = call(
					"POST",
					"/api/method/zhira_after_sales.api.agency_user.invite_agency_user",
					user,
					data={"agency": agency, "full_name": "نفوذی", "email": BY_EMAIL, "mobile": "09127770105"},
				)
				self.assertEqual(response.status_code, 403, (user, agency, response.get_data(as_text=True)))
			response = call(
				"POST",
				"/api/method/zhira_after_sales.api.agency_user.remove_agency_user",
				user,
				data={"agency": AGENCY_A, "user": AGENT_A},
			)
			self.assertEqual(response.status_code, 403, user)
		self.assertFalse(frappe.db.exists("User", BY_EMAIL))
		self.assertTrue(self.portal_row(AGENCY_A, AGENT_A))

	def test_head_office_invites_through_the_endpoint(self):
		frappe.set_user("Administrator")
		response = call(
			"POST",
			"/api/method/zhira_after_sales.api.agency_user.invite_agency_user",
			MANAGER,
			data={"agency": AGENCY_A, "full_name": "از راه وب", "email": BY_EMAIL, "is_manager": "1"},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		self.assertEqual(response.json["message"]["user"], BY_EMAIL)
		self.assertEqual(self.portal_row(AGENCY_A, BY_EMAIL).is_manager, 1)

	# --- removing ---------------------------------------------------------------------------

	def test_removing_takes_the_role_and_disables_the_login(self):
		invite(AGENCY_A, "موقت", email=BY_EMAIL)
		result = remove(AGENCY_A, BY_EMAIL)

		self.assertEqual(result, {"user": BY_EMAIL, "disabled": True})
		self.assertFalse(self.portal_row(AGENCY_A, BY_EMAIL))
		self.assertNotIn("Service Agency", frappe.get_roles(BY_EMAIL))
		self.assertEqual(frappe.db.get_value("User", BY_EMAIL, "enabled"), 0)
		self.assertTrue(self.portal_row(AGENCY_A, AGENT_A), "the other users stay")

		with self.assertRaisesRegex(AgencyInvitationError, "not a portal user"):
			remove(AGENCY_A, BY_EMAIL)

		# invited again later: enabled again
		invite(AGENCY_A, "موقت", email=BY_EMAIL)
		self.assertEqual(frappe.db.get_value("User", BY_EMAIL, "enabled"), 1)
		self.assertIn("Service Agency", frappe.get_roles(BY_EMAIL))
