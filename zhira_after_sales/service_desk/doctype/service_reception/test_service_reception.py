# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import json
from urllib.parse import urlencode

import frappe
import pymysql
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.exceptions import (
	DefectCodeScopeError,
	InvalidPhoneNumberError,
	InvalidTrackingCodeError,
	NotAssignedError,
	ReceptionError,
	SerialOwnershipError,
	StatusTransitionError,
)
from zhira_after_sales.service_desk import tracking
from zhira_after_sales.service_desk.report.reception_register.reception_register import execute as register
from zhira_after_sales.service_desk.status_service import apply_status, change_status, change_status_by_sms
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_item,
	make_item_group,
	make_technician,
	make_user,
)
from zhira_after_sales.tests.rest import call, get_json

test_ignore = TEST_IGNORE

REPAIR = "تعمیر آزاد"
INSTALL = "نصب"


def setup_catalogue():
	appliances = make_item_group("ZT Appliances", is_group=1)
	heaters = make_item_group("ZT Heaters", parent=appliances)
	coolers = make_item_group("ZT Coolers", parent=appliances)
	for code, group in (("ZT-HEAT", heaters), ("ZT-COOL", coolers)):
		if not frappe.db.exists("Defect Code", code):
			frappe.get_doc(
				{
					"doctype": "Defect Code",
					"code": code,
					"defect_name": code,
					"is_group": 1,
					"item_group": group,
				}
			).insert(ignore_permissions=True)
	for code, parent in (("ZT-HEAT-LEAK", "ZT-HEAT"), ("ZT-COOL-PUMP", "ZT-COOL")):
		if not frappe.db.exists("Defect Code", code):
			frappe.get_doc(
				{"doctype": "Defect Code", "code": code, "defect_name": code, "parent_defect_code": parent}
			).insert(ignore_permissions=True)
	return make_item("ZT-HEATER-1", heaters), make_item("ZT-COOLER-1", coolers)


def new_reception(mobile="09125550001", devices=None, **kw):
	values = {
		"doctype": "Service Reception",
		"mobile_no": mobile,
		"customer_name": "مشتری آزمایشی",
		"devices": devices or [{"item": "ZT-HEATER-1", "service_type": REPAIR}],
	}
	values.update(kw)
	return frappe.get_doc(values)


def restore_allowed_next(status: str, allowed: list[str]):
	doc = frappe.get_doc("Service Status", status)
	doc.allowed_next = []
	for target in allowed:
		doc.append("allowed_next", {"status": target})
	doc.save()


class TestServiceReception(FrappeTestCase):
	def setUp(self):
		self.heater, self.cooler = setup_catalogue()
		self.agency = make_agency("ZT-REC-ISF", "نمایندگی آزمایشی اصفهان", mobile_no="09130000900")
		frappe.db.set_value("Territory", "اصفهان", "default_service_agency", self.agency)

	def test_new_customer_is_created_with_contact_and_address(self):
		reception = new_reception(
			mobile="۰۹۱۳ ۵۵۵ ۰۰۰۲",
			customer_name="زهرا كاظمي",
			phone_no="031-36612345",
			address_line="خیابان چهارباغ، پلاک ۸۰",
			city="اصفهان",
		).insert()
		self.assertEqual(reception.mobile_no, "+989135550002")
		customer = frappe.get_doc("Customer", reception.customer)
		self.assertEqual(customer.customer_name, "زهرا کاظمی")
		contact = frappe.get_doc("Contact", reception.contact)
		self.assertEqual(
			(customer.mobile_no, customer.customer_primary_contact, customer.customer_primary_address),
			("+989135550002", contact.name, reception.address),
		)
		self.assertTrue(contact.is_primary_contact)
		self.assertEqual((contact.mobile_no, contact.phone), ("+989135550002", "+983136612345"))
		self.assertIn("+989135550002", [p.phone for p in contact.phone_nos])
		self.assertIn("+983136612345", [p.phone for p in contact.phone_nos])
		address = frappe.get_doc("Address", reception.address)
		self.assertEqual(address.city, "اصفهان")
		self.assertEqual(address.address_line1, "خیابان چهارباغ، پلاک 80")

	def test_existing_customer_is_found_whatever_the_mobile_format(self):
		first = new_reception(mobile="09135550003", customer_name="علی اکبری").insert()
		customers = frappe.db.count("Customer")
		second = new_reception(mobile="+98 913 555 0003", customer_name="").insert()
		self.assertEqual(second.customer, first.customer)
		self.assertEqual(second.customer_name, "علی اکبری")
		self.assertEqual(frappe.db.count("Customer"), customers)

	def test_landline_area_code_sets_territory_and_its_agency(self):
		reception = new_reception(phone_no="۰۳۱-۳۲۲۲۱۱۱۱").insert()
		self.assertEqual(reception.territory, "اصفهان")
		self.assertEqual(reception.service_agency, self.agency)
		self.assertEqual(reception.referral_source, "Territory Default")
		self.assertEqual(reception.status, "ارجاع شده")
		self.assertEqual(
			[(r.status, r.source) for r in reception.status_log],
			[("ثبت شده", "desk"), ("ارجاع شده", "system")],
		)

	def test_an_agency_chosen_by_hand_wins_over_the_territory(self):
		other = make_agency("ZT-REC-SHZ", "نمایندگی آزمایشی شیراز")
		reception = new_reception(phone_no="031-32221111", service_agency=other).insert()
		self.assertEqual(reception.service_agency, other)
		self.assertEqual(reception.referral_source, "By Hand")

	def test_several_devices_with_defects_and_installed_base(self):
		reception = new_reception(
			devices=[
				{
					"item": self.heater,
					"serial_no": "zt-h-001",
					"service_type": REPAIR,
					"declared_defects": "zt-heat-leak",
				},
				{
					"item": self.cooler,
					"serial_no": "ZT-C-001",
					"service_type": REPAIR,
					"declared_defects": "ZT-COOL-PUMP, GEN-NOISE",
				},
				{"item": self.cooler, "service_type": INSTALL},
			]
		).insert()
		self.assertEqual(len(reception.devices), 3)
		self.assertEqual(reception.devices[0].serial_no, "ZT-H-001")
		self.assertEqual(
			sorted((d.device_row, d.defect_code) for d in reception.defects),
			[(1, "ZT-HEAT-LEAK"), (2, "GEN-NOISE"), (2, "ZT-COOL-PUMP")],
		)
		for row in reception.devices[:2]:
			self.assertEqual(
				frappe.db.get_value("Customer Device", row.customer_device, "customer"), reception.customer
			)
		self.assertIsNone(reception.devices[2].customer_device)  # no serial, no installed-base record
		# the serials have no warranty card; the third device has no serial to look one up by
		self.assertEqual(
			[d.warranty_status for d in reception.devices], ["Not Covered", "Not Covered", "Unknown"]
		)
		self.assertIn("has no warranty card", reception.devices[0].warranty_note)

	def test_tracking_codes_are_valid_and_unique_under_many_inserts(self):
		codes = [new_reception(mobile="09125550010").insert().tracking_code for _ in range(150)]
		self.assertEqual(len(set(codes)), len(codes))
		self.assertTrue(all(tracking.is_valid(code) for code in codes))
		second = frappe.get_value("Service Reception", {"tracking_code": codes[1]})
		with self.assertRaises(pymysql.IntegrityError):  # the unique index, not only our check
			frappe.db.set_value("Service Reception", second, "tracking_code", codes[0])

	def test_base_data_changed_in_its_form_counts_from_the_next_reception(self):
		"""Statuses, settings, territories and agencies are read from Frappe's document cache while
		a reception is saved: a change saved in their forms is seen by the next reception."""
		other = make_agency("ZT-REC-KSH", "نمایندگی آزمایشی کاشان", mobile_no="09130000901")
		self.assertEqual(new_reception(phone_no="031-32221111").insert().service_agency, self.agency)
		territory = frappe.get_doc("Territory", "اصفهان")
		territory.default_service_agency = other
		territory.save()
		self.assertEqual(new_reception(phone_no="031-32221111").insert().service_agency, other)

		agency = frappe.get_doc("Service Agency", other)
		agency.is_active = 0
		agency.save()
		self.addCleanup(frappe.db.set_value, "Service Agency", other, "is_active", 1)
		self.assertNotEqual(new_reception(phone_no="031-32221111").insert().service_agency, other)

		territory.reload()
		territory.default_service_agency = self.agency
		territory.save()
		initial = frappe.get_doc("Service Status", "ثبت شده")
		kept = [row.status for row in initial.allowed_next]
		initial.allowed_next = [row for row in initial.allowed_next if row.status != "ارجاع شده"]
		initial.save()
		self.addCleanup(restore_allowed_next, "ثبت شده", kept)
		stays = new_reception(phone_no="031-32221111").insert()
		self.assertEqual((stays.service_agency, stays.status), (self.agency, "ثبت شده"))

		settings = frappe.get_doc("After Sales Settings")
		self.addCleanup(frappe.db.set_single_value, "After Sales Settings", "auto_refer", settings.auto_refer)
		settings.auto_refer = 0
		settings.save()
		self.assertIsNone(new_reception(phone_no="031-32221111").insert().service_agency)

	def test_allowed_and_forbidden_transitions(self):
		reception = new_reception(phone_no="031-32221111").insert()
		with self.assertRaisesRegex(StatusTransitionError, "cannot move"):
			apply_status(reception, "انجام شده", "desk")
		self.assertEqual(frappe.db.get_value("Service Reception", reception.name, "status"), "ارجاع شده")
		change_status(reception.name, "در حال انجام", note="technician on the way")
		change_status(reception.tracking_code, "انجام شده")
		reception.reload()
		self.assertEqual(reception.status, "انجام شده")
		self.assertIsNotNone(reception.closed_on)
		self.assertEqual(reception.status_log[-2].note, "technician on the way")
		with self.assertRaises(StatusTransitionError):
			change_status(reception.name, "ثبت شده")

	def test_a_status_written_directly_obeys_the_same_rules_and_history_is_append_only(self):
		reception = new_reception(phone_no="031-32221111").insert()
		reception.status = "انجام شده"
		self.assertRaises(StatusTransitionError, reception.save)
		reception.reload()
		reception.status = "در حال انجام"
		reception.status_log = reception.status_log[:1]  # a client trying to rewrite history
		reception.save()
		self.assertEqual([r.status for r in reception.status_log], ["ثبت شده", "ارجاع شده", "در حال انجام"])

	def test_sms_command_changes_status_only_for_the_assigned_technician(self):
		technician = make_technician(self.agency, "09130000901", "تکنسین آزمایشی")
		stranger = make_technician(self.agency, "09130000902", "تکنسین دیگر")
		reception = new_reception(phone_no="031-32221111", technician=technician).insert()
		code = reception.tracking_code
		persian_code = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
		self.assertEqual(
			change_status_by_sms(persian_code, "۲", technician, f"{persian_code} ۲"), "در حال انجام"
		)
		reception.reload()
		self.assertEqual(
			(reception.status_log[-1].source, reception.status_log[-1].status), ("sms", "در حال انجام")
		)
		self.assertRaises(NotAssignedError, change_status_by_sms, code, "4", stranger, "x")
		self.assertRaises(
			InvalidTrackingCodeError,
			change_status_by_sms,
			code[:-1] + str((int(code[-1]) + 1) % 10),
			"4",
			technician,
			"x",
		)
		self.assertRaises(StatusTransitionError, change_status_by_sms, code, "77", technician, "x")
		self.assertRaises(
			StatusTransitionError, change_status_by_sms, code, "1", technician, "x"
		)  # not allowed now

	def test_technician_must_belong_to_the_referred_agency(self):
		other = make_agency("ZT-REC-MSH", "نمایندگی آزمایشی مشهد")
		technician = make_technician(other, "09130000903")
		reception = new_reception(phone_no="031-32221111", technician=technician)
		self.assertRaisesRegex(ReceptionError, "works for agency", reception.insert)

	def test_re_referral_keeps_history(self):
		other = make_agency("ZT-REC-TBZ", "نمایندگی آزمایشی تبریز")
		reception = new_reception(phone_no="031-32221111").insert()
		reception.service_agency = other
		reception.save()
		self.assertEqual([r.service_agency for r in reception.referrals], [self.agency, other])
		self.assertIsNotNone(reception.referrals[0].ended_on)
		self.assertIsNone(reception.referrals[1].ended_on)
		self.assertEqual(reception.referrals[1].assignment, "By Hand")

	def test_global_search_finds_a_reception_by_tracking_code_mobile_and_serial(self):
		from frappe.utils.global_search import search, sync_global_search

		reception = new_reception(
			mobile="09125550040",
			devices=[{"item": self.heater, "serial_no": "ZT-GLOBAL-77", "service_type": REPAIR}],
		).insert()
		sync_global_search()
		for text in (reception.tracking_code, "09125550040", "ZT-GLOBAL-77"):
			found = [r.name for r in search(text, doctype="Service Reception")]
			self.assertIn(reception.name, found, text)

	def test_register_lists_one_row_per_device_with_filters(self):
		reception = new_reception(
			phone_no="031-32221111",
			devices=[
				{"item": self.heater, "service_type": REPAIR},
				{"item": self.cooler, "service_type": INSTALL},
			],
		).insert()
		today = frappe.utils.today()
		columns, rows = register({"from_date": today, "to_date": today, "service_agency": self.agency})
		mine = [r for r in rows if r.name == reception.name]
		self.assertEqual([r.item for r in mine], [self.heater, self.cooler])
		# one date column: the desk shows it in Jalali to whoever reads Jalali (not a second column)
		self.assertEqual([c["fieldname"] for c in columns].count("received_on"), 1)
		self.assertNotIn("received_on_jalali", [c["fieldname"] for c in columns])
		_columns, rows = register(
			{"from_date": today, "to_date": today, "service_type": INSTALL, "item_group": "ZT Appliances"}
		)
		self.assertEqual([r.item for r in rows if r.name == reception.name], [self.cooler])


class TestReceptionBadInput(FrappeTestCase):
	"""Each mistake gets a clear error naming the field, and nothing is saved."""

	def setUp(self):
		self.heater, self.cooler = setup_catalogue()

	def assert_refused(self, reception, exc, message):
		counts = {
			dt: frappe.db.count(dt) for dt in ("Service Reception", "Customer", "Customer Device", "Contact")
		}
		self.assertRaisesRegex(exc, message, reception.insert)
		self.assertEqual({dt: frappe.db.count(dt) for dt in counts}, counts)

	def test_invalid_or_foreign_mobile(self):
		self.assert_refused(
			new_reception(mobile="0912 555 00011"),
			InvalidPhoneNumberError,
			"Mobile No.*not a valid Iranian number",
		)
		self.assert_refused(
			new_reception(mobile="+44 7700 900123"),
			InvalidPhoneNumberError,
			"Mobile No.*not an Iranian number",
		)
		self.assert_refused(
			new_reception(mobile="021 4455 6677"), InvalidPhoneNumberError, "Mobile No.*not a mobile"
		)
		self.assert_refused(
			new_reception(phone_no="4455 6677"), InvalidPhoneNumberError, "Landline.*no area code"
		)

	def test_serial_registered_to_another_customer(self):
		new_reception(
			mobile="09125550020",
			devices=[{"item": self.heater, "serial_no": "ZT-OWNED-1", "service_type": REPAIR}],
		).insert()
		intruder = new_reception(
			mobile="09125550021",
			customer_name="کس دیگر",
			devices=[{"item": self.heater, "serial_no": "zt-owned-1", "service_type": REPAIR}],
		)
		self.assert_refused(intruder, SerialOwnershipError, "Devices row 1.*registered to another customer")

	def test_defect_of_another_item_group(self):
		reception = new_reception(
			devices=[{"item": self.heater, "service_type": REPAIR, "declared_defects": "ZT-COOL-PUMP"}]
		)
		self.assert_refused(
			reception,
			DefectCodeScopeError,
			"Devices row 1: Declared Defects: .*ZT-COOL-PUMP.* is a defect of ZT Coolers",
		)
		unknown = new_reception(
			devices=[{"item": self.heater, "service_type": REPAIR, "declared_defects": "NO-SUCH"}]
		)
		self.assert_refused(unknown, DefectCodeScopeError, "not an active defect code")

	def test_a_device_picked_by_a_name_that_does_not_exist_is_refused(self):
		reception = new_reception(devices=[{"customer_device": "ZT-NO-SUCH-DEVICE", "service_type": REPAIR}])
		# Frappe's link check says so first...
		self.assert_refused(reception, frappe.LinkValidationError, "Customer Device: ZT-NO-SUCH-DEVICE")
		# ...and the reception's own check where links are not checked (a data import may skip them)
		reception = new_reception(devices=[{"customer_device": "ZT-NO-SUCH-DEVICE", "service_type": REPAIR}])
		reception.flags.ignore_links = True
		self.assert_refused(reception, ReceptionError, "Devices row 1: there is no registered device")

	def test_reception_without_a_device(self):
		reception = new_reception()
		reception.devices = []
		self.assert_refused(reception, ReceptionError, "Devices: add at least one device")

	def test_a_device_without_a_service_type_is_asked_for_one(self):
		reception = new_reception(devices=[{"item": self.heater, "service_type": None}])
		self.assert_refused(reception, ReceptionError, "Devices row 1: choose the Service Type")


class TestReceptionThroughREST(FrappeTestCase):
	"""Agencies and technicians see and move only their own receptions, through the real API."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		setup_catalogue()
		cls.user_a = make_user("zt.rec.agency.a@example.com")
		cls.user_b = make_user("zt.rec.agency.b@example.com")
		cls.tech_user = make_user("zt.rec.tech.a@example.com")
		cls.operator = make_user("zt.rec.operator@example.com", roles=("Reception Operator",))
		cls.agency_a = make_agency("ZT-RR-A", "نمایندگی رست الف", users=(cls.user_a,))
		cls.agency_b = make_agency("ZT-RR-B", "نمایندگی رست ب", users=(cls.user_b,))
		cls.technician = make_technician(cls.agency_a, "09390000301", "تکنسین رست", user=cls.tech_user)
		frappe.db.commit()  # nosemgrep: requests run in their own transaction

	def create_as_operator(self, agency, **kw):
		response = call(
			"POST",
			"/api/resource/Service Reception",
			self.operator,
			json={
				"mobile_no": "09125550030",
				"customer_name": "مشتری رست",
				"service_agency": agency,
				"devices": [{"item": "ZT-HEATER-1", "service_type": REPAIR}],
				**kw,
			},
		)
		self.assertEqual(response.status_code, 200, response.json)
		return response.json["data"]

	def test_referral_puts_a_todo_in_the_agency_users_cartable(self):
		reception = self.create_as_operator(self.agency_a)
		status, body = get_json(
			f'/api/resource/ToDo?filters=[["reference_name","=","{reception["name"]}"]]&fields=["allocated_to","status"]',
			self.user_a,
		)
		self.assertEqual(status, 200)
		self.assertEqual(body["data"], [{"allocated_to": self.user_a, "status": "Open"}])
		# the desk sees the assignment too: who assigned it, "Assigned To" in the list, a line in the
		# timeline
		self.assertEqual(
			frappe.get_all("ToDo", {"reference_name": reception["name"]}, pluck="assigned_by_full_name"),
			[frappe.utils.get_fullname(self.operator)],
		)
		self.assertEqual(self.assigned_to(reception["name"]), [self.user_a])
		timeline = frappe.get_all(
			"Comment",
			{"reference_doctype": "Service Reception", "reference_name": reception["name"]},
			pluck="comment_type",
		)
		self.assertEqual(timeline.count("Assigned"), 1)

	def assigned_to(self, name: str) -> list[str]:
		return json.loads(frappe.db.get_value("Service Reception", name, "_assign") or "[]")

	def test_re_referral_moves_the_todo(self):
		reception = self.create_as_operator(self.agency_a)
		response = call(
			"PUT",
			f"/api/resource/Service Reception/{reception['name']}",
			self.operator,
			json={"service_agency": self.agency_b},
		)
		self.assertEqual(response.status_code, 200, response.json)
		todos = frappe.get_all("ToDo", {"reference_name": reception["name"]}, ["allocated_to", "status"])
		self.assertIn({"allocated_to": self.user_a, "status": "Cancelled"}, todos)
		self.assertIn({"allocated_to": self.user_b, "status": "Open"}, todos)
		self.assertEqual(self.assigned_to(reception["name"]), [self.user_b])
		self.assertEqual(
			get_json(f"/api/resource/Service Reception/{reception['name']}", self.user_a)[0], 403
		)
		self.assertEqual(
			get_json(f"/api/resource/Service Reception/{reception['name']}", self.user_b)[0], 200
		)

	def test_agency_user_cannot_read_another_agencys_reception(self):
		mine = self.create_as_operator(self.agency_a)
		theirs = self.create_as_operator(self.agency_b)
		self.assertEqual(get_json(f"/api/resource/Service Reception/{theirs['name']}", self.user_a)[0], 403)
		self.assertEqual(get_json(f"/api/resource/Service Reception/{mine['name']}", self.user_a)[0], 200)
		status, body = get_json(
			'/api/resource/Service Reception?limit_page_length=0&fields=["service_agency"]', self.user_a
		)
		self.assertEqual(status, 200)
		self.assertEqual({row["service_agency"] for row in body["data"]}, {self.agency_a})

	def test_agency_and_technician_move_the_status_with_their_own_source(self):
		reception = self.create_as_operator(self.agency_a, technician=self.technician)
		name = reception["name"]
		portal = call(
			"POST",
			"/api/method/zhira_after_sales.service_desk.status_api.change_status",
			self.user_a,
			json={"reception": name, "status": "پذیرفته شده"},
		)
		self.assertEqual(portal.status_code, 200, portal.json)
		app = call(
			"POST",
			"/api/method/zhira_after_sales.service_desk.status_api.change_status",
			self.tech_user,
			json={"reception": reception["tracking_code"], "status": "در حال انجام"},
		)
		self.assertEqual(app.status_code, 200, app.json)
		other = call(
			"POST",
			"/api/method/zhira_after_sales.service_desk.status_api.change_status",
			self.user_b,
			json={"reception": name, "status": "انجام شده"},
		)
		self.assertEqual(other.status_code, 404)  # another agency's reception: as if it did not exist
		forbidden = call(
			"POST",
			"/api/method/zhira_after_sales.service_desk.status_api.change_status",
			self.user_a,
			json={"reception": name, "status": "ثبت شده"},
		)
		self.assertEqual(forbidden.status_code, 417)
		log = frappe.get_all(
			"Service Reception Status Log", {"parent": name}, ["status", "source", "by"], order_by="idx"
		)
		self.assertEqual(
			[(r.status, r.source, r.by) for r in log],
			[
				("ثبت شده", "desk", self.operator),
				("ارجاع شده", "system", self.operator),
				("پذیرفته شده", "portal", self.user_a),
				("در حال انجام", "app", self.tech_user),
			],
		)

	def test_operator_can_pick_models_and_route_a_landline(self):
		found = call(
			"POST",
			"/api/method/frappe.desk.search.search_link",
			self.operator,
			json={"doctype": "Item", "txt": "ZT-HEATER"},
		)
		self.assertEqual(found.status_code, 200, found.json)
		self.assertIn("ZT-HEATER-1", [row["value"] for row in found.json["message"]])
		routed = call(
			"POST",
			"/api/method/zhira_after_sales.after_sales_setup.territory.route_phone",
			self.operator,
			json={"phone_no": "۰۳۱-۳۲۲۲۱۱۱۱"},
		)
		self.assertEqual(routed.status_code, 200, routed.json)
		self.assertEqual(routed.json["message"]["territory"], "اصفهان")
		looked_up = call(
			"POST",
			"/api/method/zhira_after_sales.api.reception.lookup_mobile",
			self.operator,
			json={"mobile_no": "0912 555 0030"},
		)
		self.assertEqual(looked_up.json["message"]["e164"], "+989125550030")

	def test_agency_user_cannot_look_up_customers(self):
		response = call(
			"POST",
			"/api/method/zhira_after_sales.api.reception.lookup_mobile",
			self.user_a,
			json={"mobile_no": "09125550030"},
		)
		self.assertEqual(response.status_code, 403)

	def test_agency_user_cannot_edit_a_reception_directly(self):
		reception = self.create_as_operator(self.agency_a)
		response = call(
			"PUT",
			f"/api/resource/Service Reception/{reception['name']}",
			self.user_a,
			json={"status": "انجام شده"},
		)
		self.assertEqual(response.status_code, 403)

	def test_search_by_tracking_code_mobile_serial_and_name(self):
		reception = self.create_as_operator(
			self.agency_a,
			devices=[{"item": "ZT-HEATER-1", "serial_no": "ZT-SEARCH-1", "service_type": REPAIR}],
		)
		for filters in (
			[["tracking_code", "=", reception["tracking_code"]]],
			[["mobile_no", "=", "+989125550030"]],
			[["Service Reception Device", "serial_no", "=", "ZT-SEARCH-1"]],
			[["customer_name", "like", "%مشتری رست%"]],
		):
			query = urlencode({"filters": frappe.as_json(filters), "limit_page_length": 0})
			status, body = get_json(f"/api/resource/Service Reception?{query}", self.operator)
			self.assertEqual(status, 200)
			self.assertIn(reception["name"], [row["name"] for row in body["data"]], filters)
