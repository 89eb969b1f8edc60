"""The national data set generator at its `tiny` size: the counts asked for, documents that open and
whose links resolve, found by the searches people use, and nothing left after remove()."""

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.agency import cartable
from zhira_after_sales.benchmarks import dataset
from zhira_after_sales.service_desk.customers import find_customers_by_mobile

# generated row counts per DocType at the tiny size (see dataset.SIZES); devices are 1.3 per
# reception, so Service Reception Device is checked against the receptions instead
EXPECTED = {
	"Service Agency": "agencies",
	"Service Technician": "technicians",
	"Customer": "customers",
	"Contact": "customers",
	"Customer Device": "warranty_cards",
	"Warranty Card": "warranty_cards",
	"Service Reception": "receptions",
	"Service Invoice": "service_invoices",
	"SMS Message": "sms_messages",
	"Complaint": "complaints",
	"Survey Response": "survey_responses",
	"Periodic Service Plan": "periodic_service_plans",
}


def generated(doctype: str) -> int:
	return frappe.db.count(doctype, {"name": ("like", f"{dataset.MARK}%")})


class TestDataset(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.before = {doctype: frappe.db.count(doctype) for doctype in dataset.TABLES}
		cls.want = dataset.counts("tiny")
		try:
			cls.result = dataset.generate("tiny", seed=7, quiet=True)
		except BaseException:
			dataset.remove()
			raise

	@classmethod
	def tearDownClass(cls):
		dataset.remove()  # a no-op when the last test passed; clears up after a failure
		super().tearDownClass()

	def test_counts_per_doctype(self):
		for doctype, key in EXPECTED.items():
			self.assertEqual(generated(doctype), self.want[key], doctype)
			self.assertEqual(self.result["counts"][doctype], self.want[key], doctype)
		devices = generated("Service Reception Device")
		self.assertGreaterEqual(devices, self.want["receptions"])
		self.assertLessEqual(devices, 2 * self.want["receptions"])
		territories = frappe.get_all(
			"Service Agency Territory", {"parent": ("like", f"{dataset.MARK}%")}, pluck="territory"
		)
		self.assertEqual(len(set(territories)), self.want["agencies"])  # six provinces for six agencies

	def assert_links(self, doc):
		for row in [doc, *doc.get_all_children()]:
			invalid, _cancelled = row.get_invalid_links()
			self.assertEqual(invalid, [], f"{row.doctype} {row.name}")

	def test_documents_open_and_their_links_resolve(self):
		for doctype in ("Service Reception", "Warranty Card", "Service Invoice", "Complaint"):
			for name in frappe.get_all(doctype, {"name": ("like", f"{dataset.MARK}%")}, pluck="name"):
				self.assert_links(frappe.get_doc(doctype, name))
		for name in frappe.get_all("Service Reception", {"name": ("like", f"{dataset.MARK}%")}, pluck="name"):
			reception = frappe.get_doc("Service Reception", name)
			self.assertTrue(reception.devices)
			self.assertTrue(frappe.db.exists("Service Agency", reception.service_agency))
			self.assertIn(reception.customer, find_customers_by_mobile(reception.mobile_no))
			self.assertEqual(
				reception.customer_name, frappe.db.get_value("Customer", reception.customer, "customer_name")
			)
		invoice = frappe.get_doc(
			"Service Invoice", frappe.db.get_value("Service Invoice", {"name": ("like", "BENCH-%")})
		)
		self.assertEqual(invoice.docstatus, 1)
		self.assertTrue(invoice.services and invoice.parts)
		self.assertEqual(
			frappe.db.get_value("Service Reception", invoice.service_reception, "customer"), invoice.customer
		)

	def test_agency_search_finds_receptions_by_serial_code_and_name(self):
		receptions = frappe.get_all(
			"Service Reception",
			{"name": ("like", f"{dataset.MARK}%")},
			["name", "service_agency", "tracking_code", "customer_name"],
			limit=10,
		)
		for reception in receptions:
			serial = frappe.db.get_value("Service Reception Device", {"parent": reception.name}, "serial_no")
			for search in (serial, reception.tracking_code, reception.customer_name):
				found = {
					row.name
					for tab in cartable.TABS
					for row in cartable.receptions(
						reception.service_agency, tab, search=search, page_length=100
					)
				}
				self.assertIn(reception.name, found, search)

	def test_visible_to_get_list_as_administrator(self):
		for doctype in ("Service Reception", "Customer", "Warranty Card", "Service Invoice", "SMS Message"):
			rows = frappe.get_list(
				doctype, {"name": ("like", f"{dataset.MARK}%")}, pluck="name", limit_page_length=0
			)
			self.assertEqual(len(rows), generated(doctype), doctype)

	def test_zz_remove_leaves_the_site_as_it_was(self):
		# runs last (unittest orders a class's tests by name)
		dataset.remove()
		self.assertEqual({doctype: frappe.db.count(doctype) for doctype in dataset.TABLES}, self.before)
