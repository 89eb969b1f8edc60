"""Finding a caller by mobile reads an index of ERPNext's Customer and Contact Phone tables, not the
whole tables (setup.erpnext_indexes): at 300,000 customers the lookup without them took about a
second per reception saved."""

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.service_desk.customers import find_customers_by_mobile
from zhira_after_sales.setup import erpnext_indexes
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


class TestERPNextIndexes(FrappeTestCase):
	def test_the_app_indexes_are_on_the_site(self):
		self.assertEqual(erpnext_indexes.missing(), [])

	def test_a_caller_lookup_by_mobile_can_use_them(self):
		sent, sql = [], frappe.db.sql

		def record(query, values=(), *args, **kwargs):
			sent.append((str(query), values))
			return sql(query, values, *args, **kwargs)

		frappe.db.sql = record
		try:
			find_customers_by_mobile("09121234567")
		finally:
			frappe.db.sql = sql
		usable = {}
		for query, values in sent:
			for row in frappe.db.sql(f"explain {query}", values, as_dict=True):
				usable.setdefault(row.table, set()).update((row.possible_keys or "").split(","))
		# the optimiser may still scan a table of a few rows; what matters is that the index is there
		self.assertIn("zhira_mobile_no_index", usable.get("tabCustomer", set()), usable)
		self.assertIn("zhira_phone_index", usable.get("tabContact Phone", set()), usable)
