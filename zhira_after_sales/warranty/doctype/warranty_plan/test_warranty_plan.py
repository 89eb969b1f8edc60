# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.exceptions import WarrantyPlanError
from zhira_after_sales.tests.factories import TEST_IGNORE, make_item, make_item_group, other_warehouse
from zhira_after_sales.warranty.plans import plan_for_item

test_ignore = TEST_IGNORE


def new_plan(name, **values):
	return frappe.get_doc({"doctype": "Warranty Plan", "plan_name": name, "duration_months": 12, **values})


class TestWarrantyPlan(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.parent = make_item_group("ZT Plan Appliances", is_group=1)
		cls.group = make_item_group("ZT Plan Heaters", cls.parent)
		cls.item = make_item("ZT-PLAN-WH", cls.group)
		cls.other = make_item("ZT-PLAN-WH2", cls.group)
		cls.third = make_item("ZT-PLAN-WH3", cls.group)

	def test_the_nearest_plan_applies(self):
		new_plan("ZT Plan all appliances", item_group=self.parent).insert()
		self.assertEqual(plan_for_item(self.item), "ZT Plan all appliances")
		new_plan("ZT Plan heaters", item_group=self.group, duration_months=24).insert()
		self.assertEqual(plan_for_item(self.item), "ZT Plan heaters")
		new_plan("ZT Plan one model", item=self.item).insert()
		self.assertEqual(plan_for_item(self.item), "ZT Plan one model")
		self.assertEqual(plan_for_item(self.third), "ZT Plan heaters")

	def test_scope_is_a_model_or_a_group_and_one_enabled_plan_each(self):
		self.assertRaisesRegex(WarrantyPlanError, "either", new_plan("ZT Plan none").insert)
		both = new_plan("ZT Plan both", item=self.other, item_group=self.group)
		self.assertRaisesRegex(WarrantyPlanError, "either", both.insert)
		new_plan("ZT Plan other 1", item=self.other).insert()
		self.assertRaisesRegex(
			WarrantyPlanError, "already applies", new_plan("ZT Plan other 2", item=self.other).insert
		)
		new_plan("ZT Plan other 3", item=self.other, enabled=0).insert()  # a disabled draft is fine

	def test_listed_parts_are_required_and_unused_settings_are_cleared(self):
		part = make_item("ZT-PLAN-PART", self.group)
		listed = new_plan("ZT Plan listed", item=part, parts_covered="Listed")
		self.assertRaisesRegex(WarrantyPlanError, "Covered Parts", listed.insert)
		plan = new_plan(
			"ZT Plan cleared",
			item=part,
			parts_covered="All",
			parts=[{"item": part}],
			start_basis="Sale",
			exit_warehouse=other_warehouse("Finished Goods"),
		).insert()
		self.assertEqual((plan.parts, plan.exit_warehouse), ([], None))
		self.assertRaisesRegex(
			WarrantyPlanError,
			"at least 1",
			new_plan("ZT Plan zero", item=self.item, duration_months=0).insert,
		)
