"""My Devices shows each device's next periodic service - its own plan's, never another
customer's - and, once the visit's reception is opened, its tracking code."""

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.customer_care import my_devices
from zhira_after_sales.service_desk import periodic
from zhira_after_sales.service_desk.doctype.service_guide.test_service_guide import PERIODIC, make_guide
from zhira_after_sales.tests import factories
from zhira_after_sales.warranty.rules import add_jalali_months

test_ignore = factories.TEST_IGNORE
INSTALLED = "2026-03-21"  # 1405/01/01


class TestNextPeriodicService(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.item = factories.make_item("ZT-MYDEV-HEATER", factories.make_item_group("ZT My Devices"))
		make_guide(
			"ZT My Devices Guide",
			item=cls.item,
			tasks=[{"task": "Anode", "service_type": PERIODIC, "every_months": 6, "occurrences": 3}],
		)
		cls.customer = factories.make_customer("ZT مشتری دستگاه‌های من")
		cls.other = factories.make_customer("ZT مشتری دیگر دستگاه‌ها")

	def device(self, serial, customer):
		return factories.make_device(self.item, serial, customer=customer, installed_on=INSTALLED)

	def test_the_next_visit_of_ones_own_plan_and_its_tracking_code_once_opened(self):
		mine = self.device("ZTMYDEV-1", self.customer)
		without_plan = self.device("ZTMYDEV-2", self.customer)
		theirs = self.device("ZTMYDEV-3", self.other)
		plan = periodic.make_plan(mine)
		periodic.make_plan(theirs)
		with self.assertRaisesRegex(periodic.PeriodicServiceError, "has no mobile number"):
			periodic.open_visit_now(plan, frappe.get_doc("Periodic Service Plan", plan).visits[0].name)
		frappe.db.set_value("Periodic Service Plan", plan, "mobile_no", "+989127007700")

		rows = {row.name: row for row in my_devices.devices(self.customer)}
		self.assertEqual(set(rows), {mine, without_plan})
		first = add_jalali_months(frappe.utils.getdate(INSTALLED), 6)
		self.assertEqual(
			(str(rows[mine].next_visit.due_date), rows[mine].next_visit.service_type),
			(str(first), PERIODIC),
		)
		self.assertIsNone(rows[without_plan].next_visit)

		visit = frappe.get_doc("Periodic Service Plan", plan).visits[0].name
		reception = periodic.open_visit_now(plan, visit)
		row = next(r for r in my_devices.devices(self.customer) if r.name == mine)
		self.assertEqual(
			row.next_visit.tracking_code, frappe.db.get_value("Service Reception", reception, "tracking_code")
		)

		periodic.cancel_plan(frappe.get_doc("Periodic Service Plan", plan), "test")
		row = next(r for r in my_devices.devices(self.customer) if r.name == mine)
		self.assertIsNone(row.next_visit)  # a cancelled plan promises nothing
