# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Service Guide: what a guide refuses (with the message the user reads) and which guide a device's
item uses (its own, else its group's, else the nearest parent group's)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import strip_html_tags

from zhira_after_sales.service_desk.periodic import PeriodicServiceError, guide_for
from zhira_after_sales.tests.factories import TEST_IGNORE, make_item, make_item_group

test_ignore = TEST_IGNORE

PERIODIC = "سرویس دوره ای"  # Service Type created on install


def guide_doc(name: str, item=None, item_group=None, tasks=(), parts=(), is_active=1):
	"""An unsaved guide; each task defaults to the periodic service type, every 6 months, 4 times."""
	return frappe.get_doc(
		{
			"doctype": "Service Guide",
			"guide_name": name,
			"applies_to": "Item" if item else "Item Group",
			"item": item,
			"item_group": item_group,
			"is_active": is_active,
			"tasks": [
				{"service_type": PERIODIC, "every_months": 6, "occurrences": 4, **task} for task in tasks
			],
			"parts": [{"qty": 1, **part} for part in parts],
		}
	)


def make_guide(name: str, item=None, item_group=None, tasks=(), parts=(), is_active=1) -> str:
	"""Idempotent: the guide `name`, inserted when missing."""
	if not frappe.db.exists("Service Guide", name):
		guide_doc(name, item, item_group, tasks, parts, is_active).insert(ignore_permissions=True)
	return name


class RolledBackTestCase(FrappeTestCase):
	"""Each test's writes are undone after it (FrappeTestCase rolls back only once per class);
	cached documents of the undone records go too."""

	CACHED = ("Customer Device", "Service Guide", "Service Type", "Customer", "Service Agency", "Item")

	def setUp(self):
		frappe.db.savepoint("zt_periodic_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="zt_periodic_test")
		for doctype in self.CACHED:
			frappe.clear_document_cache(doctype)


class TestServiceGuideValidation(RolledBackTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		group = make_item_group("ZT Guide Purifiers")
		cls.item = make_item("ZT-GUIDE-PURIFIER", group)
		cls.filter = make_item("ZT-GUIDE-FILTER", make_item_group("ZT Guide Parts"))

	def assert_refused(self, doc, message: str):
		count = frappe.db.count("Service Guide")
		with self.assertRaises(PeriodicServiceError) as refused:
			doc.insert()
		self.assertEqual(strip_html_tags(str(refused.exception)), message)
		self.assertEqual(frappe.db.count("Service Guide"), count)

	def test_a_task_listed_twice_is_refused(self):
		doc = guide_doc("ZT Guide Twice", self.item, tasks=[{"task": "Filter"}, {"task": " filter "}])
		self.assert_refused(doc, "Task filter is listed twice: give each task its own name.")

	def test_a_task_repeated_every_0_months_is_refused(self):
		doc = guide_doc("ZT Guide Zero", self.item, tasks=[{"task": "Filter", "every_months": 0}])
		self.assert_refused(doc, "Task Filter: repeat it every 1 month or more.")

	def test_a_task_without_visits_is_refused(self):
		doc = guide_doc("ZT Guide None", self.item, tasks=[{"task": "Filter", "occurrences": 0}])
		self.assert_refused(doc, "Task Filter: plan at least one visit.")

	def test_parts_naming_an_unknown_task_are_refused(self):
		doc = guide_doc(
			"ZT Guide Parts",
			self.item,
			tasks=[{"task": "Filter"}],
			parts=[{"task": "Membrane", "item_code": self.filter}],
		)
		self.assert_refused(doc, "Parts to replace: Membrane is not one of the guide's tasks.")

	def test_every_problem_is_listed_at_once(self):
		doc = guide_doc(
			"ZT Guide Many",
			self.item,
			tasks=[{"task": "Filter", "every_months": 0}, {"task": "Filter"}],
			parts=[{"task": "Membrane", "item_code": self.filter}],
		)
		with self.assertRaises(PeriodicServiceError) as refused:
			doc.insert()
		message = str(refused.exception)
		for problem in (
			"Task Filter: repeat it every 1 month or more.",
			"Task Filter is listed twice",
			"Membrane is not one of the guide's tasks",
		):
			self.assertIn(problem, message)

	def test_a_second_active_guide_for_the_same_item_is_refused_until_the_first_is_deactivated(self):
		first = make_guide("ZT Guide First", self.item, tasks=[{"task": "Filter"}])
		second = guide_doc("ZT Guide Second", self.item, tasks=[{"task": "Filter"}])
		self.assert_refused(
			second, f"{self.item} already has the active Service Guide {first}. Deactivate that one first."
		)
		# an inactive second guide is a draft for later
		guide_doc("ZT Guide Second", self.item, tasks=[{"task": "Filter"}], is_active=0).insert()
		frappe.db.set_value("Service Guide", first, "is_active", 0)
		second = frappe.get_doc("Service Guide", "ZT Guide Second")
		second.is_active = 1
		second.save()
		self.assertEqual(guide_for(self.item), "ZT Guide Second")

	def test_a_guide_keeps_only_the_target_it_applies_to(self):
		doc = guide_doc("ZT Guide Target", self.item, tasks=[{"task": "Filter"}])
		doc.item_group = "ZT Guide Purifiers"
		doc.insert()
		self.assertEqual((doc.item, doc.item_group), (self.item, None))


class TestGuideFor(RolledBackTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.parent = make_item_group("ZT Guide Water", is_group=1)
		cls.child = make_item_group("ZT Guide Softeners", parent=cls.parent)
		cls.item = make_item("ZT-GUIDE-SOFTENER", cls.child)
		cls.other = make_item("ZT-GUIDE-SOFTENER-2", cls.child)

	def test_an_item_of_a_sub_group_finds_its_parent_groups_guide(self):
		self.assertIsNone(guide_for(self.item))
		make_guide("ZT Guide Water Group", item_group=self.parent, tasks=[{"task": "Resin"}])
		self.assertEqual(guide_for(self.item), "ZT Guide Water Group")

	def test_the_nearest_group_beats_a_parent_group(self):
		make_guide("ZT Guide Water Group", item_group=self.parent, tasks=[{"task": "Resin"}])
		make_guide("ZT Guide Softener Group", item_group=self.child, tasks=[{"task": "Salt"}])
		self.assertEqual(guide_for(self.item), "ZT Guide Softener Group")

	def test_the_items_own_guide_beats_its_groups(self):
		make_guide("ZT Guide Softener Group", item_group=self.child, tasks=[{"task": "Salt"}])
		make_guide("ZT Guide Softener Item", item=self.item, tasks=[{"task": "Valve"}])
		self.assertEqual(guide_for(self.item), "ZT Guide Softener Item")
		self.assertEqual(guide_for(self.other), "ZT Guide Softener Group")

	def test_an_inactive_guide_is_not_used(self):
		make_guide("ZT Guide Softener Item", item=self.item, tasks=[{"task": "Valve"}], is_active=0)
		self.assertIsNone(guide_for(self.item))
