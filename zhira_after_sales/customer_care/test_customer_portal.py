"""The customer pages' services as a customer meets them: a service request that becomes a
reception (channel Web) with its SMS, my requests with head office's status changes in the
customer's words, cancelling, devices and cards, the guest tracking page with its lockouts, the
tracking code by SMS, and two customers who never see each other's requests (services, pages and
REST)."""

import frappe
from frappe.utils import add_days, nowdate

from zhira_after_sales.customer_care import guest_tracking, my_devices, my_requests, service_request
from zhira_after_sales.customer_care.customer_portal import require_customer
from zhira_after_sales.exceptions import PortalInputError
from zhira_after_sales.messaging.inbox import process_inbound, store_inbound
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.tests import factories
from zhira_after_sales.tests.factories import make_customer_user
from zhira_after_sales.tests.rest import call, call_guest
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.phone import try_parse

GROUP = "ZT Portal Heaters"
MODEL = "ZT-PORTAL-H1"
MOBILE_A = "09127770001"
MOBILE_B = "09127770002"


def status_of(category: str, **filters) -> str:
	return frappe.db.get_value("Service Status", {"category": category, "is_active": 1, **filters}, "name")


class TestCustomerPortal(SMSTestCase):
	def setUp(self):
		super().setUp()
		factories.make_item_group(GROUP)
		factories.make_item(MODEL, GROUP, has_serial_no=1)
		self.service_type = frappe.get_all("Service Type", {"is_active": 1}, pluck="name", limit=1)[0]
		self.customer_a, self.user_a = make_customer_user("ZT Portal Customer A", MOBILE_A)
		self.customer_b, self.user_b = make_customer_user("ZT Portal Customer B", MOBILE_B)
		settings = frappe.get_single("After Sales Settings")
		self.saved_target = settings.web_request_target
		self.saved_groups = [row.item_group for row in settings.request_item_groups]
		settings.set("request_item_groups", [{"item_group": GROUP}])
		settings.web_request_target = "Service Reception"
		settings.save()
		frappe.set_user(self.user_a)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()
		# some tests commit (for their HTTP requests): the settings go back as they were
		settings = frappe.get_single("After Sales Settings")
		settings.set("request_item_groups", [{"item_group": group} for group in self.saved_groups])
		settings.web_request_target = self.saved_target or "Service Reception"
		settings.save()
		frappe.db.commit()  # nosemgrep: undo what the test committed

	def values(self, **extra) -> dict:
		return {
			"item_group": GROUP,
			"item": MODEL,
			"service_type": self.service_type,
			"address_line": "تهران، خیابان آزادی، پلاک ۱۲",
			"city": "تهران",
			"description": "آب گرم نمی‌شود\nچراغ روشن است",
			"preferred_date": jalali.format_date(add_days(nowdate(), 2)),
			"preferred_time": "Morning",
			**extra,
		}

	def submit(self, **extra) -> dict:
		return service_request.submit_request(require_customer(), self.values(**extra))

	def test_a_request_becomes_a_web_reception_and_the_customer_gets_its_tracking_code(self):
		answer = self.submit(serial_no="۱۲۳-AB")
		self.assertEqual(answer["doctype"], "Service Reception")
		doc = frappe.get_doc("Service Reception", answer["name"])
		self.assertEqual(doc.channel, "Web")
		self.assertEqual(doc.customer, self.customer_a)
		self.assertEqual(doc.devices[0].item, MODEL)
		self.assertEqual(doc.devices[0].serial_no, "123-AB")
		self.assertEqual(str(doc.preferred_date), add_days(nowdate(), 2))
		self.assertEqual(doc.preferred_time, "Morning")
		self.assertIn("چراغ روشن است", doc.devices[0].description)
		sms = frappe.get_all(
			"SMS Message",
			{"reference_name": doc.name, "direction": "Out"},
			["to", "body"],
		)
		self.assertTrue(sms, "the customer gets an SMS")
		self.assertEqual(try_parse(sms[0].to).e164, try_parse(MOBILE_A).e164)
		self.assertTrue(doc.tracking_code in sms[0].body or to_persian(doc.tracking_code) in sms[0].body)

	def test_bad_input_says_what_to_fix_and_saves_nothing(self):
		before = frappe.db.count("Service Reception")
		cases = {
			"item": ("NO-SUCH-MODEL", "Model"),
			"item_group": ("All Item Groups", "Product"),
			"description": ("خراب", "Description"),
			"preferred_date": ("1404/13/40", "Preferred day"),
			"preferred_time": ("Midnight", "Preferred time"),
			"address_line": ("", "Address"),
		}
		for field, (value, says) in cases.items():
			with self.subTest(field=field):
				with self.assertRaises(PortalInputError) as raised:
					self.submit(**{field: value})
				self.assertIn(says, str(raised.exception))
		with self.assertRaises(PortalInputError) as raised:
			self.submit(preferred_date=jalali.format_date(add_days(nowdate(), -3)))
		self.assertIn("from today", str(raised.exception))
		self.assertEqual(frappe.db.count("Service Reception"), before)

	def test_my_requests_show_head_office_status_changes_in_the_customers_words(self):
		name = self.submit()["name"]
		rows = my_requests.requests(self.customer_a)
		self.assertEqual(rows[0].name, name)
		initial = rows[0].status_info.label
		frappe.set_user("Administrator")
		doc = frappe.get_doc("Service Reception", name)
		target = frappe.get_all(
			"Service Status Next", {"parent": doc.status, "parenttype": "Service Status"}, pluck="status"
		)
		target = next(
			t for t in target if frappe.db.get_value("Service Status", t, "category") != "Cancelled"
		)
		doc.change_status(target, "desk")
		frappe.set_user(self.user_a)
		view = my_requests.request_view(self.customer_a, name)
		label = frappe.db.get_value("Service Status", target, "customer_label")
		self.assertEqual(view["status"].label, label)
		self.assertEqual([h["label"] for h in view["history"]][-1], label)
		self.assertNotEqual(initial, label)

	def test_a_customer_cancels_an_open_request_but_not_one_in_progress(self):
		name = self.submit()["name"]
		self.assertTrue(my_requests.request_view(self.customer_a, name)["can_cancel"])
		my_requests.cancel_request(self.customer_a, name, "دیگر لازم نیست")
		doc = frappe.get_doc("Service Reception", name)
		self.assertEqual(frappe.db.get_value("Service Status", doc.status, "category"), "Cancelled")
		self.assertEqual(doc.status_log[-1].source, "customer")
		self.assertIn("دیگر لازم نیست", doc.status_log[-1].note)

		second = self.submit()["name"]
		frappe.set_user("Administrator")
		doc = frappe.get_doc("Service Reception", second)
		in_progress = status_of("In Progress")
		frappe.db.set_value("Service Reception", second, "status", in_progress)
		frappe.set_user(self.user_a)
		self.assertFalse(my_requests.request_view(self.customer_a, second)["can_cancel"])
		with self.assertRaises(frappe.ValidationError):
			my_requests.cancel_request(self.customer_a, second)

	def test_two_customers_never_see_each_others_requests(self):
		name = self.submit()["name"]
		frappe.set_user(self.user_b)
		self.assertEqual(require_customer(), self.customer_b)
		self.assertNotIn(name, [r.name for r in my_requests.requests(self.customer_b)])
		for action in (
			lambda: my_requests.request_view(self.customer_b, name),
			lambda: my_requests.cancel_request(self.customer_b, name),
		):
			with self.assertRaises(frappe.DoesNotExistError):
				action()
		tracking_code = frappe.db.get_value("Service Reception", name, "tracking_code")
		frappe.db.commit()  # nosemgrep: the HTTP requests below run in their own connection
		self.addCleanup(self.delete_reception, name)
		for path in (
			"/api/resource/Service Reception",
			f"/api/resource/Service Reception/{name}",
			"/api/method/frappe.client.get_count?doctype=Service Reception",
			f"/api/method/zhira_after_sales.api.customer.get_request?name={name}",
		):
			with self.subTest(path=path):
				response = call("GET", path, self.user_b)
				body = response.get_data(as_text=True)
				self.assertNotIn(tracking_code, body)
				self.assertNotIn(self.customer_a, body)
				self.assertIn(response.status_code, (403, 404))
		response = call(
			"GET", f"/api/method/zhira_after_sales.api.customer.get_request?name={name}", self.user_a
		)
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["message"]["name"], name)
		page = call("GET", f"/service/request?name={name}", self.user_b)
		self.assertNotIn(
			frappe.db.get_value("Service Reception", name, "tracking_code"), page.get_data(as_text=True)
		)

	def delete_reception(self, name):
		frappe.set_user("Administrator")
		frappe.db.delete("Service Reception Status Log", {"parent": name})
		frappe.db.delete("Service Reception Device", {"parent": name})
		frappe.db.delete("ToDo", {"reference_name": name})
		frappe.delete_doc("Service Reception", name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep

	def test_staff_and_agencies_are_not_customers(self):
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):
			require_customer()
		with self.assertRaises(frappe.PermissionError):
			require_customer("Guest")

	def test_devices_and_a_printable_card_of_ones_own(self):
		frappe.set_user("Administrator")
		model = factories.make_item("ZT-PORTAL-C1", GROUP)  # a model ERPNext does not track by serial
		factories.make_warranty_plan("ZT Portal Plan 18", item=model, duration_months=18)
		device = factories.make_device(model, "ZTPORTAL-SN-1", customer=self.customer_a)
		card = frappe.get_doc(
			{
				"doctype": "Warranty Card",
				"item": model,
				"serial_no": "ZTPORTAL-SN-1",
				"customer": self.customer_a,
				"customer_device": device,
			}
		).insert()
		frappe.set_user(self.user_a)
		devices = my_devices.devices(self.customer_a)
		mine = next(d for d in devices if d.name == device)
		self.assertEqual([c.name for c in mine.cards], [card.name])
		self.assertEqual(my_devices.devices(self.customer_b), [])
		html = my_devices.card_html(self.customer_a, card.name)
		self.assertIn("ZTPORTAL-SN-1", html)
		frappe.set_user(self.user_b)
		with self.assertRaises(frappe.DoesNotExistError):
			my_devices.card_html(self.customer_b, card.name)

	def test_guests_track_with_code_and_mobile_and_learn_nothing_from_a_wrong_pair(self):
		name = self.submit()["name"]
		code = frappe.db.get_value("Service Reception", name, "tracking_code")
		frappe.set_user("Guest")
		self.clear_tracking_counters(code)
		found = guest_tracking.track(code, "۰۹۱۲۷۷۷۰۰۰۱")
		self.assertEqual(found["tracking_code"], code)
		self.assertNotIn("customer", found)
		self.assertNotIn("address_line", found)
		wrong_mobile = self.error_of(lambda: guest_tracking.track(code, MOBILE_B))
		no_such_code = self.error_of(lambda: guest_tracking.track("12345679", MOBILE_A))
		self.assertEqual(wrong_mobile, no_such_code)

	def test_a_tracking_code_is_locked_after_wrong_mobiles_and_a_client_is_limited(self):
		name = self.submit()["name"]
		code = frappe.db.get_value("Service Reception", name, "tracking_code")
		frappe.set_user("Guest")
		self.clear_tracking_counters(code)
		for _ in range(guest_tracking.CODE_FAILURES):
			with self.assertRaises(guest_tracking.TrackingNotFound):
				guest_tracking.track(code, "09350000000")
		with self.assertRaises(frappe.RateLimitExceededError):
			guest_tracking.track(code, MOBILE_A)  # even the right pair, while locked
		self.clear_tracking_counters(code)
		for _ in range(guest_tracking.TRACK_LIMIT):
			guest_tracking.track(code, MOBILE_A)
		with self.assertRaises(frappe.RateLimitExceededError):
			guest_tracking.track(code, MOBILE_A)
		self.clear_tracking_counters(code)

	def test_the_tracking_page_answers_guests_over_http(self):
		name = self.submit()["name"]
		code = frappe.db.get_value("Service Reception", name, "tracking_code")
		frappe.db.commit()  # nosemgrep: the HTTP requests run in their own connection
		self.addCleanup(self.delete_reception, name)
		self.clear_tracking_counters(code)
		ok = call_guest(
			"POST",
			"/api/method/zhira_after_sales.api.tracking.track",
			json={"tracking_code": code, "mobile": MOBILE_A},
		)
		self.assertEqual(ok.status_code, 200)
		self.assertEqual(ok.json["message"]["tracking_code"], code)
		wrong = call_guest(
			"POST",
			"/api/method/zhira_after_sales.api.tracking.track",
			json={"tracking_code": code, "mobile": MOBILE_B},
		)
		self.assertEqual(wrong.status_code, 404)
		self.assertNotIn(name, wrong.get_data(as_text=True))
		page = call_guest("GET", "/track?code=" + code)
		self.assertEqual(page.status_code, 200)
		self.assertIn("za-track-form", page.get_data(as_text=True))
		self.clear_tracking_counters(code)

	def test_a_customer_texts_the_tracking_code_and_gets_the_status(self):
		name = self.submit()["name"]
		code = frappe.db.get_value("Service Reception", name, "tracking_code")
		frappe.set_user("Administrator")
		frappe.cache.delete(frappe.cache.make_key(f"zhira:sms-tracking:{try_parse(MOBILE_A).e164}"))
		frappe.cache.delete(frappe.cache.make_key(f"zhira:sms-tracking:{try_parse(MOBILE_B).e164}"))
		label = frappe.db.get_value(
			"Service Status", frappe.db.get_value("Service Reception", name, "status"), "customer_label"
		)
		reply = self.reply_to(MOBILE_A, to_persian(code))
		self.assertIn(label, reply)
		stranger = self.reply_to(MOBILE_B, code)
		self.assertNotIn(label, stranger)
		self.assertIn(code, stranger)

	def reply_to(self, sender: str, text: str) -> str:
		inbound = store_inbound(self.gateway, frappe.generate_hash(length=12), sender, text)
		process_inbound(inbound)
		replies = frappe.get_all(
			"SMS Message",
			{
				"direction": "Out",
				"to": ("in", [sender, try_parse(sender).e164]),
				"creation": (">=", self.started),
			},
			["body"],
			order_by="creation desc",
			limit=1,
		)
		self.assertTrue(replies, "a reply was stored")
		return replies[0].body

	def test_requests_can_become_tickets_for_head_office(self):
		if not frappe.db.exists("DocType", "Service Ticket"):
			self.skipTest("Service Ticket is not installed")
		frappe.set_user("Administrator")
		frappe.db.set_single_value("After Sales Settings", "web_request_target", "Service Ticket")
		frappe.set_user(self.user_a)
		answer = self.submit(serial_no="SN-77")
		self.assertEqual(answer["doctype"], "Service Ticket")
		ticket = frappe.get_doc("Service Ticket", answer["name"])
		self.assertEqual((ticket.party_type, ticket.party), ("Customer", self.customer_a))
		self.assertEqual(ticket.category, "Service Request")
		self.assertIn("SN-77", ticket.description)

	@staticmethod
	def error_of(action) -> str:
		try:
			action()
		except frappe.DoesNotExistError as error:
			frappe.clear_messages()
			return str(error)
		raise AssertionError("expected not found")

	@staticmethod
	def clear_tracking_counters(code: str):
		from zhira_after_sales.utils import throttle

		frappe.cache.delete(guest_tracking.failures_key(code))
		for client in (None, "unknown", "127.0.0.1"):  # this process, and the test client's requests
			frappe.cache.delete(throttle.cache_key("track", client))


def to_persian(text: str) -> str:
	return "".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] if c.isdigit() else c for c in text)
