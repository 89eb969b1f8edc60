# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.after_sales_setup.territory import (
	default_agency_for,
	route_phone,
	territory_for_phone,
)
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_territory
from zhira_after_sales.utils.provinces import PROVINCES

test_ignore = TEST_IGNORE


class TestTerritory(FrappeTestCase):
	def test_install_created_iran_and_31_provinces_with_area_codes(self):
		self.assertTrue(frappe.db.exists("Territory", "Iran"))
		provinces = frappe.get_all("Territory", {"parent_territory": "Iran"}, ["name", "phone_area_code"])
		by_code = {p.phone_area_code: p.name for p in provinces if p.phone_area_code}
		self.assertEqual(len(by_code), 31)
		for province in PROVINCES:
			self.assertEqual(by_code[province.area_code], province.name_fa)

	def test_custom_fields_exist(self):
		meta = frappe.get_meta("Territory")
		self.assertEqual(meta.get_field("phone_area_code").fieldtype, "Data")
		self.assertEqual(meta.get_field("default_service_agency").options, "Service Agency")

	def test_area_code_is_normalised_or_refused(self):
		doc = frappe.get_doc("Territory", "اصفهان")
		doc.phone_area_code = "۳۱"
		doc.save()
		self.assertEqual(doc.phone_area_code, "031")
		doc.phone_area_code = "019"
		self.assertRaisesRegex(frappe.ValidationError, "not an Iranian landline area code", doc.save)

	def test_landline_area_code_finds_the_province(self):
		self.assertEqual(territory_for_phone("۰۳۱-۳۲۲۲۱۱۱۱"), "اصفهان")
		self.assertEqual(territory_for_phone("+98 51 3800 1003"), "خراسان رضوی")
		self.assertIsNone(territory_for_phone("09121234567"))  # a mobile says nothing about the province
		self.assertIsNone(territory_for_phone("not a number"))

	def test_default_agency_is_inherited_from_the_nearest_parent(self):
		agency = make_agency("ZT-TERR-01", "نمایندگی آزمایشی سمنان")
		frappe.db.set_value("Territory", "سمنان", "default_service_agency", agency)
		city = make_territory("ZT شاهرود", parent="سمنان")
		self.assertEqual(default_agency_for(city), agency)
		routed = route_phone("023 3333 4444")
		self.assertEqual(routed["territory"], "سمنان")
		self.assertEqual(routed["service_agency"], agency)
		self.assertEqual(routed["e164"], "+982333334444")
		frappe.db.set_value("Service Agency", agency, "is_active", 0)
		self.assertIsNone(default_agency_for(city))  # an inactive agency gets no new work
