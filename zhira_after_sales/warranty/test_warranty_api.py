# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The warranty's surface for other features: the coverage check (reception, Service Invoice
gate), the installation start, the device passport, REST permissions and the public page."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, getdate, today

from zhira_after_sales.api.reception import get_passport
from zhira_after_sales.api.warranty import check_coverage
from zhira_after_sales.exceptions import WarrantyCardError, WarrantyNotCoveredError
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_customer,
	make_device,
	make_item,
	make_item_group,
	make_serial_nos,
	make_technician,
	make_territory,
	make_user,
	make_warranty_plan,
)
from zhira_after_sales.tests.rest import call, call_guest, get_json
from zhira_after_sales.utils import jalali
from zhira_after_sales.warranty import api
from zhira_after_sales.warranty.lifecycle import issue_card
from zhira_after_sales.warranty.rules import warranty_end

test_ignore = TEST_IGNORE

REPAIR = "تعمیر گارانتی"  # created on install: requires a warranty
PAID = "تعمیر آزاد"


def new_card(item, serial, **values):
	return frappe.get_doc({"doctype": "Warranty Card", "item": item, "serial_no": serial, **values}).insert()


def approval(note: str) -> tuple[str, str]:
	"""A stand-in for the approved installation invoice (the Agency feature's Service Invoice)."""
	todo = frappe.get_doc({"doctype": "ToDo", "description": note}).insert(ignore_permissions=True)
	return "ToDo", todo.name


class TestCoverage(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		group = make_item_group("ZT Coverage Boilers")
		cls.item = make_item("ZT-COV-BOILER", group)
		cls.pump = make_item("ZT-COV-PUMP", make_item_group("ZT Coverage Parts"))
		cls.fan = make_item("ZT-COV-FAN", make_item_group("ZT Coverage Parts"))
		make_warranty_plan(
			"ZT Coverage 24",
			item_group=group,
			duration_months=24,
			covered_service_types=[{"service_type": REPAIR}],
			parts_covered="Listed",
			parts=[{"item": cls.pump}],
		)
		cls.start = getdate(add_months(today(), -3))
		cls.card = new_card(cls.item, "ZTCOV-1", start_date=cls.start)
		cls.device = make_device(cls.item, "ZTCOV-1", make_customer("مشتری پوشش"))

	def answer(self, **kw):
		return check_coverage(**kw)

	def test_covered_with_dates_and_card(self):
		result = self.answer(customer_device=self.device, service_type=REPAIR, part=self.pump)
		end = warranty_end(self.start, 24)
		self.assertEqual(
			(result["covered"], result["reason"], result["card"], result["end_date"]),
			(True, "covered", self.card.name, str(end)),
		)
		self.assertEqual(result["end_date_jalali"], jalali.format_date(end))
		self.assertTrue(result["labor_covered"])
		self.assertIn(jalali.format_date(end), result["message"])

	def test_each_reason_with_its_message(self):
		end = warranty_end(self.start, 24)
		cases = {
			"no_card": dict(serial_no="ZTCOV-NONE", item=self.item),
			"not_started": dict(serial_no="ZTCOV-1", on_date=str(add_days(self.start, -1))),
			"expired": dict(serial_no="ztcov-1", on_date=str(add_days(end, 1)), service_type=REPAIR),
			"service_not_covered": dict(customer_device=self.device, service_type=PAID),
			"part_not_covered": dict(customer_device=self.device, service_type=REPAIR, part=self.fan),
		}
		for reason, kw in cases.items():
			with self.subTest(reason=reason):
				result = self.answer(**kw)
				self.assertEqual((result["covered"], result["reason"]), (False, reason))
		self.assertIn("ZTCOV-NONE", self.answer(**cases["no_card"])["message"])
		self.assertIn(f"expired on {jalali.format_date(end)}", self.answer(**cases["expired"])["message"])
		self.assertIn(PAID, self.answer(**cases["service_not_covered"])["message"])
		self.assertIn("ZT-COV-FAN", self.answer(**cases["part_not_covered"])["message"])

		issued = new_card(self.item, "ZTCOV-2")
		self.assertEqual(self.answer(serial_no="ZTCOV-2")["reason"], "not_started")
		issued.void("بطلان آزمایشی")
		self.assertEqual(self.answer(serial_no="ZTCOV-2")["reason"], "void")

	def test_persian_answer(self):
		end = warranty_end(self.start, 24)
		frappe.local.lang = "fa"
		try:
			message = self.answer(serial_no="ZTCOV-1", on_date=str(add_days(end, 1)))["message"]
		finally:
			frappe.local.lang = "en"
		self.assertIn(jalali.format_date(end, persian_digits=True), message)
		self.assertIn("گارانتی", message)

	def test_the_hard_gate_raises_with_the_reason(self):
		self.assertTrue(api.require_coverage(customer_device=self.device, service_type=REPAIR)["covered"])
		with self.assertRaisesRegex(WarrantyNotCoveredError, "does not cover the service"):
			api.require_coverage(customer_device=self.device, service_type=PAID)

	def test_a_plan_without_service_list_covers_services_that_require_warranty(self):
		item = make_item("ZT-COV-OPEN", make_item_group("ZT Coverage Open"))
		make_warranty_plan("ZT Coverage open", item=item)
		new_card(item, "ZTCOV-OPEN", start_date=today())
		self.assertTrue(self.answer(serial_no="ZTCOV-OPEN", item=item, service_type=REPAIR)["covered"])
		self.assertEqual(
			self.answer(serial_no="ZTCOV-OPEN", service_type=PAID)["reason"], "service_not_covered"
		)

	def test_a_reception_shows_each_devices_warranty_state(self):
		reception = frappe.get_doc(
			{
				"doctype": "Service Reception",
				"customer": frappe.db.get_value("Customer Device", self.device, "customer"),
				"mobile_no": "09125550777",
				"devices": [
					{"customer_device": self.device, "service_type": REPAIR},
					{"customer_device": self.device, "service_type": PAID},
				],
			}
		)
		reception.devices[1].customer_device = None  # the same device typed by serial for a paid job
		reception.devices[1].item, reception.devices[1].serial_no = self.item, "ZTCOV-2B"
		reception.insert()
		covered, paid = reception.devices
		self.assertEqual(covered.warranty_status, "Under Warranty")
		self.assertIn(self.card.name, covered.warranty_note)
		self.assertNotIn("<", covered.warranty_note)
		self.assertEqual(paid.warranty_status, "Not Covered")

	def test_each_device_of_a_reception_gets_its_own_cards_state(self):
		# the cards of all the devices are read at once: each device still gets its own answer
		expired_start = getdate(add_months(today(), -30))  # a 24-month card that ended months ago
		expired = new_card(self.item, "ZTCOV-OLD", start_date=expired_start)
		reception = frappe.get_doc(
			{
				"doctype": "Service Reception",
				"mobile_no": "09125550778",
				"customer_name": "مشتری سه دستگاه",
				"devices": [
					{"item": self.item, "serial_no": "ZTCOV-OLD", "service_type": REPAIR},
					{"item": self.item, "serial_no": "ZTCOV-1", "service_type": REPAIR},
					{"item": self.item, "serial_no": "ZTCOV-NOCARD", "service_type": REPAIR},
					{"item": self.item, "service_type": REPAIR},
				],
			}
		)
		reception.devices[1].customer_device = self.device
		reception.customer = frappe.db.get_value("Customer Device", self.device, "customer")
		reception.insert()
		old, current, none, unnamed = reception.devices
		self.assertEqual(old.warranty_status, "Not Covered")
		self.assertIn(expired.name, old.warranty_note)
		self.assertEqual(current.warranty_status, "Under Warranty")
		self.assertIn(self.card.name, current.warranty_note)
		self.assertEqual(none.warranty_status, "Not Covered")
		self.assertIn("ZTCOV-NOCARD", none.warranty_note)
		self.assertEqual(unnamed.warranty_status, "Unknown")

	def test_a_serial_of_two_models_needs_the_model(self):
		other = make_item("ZT-COV-OTHER", make_item_group("ZT Coverage Boilers"))
		new_card(self.item, "ZTCOV-9")
		new_card(other, "ZTCOV-9")
		self.assertRaisesRegex(WarrantyCardError, "several models", self.answer, serial_no="ZTCOV-9")
		self.assertEqual(self.answer(serial_no="ZTCOV-9", item=other)["reason"], "not_started")


class TestInstallationStart(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		group = make_item_group("ZT Installation Boilers")
		cls.item = make_item("ZT-INST-BOILER", group, has_serial_no=1)
		cls.sold = make_item("ZT-INST-SOLD", make_item_group("ZT Installation Sold"))
		cls.unplanned = make_item("ZT-INST-NOPLAN", make_item_group("ZT Installation No Plan"))
		make_warranty_plan("ZT Installation 24", item_group=group, start_basis="Installation")
		make_warranty_plan("ZT Installation sold", item=cls.sold, start_basis="Sale")
		make_serial_nos(cls.item, ["ZTINST-1", "ZTINST-2"])
		cls.customer = make_customer("مشتری نصب")

	def test_an_approved_installation_starts_and_its_cancellation_reverts(self):
		device = make_device(self.item, "ZTINST-1", self.customer)
		installed_on = getdate(add_days(today(), -2))
		source = approval("نصب تایید شد")
		result = api.start_warranty_from_installation(
			customer_device=device, installed_on=installed_on, source_doctype=source[0], source_name=source[1]
		)
		self.assertEqual((result["started"], result["reason"]), (True, "started"))
		card = frappe.get_doc("Warranty Card", result["card"])
		self.assertEqual((card.status, getdate(card.start_date)), ("Active", installed_on))
		self.assertEqual(
			(card.customer, card.customer_device, card.source_name), (self.customer, device, source[1])
		)
		self.assertEqual(
			getdate(frappe.db.get_value("Customer Device", device, "installed_on")), installed_on
		)
		self.assertEqual(frappe.db.get_value("Customer Device", device, "warranty_card"), card.name)
		self.assertEqual(
			frappe.db.get_value("Serial No", "ZTINST-1", "warranty_expiry_date"), getdate(card.end_date)
		)

		again = api.start_warranty_from_installation(
			serial_no="ztinst-1",
			item=self.item,
			installed_on=today(),
			source_doctype=source[0],
			source_name=source[1],
		)
		self.assertEqual(
			(again["started"], again["reason"], again["start_date"]),
			(False, "already_started", str(installed_on)),
		)

		self.assertEqual(api.revert_warranty_start(*source), [card.name])
		card.reload()
		self.assertEqual((card.status, card.start_date, card.customer), ("Issued", None, self.customer))
		self.assertIsNone(frappe.db.get_value("Serial No", "ZTINST-1", "warranty_expiry_date"))

	def test_installation_does_not_start_other_plans(self):
		device = make_device(self.sold, "ZTINST-S1", self.customer)
		source = approval("نصب")
		result = api.start_warranty_from_installation(
			customer_device=device, installed_on=today(), source_doctype=source[0], source_name=source[1]
		)
		self.assertEqual((result["started"], result["reason"], result["card"]), (False, "other_basis", None))
		card = issue_card(self.sold, "ZTINST-S1")
		result = api.start_warranty_from_installation(
			customer_device=device, installed_on=today(), source_doctype=source[0], source_name=source[1]
		)
		self.assertEqual((result["reason"], result["card"]), ("other_basis", card.name))
		self.assertEqual(frappe.db.get_value("Warranty Card", card.name, "status"), "Issued")

		device = make_device(self.unplanned, "ZTINST-N1", self.customer)
		result = api.start_warranty_from_installation(
			customer_device=device, installed_on=today(), source_doctype=source[0], source_name=source[1]
		)
		self.assertEqual(result["reason"], "no_plan")
		self.assertRaisesRegex(
			WarrantyCardError,
			"installation date",
			api.start_warranty_from_installation,
			customer_device=device,
		)

	def test_the_passport_shows_the_cards_events_newest_first(self):
		device = make_device(self.item, "ZTINST-2", self.customer)
		source = approval("نصب")
		card = api.start_warranty_from_installation(
			customer_device=device, installed_on=today(), source_doctype=source[0], source_name=source[1]
		)["card"]
		rows = get_passport(device)
		self.assertEqual(
			[r["title"] for r in rows], [f"Warranty card {card}: Started", f"Warranty card {card}: Issued"]
		)
		self.assertEqual(rows[0]["reference_name"], card)
		self.assertEqual(rows[0]["date_display"], jalali.format_date(today()))
		self.assertIn(
			"zhira_after_sales.warranty.passport.device_timeline", frappe.get_hooks("zhira_device_passport")
		)

		frappe.set_user(make_user("zt.passport.agency@example.com", roles=("Service Agency",)))
		try:
			self.assertRaises(frappe.PermissionError, get_passport, device)
		finally:
			frappe.set_user("Administrator")


class TestWarrantyPermissionsThroughREST(FrappeTestCase):
	"""Reception reads every card; an agency reads only cards in its territories; guests see the
	public answer only."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		north = make_territory("ZT Warranty North")
		south = make_territory("ZT Warranty South")
		cls.agency_user = make_user("zt.warranty.agency.n@example.com")
		cls.other_agency_user = make_user("zt.warranty.agency.s@example.com")
		cls.tech_user = make_user("zt.warranty.tech.n@example.com")
		cls.operator = make_user("zt.warranty.operator@example.com", roles=("Reception Operator",))
		agency = make_agency("ZT-WAR-N", users=(cls.agency_user,), territories=[{"territory": north}])
		make_agency("ZT-WAR-S", users=(cls.other_agency_user,), territories=[{"territory": south}])
		make_technician(agency, "09390007301", user=cls.tech_user)
		item = make_item("ZT-REST-COOLER", make_item_group("ZT Warranty REST"))
		make_warranty_plan("ZT REST plan", item=item)
		customer = make_customer("مشتری محرمانه شمال")
		cls.north_device = make_device(item, "ZTREST-N1", customer, territory=north)
		make_device(item, "ZTREST-S1", customer, territory=south)
		referred = make_device(item, "ZTREST-N2", customer, territory=north)
		cls.cards = {}
		for serial in ("ZTREST-N1", "ZTREST-S1", "ZTREST-N2"):
			name = (
				frappe.db.get_value("Warranty Card", {"serial_no": serial})
				or new_card(item, serial, start_date=today()).name
			)
			cls.cards[serial] = name
		# a device of the north referred to the south agency: that agency must see its card too
		if not frappe.db.exists("Service Reception Device", {"customer_device": referred}):
			frappe.get_doc(
				{
					"doctype": "Service Reception",
					"customer": customer,
					"mobile_no": "09125550888",
					"service_agency": "ZT-WAR-S",
					"devices": [{"customer_device": referred, "service_type": REPAIR}],
				}
			).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the REST requests run in their own transaction

	def names(self, user):
		status, body = get_json('/api/resource/Warranty Card?filters=[["item","=","ZT-REST-COOLER"]]', user)
		self.assertEqual(status, 200, body)
		return {row["name"] for row in body["data"]}

	def test_reception_operator_reads_all_and_checks_coverage_but_cannot_issue(self):
		self.assertEqual(self.names(self.operator), set(self.cards.values()))
		status, body = get_json(
			f"/api/method/zhira_after_sales.warranty.api.check_coverage?customer_device={self.north_device}",
			self.operator,
		)
		self.assertEqual((status, body["message"]["reason"]), (200, "covered"))
		response = call(
			"POST",
			"/api/resource/Warranty Card",
			self.operator,
			json={"item": "ZT-REST-COOLER", "serial_no": "ZTREST-X"},
		)
		self.assertEqual(response.status_code, 403)

	def test_an_agency_reads_only_the_cards_of_its_territories_and_referrals(self):
		north, south, referred = self.cards["ZTREST-N1"], self.cards["ZTREST-S1"], self.cards["ZTREST-N2"]
		self.assertEqual(self.names(self.agency_user), {north, referred})
		self.assertEqual(self.names(self.tech_user), {north, referred})
		self.assertEqual(self.names(self.other_agency_user), {south, referred})
		self.assertEqual(get_json(f"/api/resource/Warranty Card/{south}", self.agency_user)[0], 403)
		self.assertEqual(get_json(f"/api/resource/Warranty Card/{north}", self.agency_user)[0], 200)
		self.assertEqual(get_json(f"/api/resource/Warranty Card/{referred}", self.other_agency_user)[0], 200)
		self.assertEqual(get_json(f"/api/resource/Warranty Card/{north}", self.other_agency_user)[0], 403)
		status, body = get_json(
			'/api/method/frappe.client.get_count?doctype=Warranty Card&filters=[["item","=","ZT-REST-COOLER"]]',
			self.agency_user,
		)
		self.assertEqual((status, body["message"]), (200, 2))
		response = call(
			"PUT", f"/api/resource/Warranty Card/{north}", self.agency_user, json={"customer": None}
		)
		self.assertEqual(response.status_code, 403)

	def test_an_agency_reads_no_devices_directly(self):
		self.assertEqual(get_json("/api/resource/Customer Device", self.agency_user)[0], 403)
		status, _body = get_json(
			f"/api/method/zhira_after_sales.warranty.api.check_coverage?customer_device={self.north_device}",
			self.agency_user,
		)
		self.assertEqual(status, 403)

	def test_guests_see_the_public_answer_and_nothing_personal(self):
		card = self.cards["ZTREST-N1"]
		response = call_guest(
			"GET", "/api/method/zhira_after_sales.warranty.api.verify_warranty?serial_no=ztrest-n1"
		)
		self.assertEqual(response.status_code, 200)
		(row,) = response.json["message"]
		self.assertEqual((row["status"], row["serial_no"]), ("Active", "ZTREST-N1"))
		text = response.get_data(as_text=True)
		self.assertNotIn("مشتری محرمانه", text)
		self.assertNotIn(card, text)  # the card number is the key to the dates
		self.assertNotIn("start_date", text)
		self.assertNotIn("end_date", text)
		self.assertEqual(call_guest("GET", "/api/resource/Warranty Card").status_code, 403)

		end = frappe.db.get_value("Warranty Card", card, "end_date")
		page = call_guest("GET", "/warranty?serial=ZTREST-N1")
		html = page.get_data(as_text=True)
		self.assertEqual(page.status_code, 200)
		self.assertIn(frappe.db.get_value("Warranty Card", card, "item_name"), html)
		self.assertIn("warranty-card-hint", html)
		self.assertNotIn(jalali.format_date(end), html)
		self.assertNotIn(card, html)

		page = call_guest("GET", f"/warranty?serial=ZTREST-N1&card={card.lower()}")
		html = page.get_data(as_text=True)
		self.assertIn(card, html)
		self.assertIn(jalali.format_date(end), html)
		self.assertNotIn("مشتری محرمانه", html)
		(row,) = call_guest(
			"GET",
			f"/api/method/zhira_after_sales.warranty.api.verify_warranty?serial_no=ZTREST-N1&card_no={card}",
		).json["message"]
		self.assertEqual((row["card_no"], row["end_date_iso"]), (card, str(end)))
		wrong = call_guest(
			"GET",
			"/api/method/zhira_after_sales.warranty.api.verify_warranty?serial_no=ZTREST-N1&card_no=WC-99999999",
		)
		self.assertEqual(wrong.json["message"], [])
		missing = call_guest("GET", "/warranty?serial=ZTREST-NOPE").get_data(as_text=True)
		self.assertIn("warranty-not-found", missing)

	def test_the_public_page_escapes_what_it_prints(self):
		page = call_guest("GET", "/warranty?serial=%3Cscript%3Ealert(1)%3C/script%3E&card=%22%3E%3Cb%3Ex")
		html = page.get_data(as_text=True)
		self.assertEqual(page.status_code, 200)
		self.assertNotIn("<script>alert(1)</script>", html)
		self.assertNotIn('"><b>x', html)

	def test_public_lookups_share_one_limit_per_client(self):
		from zhira_after_sales.utils import throttle

		api_path = "/api/method/zhira_after_sales.warranty.api.verify_warranty?serial_no=ZTREST-N1"
		v2_path = "/api/v2/method/zhira_after_sales.warranty.api.verify_warranty?serial_no=ZTREST-N1"
		client = "198.51.100.7"
		key = throttle.cache_key("warranty-verify", client)
		frappe.cache.delete(key)
		codes = []
		try:
			for i in range(api.VERIFY_LIMIT + 1):
				# a different forged X-Forwarded-For each time: the connection's own address counts
				headers = {"X-Forwarded-For": f"10.0.{i}.1"}
				path = (api_path, v2_path, "/warranty?serial=ZTREST-N1")[i % 3]
				response = call_guest("GET", path, headers=headers, environ_base={"REMOTE_ADDR": client})
				if path.startswith("/warranty"):  # the page shows the limit as a message
					limited = "warranty-result" not in response.get_data(as_text=True)
				else:
					limited = response.status_code == 429
				codes.append(429 if limited else response.status_code)
		finally:
			frappe.cache.delete(key)
		self.assertEqual(codes[: api.VERIFY_LIMIT], [200] * api.VERIFY_LIMIT)
		self.assertEqual(codes[-1], 429)


class TestClientAddress(FrappeTestCase):
	def address(self, remote, forwarded=None, trusted=None):
		from werkzeug.test import EnvironBuilder
		from werkzeug.wrappers import Request

		from zhira_after_sales.utils import throttle

		headers = {"X-Forwarded-For": forwarded} if forwarded else {}
		environ = EnvironBuilder(headers=headers, environ_base={"REMOTE_ADDR": remote}).get_environ()
		saved_request, saved = (
			getattr(frappe.local, "request", None),
			frappe.conf.get("zhira_trusted_proxies"),
		)
		frappe.local.request = Request(environ)
		frappe.conf["zhira_trusted_proxies"] = trusted
		try:
			return throttle.client_address()
		finally:
			frappe.local.request = saved_request
			frappe.conf["zhira_trusted_proxies"] = saved

	def test_forwarded_for_counts_only_behind_a_listed_proxy(self):
		self.assertEqual(self.address("198.51.100.9", "203.0.113.7"), "198.51.100.9")
		self.assertEqual(
			self.address("10.0.0.1", "203.0.113.7, 10.0.0.2", ["10.0.0.1", "10.0.0.2"]), "203.0.113.7"
		)
		# a client that forges the header gets the nearest untrusted hop: its own address
		self.assertEqual(self.address("10.0.0.1", "1.2.3.4, 198.51.100.9", ["10.0.0.1"]), "198.51.100.9")
		self.assertEqual(self.address("10.0.0.1", "not-an-ip", ["10.0.0.1"]), "10.0.0.1")
