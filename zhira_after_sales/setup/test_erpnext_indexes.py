"""Finding a caller by mobile reads an index of ERPNext's Customer, Contact and Contact Phone
tables, not the whole tables (setup.erpnext_indexes): at 300,000 customers the lookup without them
took about a second per reception saved and 50 ms per inbound SMS."""

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.messaging.parties import find_customer
from zhira_after_sales.service_desk.customers import find_customers_by_mobile
from zhira_after_sales.setup import erpnext_indexes
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


class TestERPNextIndexes(FrappeTestCase):
	def test_the_fields_are_indexed_and_marked_so_in_their_meta(self):
		self.assertEqual(erpnext_indexes.missing(), [])
		for doctype, fieldname in erpnext_indexes.FIELDS:
			# marked in the meta, so that Frappe's schema sync keeps the index when it alters the table
			self.assertTrue(frappe.get_meta(doctype).get_field(fieldname).search_index, doctype)

	def test_the_index_survives_frappes_schema_sync(self):
		for doctype, _fieldname in erpnext_indexes.FIELDS:
			frappe.db.updatedb(doctype)  # what a migrate or a Customize Form save does
		self.assertEqual(erpnext_indexes.missing(), [])

	def test_a_caller_or_sender_lookup_by_mobile_can_use_them(self):
		sent, sql = [], frappe.db.sql

		def record(query, values=(), *args, **kwargs):
			sent.append((str(query), values))
			return sql(query, values, *args, **kwargs)

		frappe.db.sql = record
		try:
			find_customers_by_mobile("09121234567")  # a reception's caller
			find_customer("+989121234567")  # an inbound SMS's sender
		finally:
			frappe.db.sql = sql
		usable = {}
		for query, values in sent:
			if not query.lstrip().lower().startswith("select"):
				continue
			for row in frappe.db.sql(f"explain {query}", values, as_dict=True):  # nosemgrep
				usable.setdefault(row.table, set()).update((row.possible_keys or "").split(","))
		# the optimiser may still scan a table of a few rows; what matters is that the index is there
		self.assertIn("mobile_no_index", usable.get("tabCustomer", set()), usable)
		self.assertIn("phone_index", usable.get("tabContact Phone", set()), usable)
		self.assertIn("mobile_no_index", usable.get("tabContact", set()), usable)
