# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.exceptions import AgencyUserConflictError, InvalidPhoneNumberError
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_technician, make_user
from zhira_after_sales.tests.rest import call, get_json

test_ignore = TEST_IGNORE


def new_agency(**kw):
	values = {
		"doctype": "Service Agency",
		"agency_name": "نمایندگی آزمایشی کرج",
		"mobile_no": "۰۹۱۲ ۳۴۵ ۶۷۸۹",
	}
	values.update(kw)
	return frappe.get_doc(values)


class TestServiceAgency(FrappeTestCase):
	def test_creating_an_agency_creates_its_erpnext_records(self):
		agency = new_agency(agency_name="نمایندگی آزمایشی رشت", agency_code="zt-rsht").insert()
		self.assertEqual(agency.name, "ZT-RSHT")
		self.assertEqual(agency.mobile_no, "+989123456789")

		self.assertEqual(
			frappe.db.get_value("Supplier", agency.supplier, "supplier_name"), agency.agency_name
		)
		self.assertEqual(
			frappe.db.get_value("Customer", agency.customer, "customer_name"), agency.agency_name
		)
		link = frappe.get_doc("Party Link", agency.party_link)
		self.assertEqual(
			(link.primary_role, link.primary_party, link.secondary_role, link.secondary_party),
			("Customer", agency.customer, "Supplier", agency.supplier),
		)

		settings = frappe.get_single("After Sales Settings")
		for fieldname, parent in (
			("consignment_warehouse", settings.consignment_parent_warehouse),
			("defective_warehouse", settings.defective_parent_warehouse),
		):
			warehouse = frappe.get_doc("Warehouse", agency.get(fieldname))
			self.assertEqual(warehouse.parent_warehouse, parent)
			self.assertEqual(warehouse.company, agency.company)
			self.assertFalse(warehouse.is_group)
		self.assertNotEqual(agency.consignment_warehouse, agency.defective_warehouse)
		self.assertEqual(
			frappe.db.get_value("Warehouse", settings.consignment_parent_warehouse, "account"),
			frappe.db.get_value(
				"Account",
				{"account_type": "Stock", "company": agency.company, "name": ("like", "موجودی امانی%")},
			),
		)
		self.assertEqual(frappe.db.get_single_value("Accounts Settings", "enable_common_party_accounting"), 1)

	def test_code_is_numbered_when_left_empty(self):
		agency = new_agency(agency_name="نمایندگی بدون کد").insert()
		self.assertRegex(agency.name, r"^AG-\d{4}$")

	def test_invalid_mobile_is_refused_and_nothing_is_created(self):
		counts = {dt: frappe.db.count(dt) for dt in ("Supplier", "Customer", "Warehouse", "Party Link")}
		for mobile, expected in (
			("0212345", "not a valid Iranian number"),
			("021 8888 1234", "not a mobile"),
		):
			agency = new_agency(agency_name="نمایندگی شماره اشتباه", mobile_no=mobile)
			self.assertRaisesRegex(InvalidPhoneNumberError, expected, agency.insert)
		self.assertEqual({dt: frappe.db.count(dt) for dt in counts}, counts)
		self.assertFalse(frappe.db.exists("Service Agency", {"agency_name": "نمایندگی شماره اشتباه"}))

	def test_portal_users_get_the_role_and_lose_it_when_removed(self):
		user = make_user("zt.portal.role@example.com")
		agency = new_agency(agency_name="نمایندگی نقش", portal_users=[{"user": user}]).insert()
		self.assertIn("Service Agency", frappe.get_roles(user))
		agency.portal_users = []
		agency.save()
		self.assertNotIn("Service Agency", frappe.get_roles(user))

	def test_a_user_can_work_for_one_agency_only(self):
		user = make_user("zt.two.agencies@example.com")
		new_agency(agency_name="نمایندگی اول", portal_users=[{"user": user}]).insert()
		second = new_agency(agency_name="نمایندگی دوم", portal_users=[{"user": user}])
		self.assertRaisesRegex(AgencyUserConflictError, "already works for agency", second.insert)

	def test_existing_party_of_another_agency_cannot_be_reused(self):
		first = new_agency(agency_name="نمایندگی مالک").insert()
		second = new_agency(agency_name="نمایندگی دیگر", customer=first.customer)
		self.assertRaisesRegex(frappe.ValidationError, "already belongs to agency", second.insert)


class TestAgencyPermissionsThroughREST(FrappeTestCase):
	"""Agency and technician users must see only their own rows, through /api/resource."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.user_a = make_user("zt.rest.agency.a@example.com")
		cls.user_b = make_user("zt.rest.agency.b@example.com")
		cls.tech_user = make_user("zt.rest.tech.a@example.com")
		cls.operator = make_user("zt.rest.operator@example.com", roles=("Reception Operator",))
		cls.agency_a = make_agency("ZT-REST-A", "نمایندگی آزمایشی الف", users=(cls.user_a,))
		cls.agency_b = make_agency("ZT-REST-B", "نمایندگی آزمایشی ب", users=(cls.user_b,))
		cls.tech_a = make_technician(cls.agency_a, "09390000101", "تکنسین الف", user=cls.tech_user)
		cls.tech_a2 = make_technician(cls.agency_a, "09390000102", "تکنسین دوم الف")
		cls.tech_b = make_technician(cls.agency_b, "09390000201", "تکنسین ب")
		frappe.db.commit()  # nosemgrep: the REST requests run in their own transaction

	def names(self, doctype, user):
		status, body = get_json(f"/api/resource/{doctype}?limit_page_length=0", user)
		self.assertEqual(status, 200, body)
		return {row["name"] for row in body["data"]}

	def test_agency_user_lists_only_their_agency_and_its_technicians(self):
		self.assertEqual(self.names("Service Agency", self.user_a), {self.agency_a})
		self.assertEqual(self.names("Service Agency", self.user_b), {self.agency_b})
		self.assertEqual(self.names("Service Technician", self.user_a), {self.tech_a, self.tech_a2})
		self.assertEqual(self.names("Service Technician", self.user_b), {self.tech_b})

	def test_agency_user_cannot_read_another_agency_or_its_technicians(self):
		self.assertEqual(get_json(f"/api/resource/Service Agency/{self.agency_a}", self.user_a)[0], 200)
		self.assertEqual(get_json(f"/api/resource/Service Agency/{self.agency_b}", self.user_a)[0], 403)
		self.assertEqual(get_json(f"/api/resource/Service Technician/{self.tech_b}", self.user_a)[0], 403)
		self.assertEqual(get_json(f"/api/resource/Service Technician/{self.tech_a}", self.user_b)[0], 403)

	def test_counts_are_narrowed_too(self):
		for method in ("frappe.client.get_count", "frappe.desk.reportview.get_count"):
			response = call(
				"POST", f"/api/method/{method}", self.user_a, json={"doctype": "Service Technician"}
			)
			self.assertEqual(response.json["message"], 2, method)
			response = call("POST", f"/api/method/{method}", self.user_b, json={"doctype": "Service Agency"})
			self.assertEqual(response.json["message"], 1, method)

	def test_agency_user_cannot_change_their_agency_record(self):
		response = call(
			"PUT", f"/api/resource/Service Agency/{self.agency_a}", self.user_a, json={"agency_name": "x"}
		)
		self.assertEqual(response.status_code, 403)
		self.assertEqual(
			frappe.db.get_value("Service Agency", self.agency_a, "agency_name"), "نمایندگی آزمایشی الف"
		)

	def test_agency_user_adds_technicians_to_their_own_agency_only(self):
		own = call(
			"POST",
			"/api/resource/Service Technician",
			self.user_a,
			json={"agency": self.agency_a, "full_name": "تکنسین جدید", "mobile_no": "09390000103"},
		)
		self.assertEqual(own.status_code, 200, own.json)
		other = call(
			"POST",
			"/api/resource/Service Technician",
			self.user_a,
			json={"agency": self.agency_b, "full_name": "نفوذی", "mobile_no": "09390000104"},
		)
		self.assertEqual(other.status_code, 403)
		self.assertFalse(frappe.db.exists("Service Technician", {"mobile_no": "+989390000104"}))
		frappe.db.delete("Service Technician", {"mobile_no": "+989390000103"})
		frappe.db.commit()  # nosemgrep

	def test_technician_sees_only_themselves_and_their_agency(self):
		self.assertEqual(self.names("Service Technician", self.tech_user), {self.tech_a})
		self.assertEqual(self.names("Service Agency", self.tech_user), {self.agency_a})
		self.assertEqual(get_json(f"/api/resource/Service Technician/{self.tech_a2}", self.tech_user)[0], 403)
		self.assertEqual(get_json(f"/api/resource/Service Agency/{self.agency_b}", self.tech_user)[0], 403)

	def test_head_office_sees_every_agency(self):
		self.assertTrue({self.agency_a, self.agency_b} <= self.names("Service Agency", self.operator))
		self.assertTrue({self.tech_a, self.tech_b} <= self.names("Service Technician", self.operator))


class TestAgencyStock(FrappeTestCase):
	"""Parts sent to an agency on consignment stay ours, on the consignment stock account."""

	def test_a_transfer_into_the_consignment_warehouse_posts_to_the_consignment_account(self):
		from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry

		from zhira_after_sales.tests.factories import make_item, make_item_group

		agency = frappe.get_doc("Service Agency", make_agency("ZT-STOCK-AG", "نمایندگی انبار"))
		settings = frappe.get_single("After Sales Settings")
		part = make_item("ZT-PART-PUMP", make_item_group("ZT Parts"))
		make_stock_entry(item_code=part, qty=5, to_warehouse=settings.parts_warehouse, rate=800_000)
		transfer = make_stock_entry(
			item_code=part,
			qty=2,
			from_warehouse=settings.parts_warehouse,
			to_warehouse=agency.consignment_warehouse,
		)
		consignment_account = frappe.db.get_value(
			"Warehouse", settings.consignment_parent_warehouse, "account"
		)
		self.assertTrue(consignment_account)
		debit = frappe.db.get_value(
			"GL Entry",
			{"voucher_no": transfer.name, "account": consignment_account, "is_cancelled": 0},
			"sum(debit)",
		)
		self.assertEqual(debit, 1_600_000)
		self.assertEqual(
			frappe.db.get_value(
				"Bin", {"item_code": part, "warehouse": agency.consignment_warehouse}, "actual_qty"
			),
			2,
		)
