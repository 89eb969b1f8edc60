# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.setup import demo
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE

COUNTED = (
	"Item",
	"Serial No",
	"Defect Code",
	"Service Rate",
	"Service Agency",
	"Service Technician",
	"Customer",
	"Address",
	"Service Reception",
	"Customer Device",
	"Stock Entry",
	"Delivery Note",
	"Warranty Plan",
	"Warranty Card",
	"Warranty Card Batch",
	"Service Invoice",
	"Purchase Invoice",
	"Survey Response",
	"Service Guide",
	"Periodic Service Plan",
)


class TestDemoData(FrappeTestCase):
	def test_demo_fills_the_site_and_a_second_run_adds_nothing(self):
		demo.setup()
		first = {doctype: frappe.db.count(doctype) for doctype in COUNTED}
		demo.setup()
		self.assertEqual({doctype: frappe.db.count(doctype) for doctype in COUNTED}, first)
		self.assertGreaterEqual(frappe.db.count("Service Agency", {"agency_code": ("like", "%-01")}), 5)
		self.assertEqual(frappe.db.get_value("Territory", "اصفهان", "default_service_agency"), "ISF-01")
		self.assertEqual(
			frappe.db.count("Serial No", {"item_code": "ZH-WH50", "status": "Active"}) >= 10, True
		)
		reception = frappe.get_doc("Service Reception", {"customer_name": "زهرا کاظمی", "channel": "Walk-in"})
		self.assertEqual((reception.territory, reception.service_agency), ("اصفهان", "ISF-01"))
		self.assertIn("BL-PRESSURE", reception.devices[0].declared_defects)
		# one work report awaits head office, one installation is approved and started its warranty
		pending = frappe.get_all(
			"Service Invoice", {"serial_no": "WH50-00001", "docstatus": 1}, ["approval_status", "agency"]
		)
		self.assertIn(frappe._dict(approval_status="Pending", agency="TEH-01"), pending)
		installed = frappe.get_doc(
			"Service Invoice", {"serial_no": "CL35-00002", "invoice_type": "Installation"}
		)
		self.assertEqual(installed.approval_status, "Approved")
		self.assertEqual(frappe.db.get_value("Purchase Invoice", installed.purchase_invoice, "docstatus"), 1)
		card = frappe.db.get_value(
			"Warranty Card", {"serial_no": "CL35-00002"}, ["status", "start_date"], as_dict=True
		)
		self.assertEqual((card.status, str(card.start_date)), ("Active", str(installed.service_date)))
		# Happy Calls of completed services: answered with varied satisfaction, one refused, one waiting
		surveys = frappe.get_all(
			"Survey Response",
			{
				"service_reception": (
					"in",
					frappe.get_all("Service Reception", {"notes": ("like", "نمونه نظرسنجی%")}, pluck="name"),
				)
			},
			["status", "satisfaction_percent"],
		)
		completed = sorted(row.satisfaction_percent for row in surveys if row.status == "Completed")
		self.assertEqual(completed, [20, 55, 80, 80, 90, 100, 100])
		self.assertEqual(
			sorted(row.status for row in surveys if row.status != "Completed"), ["Pending", "Refused"]
		)
		# periodic service: plans driven by the daily job over the last weeks, a visit in each state
		demo_plans = frappe.get_all(
			"Periodic Service Plan",
			{"serial_no": ("in", [serial for serial, _days, _state in demo.PERIODIC_PLANS])},
			pluck="name",
		)
		self.assertEqual(len(demo_plans), len(demo.PERIODIC_PLANS))
		states = set(frappe.get_all("Periodic Service Visit", {"parent": ("in", demo_plans)}, pluck="status"))
		self.assertLessEqual({state for _serial, _days, state in demo.PERIODIC_PLANS}, states)
