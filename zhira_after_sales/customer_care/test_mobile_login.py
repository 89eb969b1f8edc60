"""Customers log in and sign up with a mobile number and an SMS code (customer_care/mobile_login.py,
api/customer_auth.py). Codes go to the loopback fake provider through the outbox; a login is made
through the site's real HTTP application (the session cookie it answers with is the login), so
whatever a test wants that request to see is committed first, and removed again afterwards.

Time: the service decides expiry and limits by the time it is given (`now`), so the tests pass a
time instead of sleeping."""

import re
import time

import frappe

from zhira_after_sales.customer_care import mobile_login
from zhira_after_sales.customer_care.mobile_login import (
	EVENT,
	MobileLoginError,
	MobileLoginLimitError,
	MobileLoginRefusedError,
	customer_of,
	send_code,
	verify_code,
)
from zhira_after_sales.exceptions import InvalidPhoneNumberError
from zhira_after_sales.messaging import outbox
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.messaging.tests.factories import make_customer
from zhira_after_sales.tests.factories import TEST_IGNORE, make_user
from zhira_after_sales.tests.rest import call_guest
from zhira_after_sales.utils.phone import number_variants, parse_iran_phone

test_ignore = TEST_IGNORE

PREFIX = "ZT OTP"
# numbers no other test uses (0935 550 01xx); the Persian one is NUMBER_NEW typed on a Persian keyboard
NUMBER_KNOWN, NUMBER_NEW, NUMBER_B = "09355500101", "09355500102", "09355500103"
NUMBER_STAFF, NUMBER_AGENCY, NUMBER_OFF = "09355500104", "09355500105", "09355500106"
NUMBER_NEW_PERSIAN = "۰۹۳۵ ۵۵۰ ۰۱۰۲"
CLIENT, OTHER_CLIENT, HTTP_CLIENT = "203.0.113.7", "203.0.113.8", "127.0.0.1"
NUMBERS = [NUMBER_KNOWN, NUMBER_NEW, NUMBER_B, NUMBER_STAFF, NUMBER_AGENCY, NUMBER_OFF] + [
	f"093555011{i:02d}" for i in range(22)
]
STAFF = "zt.otp.staff@example.com"
AGENT = "zt.otp.agent@example.com"
OFF = "zt.otp.off@example.com"
SEND = "/api/method/zhira_after_sales.api.customer_auth.send_login_code"
VERIFY = "/api/method/zhira_after_sales.api.customer_auth.verify_login_code"
CODE_LINE = re.compile(r"#(\d{6})\s*$")


def e164(number: str) -> str:
	return parse_iran_phone(number).e164


def forget_everything():
	"""What earlier runs left: the Redis state of the test numbers and clients, the users, contacts
	and customers they made (committed: the HTTP requests commit)."""
	for number in NUMBERS:
		for kind in ("code", "sends", "failures", "lock"):
			mobile_login.forget_state(kind, e164(number))
	for client in (CLIENT, OTHER_CLIENT, HTTP_CLIENT):
		for kind in ("client-sends", "client-wrong"):
			mobile_login.forget_state(kind, client)
	variants = [v for number in NUMBERS for v in number_variants(number)]
	users = set(frappe.get_all("User", {"mobile_no": ("in", variants)}, pluck="name"))
	users |= set(frappe.get_all("User", {"name": ("like", "0935550%@mobile.invalid")}, pluck="name"))
	customers = frappe.get_all("Customer", {"customer_name": ("like", f"{PREFIX}%")}, pluck="name")
	# ("in", [""]) would match every contact without a user
	contacts = set(frappe.get_all("Contact", {"user": ("in", list(users))}, pluck="name")) if users else set()
	contacts |= set(
		frappe.get_all(
			"Dynamic Link",
			{"parenttype": "Contact", "link_doctype": "Customer", "link_name": ("in", customers or ["-"])},
			pluck="parent",
		)
	)
	for contact in contacts:
		frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
	for customer in customers:
		frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)
	for user in users - {STAFF, AGENT, OFF}:
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: undo what earlier runs committed


def session_of(response) -> str | None:
	"""The session (sid cookie) a response logs in to; None for none or a guest's."""
	for header in response.headers.getlist("Set-Cookie"):
		match = re.match(r"sid=([^;]*)", header)
		if match and match.group(1) not in ("", "Guest"):
			return match.group(1)
	return None


def logged_user(sid: str) -> str:
	"""Whom the session `sid` is, asked of the site as a browser holding that cookie would."""
	response = call_guest("GET", "/api/method/frappe.auth.get_logged_user", headers={"Cookie": f"sid={sid}"})
	return response.json.get("message") if response.status_code == 200 else None


class TestMobileLogin(SMSTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(STAFF, roles=("Reception Operator",))
		make_user(AGENT)
		make_user(OFF)
		frappe.db.set_value("User", STAFF, "mobile_no", NUMBER_STAFF)
		frappe.db.set_value("User", OFF, {"mobile_no": NUMBER_OFF, "user_type": "Website User", "enabled": 0})
		frappe.db.set_value("User", AGENT, {"mobile_no": NUMBER_AGENCY, "user_type": "Website User"})
		frappe.get_doc("User", AGENT).add_roles("Service Agency")
		frappe.db.commit()  # nosemgrep: the HTTP requests run in their own transaction

	def setUp(self):
		forget_everything()
		super().setUp()
		self.known = make_customer(f"{PREFIX} مشتری قدیمی", NUMBER_KNOWN)
		self.other = make_customer(f"{PREFIX} مشتری دیگر", NUMBER_B)
		frappe.db.commit()  # nosemgrep: the gateway and customers, for the HTTP requests

	def tearDown(self):
		super().tearDown()
		forget_everything()

	# --- helpers --------------------------------------------------------------------------------

	def sms_to(self, number: str) -> frappe._dict:
		"""The newest login-code SMS stored for `number` in this test."""
		rows = frappe.get_all(
			"SMS Message",
			{"to": e164(number), "event": EVENT, "creation": (">=", self.started)},
			["name", "status", "to", "body", "event", "reference_doctype", "reference_name"],
			order_by="creation desc",
			limit=1,
		)
		self.assertTrue(rows, f"no login code SMS to {number}")
		return rows[0]

	def code_for(self, number: str) -> str:
		match = CODE_LINE.search(self.sms_to(number).body)
		self.assertTrue(match, self.sms_to(number).body)
		return match.group(1)

	def send(self, number: str, client: str = CLIENT, now: float | None = None) -> str:
		answer = send_code(number, client, now=now)
		self.assertTrue(answer["sent"], answer)
		return self.code_for(number)

	def verify_http(self, number: str, code: str, full_name: str | None = None):
		frappe.db.commit()  # nosemgrep: the request sees what the test stored
		data = {"mobile": number, "code": code}
		if full_name:
			data["full_name"] = full_name
		return call_guest("POST", VERIFY, data=data)

	def assert_refused(self, exc, pattern: str, *args, **kwargs):
		with self.assertRaises(exc) as caught:
			verify_code(*args, **kwargs)
		self.assertRegex(str(caught.exception), pattern)

	# --- sending --------------------------------------------------------------------------------

	def test_the_code_goes_out_as_an_sms_and_only_its_hash_is_kept(self):
		answer = send_code(NUMBER_NEW_PERSIAN, CLIENT)
		self.assertEqual(
			answer, {"sent": True, "mobile": "0935 550 0102", "expires_in": 180, "resend_in": 60}
		)
		sms = self.sms_to(NUMBER_NEW)
		self.assertEqual((sms.status, sms.to, sms.event), ("Queued", "+989355500102", EVENT))
		self.assertFalse(sms.reference_name)  # names no account
		code = self.code_for(NUMBER_NEW)
		self.assertIn("کد ورود شما", sms.body)
		stored = frappe.cache.get(mobile_login.state_key("code", e164(NUMBER_NEW))).decode()
		self.assertNotIn(code, stored)

		# the outbox hands it to the provider
		self.assertEqual(outbox.send_message(sms.name), "sent")
		[sent] = self.server.sent_by("Kavenegar")
		self.assertIn(code, sent["text"])
		self.assertIn("9355500102", sent["to"])

	def test_the_answer_is_the_same_whether_or_not_the_number_has_an_account(self):
		known = send_code(NUMBER_KNOWN, CLIENT)
		unknown = send_code(NUMBER_NEW, CLIENT)
		staff = send_code(NUMBER_STAFF, CLIENT)
		for answer in (known, unknown, staff):
			self.assertEqual(set(answer), {"sent", "mobile", "expires_in", "resend_in"})
			self.assertEqual((answer["sent"], answer["expires_in"], answer["resend_in"]), (True, 180, 60))

	def test_the_endpoint_takes_posts_only_and_answers_guests(self):
		frappe.db.commit()  # nosemgrep: the gateway, for the request
		response = call_guest("POST", SEND, data={"mobile": NUMBER_NEW_PERSIAN})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		self.assertTrue(response.json["message"]["sent"])
		self.assertEqual(len(self.code_for(NUMBER_NEW)), 6)
		self.assertNotEqual(call_guest("GET", SEND + "?mobile=09355500103").status_code, 200)

	def test_landlines_and_nonsense_are_refused_with_what_to_type(self):
		for value, reason in (
			("021 8888 1234", "is not a mobile number"),
			("abc", "is not a phone number"),
			("", "is empty"),
			("+44 7700 900123", "is not an Iranian number"),
		):
			with self.assertRaises(InvalidPhoneNumberError, msg=value) as caught:
				send_code(value, CLIENT)
			self.assertIn(reason, str(caught.exception))

	def test_one_code_a_minute_and_five_an_hour_to_a_number(self):
		start = time.time()
		self.send(NUMBER_NEW, now=start)
		with self.assertRaises(MobileLoginLimitError) as caught:
			send_code(NUMBER_NEW, CLIENT, now=start + 30)
		self.assertIn("You can ask for another in 30 seconds", str(caught.exception))
		for minute in range(1, 5):
			self.send(NUMBER_NEW, now=start + 60 * minute)
		with self.assertRaises(MobileLoginLimitError) as caught:
			send_code(NUMBER_NEW, OTHER_CLIENT, now=start + 300)
		self.assertIn(
			"Too many codes were sent to this number. Try again in 55 minutes", str(caught.exception)
		)
		# another number is not affected, and an hour after the first the number gets a code again
		self.send(NUMBER_B, now=start + 300)
		self.send(NUMBER_NEW, now=start + 3600)

	def test_twenty_codes_an_hour_from_one_client_address(self):
		start = time.time()
		numbers = [f"093555011{i:02d}" for i in range(21)]
		for number in numbers[:20]:
			send_code(number, CLIENT, now=start)
		with self.assertRaises(MobileLoginLimitError) as caught:
			send_code(numbers[20], CLIENT, now=start + 1)
		self.assertIn("from your network", str(caught.exception))
		self.assertTrue(send_code(numbers[20], OTHER_CLIENT, now=start + 1)["sent"])

	def test_no_code_is_kept_when_sms_is_switched_off(self):
		frappe.db.set_single_value("After Sales Settings", "sms_enabled", 0)
		answer = send_code(NUMBER_NEW, CLIENT)
		self.assertFalse(answer["sent"])
		self.assertIn("could not send the code", answer["message"])
		self.assertEqual(self.sms_to(NUMBER_NEW).status, "Failed")  # the outbox keeps why
		self.assert_refused(
			MobileLoginError, "no code for this number", NUMBER_NEW, "123456", client_ip=CLIENT
		)

	# --- logging in -----------------------------------------------------------------------------

	def test_the_right_code_logs_in_and_links_the_customer_of_the_number(self):
		code = self.send(NUMBER_KNOWN)
		response = self.verify_http(NUMBER_KNOWN, code)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		answer = response.json["message"]
		user = "09355500101@mobile.invalid"
		self.assertEqual(
			(answer["logged_in"], answer["user"], answer["customer"], answer["signed_up"]),
			(True, user, self.known, True),
		)
		self.assertEqual(logged_user(session_of(response)), user)

		doc = frappe.get_doc("User", user)
		self.assertEqual((doc.user_type, doc.mobile_no, doc.enabled), ("Website User", NUMBER_KNOWN, 1))
		self.assertIn("Customer", frappe.get_roles(user))
		self.assertEqual(doc.full_name, f"{PREFIX} مشتری قدیمی")
		contact = frappe.db.get_value("Customer", self.known, "customer_primary_contact")
		self.assertEqual(frappe.db.get_value("Contact", contact, "user"), user)
		self.assertEqual(customer_of(user), self.known)
		# no second customer for the number, nothing mailed to the made-up address
		self.assertEqual(
			frappe.db.count("Customer", {"customer_name": ("like", f"{PREFIX}%")}), 2
		)  # the two of setUp
		self.assertFalse(frappe.db.exists("Email Queue Recipient", {"recipient": user}))
		self.assertEqual(frappe.db.get_value("Notification Settings", user, "enable_email_notifications"), 0)

		# the code is spent
		self.assert_refused(MobileLoginError, "already been used", NUMBER_KNOWN, code, client_ip=CLIENT)

		# the next login finds the same user and customer
		mobile_login.forget_state("sends", e164(NUMBER_KNOWN))
		code = self.send(NUMBER_KNOWN)
		answer = self.verify_http(NUMBER_KNOWN, code).json["message"]
		self.assertEqual((answer["user"], answer["customer"], answer["signed_up"]), (user, self.known, False))

	def test_a_new_number_signs_up_with_a_name(self):
		code = self.send(NUMBER_NEW)
		# no customer has the number: the name is asked for, nothing is made yet
		response = self.verify_http(NUMBER_NEW_PERSIAN, code)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		self.assertTrue(response.json["message"]["needs_name"])
		self.assertIsNone(session_of(response))
		self.assertFalse(frappe.db.exists("User", {"mobile_no": NUMBER_NEW}))

		# the same code with the name, typed in Persian digits
		persian_code = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
		response = self.verify_http(NUMBER_NEW_PERSIAN, persian_code, full_name=f" {PREFIX}  علي تازه ")
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		answer = response.json["message"]
		self.assertTrue(answer["signed_up"])
		self.assertEqual(logged_user(session_of(response)), answer["user"])

		customer = frappe.get_doc("Customer", answer["customer"])
		self.assertEqual(
			(customer.customer_name, customer.customer_type), (f"{PREFIX} علی تازه", "Individual")
		)
		contact = frappe.get_doc("Contact", customer.customer_primary_contact)
		self.assertEqual(contact.user, answer["user"])
		self.assertIn("+989355500102", [row.phone for row in contact.phone_nos])
		self.assertEqual(customer_of(answer["user"]), customer.name)
		self.assertEqual(frappe.db.get_value("User", answer["user"], "mobile_no"), NUMBER_NEW)

	def test_a_name_that_is_no_name_is_refused(self):
		code = self.send(NUMBER_NEW)
		self.assert_refused(MobileLoginError, "full name", NUMBER_NEW, code, full_name="1", client_ip=CLIENT)

	def test_five_wrong_codes_lock_the_number_even_for_the_right_code(self):
		start = time.time()
		code = self.send(NUMBER_KNOWN, now=start)
		wrong = f"{(int(code) + 1) % 10**6:06d}"
		for i in range(4):
			self.assert_refused(
				MobileLoginError,
				f"Wrong code. You can try {4 - i} more times",
				NUMBER_KNOWN,
				wrong,
				client_ip=CLIENT,
				now=start + i,
			)
		self.assert_refused(
			MobileLoginLimitError,
			"locked. Try again in 15 minutes",
			NUMBER_KNOWN,
			wrong,
			client_ip=CLIENT,
			now=start + 5,
		)
		# the right code, while locked
		self.assert_refused(
			MobileLoginLimitError,
			"locked. Try again in 14 minutes",
			NUMBER_KNOWN,
			code,
			client_ip=CLIENT,
			now=start + 65,
		)
		# another number is not locked
		other = self.send(NUMBER_B, now=start + 6)
		self.assert_refused(
			MobileLoginError,
			"Wrong code",
			NUMBER_B,
			f"{(int(other) + 1) % 10**6:06d}",
			client_ip=CLIENT,
			now=start + 7,
		)
		# the lock ends after 15 minutes (by then that code has expired)
		self.assert_refused(
			MobileLoginError, "expired", NUMBER_KNOWN, code, client_ip=CLIENT, now=start + 906
		)
		self.assertFalse(frappe.db.exists("User", {"mobile_no": NUMBER_KNOWN}))

	def test_an_expired_code_is_refused_with_what_to_do(self):
		start = time.time()
		code = self.send(NUMBER_KNOWN, now=start)
		self.assert_refused(
			MobileLoginError,
			"expired. Ask for a new code",
			NUMBER_KNOWN,
			code,
			client_ip=CLIENT,
			now=start + 180,
		)
		# a new code replaces the old one
		newer = self.send(NUMBER_KNOWN, now=start + 200)
		if newer != code:
			self.assert_refused(
				MobileLoginError, "Wrong code", NUMBER_KNOWN, code, client_ip=CLIENT, now=start + 201
			)

	def test_a_code_that_is_not_six_digits_is_not_counted(self):
		start = time.time()
		self.send(NUMBER_KNOWN, now=start)
		for _ in range(6):
			self.assert_refused(
				MobileLoginError, "Type the 6-digit code", NUMBER_KNOWN, "12", client_ip=CLIENT, now=start
			)
		self.assertIsNone(mobile_login.read_state("failures", e164(NUMBER_KNOWN)))

	def test_many_wrong_codes_from_one_client_refuse_that_client(self):
		start = time.time()
		numbers = [f"093555011{i:02d}" for i in range(8)]
		typed = 0
		for number in numbers:  # four wrong codes a number: none of them is locked
			code = self.send(number, now=start)
			for _ in range(4):
				if typed == 30:
					break
				wrong = f"{(int(code) + 1) % 10**6:06d}"
				self.assert_refused(
					MobileLoginError, "Wrong code", number, wrong, client_ip=CLIENT, now=start
				)
				typed += 1
		self.assert_refused(
			MobileLoginLimitError,
			"wrong codes were typed from your network",
			numbers[-1],
			f"{(int(code) + 1) % 10**6:06d}",
			client_ip=CLIENT,
			now=start,
		)
		# another client may still try
		self.assert_refused(
			MobileLoginError,
			"Wrong code",
			numbers[-1],
			f"{(int(code) + 1) % 10**6:06d}",
			client_ip=OTHER_CLIENT,
			now=start,
		)

	def test_staff_agency_and_disabled_accounts_are_refused_with_the_right_code(self):
		for number, pattern in (
			(NUMBER_STAFF, "staff, agency or technician account"),
			(NUMBER_AGENCY, "staff, agency or technician account"),
			(NUMBER_OFF, "disabled"),
		):
			code = self.send(number)
			self.assert_refused(MobileLoginRefusedError, pattern, number, code, client_ip=CLIENT)
		self.assertNotIn("Customer", frappe.get_roles(STAFF))
		# over HTTP: no session
		mobile_login.forget_state("sends", e164(NUMBER_STAFF))
		response = self.verify_http(NUMBER_STAFF, self.send(NUMBER_STAFF))
		self.assertEqual(response.status_code, 401, response.get_data(as_text=True))
		self.assertIsNone(session_of(response))

	def test_two_customers_never_see_each_others_account(self):
		code_a = self.send(NUMBER_KNOWN)
		code_b = self.send(NUMBER_B)
		if code_a != code_b:  # one number's code opens no other number
			self.assert_refused(MobileLoginError, "Wrong code", NUMBER_B, code_a, client_ip=CLIENT)
		a = self.verify_http(NUMBER_KNOWN, code_a)
		b = self.verify_http(NUMBER_B, code_b)
		user_a, user_b = a.json["message"]["user"], b.json["message"]["user"]
		self.assertNotEqual(user_a, user_b)
		self.assertEqual((customer_of(user_a), customer_of(user_b)), (self.known, self.other))
		self.assertEqual((logged_user(session_of(a)), logged_user(session_of(b))), (user_a, user_b))

	# --- the page -------------------------------------------------------------------------------

	def test_the_login_page_offers_both_logins_and_goes_back_to_local_paths_only(self):
		frappe.db.commit()  # nosemgrep: the gateway and customers, for the requests
		for target in ("https://evil.example/", "//evil.example/"):
			page = call_guest("GET", "/service/login?redirect-to=" + target, headers={"Accept": "text/html"})
			html = page.get_data(as_text=True)
			self.assertEqual(page.status_code, 200, html[:500])
			self.assertIn('id="za-mobile-form"', html)
			self.assertIn('autocomplete="one-time-code"', html)
			self.assertIn('href="/login?redirect-to=%2Fservice"', html)  # Log in with email
			self.assertNotIn("evil.example", html)
		page = call_guest(
			"GET", "/service/login?redirect-to=/service/devices", headers={"Accept": "text/html"}
		)
		self.assertIn('href="/login?redirect-to=%2Fservice%2Fdevices"', page.get_data(as_text=True))

		# a customer already logged in goes on at once
		sid = session_of(self.verify_http(NUMBER_KNOWN, self.send(NUMBER_KNOWN)))
		page = call_guest(
			"GET",
			"/service/login?redirect-to=/service/devices",
			headers={"Accept": "text/html", "Cookie": f"sid={sid}"},
		)
		self.assertEqual(page.status_code, 302, page.get_data(as_text=True)[:500])
		self.assertTrue(page.headers["Location"].endswith("/service/devices"), page.headers["Location"])

	# --- who is whose customer ------------------------------------------------------------------

	def test_customer_of_follows_the_contact_then_the_portal_users(self):
		user = make_user("zt.otp.portal@example.com")  # rolled back with the test
		self.assertIsNone(customer_of(user))
		self.assertIsNone(customer_of("Guest"))
		# ERPNext's Customer > Portal Users
		customer = frappe.get_doc("Customer", self.other)
		customer.append("portal_users", {"user": user})
		customer.save(ignore_permissions=True)
		self.assertEqual(customer_of(user), self.other)
		# a Contact whose user they are comes first
		contact = frappe.db.get_value("Customer", self.known, "customer_primary_contact")
		frappe.db.set_value("Contact", contact, "user", user)
		self.assertEqual(customer_of(user), self.known)
		# a disabled customer is nobody's
		frappe.db.set_value("Customer", self.known, "disabled", 1)
		self.assertEqual(customer_of(user), self.other)
