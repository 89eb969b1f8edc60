"""Base class of the SMS integration tests."""

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.messaging.tests.factories import fake_provider, make_gateway


class SMSTestCase(FrappeTestCase):
	"""Each test starts from the same state: one default Kavenegar gateway at the fake provider,
	SMS switched on; what a test writes is rolled back after it (unless `isolate` is off because
	the test commits for a request thread)."""

	isolate = True

	def setUp(self):
		if self.isolate:
			frappe.db.savepoint("zt_sms_test")
		self.server = fake_provider()
		self.server.reset()
		frappe.db.set_single_value("After Sales Settings", "sms_enabled", 1)
		# replies in English, so tests read the same with or without the compiled Persian catalogue
		frappe.db.set_single_value("After Sales Settings", "sms_language", "en")
		for other in frappe.get_all("SMS Gateway", {"enabled": 1}, pluck="name"):
			frappe.db.set_value("SMS Gateway", other, {"enabled": 0, "is_default": 0})
		# a gateway of its own, so the test sees only its own messages as due
		name = f"ZT Outbox {frappe.generate_hash(length=6)}" if self.isolate else "ZT Outbox"
		self.gateway = make_gateway(name, "Kavenegar", is_default=1)

	def tearDown(self):
		if self.isolate:
			frappe.db.rollback(save_point="zt_sms_test")
