# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.exceptions import AgencyUserConflictError, InvalidPhoneNumberError
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_user

test_ignore = TEST_IGNORE


def new_technician(agency, mobile, **kw):
	return frappe.get_doc(
		{
			"doctype": "Service Technician",
			"agency": agency,
			"full_name": "تكنسين آزمایشی",
			"mobile_no": mobile,
			**kw,
		}
	)


class TestServiceTechnician(FrappeTestCase):
	def setUp(self):
		self.agency = make_agency("ZT-TECH-AG", "نمایندگی تکنسین‌ها")

	def test_mobile_is_stored_as_e164_and_name_made_persian(self):
		tech = new_technician(self.agency, "۰۹۳۵-۱۱۱-۲۲۳۳").insert()
		self.assertEqual(tech.mobile_no, "+989351112233")
		self.assertEqual(tech.full_name, "تکنسین آزمایشی")

	def test_a_mobile_identifies_one_technician_only(self):
		new_technician(self.agency, "09351112234").insert()
		duplicate = new_technician(self.agency, "+98 935 111 2234")
		self.assertRaisesRegex(AgencyUserConflictError, "already registered", duplicate.insert)

	def test_landline_or_garbage_mobile_is_refused(self):
		self.assertRaisesRegex(
			InvalidPhoneNumberError, "not a mobile", new_technician(self.agency, "02188881234").insert
		)
		self.assertRaisesRegex(
			InvalidPhoneNumberError, "not a phone number", new_technician(self.agency, "call me").insert
		)

	def test_login_user_gets_the_technician_role_while_active(self):
		user = make_user("zt.tech.role@example.com")
		tech = new_technician(self.agency, "09351112235", user=user).insert()
		self.assertIn("Service Technician", frappe.get_roles(user))
		tech.is_active = 0
		tech.save()
		self.assertNotIn("Service Technician", frappe.get_roles(user))

	def test_inactive_agency_gets_no_new_technicians(self):
		inactive = make_agency("ZT-TECH-OFF", "نمایندگی غیرفعال", is_active=0)
		self.assertRaisesRegex(
			frappe.ValidationError, "inactive", new_technician(inactive, "09351112236").insert
		)
