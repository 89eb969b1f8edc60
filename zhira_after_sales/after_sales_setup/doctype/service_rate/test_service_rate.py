# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from zhira_after_sales.api.setup import get_service_rate
from zhira_after_sales.exceptions import ServiceRateConflictError
from zhira_after_sales.tests.factories import TEST_IGNORE, make_item, make_item_group, make_territory

test_ignore = TEST_IGNORE


def make_rate(**kw):
	values = {"doctype": "Service Rate", "service_type": "تعمیر آزاد", "valid_from": add_days(nowdate(), -10)}
	values.update(kw)
	return frappe.get_doc(values).insert()


class TestServiceRate(FrappeTestCase):
	def setUp(self):
		frappe.db.delete("Service Rate", {"service_type": "تعمیر آزاد"})
		self.appliances = make_item_group("ZT Appliances", is_group=1)
		self.heaters = make_item_group("ZT Heaters", parent=self.appliances)
		self.item = make_item("ZT-HEATER-1", self.heaters)
		self.region = make_territory("ZT Region", is_group=1)
		self.city = make_territory("ZT City", parent=self.region)

	def rate(self, **kw):
		found = get_service_rate("تعمیر آزاد", item=self.item, territory=self.city, **kw)
		return found and found.name

	def test_the_most_specific_valid_row_wins(self):
		generic = make_rate(agency_wage=1_000_000).name
		self.assertEqual(self.rate(), generic)
		group = make_rate(item_group=self.appliances, agency_wage=2_000_000).name
		self.assertEqual(self.rate(), group)
		nearer_group = make_rate(item_group=self.heaters, agency_wage=3_000_000).name
		self.assertEqual(self.rate(), nearer_group)
		regional = make_rate(item_group=self.heaters, territory=self.region, agency_wage=3_500_000).name
		self.assertEqual(self.rate(), regional)
		for_item = make_rate(item=self.item, agency_wage=4_000_000).name
		self.assertEqual(self.rate(), for_item)
		self.assertEqual(get_service_rate("تعمیر آزاد", item=self.item).agency_wage, 4_000_000)

	def test_rows_outside_their_validity_do_not_apply(self):
		make_rate(item=self.item, valid_from=add_days(nowdate(), 5), agency_wage=9)
		self.assertIsNone(self.rate())
		self.assertIsNotNone(self.rate(on_date=add_days(nowdate(), 6)))

	def test_overlapping_row_for_the_same_scope_is_refused_and_not_saved(self):
		make_rate(item_group=self.heaters, agency_wage=1)
		before = frappe.db.count("Service Rate")
		with self.assertRaises(ServiceRateConflictError):
			make_rate(item_group=self.heaters, valid_from=nowdate(), agency_wage=2)
		self.assertEqual(frappe.db.count("Service Rate"), before)

	def test_a_row_that_starts_after_the_previous_one_ends_is_accepted(self):
		make_rate(item_group=self.heaters, valid_to=add_days(nowdate(), -1), agency_wage=1)
		newer = make_rate(item_group=self.heaters, valid_from=nowdate(), agency_wage=2)
		self.assertEqual(self.rate(), newer.name)
		self.assertEqual(
			self.rate(on_date=add_days(nowdate(), -2)),
			frappe.db.get_value("Service Rate", {"agency_wage": 1}),
		)

	def test_bad_input_is_refused_with_a_message(self):
		with self.assertRaisesRegex(frappe.ValidationError, "not both"):
			make_rate(item=self.item, item_group=self.heaters)
		with self.assertRaisesRegex(frappe.ValidationError, "before Valid From"):
			make_rate(valid_to=add_days(nowdate(), -30))
		with self.assertRaisesRegex(frappe.ValidationError, "negative"):
			make_rate(agency_wage=-5)
