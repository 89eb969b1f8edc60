"""Agency B's portal user and agency B's technician must find nothing of agency A through any way
Frappe reads data: global search (REST v1 and v2), link search with and without
`ignore_user_permissions`, link validation, child tables listed and counted directly, reports,
Report View and the status API. Everything goes through the real WSGI application with API keys."""

import json
from urllib.parse import urlencode

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import today
from frappe.utils.global_search import sync_global_search

from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_customer,
	make_device,
	make_item,
	make_item_group,
	make_technician,
	make_territory,
	make_user,
	make_warranty_plan,
)
from zhira_after_sales.tests.rest import call, get_json

test_ignore = TEST_IGNORE

REPAIR = "تعمیر آزاد"
MOBILE_A, MOBILE_B = "09125559101", "09125559102"
CUSTOMER_A, CUSTOMER_B = "مشتری پنهان الف", "مشتری دیدنی ب"
SERIAL_A, SERIAL_B = "ZT-ISO-SERIAL-A", "ZT-ISO-SERIAL-B"
TECH_A_NAME = "تکنسین پنهان الف"
CHILD_TABLES = (
	"Service Reception Device",
	"Service Reception Defect",
	"Service Reception Status Log",
	"Service Reception Referral",
)


def method(path: str, user: str, version: str = "", **params):
	response = call(
		"POST", f"/api{version}/method/{path}", user, data=json.dumps(params), content_type="application/json"
	)
	body = response.json if response.is_json else {}
	return response.status_code, body.get("message", body.get("data"))


class TestIsolation(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		territory_a = make_territory("ZT Isolation A")
		territory_b = make_territory("ZT Isolation B")
		cls.user_a = make_user("zt.iso.agency.a@example.com")
		cls.user_b = make_user("zt.iso.agency.b@example.com")
		cls.tech_b_user = make_user("zt.iso.tech.b@example.com")
		cls.operator = make_user("zt.iso.operator@example.com", roles=("Reception Operator",))
		cls.agency_a = make_agency(
			"ZT-ISO-A", "نمایندگی پنهان الف", users=(cls.user_a,), territories=[{"territory": territory_a}]
		)
		cls.agency_b = make_agency(
			"ZT-ISO-B", "نمایندگی دیدنی ب", users=(cls.user_b,), territories=[{"territory": territory_b}]
		)
		cls.tech_a = make_technician(cls.agency_a, "09390009101", TECH_A_NAME)
		cls.tech_b = make_technician(cls.agency_b, "09390009102", "تکنسین ب", user=cls.tech_b_user)
		item = make_item("ZT-ISO-HEATER", make_item_group("ZT Isolation Heaters"))
		make_warranty_plan("ZT Isolation plan", item=item)
		cls.reception_a = cls.reception(cls.agency_a, cls.tech_a, MOBILE_A, CUSTOMER_A, item, SERIAL_A)
		cls.reception_b = cls.reception(cls.agency_b, cls.tech_b, MOBILE_B, CUSTOMER_B, item, SERIAL_B)
		cls.card_a = cls.card(item, "ZT-ISO-CARD-A", territory_a)
		cls.card_b = cls.card(item, "ZT-ISO-CARD-B", territory_b)
		frappe.db.commit()  # nosemgrep: requests run in their own transaction
		sync_global_search()
		frappe.db.commit()  # nosemgrep

	@classmethod
	def reception(cls, agency, technician, mobile, customer, item, serial):
		existing = frappe.db.get_value("Service Reception", {"mobile_no": "+98" + mobile[1:]})
		if existing:
			return frappe.get_doc("Service Reception", existing)
		return frappe.get_doc(
			{
				"doctype": "Service Reception",
				"mobile_no": mobile,
				"customer_name": customer,
				"service_agency": agency,
				"technician": technician,
				"devices": [{"item": item, "serial_no": serial, "service_type": REPAIR}],
			}
		).insert(ignore_permissions=True)

	@classmethod
	def card(cls, item, serial, territory):
		existing = frappe.db.get_value("Warranty Card", {"serial_no": serial})
		if existing:
			return existing
		device = make_device(item, serial, make_customer("مشتری کارت " + serial), territory=territory)
		card = frappe.get_doc(
			{"doctype": "Warranty Card", "item": item, "serial_no": serial, "customer_device": device}
		).insert(ignore_permissions=True)
		return card.name

	def outsiders(self):
		return (self.user_b, self.tech_b_user)

	# --- global search ------------------------------------------------------------------------

	def global_hits(self, user, text, version=""):
		# a page wide enough that the site's other test receptions cannot push ours out of it
		status, hits = method("frappe.utils.global_search.search", user, version, text=text, limit=500)
		self.assertEqual(status, 200, hits)
		return {(hit["doctype"], hit["name"]) for hit in hits}

	def test_global_search_finds_nothing_of_another_agency(self):
		a = ("Service Reception", self.reception_a.name)
		for text in (self.reception_a.tracking_code, MOBILE_A, SERIAL_A, CUSTOMER_A):
			self.assertIn(a, self.global_hits(self.operator, text), text)
			for user in self.outsiders():
				for version in ("", "/v2"):
					self.assertNotIn(a, self.global_hits(user, text, version), (user, text, version))
		self.assertNotIn(("Service Technician", self.tech_a), self.global_hits(self.user_b, TECH_A_NAME))
		# their own receptions are still found
		for user in self.outsiders():
			self.assertIn(
				("Service Reception", self.reception_b.name),
				self.global_hits(user, self.reception_b.tracking_code),
			)

	# --- link search ----------------------------------------------------------------------------

	def linked(self, user, doctype, endpoint="search_link", **params):
		status, rows = method(
			f"frappe.desk.search.{endpoint}", user, doctype=doctype, txt="", page_length=1000, **params
		)
		self.assertEqual(status, 200, rows)
		return {row.get("value") or row.get("name") for row in rows}

	def test_link_search_lists_nothing_of_another_agency(self):
		for ignore in (0, 1):
			for endpoint in ("search_link", "search_widget"):
				kw = {"ignore_user_permissions": ignore, "endpoint": endpoint}
				if endpoint == "search_widget":
					kw["as_dict"] = 1
				for user in self.outsiders():
					receptions = self.linked(user, "Service Reception", **kw)
					self.assertNotIn(self.reception_a.name, receptions, (user, kw))
					self.assertIn(self.reception_b.name, receptions, (user, kw))
					cards = self.linked(user, "Warranty Card", **kw)
					self.assertNotIn(self.card_a, cards, (user, kw))
				self.assertNotIn(self.tech_a, self.linked(self.user_b, "Service Technician", **kw))
				self.assertNotIn(self.agency_a, self.linked(self.user_b, "Service Agency", **kw))
		self.assertIn(
			self.reception_a.name,
			self.linked(self.operator, "Service Reception", ignore_user_permissions=1),
		)

	def test_a_foreign_search_query_is_refused_for_the_apps_doctypes(self):
		status, _rows = method(
			"frappe.desk.search.search_link",
			self.user_b,
			doctype="Service Reception",
			txt="",
			query="frappe.desk.search.search_widget",
		)
		self.assertEqual(status, 403)

	def test_link_validation_treats_another_agencys_record_as_missing(self):
		for user in self.outsiders():
			status, found = method(
				"frappe.client.validate_link",
				user,
				doctype="Service Reception",
				docname=self.reception_a.name,
			)
			self.assertEqual((status, found), (200, {}))
			status, found = method(
				"frappe.client.validate_link",
				user,
				doctype="Service Reception",
				docname=self.reception_b.name,
			)
			self.assertEqual((status, found.get("name")), (200, self.reception_b.name))

	# --- child tables -------------------------------------------------------------------------

	def child_rows(self, user, doctype, parent_doctype):
		query = urlencode(
			{
				"doctype": doctype,
				"parent": parent_doctype,
				"fields": json.dumps(["parent"]),
				"limit_page_length": 0,
			}
		)
		status, body = get_json(f"/api/method/frappe.client.get_list?{query}", user)
		self.assertEqual(status, 200, body)
		return {row["parent"] for row in body["message"]}

	def test_child_tables_list_only_rows_of_readable_parents(self):
		for user in self.outsiders():
			for doctype in CHILD_TABLES:
				parents = self.child_rows(user, doctype, "Service Reception")
				self.assertNotIn(self.reception_a.name, parents, (user, doctype))
				if doctype != "Service Reception Defect":
					self.assertIn(self.reception_b.name, parents, (user, doctype))
			self.assertNotIn(self.card_a, self.child_rows(user, "Warranty Card Event", "Warranty Card"))
			self.assertNotIn(self.agency_a, self.child_rows(user, "Service Agency User", "Service Agency"))
			self.assertNotIn(
				self.agency_a, self.child_rows(user, "Service Agency Territory", "Service Agency")
			)
		self.assertIn(self.card_b, self.child_rows(self.user_b, "Warranty Card Event", "Warranty Card"))
		self.assertIn(
			self.reception_a.name,
			self.child_rows(self.operator, "Service Reception Device", "Service Reception"),
		)

	def test_child_tables_count_only_rows_of_readable_parents(self):
		filters = json.dumps([["parent", "=", self.reception_a.name]])
		for user in self.outsiders():
			for doctype in CHILD_TABLES:
				query = urlencode({"doctype": doctype, "filters": filters})
				status, body = get_json(f"/api/method/frappe.client.get_count?{query}", user)
				# refused (no parent named) or nothing counted: never agency A's rows
				self.assertTrue(status == 403 or body.get("message") == 0, (user, doctype, status, body))
				status, body = get_json(f"/api/v2/document/{doctype}/count?filters={filters}", user)
				self.assertTrue(status == 403 or body.get("data") == 0, (user, doctype, status, body))

	# --- reports --------------------------------------------------------------------------------

	def test_reception_register_and_report_view_show_only_the_agencys_rows(self):
		filters = {"from_date": today(), "to_date": today()}
		status, result = method(
			"frappe.desk.query_report.run", self.user_b, report_name="Reception Register", filters=filters
		)
		self.assertEqual(status, 200, result)
		names = {row.get("name") for row in result["result"] if isinstance(row, dict)}
		self.assertIn(self.reception_b.name, names)
		self.assertNotIn(self.reception_a.name, names)
		self.assertNotIn(CUSTOMER_A, json.dumps(result, ensure_ascii=False))

		status, result = method(
			"frappe.desk.reportview.get",
			self.user_b,
			doctype="Service Reception",
			fields=json.dumps(["`tabService Reception`.`name`", "`tabService Reception Device`.`serial_no`"]),
			with_comment_count=0,
		)
		self.assertEqual(status, 200, result)
		self.assertNotIn(self.reception_a.name, json.dumps(result))
		self.assertNotIn(SERIAL_A, json.dumps(result))

	# --- status API -----------------------------------------------------------------------------

	def test_status_api_answers_a_foreign_reception_like_a_missing_one(self):
		path = "zhira_after_sales.api.status"
		for user in self.outsiders():
			answers = []
			for reception in (self.reception_a.name, self.reception_a.tracking_code, "SR-NO-SUCH-1"):
				for endpoint, params in (
					("change_status", {"status": "پذیرفته شده"}),
					("get_allowed_statuses", {}),
				):
					response = call(
						"POST",
						f"/api/method/{path}.{endpoint}",
						user,
						json={"reception": reception, **params},
					)
					text = response.get_data(as_text=True)
					answers.append(response.status_code)
					self.assertNotIn(CUSTOMER_A, text)
					if reception != self.reception_a.tracking_code:
						self.assertNotIn(self.reception_a.tracking_code, text)
			self.assertEqual(set(answers), {404}, user)
		self.assertEqual(
			frappe.db.get_value("Service Reception", self.reception_a.name, "status"), self.reception_a.status
		)

	# --- technician logins ---------------------------------------------------------------------

	def test_an_agency_cannot_give_a_login_to_its_technician(self):
		victim = make_user("zt.iso.victim@example.com", roles=("Reception Operator",))
		for mobile in ("+989390009108", "+989390009109"):  # made by an earlier run's requests
			for name in frappe.get_all("Service Technician", {"mobile_no": mobile}, pluck="name"):
				frappe.delete_doc("Service Technician", name, ignore_permissions=True, force=True)
		frappe.db.commit()  # nosemgrep
		response = call(
			"POST",
			"/api/resource/Service Technician",
			self.user_b,
			json={
				"agency": self.agency_b,
				"full_name": "تکنسین جدید",
				"mobile_no": "09390009109",
				"user": victim,
			},
		)
		self.assertEqual(response.status_code, 403, response.json)
		self.assertFalse(frappe.db.exists("Service Technician", {"mobile_no": "+989390009109"}))
		response = call(
			"PUT", f"/api/resource/Service Technician/{self.tech_b}", self.user_b, json={"user": victim}
		)
		self.assertEqual(response.status_code, 403, response.json)
		self.assertEqual(frappe.db.get_value("Service Technician", self.tech_b, "user"), self.tech_b_user)
		self.assertNotIn("Service Technician", frappe.get_roles(victim))
		# without a login the agency adds its technician itself
		response = call(
			"POST",
			"/api/resource/Service Technician",
			self.user_b,
			json={"agency": self.agency_b, "full_name": "تکنسین بی ورود", "mobile_no": "09390009108"},
		)
		self.assertEqual(response.status_code, 200, response.json)

	def test_head_office_links_a_login_and_the_change_is_logged(self):
		user = make_user("zt.iso.newtech@example.com")
		technician = frappe.get_doc(
			"Service Technician", make_technician(self.agency_b, "09390009107", "تکنسین ورود")
		)
		technician.user = user
		technician.save()
		self.assertIn("Service Technician", frappe.get_roles(user))
		comments = frappe.get_all(
			"Comment",
			{
				"reference_doctype": "Service Technician",
				"reference_name": technician.name,
				"comment_type": "Info",
			},
			pluck="content",
		)
		self.assertTrue(any(user in c and "Administrator" in c for c in comments), comments)
