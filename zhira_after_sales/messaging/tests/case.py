"""Base class of the SMS integration tests."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from zhira_after_sales.messaging.tests import factories
from zhira_after_sales.messaging.tests.factories import fake_provider, make_gateway


class EnqueueRecorder:
	"""Stands in for frappe.enqueue: records the jobs instead of pushing them to Redis (a worker
	of this bench must not send the tests' messages behind their back), honouring
	enqueue_after_commit the way Frappe does (recorded when the transaction commits)."""

	def __init__(self):
		self.jobs: list[dict] = []

	def __call__(self, method, queue="default", *args, enqueue_after_commit=False, **kwargs):
		job = {"method": method, "queue": queue, **kwargs}
		if enqueue_after_commit:
			frappe.db.after_commit.add(lambda: self.jobs.append(job))
		else:
			self.jobs.append(job)

	def methods(self) -> list[str]:
		return [job["method"].rsplit(".", 1)[-1] for job in self.jobs]


class SMSTestCase(FrappeTestCase):
	"""Each test starts from the same state: one default Kavenegar gateway of its own at the fake
	provider, SMS switched on, jobs recorded (`self.enqueued`) rather than sent to Redis.

	The sending and polling jobs commit as they do in production, so a rollback cannot undo a
	test: tearDown rolls back what is left, deletes the gateways the test wrote (make_gateway) with
	all their messages, and the messages without a gateway it created, and puts the settings and
	the other gateways back as they were."""

	def setUp(self):
		self.server = fake_provider()
		self.server.reset()
		self.started = add_to_date(now_datetime(), seconds=-1)
		self.saved_settings = frappe.db.get_value(
			"After Sales Settings", None, ["sms_enabled", "sms_language"], as_dict=True
		)
		self.saved_gateways = frappe.get_all("SMS Gateway", {"enabled": 1}, ["name", "is_default"])
		self.saved_sms_settings = sms_settings()
		self.enqueued = EnqueueRecorder()
		patcher = patch("frappe.enqueue", self.enqueued)
		patcher.start()
		self.addCleanup(patcher.stop)
		factories.touched_gateways.clear()

		frappe.db.set_single_value("After Sales Settings", "sms_enabled", 1)
		# replies in English, so tests read the same with or without the compiled Persian catalogue
		frappe.db.set_single_value("After Sales Settings", "sms_language", "en")
		for other in frappe.get_all("SMS Gateway", {"enabled": 1}, pluck="name"):
			frappe.db.set_value("SMS Gateway", other, {"enabled": 0, "is_default": 0})
		# a gateway of its own, so the test sees only its own messages as due
		self.gateway = make_gateway(f"ZT Outbox {frappe.generate_hash(length=6)}", "Kavenegar", is_default=1)

	def tearDown(self):
		frappe.db.rollback()
		gateways = sorted(factories.touched_gateways)
		if gateways:
			frappe.db.delete("SMS Message", {"gateway": ("in", gateways)})
			frappe.db.delete("SMS Gateway", {"name": ("in", gateways)})
			frappe.db.delete("__Auth", {"doctype": "SMS Gateway", "name": ("in", gateways)})
		orphans = frappe.get_all(
			"SMS Message", {"gateway": ("is", "not set"), "creation": (">=", self.started)}, pluck="name"
		)
		if orphans:
			frappe.db.delete("SMS Message", {"name": ("in", orphans)})
		for row in self.saved_gateways:
			if frappe.db.exists("SMS Gateway", row.name):
				frappe.db.set_value("SMS Gateway", row.name, {"enabled": 1, "is_default": row.is_default})
		frappe.db.set_single_value("After Sales Settings", self.saved_settings)
		if sms_settings() != self.saved_sms_settings:
			settings = frappe.get_single("SMS Settings")
			settings.update(self.saved_sms_settings)
			settings.flags.ignore_mandatory = True
			settings.save(ignore_permissions=True)
			frappe.clear_document_cache("SMS Settings", "SMS Settings")
		frappe.db.commit()  # nosemgrep: undo what the test's jobs committed


def sms_settings() -> dict:
	"""Frappe's SMS Settings (tests point them at the fake provider)."""
	doc = frappe.get_single("SMS Settings")
	return {
		"sms_gateway_url": doc.sms_gateway_url,
		"message_parameter": doc.message_parameter,
		"receiver_parameter": doc.receiver_parameter,
		"use_post": doc.use_post,
		"parameters": [
			{"parameter": row.parameter, "value": row.value, "header": row.header} for row in doc.parameters
		],
	}


class WorkerKilled(BaseException):
	"""A worker killed mid-job: nothing after the point where it is raised runs. Not an Exception,
	so no handler of the app catches it; a test then rolls back what was not committed, as the dead
	connection would."""
