# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""After-sales Warehouse Types: made once, set on the central parts store, the consignment and
defective groups and each agency's warehouses, and on a repair warehouse made per company; a type
someone set by hand stays; the after-sales warehouses are found by type."""

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.agency import warehouses
from zhira_after_sales.agency.warehouses import (
	AFTER_SALES_TYPES,
	CONSIGNMENT,
	DEFECTIVE,
	REPAIR,
	SPARE_PARTS,
	after_sales_warehouses,
	repair_warehouse,
	set_type_from_parent,
	setup_warehouses,
	warehouse_type_of,
)
from zhira_after_sales.tests.factories import TEST_IGNORE, company, make_agency, other_warehouse

test_ignore = TEST_IGNORE


def type_of(warehouse: str) -> str | None:
	return frappe.db.get_value("Warehouse", warehouse, "warehouse_type")


class TestWarehouseTypes(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.company = company()
		cls.agency = frappe.get_doc("Service Agency", make_agency("ZT-WH-AG", "نمایندگی انبارها"))
		cls.settings = frappe.get_single("After Sales Settings")
		setup_warehouses(cls.company)

	def test_the_four_types_exist_once(self):
		self.assertEqual(set(AFTER_SALES_TYPES), {SPARE_PARTS, CONSIGNMENT, DEFECTIVE, REPAIR})
		for name in AFTER_SALES_TYPES:
			self.assertTrue(frappe.db.exists("Warehouse Type", name), name)
		count = frappe.db.count("Warehouse Type")
		warehouses.ensure_warehouse_types()
		self.assertEqual(frappe.db.count("Warehouse Type"), count)

	def test_the_apps_warehouses_get_their_types(self):
		s = self.settings
		self.assertEqual(type_of(s.parts_warehouse), SPARE_PARTS)
		self.assertEqual(type_of(s.consignment_parent_warehouse), CONSIGNMENT)
		self.assertEqual(type_of(s.defective_parent_warehouse), DEFECTIVE)
		self.assertEqual(type_of(self.agency.consignment_warehouse), CONSIGNMENT)
		self.assertEqual(type_of(self.agency.defective_warehouse), DEFECTIVE)

	def test_a_repair_warehouse_is_made_once_per_company(self):
		name = repair_warehouse(self.company)
		warehouse = frappe.get_doc("Warehouse", name)
		self.assertEqual(
			(warehouse.company, warehouse.is_group, warehouse.warehouse_type), (self.company, 0, REPAIR)
		)
		self.assertEqual(warehouse.parent_warehouse, warehouses.root_warehouse(self.company))
		count = frappe.db.count("Warehouse")
		self.assertEqual(repair_warehouse(self.company), name)
		setup_warehouses(self.company)
		self.assertEqual(frappe.db.count("Warehouse"), count)

	def test_a_type_set_by_hand_is_kept(self):
		if not frappe.db.exists("Warehouse Type", "ZT Hand Type"):
			frappe.get_doc({"doctype": "Warehouse Type", "name": "ZT Hand Type"}).insert(
				ignore_permissions=True, set_name="ZT Hand Type"
			)
		hand = frappe.get_doc(
			{
				"doctype": "Warehouse",
				"warehouse_name": "ZT Hand Typed",
				"company": self.company,
				"parent_warehouse": warehouses.root_warehouse(self.company),
				"warehouse_type": "ZT Hand Type",
			}
		).insert(ignore_permissions=True)
		self.assertFalse(warehouses.set_type(hand.name, SPARE_PARTS, self.company))
		self.assertEqual(type_of(hand.name), "ZT Hand Type")
		# nor is another company's warehouse typed
		wip = other_warehouse("Work In Progress")
		self.assertFalse(warehouses.set_type(wip, REPAIR, "ZT Another Company"))
		self.assertIsNone(type_of(wip))

	def test_a_warehouse_made_under_a_typed_group_takes_its_type(self):
		doc = frappe.get_doc(
			{
				"doctype": "Warehouse",
				"warehouse_name": "امانی ZT-LATE",
				"company": self.company,
				"parent_warehouse": self.settings.consignment_parent_warehouse,
			}
		)
		set_type_from_parent(doc)
		self.assertEqual(doc.warehouse_type, CONSIGNMENT)
		doc.insert(ignore_permissions=True)
		self.assertIn(doc.name, after_sales_warehouses(self.company, [CONSIGNMENT]))

	def test_after_sales_warehouses_by_type(self):
		consignment = after_sales_warehouses(self.company, [CONSIGNMENT])
		self.assertIn(self.agency.consignment_warehouse, consignment)
		self.assertNotIn(self.agency.defective_warehouse, consignment)
		self.assertNotIn(self.settings.parts_warehouse, consignment)
		every = after_sales_warehouses(self.company)
		for name in (
			self.settings.parts_warehouse,
			self.agency.consignment_warehouse,
			self.agency.defective_warehouse,
			repair_warehouse(self.company),
		):
			self.assertIn(name, every)
		self.assertNotIn(other_warehouse("Work In Progress"), every)

	def test_an_untyped_warehouse_under_a_typed_group_counts_as_the_group(self):
		doc = frappe.get_doc(
			{
				"doctype": "Warehouse",
				"warehouse_name": "داغی ZT-UNTYPED",
				"company": self.company,
				"parent_warehouse": self.settings.defective_parent_warehouse,
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value("Warehouse", doc.name, "warehouse_type", None)
		self.assertEqual(warehouse_type_of(doc.name), DEFECTIVE)
		self.assertIn(doc.name, after_sales_warehouses(self.company, [DEFECTIVE]))


class TestWarehouseAccountMap(FrappeTestCase):
	"""The demo (one `bench execute`) posted stock, made an agency, then moved parts into its new
	consignment warehouse: ERPNext's per-request warehouse account map did not have it."""

	def test_a_warehouse_made_in_the_request_gets_its_account(self):
		from erpnext.stock import get_warehouse_account_map

		name = company()
		in_test = frappe.flags.in_test
		frappe.flags.in_test = False  # ERPNext caches the map only outside tests, as in the demo
		try:
			get_warehouse_account_map(name)
			agency = frappe.get_doc("Service Agency", make_agency("ZT-WH-MAP", "نمایندگی نقشه حساب"))
			warehouse = agency.consignment_warehouse
			self.assertTrue(warehouse)
			self.assertIn(warehouse, get_warehouse_account_map(name))
		finally:
			frappe.flags.in_test = in_test
