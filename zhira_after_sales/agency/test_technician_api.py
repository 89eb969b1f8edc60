# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The technician app's API (zhira_after_sales.api.v1.tech) over HTTP with real tokens, through
Frappe's WSGI application: login, jobs and a job narrowed to the technician, status changes taken
on the phone (the phone's time logged beside the server's, once per client id, in order,
conflicts stored and answered again), a work report with a photo from the agency's consignment
stock (a failed one leaves nothing and may be sent again), photo uploads (images of at most 5 MB
only), another technician's and an agency user's tokens, the realtime push of a new job, and the
Digital Asset Links file of the store app."""

import datetime
import io
import json
import time
import uuid
from zoneinfo import ZoneInfo

import frappe
from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, get_datetime, get_system_timezone, now_datetime
from frappe.utils.password import update_password

from zhira_after_sales.agency import technician_app
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import setup_world
from zhira_after_sales.agency.test_agency_portal import PNG
from zhira_after_sales.service_desk import status_service
from zhira_after_sales.tests.factories import TEST_IGNORE, company, make_agency, make_technician, make_user
from zhira_after_sales.tests.rest import _Call, api_credentials, call, call_guest
from zhira_after_sales.utils import throttle

test_ignore = TEST_IGNORE

API = "/api/method/zhira_after_sales.api.v1.tech."
# an agency of these tests' own, so their jobs never crowd another test's agency pages
AGENCY_USER = "zt.tech.agency@example.com"
TECH_USER = "zt.tech.one@example.com"
OTHER_TECH_USER = "zt.tech.two@example.com"
INACTIVE_TECH_USER = "zt.tech.off@example.com"
PASSWORD = "Zt-<b>Tech</b>&4821!"  # what looks like HTML must reach the check as typed
REFERRED, ACCEPTED, IN_PROGRESS, WAITING = "ارجاع شده", "پذیرفته شده", "در حال انجام", "در انتظار قطعه"
DONE, REGISTERED = "انجام شده", "ثبت شده"
WARRANTY_REPAIR = "تعمیر گارانتی"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def error_text(response) -> str:
	"""The translated message(s) of a Frappe JSON error."""
	body = response.json if response.is_json else {}
	messages = json.loads(body.get("_server_messages") or "[]")
	return " ".join(json.loads(m).get("message", "") for m in messages)


def post(endpoint: str, user: str, **kwargs):
	return call("POST", API + endpoint, user, **kwargs)


def get(endpoint: str, user: str, **params):
	return call("GET", API + endpoint, user, query_string=params)


def with_token(method: str, name: str, token: str, **kwargs):
	request = _Call(method, API + name, {"Authorization": token, "Accept": "application/json"}, **kwargs)
	request.start()
	request.join()
	return request.response


def new_id() -> str:
	return str(uuid.uuid4())


def clear_login_counts():
	frappe.cache.delete_keys("zhira:throttle:tech-login")


def setup_technicians(w) -> frappe._dict:
	"""Idempotent: an agency with a portal user, two active technicians and an inactive one, each
	with a password, and pumps on consignment at the agency (`w`: setup_world's models, devices,
	warranty plan and rate)."""
	for user in (AGENCY_USER, TECH_USER, OTHER_TECH_USER, INACTIVE_TECH_USER):
		make_user(user)
	agency = make_agency("ZT-TECH", "نمایندگی برنامه تکنسین", users=(AGENCY_USER,))
	t = frappe._dict(
		agency=agency,
		technician=make_technician(agency, "09390000501", "تکنسین برنامه", user=TECH_USER),
		other=make_technician(agency, "09390000502", "تکنسین دوم", user=OTHER_TECH_USER),
		inactive=make_technician(agency, "09390000503", "تکنسین غیرفعال", user=INACTIVE_TECH_USER),
	)
	inactive = frappe.get_doc("Service Technician", t.inactive)
	if inactive.is_active:
		inactive.is_active = 0
		inactive.save(ignore_permissions=True)
	for user in (AGENCY_USER, TECH_USER, OTHER_TECH_USER, INACTIVE_TECH_USER):
		update_password(user, PASSWORD)
	warehouse = frappe.db.get_value("Service Agency", agency, "consignment_warehouse")
	on_hand = frappe.db.get_value("Bin", {"item_code": w.pump, "warehouse": warehouse}, "actual_qty") or 0
	if on_hand < 20:
		make_stock_entry(item_code=w.pump, qty=20, to_warehouse=warehouse, rate=100, company=company())
	return t


def make_job(w, t, technician=None) -> str:
	"""A reception of the covered heater, referred to the agency and its technician."""
	reception = frappe.get_doc(
		{
			"doctype": "Service Reception",
			"mobile_no": "09125550501",
			"customer": w.customer,
			"customer_name": "مشتری فاکتور",
			"service_agency": t.agency,
			"technician": technician or t.technician,
			"devices": [{"customer_device": w.covered, "service_type": WARRANTY_REPAIR}],
		}
	)
	reception.flags.ignore_permissions = True
	return reception.insert().name


class TechnicianApiTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()
		cls.t = setup_technicians(cls.w)
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction

	def setUp(self):
		clear_login_counts()

	def tearDown(self):
		frappe.set_user("Administrator")
		clear_login_counts()  # the browser tests that follow on the same site log in from 127.0.0.1 too

	def job(self) -> str:
		"""A job of the technician's, committed for the requests."""
		name = make_job(self.w, self.t)
		frappe.db.commit()  # nosemgrep
		return name

	def reception(self, name):
		return frappe.get_doc("Service Reception", name)

	def send_status(self, job, target, expected, client_id=None, user=TECH_USER, **values):
		"""POST status as the phone sends it; `values` add or replace fields of the body."""
		body = {"job": job, "status": target, "expected_status": expected, "client_id": client_id or new_id()}
		return post("status", user, json={**body, **values})


class TestLogin(TechnicianApiTestCase):
	def login(self, usr, pwd=PASSWORD):
		return call_guest("POST", API + "login", json={"usr": usr, "pwd": pwd})

	def test_a_technician_gets_a_token_that_works_and_a_new_login_replaces_its_secret(self):
		response = self.login(TECH_USER)
		self.assertEqual(response.status_code, 200, response.json)
		keys = response.json["message"]
		self.assertEqual(
			(keys["user"], keys["technician"], keys["full_name"]),
			(TECH_USER, self.t.technician, "تکنسین برنامه"),
		)
		token = f"token {keys['api_key']}:{keys['api_secret']}"
		me = with_token("GET", "me", token)
		self.assertEqual(me.status_code, 200, me.json)
		self.assertEqual(me.json["message"]["technician"], self.t.technician)

		again = self.login(TECH_USER).json["message"]
		self.assertEqual(again["api_key"], keys["api_key"])
		self.assertNotEqual(again["api_secret"], keys["api_secret"])
		self.assertEqual(with_token("GET", "me", token).status_code, 401)
		fresh = f"token {again['api_key']}:{again['api_secret']}"
		self.assertEqual(with_token("GET", "me", fresh).status_code, 200)

	def test_a_wrong_password_and_a_non_technician_get_the_same_answer(self):
		wrong = self.login(TECH_USER, "not-the-password")
		agency_user = self.login(AGENCY_USER)
		inactive = self.login(INACTIVE_TECH_USER)
		nobody = self.login("nobody-at-all@example.com")
		for response in (wrong, agency_user, inactive, nobody):
			self.assertEqual(response.status_code, 401, response.get_data(as_text=True))
			self.assertNotIn("api_secret", json.dumps(response.json))
		messages = {error_text(r) for r in (wrong, agency_user, inactive, nobody)}
		self.assertEqual(messages, {"Wrong username or password. Check them and try again."})

	def test_logins_are_limited_per_username(self):
		for _attempt in range(technician_app.LOGIN_LIMIT_PER_USERNAME):
			self.assertEqual(self.login(OTHER_TECH_USER, "wrong").status_code, 401)
		refused = self.login(OTHER_TECH_USER)  # even the right password, until the window passes
		self.assertEqual(refused.status_code, 429, refused.get_data(as_text=True))
		self.assertIn("Too many login attempts", error_text(refused))
		self.assertEqual(self.login(TECH_USER).status_code, 200)  # another username still may

	def test_logins_are_limited_per_address(self):
		crowded, other = "203.0.113.7", "203.0.113.8"
		key = throttle.cache_key("tech-login", crowded)
		frappe.cache.set(key, technician_app.LOGIN_LIMIT_PER_ADDRESS)
		frappe.cache.expire(key, 60)
		refused = call_guest(
			"POST",
			API + "login",
			json={"usr": TECH_USER, "pwd": PASSWORD},
			environ_base={"REMOTE_ADDR": crowded},
		)
		self.assertEqual(refused.status_code, 429, refused.get_data(as_text=True))
		allowed = call_guest(
			"POST",
			API + "login",
			json={"usr": TECH_USER, "pwd": PASSWORD},
			environ_base={"REMOTE_ADDR": other},
		)
		self.assertEqual(allowed.status_code, 200, allowed.get_data(as_text=True))


class TestJobs(TechnicianApiTestCase):
	def test_jobs_lists_own_open_and_recently_closed_newest_referral_first(self):
		older = self.job()
		newer = self.job()
		frappe.db.set_value("Service Reception", older, "referred_on", add_days(now_datetime(), -1))
		closed_long_ago = self.job()
		cancelled = "لغو شده"
		for name in (closed_long_ago,):
			doc = self.reception(name)
			doc.change_status(cancelled, "desk", "test")
		frappe.db.set_value("Service Reception", closed_long_ago, "closed_on", add_days(now_datetime(), -8))
		closed_recently = self.job()
		self.reception(closed_recently).change_status(cancelled, "desk", "test")
		theirs = self.job()
		frappe.db.set_value("Service Reception", theirs, "technician", self.t.other)
		frappe.db.commit()  # nosemgrep

		response = get("jobs", TECH_USER)
		self.assertEqual(response.status_code, 200, response.json)
		body = response.json["message"]
		names = [job["name"] for job in body["jobs"]]
		self.assertIn(older, names)
		self.assertIn(closed_recently, names)
		self.assertNotIn(closed_long_ago, names)
		self.assertNotIn(theirs, names)
		self.assertLess(names.index(newer), names.index(older))
		self.assertTrue(get_datetime(body["server_time"]))
		summary = next(job for job in body["jobs"] if job["name"] == newer)
		self.assertEqual(
			(summary["status"], summary["category"], summary["customer_name"]),
			(REFERRED, "Open", "مشتری فاکتور"),
		)
		self.assertEqual(summary["mobile_no"], frappe.db.get_value("Service Reception", newer, "mobile_no"))
		self.assertRegex(summary["referred_on"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
		device = summary["devices"][0]
		self.assertEqual(
			(device["customer_device"], device["serial_no"], device["service_type"]),
			(self.w.covered, "ZTINV-COVERED", WARRANTY_REPAIR),
		)
		self.assertEqual(device["warranty_status"], "Under Warranty")
		self.assertIn(theirs, [j["name"] for j in get("jobs", OTHER_TECH_USER).json["message"]["jobs"]])

	def test_a_job_has_its_next_statuses_history_and_invoices(self):
		name = self.job()
		response = get("job", TECH_USER, name=name)
		self.assertEqual(response.status_code, 200, response.json)
		job = response.json["message"]
		self.assertEqual(
			job["tracking_code"], frappe.db.get_value("Service Reception", name, "tracking_code")
		)
		offered = {row["name"] for row in job["allowed_next"]}
		self.assertIn(ACCEPTED, offered)
		self.assertNotIn(REGISTERED, offered)  # head office's, not the technician's
		self.assertEqual(job["history"][0]["status"], REFERRED)  # newest first
		self.assertEqual(job["history"][-1]["previous_status"], None)
		self.assertEqual(job["invoices"], [])
		# by tracking code too
		by_code = get("job", TECH_USER, name=job["tracking_code"])
		self.assertEqual(by_code.json["message"]["name"], name)

	def test_another_technicians_job_is_not_found_and_other_users_are_refused(self):
		name = self.job()
		for user, expected in ((OTHER_TECH_USER, 404), (AGENCY_USER, 403)):
			response = get("job", user, name=name)
			self.assertEqual(response.status_code, expected, (user, response.get_data(as_text=True)))
			self.assertNotIn("مشتری فاکتور", response.get_data(as_text=True))
		missing = get("job", OTHER_TECH_USER, name="REC-9999999")
		self.assertEqual(missing.status_code, 404)
		self.assertEqual(
			error_text(missing).replace("REC-9999999", name),
			error_text(get("job", OTHER_TECH_USER, name=name)),
		)
		for endpoint in ("me", "jobs"):
			self.assertEqual(get(endpoint, AGENCY_USER).status_code, 403, endpoint)
		self.assertEqual(call_guest("GET", API + "jobs").status_code, 403)

	def test_me_names_the_technician_the_statuses_and_the_sms_number(self):
		frappe.set_user(TECH_USER)
		technician = technician_app.current_technician()
		me = technician_app.me(technician)
		frappe.set_user("Administrator")
		self.assertEqual((me["agency"], me["agency_name"]), (self.t.agency, "نمایندگی برنامه تکنسین"))
		self.assertIsNone(me["sms_number"])
		self.assertIn(WARRANTY_REPAIR, [row.name for row in me["service_types"]])
		stock = {row["item"]: row["qty"] for row in me["consignment_stock"]}
		self.assertGreaterEqual(stock[self.w.pump], 1)
		statuses = [s["name"] for s in me["statuses"]]
		self.assertEqual(
			statuses,
			frappe.get_all("Service Status", {"is_active": 1}, pluck="name", order_by="sort_order asc"),
		)
		self.assertLess(statuses.index(REFERRED), statuses.index(ACCEPTED))
		self.assertEqual(
			next(s for s in me["statuses"] if s["name"] == IN_PROGRESS)["sms_code"],
			frappe.db.get_value("Service Status", IN_PROGRESS, "sms_code"),
		)
		gateway = frappe.get_doc(
			{
				"doctype": "SMS Gateway",
				"gateway_name": "ZT Tech Inbox",
				"provider": "Kavenegar",
				"sender": "3000 4567",
				"enabled": 1,
				"receive_inbound": 1,
				"api_key": "test-key",
			}
		).insert(ignore_permissions=True)
		try:
			frappe.set_user(TECH_USER)
			self.assertEqual(technician_app.me(technician)["sms_number"], "30004567")
		finally:
			frappe.set_user("Administrator")
			gateway.delete(ignore_permissions=True)


class TestStatus(TechnicianApiTestCase):
	def test_applied_with_the_phones_time_logged_beside_the_servers(self):
		name = self.job()
		client_id = new_id()
		before = now_datetime()
		response = self.send_status(
			name, ACCEPTED, REFERRED, client_id, client_time="2026-01-31T06:00:00.250Z", note="رسیدم"
		)
		self.assertEqual(response.status_code, 200, response.json)
		answer = response.json["message"]
		self.assertEqual((answer["result"], answer["job"]["status"]), ("applied", ACCEPTED))
		self.assertIn(IN_PROGRESS, {s["name"] for s in answer["job"]["allowed_next"]})
		row = self.reception(name).status_log[-1]
		self.assertEqual((row.status, row.source, row.note, row.by), (ACCEPTED, "app", "رسیدم", TECH_USER))
		phone_time = (
			datetime.datetime(2026, 1, 31, 6, 0, 0, 250000, tzinfo=datetime.timezone.utc)
			.astimezone(ZoneInfo(get_system_timezone()))
			.replace(tzinfo=None)
		)
		self.assertEqual(get_datetime(row.client_at), phone_time)
		self.assertGreaterEqual(get_datetime(row.at), before.replace(microsecond=0))
		action = frappe.get_doc("Technician Action", {"client_id": client_id})
		self.assertEqual(
			(action.result, action.action, action.reception, action.target, action.technician),
			("Applied", "Status", name, ACCEPTED, self.t.technician),
		)
		self.assertEqual(get_datetime(action.client_time), phone_time)
		# the history the app shows has both times
		history = get("job", TECH_USER, name=name).json["message"]["history"][0]
		self.assertEqual(get_datetime(history["client_at"]).astimezone(datetime.timezone.utc).hour, 6)
		self.assertTrue(history["at"])

	def test_the_same_client_id_twice_is_applied_once(self):
		name = self.job()
		client_id = new_id()
		first = self.send_status(name, ACCEPTED, REFERRED, client_id).json["message"]
		rows = len(self.reception(name).status_log)
		second = self.send_status(name, ACCEPTED, REFERRED, client_id)
		self.assertEqual(second.status_code, 200)
		self.assertEqual(second.json["message"]["result"], "duplicate")
		self.assertEqual(second.json["message"]["message"], first["message"])
		self.assertEqual(second.json["message"]["job"]["status"], ACCEPTED)
		self.assertEqual(len(self.reception(name).status_log), rows)
		self.assertEqual(frappe.db.count("Technician Action", {"client_id": client_id}), 1)

	def test_the_same_action_sent_twice_at_once_is_applied_once(self):
		name = self.job()
		rows = len(self.reception(name).status_log)
		client_id = new_id()
		body = {"job": name, "status": ACCEPTED, "expected_status": REFERRED, "client_id": client_id}
		headers = {"Authorization": api_credentials(TECH_USER), "Accept": "application/json"}
		requests = [_Call("POST", API + "status", headers, json=body) for _ in range(2)]
		for request in requests:
			request.start()
		for request in requests:
			request.join()
		results = sorted(r.response.json["message"]["result"] for r in requests)
		self.assertEqual(results, ["applied", "duplicate"])
		self.assertEqual(len(self.reception(name).status_log), rows + 1)

	def test_three_actions_taken_offline_apply_in_order(self):
		name = self.job()
		queue = [(ACCEPTED, REFERRED), (IN_PROGRESS, ACCEPTED), (WAITING, IN_PROGRESS)]
		ids = [new_id() for _ in queue]
		for minute, ((target, expected), client_id) in enumerate(zip(queue, ids, strict=True)):
			answer = self.send_status(
				name, target, expected, client_id, client_time=f"2026-01-31T10:0{minute}:00+03:30"
			).json["message"]
			self.assertEqual(answer["result"], "applied", answer)
		# the connection dropped before the answers arrived: the phone sends all three again
		for (target, expected), client_id in zip(queue, ids, strict=True):
			answer = self.send_status(name, target, expected, client_id).json["message"]
			self.assertEqual(answer["result"], "duplicate", answer)
		log = self.reception(name).status_log
		self.assertEqual([r.status for r in log[-3:]], [ACCEPTED, IN_PROGRESS, WAITING])
		self.assertEqual([r.source for r in log[-3:]], ["app"] * 3)
		self.assertEqual(
			[get_datetime(r.client_at) for r in log[-3:]],
			[technician_app.parse_client_time(f"2026-01-31T10:0{minute}:00+03:30") for minute in range(3)],
		)
		self.assertEqual(frappe.db.get_value("Service Reception", name, "status"), WAITING)

	def test_a_job_referred_again_is_a_stored_conflict(self):
		name = self.job()
		doc = self.reception(name)  # head office gives the job to the other technician
		doc.technician = self.t.other
		doc.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep
		client_id = new_id()
		answers = [self.send_status(name, ACCEPTED, REFERRED, client_id) for _ in range(2)]
		for response in answers:
			self.assertEqual(response.status_code, 200, response.json)
			self.assertEqual(response.json["message"]["result"], "conflict")
			self.assertEqual(response.json["message"]["job"]["allowed_next"], [])
		self.assertIn("referred again", answers[0].json["message"]["message"])
		self.assertEqual(answers[0].json["message"]["message"], answers[1].json["message"]["message"])
		self.assertEqual(frappe.db.get_value("Service Reception", name, "status"), REFERRED)
		self.assertEqual(
			frappe.db.get_value("Technician Action", {"client_id": client_id}, "result"), "Conflict"
		)
		# and it is not in their list any more, while the new technician acts on it
		self.assertNotIn(name, [j["name"] for j in get("jobs", TECH_USER).json["message"]["jobs"]])
		self.assertEqual(
			self.send_status(name, ACCEPTED, REFERRED, user=OTHER_TECH_USER).json["message"]["result"],
			"applied",
		)

	def test_a_job_moved_meanwhile_is_a_stored_conflict(self):
		name = self.job()
		status_service.apply_status(self.reception(name), IN_PROGRESS, "desk", "head office moved it")
		frappe.db.commit()  # nosemgrep
		client_id = new_id()
		first = self.send_status(name, ACCEPTED, REFERRED, client_id).json["message"]
		self.assertEqual(first["result"], "conflict")
		self.assertIn(IN_PROGRESS, first["message"])
		self.assertEqual(first["job"]["status"], IN_PROGRESS)
		# the phone retries: the same answer, still not applied
		retry = self.send_status(name, ACCEPTED, REFERRED, client_id).json["message"]
		self.assertEqual((retry["result"], retry["message"]), ("conflict", first["message"]))
		self.assertEqual(frappe.db.get_value("Service Reception", name, "status"), IN_PROGRESS)
		# a status that is not allowed next is a conflict too
		closed = self.send_status(name, REGISTERED, IN_PROGRESS).json["message"]
		self.assertEqual(closed["result"], "conflict")
		self.assertIn("cannot move", closed["message"])

	def test_other_tokens_cannot_act_and_bad_input_is_refused_storing_nothing(self):
		name = self.job()
		actions = frappe.db.count("Technician Action")
		for user, expected in ((OTHER_TECH_USER, 404), (AGENCY_USER, 403)):
			response = self.send_status(name, ACCEPTED, REFERRED, user=user)
			self.assertEqual(response.status_code, expected, response.get_data(as_text=True))
		for values, message in (
			({"client_id": "not-a-uuid"}, "client_id"),
			({"client_time": "yesterday"}, "client_time"),
			({"status": "No Such Status"}, "is not a status"),
		):
			response = self.send_status(name, ACCEPTED, REFERRED, **values)
			self.assertEqual(response.status_code, 417, response.get_data(as_text=True))
			self.assertIn(message, error_text(response))
		self.assertEqual(frappe.db.count("Technician Action"), actions)
		self.assertEqual(frappe.db.get_value("Service Reception", name, "status"), REFERRED)

	def test_a_referral_to_a_technician_is_pushed_to_their_user_once_committed(self):
		from frappe.utils.background_jobs import get_redis_connection_without_auth

		name = self.job()
		frappe.db.set_value("Service Reception", name, "technician", None)
		frappe.db.commit()  # nosemgrep
		pubsub = get_redis_connection_without_auth().pubsub()
		pubsub.subscribe("events")
		try:
			response = call(
				"POST",
				"/api/method/zhira_after_sales.api.agency.assign_technician",
				AGENCY_USER,
				data={"reception": name, "technician": self.t.other},
			)
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
			events, deadline = [], time.time() + 5
			while time.time() < deadline:
				message = pubsub.get_message(timeout=0.5)
				if message and message["type"] == "message":
					event = json.loads(message["data"])
					if event["namespace"] == frappe.local.site and event["event"] == "zhira_tech_job":
						events.append(event)
						break
		finally:
			pubsub.close()
		self.assertEqual(len(events), 1)
		self.assertEqual(events[0]["room"], f"user:{OTHER_TECH_USER}")
		self.assertEqual(
			events[0]["message"],
			{"job": name, "tracking_code": frappe.db.get_value("Service Reception", name, "tracking_code")},
		)


class TestInvoice(TechnicianApiTestCase):
	def file(self, job, client_id, qty=1, user=TECH_USER, photo=PNG):
		data = {
			"job": job,
			"customer_device": self.w.covered,
			"client_id": client_id,
			"services": json.dumps([{"service_type": WARRANTY_REPAIR, "description": "تعویض پمپ"}]),
			"parts": json.dumps([{"item": self.w.pump, "qty": qty, "coverage": "Warranty"}]),
			"notes": "پمپ سوخته بود",
			"customer_acknowledgement": "1",
			"acknowledged_by_name": "مشتری فاکتور",
		}
		if photo:
			data["work_photo"] = (io.BytesIO(photo), "work.png", "image/png")
		return post("invoice", user, data=data, content_type="multipart/form-data")

	def test_a_work_report_with_a_photo_from_consignment_stock_is_filed_once(self):
		name = self.job()
		client_id = new_id()
		invoices = frappe.db.count("Service Invoice")
		response = self.file(name, client_id)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		answer = response.json["message"]
		self.assertEqual((answer["result"], answer["approval_status"]), ("applied", "Pending"))
		invoice = frappe.get_doc("Service Invoice", answer["invoice"])
		self.assertEqual(
			(invoice.technician, invoice.agency, invoice.service_reception, invoice.docstatus),
			(self.t.technician, self.t.agency, name, 1),
		)
		self.assertEqual(invoice.owner, TECH_USER)
		self.assertEqual(
			invoice.parts[0].source_warehouse,
			frappe.db.get_value("Service Agency", self.t.agency, "consignment_warehouse"),
		)
		self.assertTrue(invoice.work_photo.startswith("/private/files/"))
		self.assertEqual(invoice.customer_acknowledgement, 1)
		again = self.file(name, client_id).json["message"]
		self.assertEqual(again, {**answer, "result": "duplicate"})
		self.assertEqual(frappe.db.count("Service Invoice"), invoices + 1)
		# the job shows it
		listed = get("job", TECH_USER, name=name).json["message"]["invoices"]
		self.assertEqual([i["name"] for i in listed], [invoice.name])

	def test_a_failed_report_leaves_nothing_and_may_be_sent_again(self):
		name = self.job()
		client_id = new_id()

		def counts():
			return [
				frappe.db.count(doctype, filters)
				for doctype, filters in (
					("Service Invoice", {}),
					("Technician Action", {}),
					("File", {"attached_to_doctype": "Service Invoice"}),
				)
			]

		before = counts()
		refused = self.file(name, client_id, qty=10_000)
		self.assertEqual(refused.status_code, 417, refused.get_data(as_text=True))
		self.assertIn("your consignment stock has", error_text(refused))
		self.assertEqual(counts(), before)
		retried = self.file(name, client_id)
		self.assertEqual(retried.status_code, 200, retried.get_data(as_text=True))
		self.assertEqual(retried.json["message"]["result"], "applied")

	def test_a_refusal_takes_its_stored_action_with_it_in_the_same_transaction(self):
		name = make_job(self.w, self.t)
		client_id = new_id()
		frappe.set_user(TECH_USER)
		self.assertRaisesRegex(
			frappe.ValidationError,
			"your consignment stock has",
			technician_app.file_invoice,
			technician_app.current_technician(),
			name,
			self.w.covered,
			client_id,
			services=[{"service_type": WARRANTY_REPAIR}],
			parts=[{"item": self.w.pump, "qty": 10_000, "coverage": "Warranty"}],
			photos={},
		)
		# no rollback of the request here: the savepoint took the stored action back
		self.assertFalse(frappe.db.exists("Technician Action", {"client_id": client_id}))
		self.assertFalse(frappe.db.exists("Service Invoice", {"service_reception": name}))

	def test_another_technician_or_the_agency_user_cannot_file_through_the_app(self):
		name = self.job()
		invoices = frappe.db.count("Service Invoice")
		for user, expected in ((OTHER_TECH_USER, 404), (AGENCY_USER, 403)):
			response = self.file(name, new_id(), user=user)
			self.assertEqual(response.status_code, expected, response.get_data(as_text=True))
		self.assertEqual(frappe.db.count("Service Invoice"), invoices)


class TestUpload(TechnicianApiTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		name = make_job(cls.w, cls.t)
		frappe.set_user(TECH_USER)
		try:
			technician = technician_app.current_technician()
			cls.invoice = technician_app.file_invoice(
				technician,
				name,
				cls.w.covered,
				new_id(),
				services=[{"service_type": WARRANTY_REPAIR}],
				photos={},
			)["invoice"]
		finally:
			frappe.set_user("Administrator")
		frappe.db.commit()  # nosemgrep

	def upload(self, content, mimetype="image/png", user=TECH_USER, fieldname="serial_plate_photo"):
		data = {
			"invoice": self.invoice,
			"fieldname": fieldname,
			"file": (io.BytesIO(content), "photo", mimetype),
		}
		return post("upload", user, data=data, content_type="multipart/form-data")

	def test_a_photo_is_attached_to_the_technicians_pending_invoice(self):
		response = self.upload(PNG)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		url = response.json["message"]["file_url"]
		self.assertEqual(frappe.db.get_value("Service Invoice", self.invoice, "serial_plate_photo"), url)
		photo = frappe.get_doc("File", {"file_url": url})
		self.assertEqual((photo.attached_to_name, photo.is_private), (self.invoice, 1))

	def test_only_images_of_at_most_5_mb(self):
		before = frappe.db.get_value("Service Invoice", self.invoice, "work_photo")
		for content, mimetype, message in (
			(PDF, "application/pdf", "send a photo"),
			(PDF, "image/png", "send a photo"),  # a PDF called a PNG
			(PNG + b"\0" * (5 * 1024 * 1024), "image/png", "larger than 5 MB"),
		):
			response = self.upload(content, mimetype, fieldname="work_photo")
			self.assertEqual(response.status_code, 417, response.get_data(as_text=True))
			self.assertIn(message, error_text(response))
		self.assertEqual(frappe.db.get_value("Service Invoice", self.invoice, "work_photo"), before)
		response = self.upload(PNG, fieldname="owner")
		self.assertEqual(response.status_code, 417)

	def test_not_their_invoice_or_no_longer_pending(self):
		for user, expected in ((OTHER_TECH_USER, 404), (AGENCY_USER, 403)):
			self.assertEqual(self.upload(PNG, user=user).status_code, expected, user)
		frappe.db.set_value("Service Invoice", self.invoice, "approval_status", "Rejected")
		frappe.db.commit()  # nosemgrep
		try:
			response = self.upload(PNG)
			self.assertEqual(response.status_code, 417)
			self.assertIn("only while it is Draft or Pending", error_text(response))
		finally:
			frappe.db.set_value("Service Invoice", self.invoice, "approval_status", "Pending")
			frappe.db.commit()  # nosemgrep


class TestAssetLinks(TechnicianApiTestCase):
	FINGERPRINT = ":".join(["AB"] * 32)

	def tearDown(self):
		super().tearDown()
		settings = frappe.get_single("After Sales Settings")
		settings.twa_package_name = settings.twa_sha256_fingerprints = None
		settings.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep
		super().tearDown()

	def assetlinks(self):
		response = call_guest("GET", "/.well-known/assetlinks.json")
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(response.mimetype, "application/json")
		return json.loads(response.get_data(as_text=True))

	def test_empty_until_the_store_app_is_set_then_its_statement(self):
		self.assertEqual(self.assetlinks(), [])
		settings = frappe.get_single("After Sales Settings")
		settings.twa_package_name = " ir.zhira.tech "
		settings.twa_sha256_fingerprints = f"{self.FINGERPRINT.lower()}\n\n{'CD' * 32}\n"
		settings.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep
		self.assertEqual(
			self.assetlinks(),
			[
				{
					"relation": ["delegate_permission/common.handle_all_urls"],
					"target": {
						"namespace": "android_app",
						"package_name": "ir.zhira.tech",
						"sha256_cert_fingerprints": [self.FINGERPRINT, ":".join(["CD"] * 32)],
					},
				}
			],
		)

	def test_a_bad_package_name_or_fingerprint_is_refused_naming_it(self):
		for values, message in (
			({"twa_package_name": "tech app"}, "not an Android package name"),
			({"twa_package_name": "ir.zhira.tech", "twa_sha256_fingerprints": "AB:CD"}, "AB:CD"),
		):
			settings = frappe.get_single("After Sales Settings")
			settings.update(values)
			self.assertRaisesRegex(frappe.ValidationError, message, settings.save)
		self.assertFalse(frappe.db.get_single_value("After Sales Settings", "twa_package_name"))
