# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Races through the site's real WSGI application: two requests released at the same moment
(a threading.Barrier), each in its own thread with its own database connection, as two people
pressing the same button at once would send them.

- two portal users of the referred agency accepting the same referral; one accepting while the
  other declines;
- two managers approving the same Service Invoice; one approving while the other rejects;
- a provider pushing the same inbound SMS twice (two signed requests, one message id) at once.

Exactly one wins; the other gets the app's own refusal in the user's language (Persian here),
never a lock error, a timestamp mismatch or a 500; what the winner did is done once (one
acceptance in the status log, one set of ERPNext postings, one stored SMS and one reply).

The requests only see committed rows, so every fixture is committed. The fixtures are idempotent
and what each test races on (a reception, an invoice, a message id) is new on every run, as the
suite runs many times on one site; the records stay, like those of the other REST tests."""

import json
import time
from threading import Barrier, Thread
from unittest.mock import patch
from urllib.parse import quote

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_test_client

from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	MANAGER,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import (
	stock_up,
	to_in_progress,
)
from zhira_after_sales.messaging.signing import sign
from zhira_after_sales.messaging.tests.case import EnqueueRecorder
from zhira_after_sales.messaging.tests.factories import make_gateway
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_user
from zhira_after_sales.tests.rest import api_credentials

test_ignore = TEST_IGNORE

REFERRED, ACCEPTED, REGISTERED, IN_PROGRESS = "ارجاع شده", "پذیرفته شده", "ثبت شده", "در حال انجام"
RACE_AGENCY = "ZT-RACE-AG"
RACE_USERS = ("zt.race.agency.1@example.com", "zt.race.agency.2@example.com")
SECOND_MANAGER = "zt.race.manager.2@example.com"
WEBHOOK_SECRET = "zt-race-webhook-secret-32-chars-long"
TECH_MOBILE = "+989390000401"  # the technician of setup_world()
REQUEST_TIMEOUT = 60  # seconds a request may take before the test calls it hung (a deadlock)


# --- two requests at once ---------------------------------------------------------------------------


class _Request(Thread):
	"""One HTTP request through the site's WSGI application, sent when every request is ready."""

	def __init__(self, barrier: Barrier, method: str, path: str, headers: dict, **kwargs):
		super().__init__(daemon=True)
		self.barrier = barrier
		self.method, self.path, self.headers, self.kwargs = method, path, headers, kwargs
		self.response = None
		self.error = None

	def run(self):
		client = get_test_client(use_cookies=False)
		try:
			self.barrier.wait(REQUEST_TIMEOUT)
			self.response = client.open(self.path, method=self.method, headers=self.headers, **self.kwargs)
		except BaseException as e:
			self.error = e


def at_once(*requests: tuple[str, str, dict, dict]) -> list:
	"""Send (method, path, headers, kwargs) requests released together; returns their responses.
	Commits first (the requests see only committed rows) and starts a fresh snapshot after."""
	frappe.db.commit()  # nosemgrep: the request threads must see the fixtures
	barrier = Barrier(len(requests))
	threads = [
		_Request(barrier, method, path, headers, **kwargs) for method, path, headers, kwargs in requests
	]
	# patched once around all of them: a patch per thread would be undone out of order
	with patch("frappe.app.get_site_name", return_value=frappe.local.site):
		for thread in threads:
			thread.start()
		deadline = time.monotonic() + REQUEST_TIMEOUT
		for thread in threads:
			thread.join(max(0.1, deadline - time.monotonic()))
	hung = [thread.path for thread in threads if thread.is_alive()]
	if hung:
		raise AssertionError(f"requests still running after {REQUEST_TIMEOUT}s (deadlocked?): {hung}")
	for thread in threads:
		if thread.error:
			raise thread.error
	frappe.db.rollback()  # a fresh snapshot: see what the requests committed
	return [thread.response for thread in threads]


def as_user(user: str) -> dict:
	# Frappe picks a request's language before it reads the API key: from Accept-Language
	return {"Authorization": api_credentials(user), "Accept": "application/json", "Accept-Language": "fa"}


def post(user: str, method: str, **data) -> tuple[str, str, dict, dict]:
	return ("POST", f"/api/method/{method}", as_user(user), {"data": data})


def message_of(response) -> str:
	"""What the user is shown: the server messages of a refusal, else the exception's own text (a
	PermissionError raised without frappe.throw: "module.ErrorClass: text")."""
	body = response.json if response.is_json else {}
	messages = [json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages") or "[]")]
	if messages:
		return " ".join(messages)
	if body.get("exception"):
		return body["exception"].split(": ", 1)[-1]
	return response.get_data(as_text=True)[:500]


def in_persian(text: str, *args) -> str:
	"""The app's message `text` as a Persian-speaking user reads it."""
	previous = frappe.local.lang
	frappe.local.lang = "fa"
	try:
		return frappe._(text).format(*args)
	finally:
		frappe.local.lang = previous


class RaceTestCase(FrappeTestCase):
	def setUp(self):
		# the jobs the requests enqueue (SMS to send) are recorded, not pushed to a worker's queue
		patcher = patch("frappe.enqueue", EnqueueRecorder())
		patcher.start()
		self.addCleanup(patcher.stop)

	def assert_one_winner(self, responses, refused_status: int = 417):
		"""One 200 and one refusal; returns (winner index, refused response)."""
		codes = [r.status_code for r in responses]
		details = [message_of(r) for r in responses]
		self.assertEqual(sorted(codes), sorted([200, refused_status]), details)
		winner = codes.index(200)
		return winner, responses[1 - winner]


# --- 1. a referral answered twice at once ---------------------------------------------------------


class TestReferralRace(RaceTestCase):
	"""A referral is offered to one agency; any of its portal users answers for it."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()
		for user in RACE_USERS:
			make_user(user)
		make_agency(RACE_AGENCY, "نمایندگی رقابت", users=RACE_USERS)
		frappe.db.commit()  # nosemgrep: the request threads must see these

	def referral(self):
		doc = frappe.get_doc("Service Reception", make_reception(self.w, agency=RACE_AGENCY))
		self.assertEqual((doc.status, doc.service_agency), (REFERRED, RACE_AGENCY))
		return doc

	def statuses(self, name) -> list[str]:
		return [row.status for row in frappe.get_doc("Service Reception", name).status_log]

	def test_two_users_accepting_at_once_one_accepts_the_other_is_told_it_is_accepted(self):
		reception = self.referral()
		responses = at_once(
			*(
				post(user, "zhira_after_sales.api.agency.accept_referral", reception=reception.name)
				for user in RACE_USERS
			)
		)
		winner, refused = self.assert_one_winner(responses)
		self.assertEqual(
			message_of(refused), in_persian("Reception {0} is already accepted.", reception.tracking_code)
		)
		doc = frappe.get_doc("Service Reception", reception.name)
		self.assertEqual((doc.status, doc.accepted_by), (ACCEPTED, RACE_USERS[winner]))
		self.assertEqual(doc.referrals[-1].accepted_by, RACE_USERS[winner])
		self.assertEqual(self.statuses(reception.name).count(ACCEPTED), 1)

	def test_accept_and_decline_at_once_end_as_one_of_them_first(self):
		reception = self.referral()
		reason = "تکنسین این مدل در مرخصی است"
		accepting, declining = RACE_USERS
		responses = at_once(
			post(accepting, "zhira_after_sales.api.agency.accept_referral", reception=reception.name),
			post(
				declining,
				"zhira_after_sales.api.agency.decline_referral",
				reception=reception.name,
				reason=reason,
			),
		)
		accepted, declined = responses
		doc = frappe.get_doc("Service Reception", reception.name)
		log = self.statuses(reception.name)
		# the decline always goes through: an accepted referral may still be handed back
		self.assertEqual(declined.status_code, 200, message_of(declined))
		self.assertEqual((doc.status, doc.service_agency, doc.decline_reason), (REGISTERED, None, reason))
		self.assertFalse(doc.accepted_on)
		if accepted.status_code == 200:
			# accepted first, then declined: both in the log, in that order
			self.assertEqual(log[-2:], [ACCEPTED, REGISTERED])
		else:
			# declined first: the reception is no longer the agency's to accept
			self.assertEqual(accepted.status_code, 403, message_of(accepted))
			self.assertEqual(
				message_of(accepted),
				in_persian("Reception {0} is not referred to you.", reception.tracking_code),
			)
			self.assertNotIn(ACCEPTED, log)


# --- 2. a Service Invoice approved twice at once --------------------------------------------------


class TestApprovalRace(RaceTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = setup_world()
		w.warehouse = frappe.db.get_value("Service Agency", w.agency_a, "consignment_warehouse")
		make_user(SECOND_MANAGER, roles=("After Sales Manager",))
		frappe.db.commit()  # nosemgrep: the request threads must see these

	def pending_invoice(self):
		"""A submitted invoice with wages (a Purchase Invoice) and a warranty part (a Stock Entry)."""
		w = self.w
		stock_up(w.pump, w.warehouse, 1)
		reception = make_reception(w, devices=[w.covered])
		to_in_progress(reception)
		invoice = new_invoice(
			reception,
			w.covered,
			technician=w.technician,
			parts=[{"item": w.pump, "qty": 1, "coverage": "Warranty"}],
		)
		invoice.insert(ignore_permissions=True)
		invoice.submit()
		self.assertEqual(invoice.approval_status, "Pending")
		self.gl_before = frappe.db.count("GL Entry")
		self.sle_before = frappe.db.count("Stock Ledger Entry")
		return invoice.name

	def postings(self, name) -> dict:
		"""The ERPNext documents and ledger rows posted for invoice `name`, and every ledger row
		posted on the site since the invoice was made (nothing else runs on a test site)."""
		like = f"%{name}%"
		vouchers = {
			"Purchase Invoice": frappe.get_all(
				"Purchase Invoice", {"bill_no": name, "docstatus": 1}, pluck="name"
			),
			"Stock Entry": frappe.get_all(
				"Stock Entry", {"remarks": ("like", like), "docstatus": 1}, pluck="name"
			),
			"Sales Invoice": frappe.get_all(
				"Sales Invoice", {"remarks": ("like", like), "docstatus": 1}, pluck="name"
			),
		}
		vouchers["Journal Entry"] = frappe.get_all(
			"Journal Entry Account",
			{"reference_name": ("in", vouchers["Purchase Invoice"] or [""]), "docstatus": 1},
			pluck="parent",
			distinct=True,
		)
		voucher_names = [v for names in vouchers.values() for v in names] or [""]
		return {
			**{doctype: len(names) for doctype, names in vouchers.items()},
			"GL Entry": frappe.db.count("GL Entry", {"voucher_no": ("in", voucher_names), "is_cancelled": 0}),
			"GL Entry on the site": frappe.db.count("GL Entry") - self.gl_before,
			"Stock Ledger Entry on the site": frappe.db.count("Stock Ledger Entry") - self.sle_before,
		}

	def assert_posted_once(self, name):
		posted = self.postings(name)
		self.assertEqual(
			(posted["Purchase Invoice"], posted["Stock Entry"], posted["Sales Invoice"]), (1, 1, 0), posted
		)
		self.assertGreater(posted["GL Entry"], 0)
		# no ledger row beyond this one approval's
		self.assertEqual(posted["GL Entry on the site"], posted["GL Entry"], posted)
		self.assertEqual(posted["Stock Ledger Entry on the site"], 1, posted)
		invoice = frappe.get_doc("Service Invoice", name)
		self.assertEqual(
			frappe.db.count(
				"Comment",
				{"reference_doctype": "Service Invoice", "reference_name": name, "comment_type": "Workflow"},
			),
			1,
		)
		return invoice

	def test_two_managers_approving_at_once_post_once_and_the_second_is_told(self):
		name = self.pending_invoice()
		managers = (MANAGER, SECOND_MANAGER)
		responses = at_once(
			*(
				post(user, "zhira_after_sales.api.invoice.approve_service_invoice", name=name)
				for user in managers
			)
		)
		winner, refused = self.assert_one_winner(responses)
		self.assertEqual(
			message_of(refused),
			in_persian("Service Invoice {0} is already {1}.", frappe.bold(name), in_persian("Approved")),
		)
		invoice = self.assert_posted_once(name)
		self.assertEqual((invoice.approval_status, invoice.approved_by), ("Approved", managers[winner]))
		self.assertEqual(responses[winner].json["message"]["purchase_invoice"], invoice.purchase_invoice)

	def test_approve_and_reject_at_once_one_decision_stands(self):
		name = self.pending_invoice()
		responses = at_once(
			post(MANAGER, "zhira_after_sales.api.invoice.approve_service_invoice", name=name),
			post(
				SECOND_MANAGER,
				"zhira_after_sales.api.invoice.reject_service_invoice",
				name=name,
				reason="عکس پلاک سریال خوانا نیست",
			),
		)
		winner, refused = self.assert_one_winner(responses)
		decided = ("Approved", "Rejected")[winner]
		self.assertEqual(
			message_of(refused),
			in_persian("Service Invoice {0} is already {1}.", frappe.bold(name), in_persian(decided)),
		)
		invoice = frappe.get_doc("Service Invoice", name)
		self.assertEqual(invoice.approval_status, decided)
		if decided == "Approved":
			self.assert_posted_once(name)
		else:
			posted = self.postings(name)
			self.assertEqual((posted["Purchase Invoice"], posted["Stock Entry"]), (0, 0), posted)
			self.assertEqual(posted["GL Entry on the site"], 0, posted)


# --- 3. one inbound SMS pushed twice at once ----------------------------------------------------------


class TestInboundSmsRace(RaceTestCase):
	"""The provider pushes the same message twice (a retry after a slow answer): two requests
	signed apart, one message id. It is stored once and acted on once."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()
		cls.saved_settings = frappe.db.get_value(
			"After Sales Settings", None, ["sms_enabled", "sms_language"], as_dict=True
		)
		frappe.db.set_single_value("After Sales Settings", {"sms_enabled": 1, "sms_language": "en"})
		cls.gateway = make_gateway(
			f"ZT Race Webhook {frappe.generate_hash(length=6)}",
			"IPPanel/FarazSMS",
			webhook_secret=WEBHOOK_SECRET,
			receive_inbound=0,
		)
		frappe.db.commit()  # nosemgrep: the request threads must see these

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		inbound = frappe.get_all("SMS Message", {"gateway": cls.gateway}, pluck="name")
		if inbound:
			frappe.db.delete("SMS Message", {"in_reply_to": ("in", inbound)})  # the replies
		frappe.db.delete("SMS Message", {"gateway": cls.gateway})
		frappe.db.delete("SMS Gateway", cls.gateway)
		frappe.db.delete("__Auth", {"doctype": "SMS Gateway", "name": cls.gateway})
		frappe.db.set_single_value("After Sales Settings", cls.saved_settings)
		frappe.db.commit()  # nosemgrep: remove what the setup and the requests committed
		super().tearDownClass()

	def push(self, body: bytes, timestamp: int):
		headers = {
			"Content-Type": "application/json",
			"Accept": "application/json",
			"X-Zhira-Timestamp": str(timestamp),
			"X-Zhira-Signature": sign(WEBHOOK_SECRET, timestamp, self.gateway, body),
		}
		path = f"/api/method/zhira_after_sales.api.sms.inbound?gateway={quote(self.gateway)}"
		return ("POST", path, headers, {"data": body})

	def test_the_same_message_pushed_twice_at_once_is_stored_and_obeyed_once(self):
		reception = frappe.get_doc("Service Reception", make_reception(self.w))
		self.assertEqual((reception.status, reception.technician), (REFERRED, self.w.technician))
		message_id = f"race-{frappe.generate_hash(length=10)}"
		text = f"{reception.tracking_code} 2"  # the technician moves the job to "in progress"
		body = json.dumps({"messages": [{"id": message_id, "from": TECH_MOBILE, "text": text}]}).encode()
		now = int(time.time())
		responses = at_once(self.push(body, now), self.push(body, now + 1))

		for response in responses:
			self.assertEqual(response.status_code, 200, message_of(response))
		answers = sorted((r.json["message"]["stored"], r.json["message"]["duplicates"]) for r in responses)
		self.assertEqual(answers, [(0, 1), (1, 0)])
		[stored] = frappe.get_all(
			"SMS Message",
			{"gateway": self.gateway, "direction": "In", "provider_message_id": message_id},
			["name", "status"],
		)
		self.assertEqual(stored.status, "Processed")
		self.assertEqual(frappe.db.count("SMS Message", {"in_reply_to": stored.name}), 1)  # one reply
		log = frappe.get_doc("Service Reception", reception.name).status_log
		self.assertEqual([(row.status, row.source) for row in log].count((IN_PROGRESS, "sms")), 1)
		self.assertEqual(frappe.db.get_value("Service Reception", reception.name, "status"), IN_PROGRESS)
