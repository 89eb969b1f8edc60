"""Brute force against every guest endpoint, over HTTP through the site's real WSGI application.

The public ways in that look something up or let someone in: tracking (api/tracking.track, behind
the /track page), warranty verification (api/warranty.verify_warranty and the /warranty page), the
customers' SMS login (api/customer_auth.send_login_code / verify_login_code, behind
/service/login), the technician app's login (api/v1/tech.login) and the SMS webhook
(api/sms.inbound). For each, a thousand guesses from one client are stopped (HTTP 429, or on the
/warranty page the same translated message) long before they could walk the codes; the right
answer sent after the stop is refused as well, until the window passes; another client is not
blocked. A login code is locked after a few wrong tries for its number whichever addresses the
tries come from.

Who the client is: Frappe's own `frappe.local.request_ip` (and its `rate_limit` decorator) takes the
first address of X-Forwarded-For, which any client can write. The app counts by the connection's
address (utils/throttle.client_address; X-Forwarded-For only from proxies the site lists in
`zhira_trusted_proxies`), so every guess below carries a different forged X-Forwarded-For and the
connection's address (REMOTE_ADDR) stays the attacker's. "The window passes" is the counter's end
brought forward (its time to live), not a sleep of ten minutes.
"""

import json
import random
import time

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.agency import technician_app
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import setup_world
from zhira_after_sales.agency.test_technician_api import (
	PASSWORD,
	TECH_USER,
	error_text,
	make_job,
	setup_technicians,
)
from zhira_after_sales.api import sms as sms_api
from zhira_after_sales.customer_care import guest_tracking, mobile_login
from zhira_after_sales.customer_care.mobile_login import EVENT, send_code
from zhira_after_sales.messaging.signing import sign
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.messaging.tests.factories import make_gateway
from zhira_after_sales.service_desk import tracking
from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.rest import call_guest
from zhira_after_sales.tests.test_hostile_input import keep_series
from zhira_after_sales.utils import throttle
from zhira_after_sales.utils.phone import number_variants, parse_iran_phone
from zhira_after_sales.warranty import api as warranty_api

test_ignore = TEST_IGNORE

GUESSES = 1000
ATTACKER, NEIGHBOUR, THIRD = "198.51.100.201", "198.51.100.202", "198.51.100.203"
TRACK = "/api/method/zhira_after_sales.api.tracking.track"
VERIFY_WARRANTY = "/api/method/zhira_after_sales.api.warranty.verify_warranty"
TECH_LOGIN = "/api/method/zhira_after_sales.api.v1.tech.login"
SEND_CODE = "/api/method/zhira_after_sales.api.customer_auth.send_login_code"
VERIFY_CODE = "/api/method/zhira_after_sales.api.customer_auth.verify_login_code"
INBOUND = "/api/method/zhira_after_sales.api.sms.inbound"
JOB_MOBILE = "09125550501"  # the mobile test_technician_api.make_job registers
WARRANTY_SERIAL = "ZTINV-COVERED"  # a carded serial of test_service_invoice.setup_world
WEBHOOK_GATEWAY = "ZT Brute Webhook"
WEBHOOK_SECRET = "zt-brute-force-webhook-secret-32chars"
OTP_PREFIX = "ZT Brute OTP"
OTP_NUMBER, OTP_OTHER = "09355600001", "09355600002"
CODE_LINE_END = "#"  # the login SMS ends "@host #123456"
BUCKETS = ("track", "warranty-verify", "tech-login", "sms-inbound")

rng = random.Random(1405)
FORGED: set[str] = set()  # Frappe keeps failed logins per request_ip (the forged address): removed after


def forged() -> dict:
	"""A made-up X-Forwarded-For, different each time: it must not change who the client is."""
	address = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.7"
	FORGED.add(address)
	return {"X-Forwarded-For": address}


def from_address(address: str, method: str, path: str, **kwargs):
	headers = {**forged(), "Accept-Language": "en", **kwargs.pop("headers", {})}
	return call_guest(method, path, headers=headers, environ_base={"REMOTE_ADDR": address}, **kwargs)


def window_passes(key: str):
	"""The counter `key` reaches the end of its window now (Redis drops it, as it would later)."""
	frappe.cache.pexpire(key, 1)
	time.sleep(0.01)


def random_tracking_code() -> str:
	return tracking.generate(rng.randrange)


def server_message(response) -> str:
	return error_text(response) or (response.json or {}).get("exception", "")


class BruteForceCase(FrappeTestCase):
	def assert_stopped(self, statuses: list[int], limit: int, answered: set[int]):
		"""The first `limit` guesses are answered (with a status in `answered`), every later one is
		a 429: of GUESSES tries at most `limit` were ever looked at."""
		self.assertEqual(len(statuses), GUESSES)
		self.assertTrue(set(statuses[:limit]) <= answered, statuses[:limit])
		self.assertEqual(set(statuses[limit:]), {429}, f"after {limit} guesses: {set(statuses[limit:])}")

	def assert_says_when(self, response, pattern: str, window: int):
		"""A 429 whose message says, in minutes, when to try again (never more than the window)."""
		self.assertEqual(response.status_code, 429, response.get_data(as_text=True)[:500])
		message = server_message(response)
		self.assertRegex(message, pattern)
		minutes = int(next(word for word in message.split() if word.isdigit()))
		self.assertTrue(1 <= minutes <= -(-window // 60), message)


class TestGuestLookups(BruteForceCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()
		cls.t = setup_technicians(cls.w)
		cls.job = make_job(cls.w, cls.t)
		cls.code = frappe.db.get_value("Service Reception", cls.job, "tracking_code")
		cls.card = frappe.db.get_value("Warranty Card", {"serial_no": WARRANTY_SERIAL}, "name")
		make_gateway(WEBHOOK_GATEWAY, "IPPanel/FarazSMS", webhook_secret=WEBHOOK_SECRET, receive_inbound=0)
		frappe.db.commit()  # nosemgrep: the HTTP requests run in their own transaction

	@classmethod
	def tearDownClass(cls):
		series = keep_series([cls.job])  # the reception's name is not given to another test's
		frappe.delete_doc("Service Reception", cls.job, force=True, ignore_permissions=True)
		series()
		frappe.db.delete("SMS Message", {"gateway": WEBHOOK_GATEWAY})
		frappe.db.delete("SMS Gateway", {"name": WEBHOOK_GATEWAY})
		frappe.db.delete("__Auth", {"doctype": "SMS Gateway", "name": WEBHOOK_GATEWAY})
		frappe.db.commit()  # nosemgrep: remove what the setup committed
		super().tearDownClass()

	def setUp(self):
		self.forget_counters()
		self.addCleanup(self.forget_counters)

	def forget_counters(self):
		for bucket in BUCKETS:
			frappe.cache.delete_keys(f"zhira:throttle:{bucket}:")
		frappe.cache.delete_keys("zhira:throttle:track-code-failures:")
		for address in FORGED:
			frappe.cache.hdel("login_failed_count", address)
			frappe.cache.hdel("login_failed_time", address)
		FORGED.clear()

	# --- tracking ------------------------------------------------------------------------------

	def track(self, address: str, code: str, mobile: str = JOB_MOBILE):
		return from_address(address, "POST", TRACK, json={"tracking_code": code, "mobile": mobile})

	def test_tracking_codes_cannot_be_walked(self):
		statuses = [self.track(ATTACKER, random_tracking_code()).status_code for _ in range(GUESSES)]
		self.assert_stopped(statuses, guest_tracking.TRACK_LIMIT, {404})

		stopped = self.track(ATTACKER, self.code)  # the right pair, once stopped
		self.assert_says_when(stopped, r"Too many checks from your address", guest_tracking.TRACK_WINDOW)
		self.assertNotIn(self.code, stopped.get_data(as_text=True))

		neighbour = self.track(NEIGHBOUR, self.code)
		self.assertEqual(neighbour.status_code, 200, neighbour.get_data(as_text=True)[:500])
		self.assertEqual(neighbour.json["message"]["tracking_code"], self.code)

		window_passes(throttle.cache_key("track", ATTACKER))
		self.assertEqual(self.track(ATTACKER, self.code).status_code, 200)

	def test_a_tracking_code_tried_with_wrong_mobiles_is_locked_from_every_address(self):
		wrong_mobiles = [f"0912555{n:04d}" for n in range(guest_tracking.CODE_FAILURES)]
		for n, mobile in enumerate(wrong_mobiles):
			self.assertEqual(self.track(f"198.51.100.{10 + n}", self.code, mobile).status_code, 404)
		locked = self.track(THIRD, self.code)  # the right mobile, from an address not used yet
		self.assert_says_when(
			locked, r"Too many wrong tries for this tracking code", guest_tracking.CODE_LOCK
		)

	def test_a_tracking_code_too_long_to_exist_is_not_looked_up_or_counted(self):
		huge = "1" * 1_000_000
		response = self.track(ATTACKER, huge)
		self.assertEqual(response.status_code, 404, response.get_data(as_text=True)[:300])
		self.assertEqual(frappe.cache.get(guest_tracking.failures_key(tracking.normalize(huge))), None)

	# --- warranty ------------------------------------------------------------------------------

	def verify(self, address: str, serial: str, card: str | None = None):
		query = {"serial_no": serial, **({"card_no": card} if card else {})}
		return from_address(address, "GET", VERIFY_WARRANTY, query_string=query)

	def test_serial_numbers_cannot_be_walked_through_the_api_or_the_page(self):
		statuses = [
			self.verify(ATTACKER, f"ZTBF-{rng.randrange(10**8):08d}").status_code for _ in range(GUESSES)
		]
		self.assert_stopped(statuses, warranty_api.VERIFY_LIMIT, {200})

		stopped = self.verify(ATTACKER, WARRANTY_SERIAL, self.card)
		self.assert_says_when(stopped, r"Too many checks from your address", warranty_api.VERIFY_WINDOW)
		self.assertNotIn(self.card, stopped.get_data(as_text=True))
		page = from_address(ATTACKER, "GET", f"/warranty?serial={WARRANTY_SERIAL}&card={self.card}")
		html = page.get_data(as_text=True)
		self.assertIn("Too many checks from your address", html)
		self.assertNotIn("warranty-result", html)

		neighbour = self.verify(NEIGHBOUR, WARRANTY_SERIAL, self.card)
		self.assertEqual(neighbour.status_code, 200)
		self.assertEqual([row["card_no"] for row in neighbour.json["message"]], [self.card])

		window_passes(throttle.cache_key("warranty-verify", ATTACKER))
		self.assertEqual(self.verify(ATTACKER, WARRANTY_SERIAL, self.card).status_code, 200)

	# --- technician login ----------------------------------------------------------------------

	def login(self, address: str, usr: str, pwd: str):
		return from_address(address, "POST", TECH_LOGIN, json={"usr": usr, "pwd": pwd})

	def test_one_address_cannot_try_passwords_across_usernames(self):
		statuses = [
			self.login(ATTACKER, f"zt.brute.{n}@example.com", f"guess-{n}").status_code
			for n in range(GUESSES)
		]
		self.assert_stopped(statuses, technician_app.LOGIN_LIMIT_PER_ADDRESS, {401})

		stopped = self.login(ATTACKER, TECH_USER, PASSWORD)
		self.assert_says_when(stopped, r"Too many login attempts", technician_app.LOGIN_WINDOW)
		self.assertNotIn("api_secret", stopped.get_data(as_text=True))

		neighbour = self.login(NEIGHBOUR, TECH_USER, PASSWORD)
		self.assertEqual(neighbour.status_code, 200, neighbour.get_data(as_text=True)[:500])
		self.assertEqual(neighbour.json["message"]["user"], TECH_USER)

		window_passes(throttle.cache_key("tech-login", ATTACKER))
		self.assertEqual(self.login(ATTACKER, TECH_USER, PASSWORD).status_code, 200)

	def test_one_username_cannot_be_guessed_from_many_addresses(self):
		statuses = [
			self.login(f"10.{n // 250}.{n % 250}.9", TECH_USER, f"guess-{n}").status_code
			for n in range(GUESSES)
		]
		self.assert_stopped(statuses, technician_app.LOGIN_LIMIT_PER_USERNAME, {401})

		stopped = self.login(THIRD, TECH_USER, PASSWORD)  # a fresh address, the right password
		self.assert_says_when(stopped, r"Too many login attempts", technician_app.LOGIN_WINDOW)

		window_passes(throttle.cache_key("tech-login", "user:" + TECH_USER))
		self.assertEqual(self.login(THIRD, TECH_USER, PASSWORD).status_code, 200)

	# --- SMS webhook ---------------------------------------------------------------------------

	def push(self, address: str, signed: bool = True):
		body = json.dumps({"messages": [], "deliveries": []}).encode()
		timestamp = int(time.time())
		headers = {"Content-Type": "application/json", "X-Zhira-Timestamp": str(timestamp)}
		headers["X-Zhira-Signature"] = (
			sign(WEBHOOK_SECRET, timestamp, WEBHOOK_GATEWAY, body) if signed else "sha256=" + "0" * 64
		)
		return from_address(
			address,
			"POST",
			f"{INBOUND}?gateway={WEBHOOK_GATEWAY.replace(' ', '%20')}",
			headers=headers,
			data=body,
		)

	def test_the_sms_webhook_counts_the_connection_not_a_forged_header(self):
		statuses = [self.push(ATTACKER, signed=False).status_code for _ in range(GUESSES)]
		self.assert_stopped(statuses, sms_api.WEBHOOK_LIMIT, {401})

		stopped = self.push(ATTACKER)  # rightly signed, once stopped
		self.assert_says_when(stopped, r"Too many checks from your address", sms_api.WEBHOOK_WINDOW)

		self.assertEqual(self.push(NEIGHBOUR).status_code, 200)
		window_passes(throttle.cache_key("sms-inbound", ATTACKER))
		self.assertEqual(self.push(ATTACKER).status_code, 200)


class TestLoginCodes(BruteForceCase, SMSTestCase):
	"""The customers' SMS login code: six digits, so a few wrong tries per number and per address."""

	def setUp(self):
		super().setUp()
		self.numbers = [OTP_NUMBER, OTP_OTHER] + [f"0935561{n:04d}" for n in range(GUESSES)]
		self.addresses = {ATTACKER, NEIGHBOUR, THIRD} | {self.botnet(n) for n in range(GUESSES)}
		self.forget()
		self.addCleanup(self.forget)
		frappe.db.commit()  # nosemgrep: the gateway, for the HTTP requests

	@staticmethod
	def botnet(n: int) -> str:
		return f"10.{n // 250}.{n % 250}.77"

	def forget(self):
		"""The Redis state of the test's numbers and addresses, and the accounts a login made."""
		for number in self.numbers:
			e164 = parse_iran_phone(number).e164
			for kind in ("code", "sends", "failures", "lock"):
				mobile_login.forget_state(kind, e164)
		for address in self.addresses:
			for kind in ("client-sends", "client-wrong"):
				mobile_login.forget_state(kind, address)
		variants = [v for number in (OTP_NUMBER, OTP_OTHER) for v in number_variants(number)]
		users = frappe.get_all("User", {"mobile_no": ("in", variants)}, pluck="name")
		customers = frappe.get_all("Customer", {"customer_name": ("like", f"{OTP_PREFIX}%")}, pluck="name")
		# (never `("in", users or [""])`: that also matches every Contact whose user is "")
		contacts = frappe.get_all("Contact", {"user": ("in", users)}, pluck="name") if users else []
		for contact in contacts:
			frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
		for customer in customers:
			frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)
		for user in users:
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: undo what the requests committed

	def sent_code(self, number: str, address: str = THIRD) -> str:
		"""A code sent to `number` (asked from `address`), read from the stored SMS."""
		self.assertTrue(send_code(number, address)["sent"])
		body = frappe.get_all(
			"SMS Message",
			{"to": parse_iran_phone(number).e164, "event": EVENT, "creation": (">=", self.started)},
			pluck="body",
			order_by="creation desc",
			limit=1,
		)[0]
		frappe.db.commit()  # nosemgrep: the request checks the code stored in Redis and the SMS
		return body.rsplit(CODE_LINE_END, 1)[1].strip()

	def verify(self, address: str, number: str, code: str):
		data = {"mobile": number, "code": code, "full_name": f"{OTP_PREFIX} مشتری"}
		return from_address(address, "POST", VERIFY_CODE, data=data)

	@staticmethod
	def wrong(code: str, n: int) -> str:
		guess = f"{(int(code) + 1 + n) % 10**6:06d}"
		return guess

	def test_a_login_code_locks_after_a_few_wrong_tries_from_any_addresses(self):
		limits = mobile_login.current_limits()
		code = self.sent_code(OTP_NUMBER)
		statuses = [
			self.verify(self.botnet(n), OTP_NUMBER, self.wrong(code, n)).status_code for n in range(GUESSES)
		]
		# the first wrong codes are told so (417), the one that locks and every later one get 429
		self.assert_stopped(statuses, limits.wrong_codes - 1, {417})

		stopped = self.verify(NEIGHBOUR, OTP_NUMBER, code)  # the right code, from an address not used yet
		self.assertEqual(stopped.status_code, 429)
		self.assertRegex(
			server_message(stopped), r"Too many wrong codes: this number is locked. Try again in"
		)
		self.assertIsNone(frappe.db.get_value("User", {"mobile_no": ("in", number_variants(OTP_NUMBER))}))

		# another number is not locked, even typed from the addresses that guessed
		other = self.sent_code(OTP_OTHER)
		self.assertEqual(self.verify(self.botnet(0), OTP_OTHER, other).json["message"]["logged_in"], True)

		# the lock is stored for as long as it lasts; when it has passed, the right code logs in
		key = mobile_login.state_key("failures", parse_iran_phone(OTP_NUMBER).e164)
		self.assertTrue(0 < frappe.cache.ttl(key) <= limits.lock_seconds)
		window_passes(key)
		answer = self.verify(NEIGHBOUR, OTP_NUMBER, code)
		self.assertEqual(answer.status_code, 200, answer.get_data(as_text=True)[:500])
		self.assertTrue(answer.json["message"]["logged_in"])

	def test_one_address_cannot_guess_codes_across_numbers(self):
		limits = mobile_login.current_limits()
		numbers = self.numbers[2:]
		# codes for enough numbers that the address runs out before any number locks
		per_number = limits.wrong_codes - 1
		targets = numbers[: -(-limits.wrong_codes_per_client // per_number) + 1]
		self.assertLessEqual(len(targets), limits.codes_per_client)
		codes = {number: self.sent_code(number) for number in targets}
		statuses = []
		for n in range(GUESSES):
			number = targets[(n // per_number) % len(targets)]
			statuses.append(self.verify(ATTACKER, number, self.wrong(codes[number], n)).status_code)
		self.assert_stopped(statuses, limits.wrong_codes_per_client, {417})
		stopped = self.verify(ATTACKER, targets[-1], codes[targets[-1]])
		self.assertEqual(stopped.status_code, 429)
		self.assertRegex(server_message(stopped), r"Too many wrong codes were typed from your network")
		self.assertEqual(self.verify(NEIGHBOUR, targets[-1], codes[targets[-1]]).status_code, 200)

	def test_one_address_cannot_send_codes_to_every_number(self):
		limits = mobile_login.current_limits()
		numbers = self.numbers[2:]
		statuses = [
			from_address(ATTACKER, "POST", SEND_CODE, data={"mobile": m}).status_code for m in numbers
		]
		self.assert_stopped(statuses, limits.codes_per_client, {200})
		stopped = from_address(ATTACKER, "POST", SEND_CODE, data={"mobile": OTP_NUMBER})
		self.assertEqual(stopped.status_code, 429)
		self.assertRegex(server_message(stopped), r"Too many codes were asked for from your network")
		neighbour = from_address(NEIGHBOUR, "POST", SEND_CODE, data={"mobile": OTP_NUMBER})
		self.assertEqual(neighbour.status_code, 200, neighbour.get_data(as_text=True)[:500])
		self.assertTrue(neighbour.json["message"]["sent"])
