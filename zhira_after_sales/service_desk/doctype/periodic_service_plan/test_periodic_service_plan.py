# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Periodic service end to end: plans generated from a Service Guide in Jalali months, the daily job
(reminders, receptions, overdue) on frozen days, completion by an approved Periodic Service invoice,
the customer's 1/2 answer to the reminder SMS, plans made and cancelled by a warranty's start, and
the endpoints' permissions.

Dates are chosen so that Gregorian month arithmetic would give other days: a device installed on
2026-09-22 (1405/06/31) is due every 3 Jalali months on 1405/09/30 (2026-12-21), 1405/12/29
(2027-03-20, Esfand has 29 days), 1406/03/31 (2027-06-21) and 1406/06/31 (2027-09-22)."""

import datetime

import frappe
from frappe.utils import add_days, getdate, now_datetime, strip_html_tags, today

from zhira_after_sales.agency import invoice_approval
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import MANAGER
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import to_in_progress
from zhira_after_sales.api import periodic as periodic_api
from zhira_after_sales.messaging import outbox
from zhira_after_sales.messaging.inbox import process_inbound, store_inbound
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.service_desk import periodic
from zhira_after_sales.service_desk import periodic_rules as rules
from zhira_after_sales.service_desk.doctype.service_guide.test_service_guide import (
	PERIODIC,
	RolledBackTestCase,
	make_guide,
)
from zhira_after_sales.service_desk.periodic import PeriodicServiceError
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	company,
	make_agency,
	make_customer,
	make_device,
	make_item,
	make_item_group,
	make_serial_nos,
	make_technician,
	make_territory,
	make_user,
	make_warranty_plan,
	receive_serials,
)
from zhira_after_sales.warranty.rules import add_jalali_months
from zhira_after_sales.warranty.test_warranty_stock import sell

test_ignore = TEST_IGNORE

PLAN = "Periodic Service Plan"
CUSTOMER_MOBILE, CUSTOMER_E164 = "09127001100", "+989127001100"
AGENCY_MOBILE, AGENCY_E164 = "09127001199", "+989127001199"
OPERATOR = "zt.periodic.operator@example.com"
AGENCY_USER = "zt.periodic.agency@example.com"
WEBSITE_USER = "zt.periodic.website@example.com"
SETTINGS = (
	"periodic_reminder_days",
	"periodic_remind_agency",
	"periodic_reception_on",
	"periodic_grace_days",
)

INSTALLED = datetime.date(2026, 9, 22)  # 1405/06/31
EVERY_3 = [  # every 3 Jalali months from INSTALLED
	datetime.date(2026, 12, 21),  # 1405/09/30
	datetime.date(2027, 3, 20),  # 1405/12/29
	datetime.date(2027, 6, 21),  # 1406/03/31
	datetime.date(2027, 9, 22),  # 1406/06/31
]
FIRST_DUE = EVERY_3[0]


def setup_world() -> frappe._dict:
	"""Idempotent: purifiers with a filter part, an agency with a mobile that is its territory's
	default, a customer with a mobile in that territory and another customer, the users."""
	group = make_item_group("ZT Periodic Purifiers")
	parts = make_item_group("ZT Periodic Parts")
	w = frappe._dict(
		purifier=make_item("ZT-PER-PURIFIER", group, has_serial_no=1),
		cooler=make_item("ZT-PER-COOLER", group),
		filter=make_item("ZT-PER-FILTER", parts),
		membrane=make_item("ZT-PER-MEMBRANE", parts),
		agency=make_agency("ZT-PER-A", "نمایندگی سرویس دوره‌ای", mobile_no=AGENCY_MOBILE),
	)
	w.territory = make_territory("ZT Periodic Territory")
	frappe.db.set_value("Territory", w.territory, "default_service_agency", w.agency)
	w.customer = make_customer("مشتری سرویس دوره‌ای", w.territory)
	frappe.db.set_value("Customer", w.customer, "mobile_no", CUSTOMER_MOBILE)
	w.other_customer = make_customer("مشتری دیگر سرویس دوره‌ای", w.territory)
	make_user(OPERATOR, roles=("Reception Operator",))
	make_user(WEBSITE_USER)
	make_user(AGENCY_USER)
	make_agency("ZT-PER-B", "نمایندگی پرتال دوره‌ای", users=(AGENCY_USER,))
	return w


def use_settings(**values):
	frappe.db.set_single_value(
		"After Sales Settings",
		{
			"periodic_reminder_days": values.get("remind_days", 7),
			"periodic_remind_agency": values.get("remind_agency", 1),
			"periodic_reception_on": values.get("reception_on", rules.ON_DUE_DATE),
			"periodic_grace_days": values.get("grace_days", 3),
		},
	)


def make_contract(customer: str, start, end) -> str:
	contract = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": customer,
			"contract_terms": "سرویس دوره‌ای تصفیه آب",
			"start_date": str(start),
			"end_date": str(end),
		}
	)
	contract.insert(ignore_permissions=True)
	contract.submit()
	return contract.name


def visits_of(plan: str) -> list[tuple]:
	doc = frappe.get_doc(PLAN, plan)
	return [(row.task, getdate(row.due_date), row.status) for row in doc.visits]


def sms_to(plan: str, event: str) -> list[str]:
	return frappe.get_all(
		"SMS Message",
		{"reference_doctype": PLAN, "reference_name": plan, "event": event, "direction": "Out"},
		pluck="to",
		order_by="creation",
	)


def refusal(fn, *args, **kwargs) -> str:
	"""The plain text of the PeriodicServiceError `fn` raises (what the user reads)."""
	try:
		fn(*args, **kwargs)
	except PeriodicServiceError as e:
		return strip_html_tags(str(e))
	raise AssertionError(f"{fn.__name__} was not refused")


class PeriodicTestCase(RolledBackTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()

	def setUp(self):
		super().setUp()
		use_settings()

	def device(self, serial: str, item=None, customer=None, **values) -> str:
		return make_device(
			item or self.w.purifier,
			serial,
			customer or self.w.customer,
			territory=self.w.territory,
			**values,
		)

	def filter_guide(self, name="ZT Periodic Filters", item=None, **task):
		"""Filter every 3 months, 4 times, two filters each."""
		return make_guide(
			name,
			item=item or self.w.purifier,
			tasks=[{"task": "Filter", "every_months": 3, "occurrences": 4, **task}],
			parts=[{"task": "Filter", "item_code": self.w.filter, "qty": 2}],
		)


class TestPlanGeneration(PeriodicTestCase):
	def test_visits_fall_in_jalali_months_from_the_installation(self):
		self.filter_guide()
		make_guide(
			"ZT Periodic Membrane",
			item_group="ZT Periodic Purifiers",
			tasks=[{"task": "Membrane", "every_months": 12, "occurrences": 2}],
		)  # the item's own guide is used, not its group's
		guide = frappe.get_doc("Service Guide", "ZT Periodic Filters")
		guide.append("tasks", {"task": "Membrane", "service_type": PERIODIC, "every_months": 12})
		guide.tasks[-1].first_after_months = 6
		guide.tasks[-1].occurrences = 2
		guide.append("parts", {"task": "membrane", "item_code": self.w.membrane, "qty": 1.5})
		guide.save()
		device = self.device("ZTPER-GEN-1", installed_on=INSTALLED, sold_on="2026-09-01")

		plan = frappe.get_doc(PLAN, periodic.make_plan(device))

		self.assertEqual(
			visits_of(plan.name),
			[
				("Filter", EVERY_3[0], "Planned"),
				("Filter", EVERY_3[1], "Planned"),
				("Membrane", EVERY_3[1], "Planned"),  # 6 months: 1405/12/29
				("Filter", EVERY_3[2], "Planned"),
				("Filter", EVERY_3[3], "Planned"),
				("Membrane", datetime.date(2028, 3, 19), "Planned"),  # 18 months: 1406/12/29
			],
		)
		self.assertEqual(plan.visits[0].parts, "ZT-PER-FILTER × 2")
		self.assertEqual(plan.visits[2].parts, "ZT-PER-MEMBRANE × 1.5")
		self.assertEqual(plan.visits[0].service_type, PERIODIC)
		self.assertEqual(
			(plan.status, getdate(plan.start_date), getdate(plan.next_due_date), plan.service_guide),
			("Active", INSTALLED, FIRST_DUE, "ZT Periodic Filters"),
		)
		self.assertEqual(
			(plan.customer, plan.item, plan.serial_no, plan.mobile_no, plan.service_agency),
			(self.w.customer, self.w.purifier, "ZTPER-GEN-1", CUSTOMER_E164, self.w.agency),
		)
		self.assertIsNone(plan.warranty_card)

	def test_the_sale_date_counts_when_there_is_no_installation(self):
		self.filter_guide()
		device = self.device("ZTPER-GEN-2", sold_on=INSTALLED)
		self.assertEqual([due for _task, due, _status in visits_of(periodic.make_plan(device))], EVERY_3)

	def test_the_warranty_cards_start_counts_and_bounds_warranty_only_tasks(self):
		make_warranty_plan("ZT Periodic Warranty 24", item=self.w.purifier, duration_months=24)
		make_guide(
			"ZT Periodic Inspections",
			item=self.w.purifier,
			tasks=[
				{"task": "Inspection", "every_months": 12, "occurrences": 3, "only_under_warranty": 1},
				{"task": "Filter", "every_months": 12, "occurrences": 2},
			],
		)
		device = self.device("ZTPER-GEN-3", installed_on=INSTALLED)
		make_serial_nos(self.w.purifier, ["ZTPER-GEN-3"])
		card = frappe.get_doc(
			{
				"doctype": "Warranty Card",
				"item": self.w.purifier,
				"serial_no": "ZTPER-GEN-3",
				"start_date": "2026-03-21",  # 1405/01/01
			}
		).insert(ignore_permissions=True)
		self.assertEqual(getdate(card.end_date), datetime.date(2028, 3, 19))  # 1406/12/29

		plan = frappe.get_doc(PLAN, periodic.make_plan(device))

		self.assertEqual(
			(plan.warranty_card, getdate(plan.warranty_end), getdate(plan.start_date)),
			(card.name, datetime.date(2028, 3, 19), datetime.date(2026, 3, 21)),
		)
		# 1406/01/01 is under warranty; 1407/01/01 is the day after it ends
		self.assertEqual(
			visits_of(plan.name),
			[
				("Filter", datetime.date(2027, 3, 21), "Planned"),
				("Inspection", datetime.date(2027, 3, 21), "Planned"),
				("Filter", datetime.date(2028, 3, 20), "Planned"),
			],
		)

	def test_contract_only_tasks_need_a_contract_of_the_devices_customer(self):
		make_guide(
			"ZT Periodic Contract Guide",
			item=self.w.purifier,
			tasks=[
				{"task": "Filter", "every_months": 3, "occurrences": 4},
				{"task": "Deep Clean", "every_months": 6, "occurrences": 3, "only_under_contract": 1},
			],
		)
		contract = make_contract(self.w.customer, INSTALLED, "2027-06-21")  # to 1406/03/31
		under_contract = self.device("ZTPER-CON-1", installed_on=INSTALLED)
		plan = frappe.get_doc(PLAN, periodic.make_plan(under_contract, contract=contract))
		self.assertEqual(
			[(task, due) for task, due, _status in visits_of(plan.name)],
			[
				("Filter", EVERY_3[0]),
				("Deep Clean", EVERY_3[1]),  # 1405/12/29, within the contract
				("Filter", EVERY_3[1]),
				("Filter", EVERY_3[2]),
				("Filter", EVERY_3[3]),  # Deep Clean of 1406/06/31 is after the contract ends
			],
		)
		self.assertEqual((plan.contract, getdate(plan.contract_end)), (contract, getdate("2027-06-21")))

		without = self.device("ZTPER-CON-2", installed_on=INSTALLED)
		self.assertEqual({task for task, _due, _status in visits_of(periodic.make_plan(without))}, {"Filter"})

		others = make_contract(self.w.other_customer, INSTALLED, "2028-06-21")
		third = self.device("ZTPER-CON-3", installed_on=INSTALLED)
		count = frappe.db.count(PLAN)
		self.assertEqual(
			refusal(periodic.make_plan, third, contract=others),
			f"Contract {others} is not with this device's customer مشتری سرویس دوره‌ای.",
		)
		self.assertEqual(frappe.db.count(PLAN), count)

	def test_a_cancelled_contract_is_refused(self):
		self.filter_guide()
		contract = make_contract(self.w.customer, INSTALLED, "2028-06-21")
		frappe.get_doc("Contract", contract).cancel()
		device = self.device("ZTPER-CON-7", installed_on=INSTALLED)
		message = f"Contract {contract} is cancelled: choose the customer's current contract."
		self.assertEqual(refusal(periodic.make_plan, device, contract=contract), message)
		self.assertEqual(refusal(periodic.plans_for_contract, contract), message)
		self.assertFalse(frappe.db.exists(PLAN, {"customer_device": device}))

	def test_plans_for_a_contract_cover_the_customers_devices_that_have_a_guide(self):
		self.filter_guide()
		contract = make_contract(self.w.customer, INSTALLED, "2028-06-21")
		first = self.device("ZTPER-CON-4", installed_on=INSTALLED)
		no_guide = self.device("ZTPER-CON-5", item=self.w.cooler, installed_on=INSTALLED)
		planned = self.device("ZTPER-CON-6", installed_on=INSTALLED)
		existing = periodic.make_plan(planned)

		result = periodic.plans_for_contract(contract)

		self.assertEqual(len(result["created"]), 1)
		self.assertEqual(frappe.db.get_value(PLAN, result["created"][0], "customer_device"), first)
		skipped = dict(result["skipped"])
		self.assertIn("No active Service Guide for ZT-PER-COOLER", skipped[no_guide])
		self.assertEqual(skipped[planned], f"has the active plan {existing}")

	def test_refusals_say_what_to_do(self):
		no_guide = self.device("ZTPER-REF-1", item=self.w.cooler, installed_on=INSTALLED)
		self.assertEqual(
			refusal(periodic.make_plan, no_guide),
			"No active Service Guide for ZT-PER-COOLER or its item groups: add one (Service Guide) to "
			"plan its periodic service.",
		)

		self.filter_guide()
		undated = self.device("ZTPER-REF-2")
		self.assertEqual(
			refusal(periodic.make_plan, undated),
			f"Device {undated} has no started warranty, installation date or sale date: enter the plan's "
			"Start Date.",
		)
		plan = periodic.make_plan(undated, start_date=INSTALLED)  # a start date given by hand
		self.assertEqual(visits_of(plan)[0][1], FIRST_DUE)

		self.assertEqual(
			refusal(periodic.make_plan, undated), f"Device {undated} already has the active plan {plan}."
		)
		self.assertEqual(frappe.db.count(PLAN, {"customer_device": undated}), 1)

	def test_a_guide_that_plans_nothing_for_the_device_is_refused(self):
		make_guide(
			"ZT Periodic Warranty Only",
			item=self.w.purifier,
			tasks=[{"task": "Inspection", "every_months": 12, "only_under_warranty": 1}],
		)
		device = self.device("ZTPER-REF-3", installed_on=INSTALLED)
		self.assertIn("ZT Periodic Warranty Only plans no visit", refusal(periodic.make_plan, device))


class TestDailyJob(PeriodicTestCase):
	def setUp(self):
		super().setUp()
		# the job's counts are this test's plans': the site's own active plans (the demo's, say) are
		# out of its way until the test is rolled back
		frappe.db.sql("update `tabPeriodic Service Plan` set status = 'Cancelled' where status = 'Active'")

	def make_plan(self, serial: str, **guide_task) -> str:
		self.filter_guide(**guide_task)
		return periodic.make_plan(self.device(serial, installed_on=INSTALLED))

	def receptions_of(self, plan: str) -> list[str]:
		return [row.service_reception for row in frappe.get_doc(PLAN, plan).visits if row.service_reception]

	def test_reminder_reception_and_overdue_on_their_days(self):
		plan = self.make_plan("ZTPER-DAY-1", occurrences=2)

		self.assertEqual(
			periodic.run_daily(FIRST_DUE - datetime.timedelta(days=8), commit=False)["remind"], 0
		)
		self.assertEqual(visits_of(plan)[0][2], "Planned")

		# 7 days before: the customer and the agency are reminded
		counts = periodic.run_daily("2026-12-14", commit=False)
		self.assertEqual(counts, {"remind": 1, "open": 0, "overdue": 0, "failed": 0})
		self.assertEqual(
			visits_of(plan), [("Filter", EVERY_3[0], "Reminded"), ("Filter", EVERY_3[1], "Planned")]
		)
		self.assertEqual(sms_to(plan, "Periodic Service Reminder"), [CUSTOMER_E164])
		self.assertEqual(sms_to(plan, "Periodic Service Agency Reminder"), [AGENCY_E164])
		body = frappe.db.get_value(
			"SMS Message", {"reference_name": plan, "event": "Periodic Service Reminder"}, "body"
		)
		self.assertIn("۳۰ آذر ۱۴۰۵", body)  # the visit's day, in Jalali
		self.assertTrue(frappe.get_doc(PLAN, plan).visits[0].reminded_on)

		# on the due date: the reception, referred to the plan's agency
		counts = periodic.run_daily(FIRST_DUE, commit=False)
		self.assertEqual(counts, {"remind": 0, "open": 1, "overdue": 0, "failed": 0})
		[reception] = self.receptions_of(plan)
		doc = frappe.get_doc("Service Reception", reception)
		self.assertEqual(
			(doc.channel, doc.customer, doc.service_agency, getdate(doc.preferred_date)),
			("Periodic", self.w.customer, self.w.agency, FIRST_DUE),
		)
		self.assertEqual(
			[(row.customer_device, row.service_type) for row in doc.devices],
			[(frappe.db.get_value(PLAN, plan, "customer_device"), PERIODIC)],
		)
		self.assertIn("ZT-PER-FILTER × 2", doc.notes)
		self.assertEqual(visits_of(plan)[0][2], "Reception Created")

		# grace of 3 days: still open on the 3rd day after, overdue on the 4th
		self.assertEqual(periodic.run_daily("2026-12-24", commit=False)["overdue"], 0)
		self.assertEqual(periodic.run_daily("2026-12-25", commit=False)["overdue"], 1)
		row = frappe.get_doc(PLAN, plan).visits[0]
		self.assertEqual(
			(row.status, getdate(row.overdue_on), row.service_reception),
			("Overdue", getdate("2026-12-25"), reception),
		)
		self.assertEqual(frappe.get_doc(PLAN, plan).status, "Active")

	def test_with_customer_confirmation_the_due_date_opens_no_reception(self):
		use_settings(reception_on=rules.ON_CONFIRMATION, remind_agency=0)
		plan = self.make_plan("ZTPER-DAY-2", occurrences=1)
		receptions = frappe.db.count("Service Reception")

		periodic.run_daily("2026-12-14", commit=False)
		self.assertEqual(sms_to(plan, "Periodic Service Reminder"), [CUSTOMER_E164])
		self.assertEqual(sms_to(plan, "Periodic Service Agency Reminder"), [])
		body = frappe.db.get_value(
			"SMS Message", {"reference_name": plan, "event": "Periodic Service Reminder"}, "body"
		)
		self.assertIn("۱ و برای انصراف ۲", body)  # the customer is asked to answer

		periodic.run_daily(FIRST_DUE, commit=False)
		self.assertEqual(visits_of(plan), [("Filter", FIRST_DUE, "Reminded")])
		periodic.run_daily("2026-12-25", commit=False)
		self.assertEqual(visits_of(plan), [("Filter", FIRST_DUE, "Overdue")])
		self.assertEqual(frappe.db.count("Service Reception"), receptions)

	def test_a_plan_made_late_is_reminded_opened_and_overdue_in_one_run_and_a_second_run_changes_nothing(
		self,
	):
		plan = self.make_plan("ZTPER-DAY-3", occurrences=2)
		other = periodic.make_plan(self.device("ZTPER-DAY-4", installed_on="2026-09-15"))

		counts = periodic.run_daily("2026-12-25", commit=False)
		self.assertEqual(counts, {"remind": 0, "open": 2, "overdue": 2, "failed": 0})

		def state():
			return (
				frappe.db.count("SMS Message"),
				frappe.db.count("Service Reception"),
				frappe.db.count("Error Log"),
				[
					(row.name, row.status, str(row.modified), row.service_reception)
					for name in (plan, other)
					for row in frappe.get_doc(PLAN, name).visits
				],
				[str(frappe.db.get_value(PLAN, name, "modified")) for name in (plan, other)],
			)

		before = state()
		self.assertEqual(
			periodic.run_daily("2026-12-25", commit=False),
			{"remind": 0, "open": 0, "overdue": 0, "failed": 0},
		)
		self.assertEqual(state(), before)

	def test_a_broken_plan_is_logged_and_the_others_go_on(self):
		if not frappe.db.exists("Service Type", "ZT Periodic Broken"):
			frappe.get_doc(
				{"doctype": "Service Type", "service_type_name": "ZT Periodic Broken", "code": "ZTPB"}
			).insert(ignore_permissions=True)
		make_guide(
			"ZT Periodic Cooler",
			item=self.w.cooler,
			tasks=[{"task": "Pads", "service_type": "ZT Periodic Broken", "every_months": 3}],
		)
		broken = periodic.make_plan(self.device("ZTPER-BRK-1", item=self.w.cooler, installed_on=INSTALLED))
		good = self.make_plan("ZTPER-BRK-2")
		frappe.db.set_value("Service Type", "ZT Periodic Broken", "is_active", 0)

		started = now_datetime()
		counts = periodic.run_daily(FIRST_DUE, commit=False)

		self.assertEqual((counts["open"], counts["failed"]), (1, 1))
		self.assertEqual(visits_of(good)[0][2], "Reception Created")
		self.assertEqual(visits_of(broken)[0][2], "Planned")
		self.assertEqual(self.receptions_of(broken), [])
		filters = {"reference_doctype": PLAN, "creation": (">=", started)}
		# Error Log is not transactional (MyISAM): the test's rows are removed, not rolled back
		self.addCleanup(frappe.db.delete, "Error Log", filters)
		log = frappe.get_all("Error Log", filters, ["method", "reference_name", "error"])
		self.assertEqual(
			[(row.method, row.reference_name) for row in log],
			[("Periodic service: plan failed in the daily run", broken)],
		)
		self.assertIn("Service Type ZT Periodic Broken is inactive", strip_html_tags(log[0].error))


class TestCompletion(PeriodicTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(MANAGER, roles=("After Sales Manager",))
		cls.technician = make_technician(cls.w.agency, "09390007001", "تکنسین دوره‌ای")

	def approve_visit_reception(self, plan: str) -> str:
		"""The agency works on the reception the plan opened and files a Periodic Service invoice
		today (an invoice's service date cannot be in the future); head office approves it."""
		[reception] = [
			row.service_reception for row in frappe.get_doc(PLAN, plan).visits if row.service_reception
		]
		device = frappe.db.get_value(PLAN, plan, "customer_device")
		frappe.db.set_value("Service Reception", reception, "technician", self.technician)
		to_in_progress(reception)
		invoice = frappe.get_doc(
			{
				"doctype": "Service Invoice",
				"invoice_type": "Periodic Service",
				"service_reception": reception,
				"customer_device": device,
				"service_date": today(),
				"services": [{"service_type": PERIODIC}],
			}
		)
		invoice.insert(ignore_permissions=True)
		invoice.submit()
		frappe.set_user(MANAGER)
		invoice_approval.approve(frappe.get_doc("Service Invoice", invoice.name))
		frappe.set_user("Administrator")
		return invoice.name

	def test_an_approved_invoice_completes_the_visit_and_moves_a_last_service_tasks_later_visits(self):
		# the first visit was due 10 days ago (an invoice's service date is today at the latest)
		done_on = getdate(today())
		first_due = add_days(done_on, -10)
		installed = add_jalali_months(first_due, -3)
		if add_jalali_months(installed, 3) != first_due:  # the 31st of a month that has 30 days
			installed, first_due = add_days(installed, -1), add_jalali_months(add_days(installed, -1), 3)
		self.filter_guide(occurrences=3, schedule_from="Last Service")
		plan = periodic.make_plan(self.device("ZTPER-DONE-1", installed_on=installed))
		self.assertEqual(visits_of(plan)[0][1], first_due)
		periodic.run_daily(first_due, commit=False)

		invoice = self.approve_visit_reception(plan)

		doc = frappe.get_doc(PLAN, plan)
		done = doc.visits[0]
		self.assertEqual(
			(done.status, getdate(done.done_on), done.service_invoice),
			("Done", done_on, invoice),
		)
		# the later visits count 3 and 6 Jalali months from the day it was done
		moved = [add_jalali_months(done_on, 3), add_jalali_months(done_on, 6)]
		self.assertNotEqual(moved[0], add_jalali_months(installed, 6))
		self.assertEqual(
			[(getdate(row.due_date), row.status) for row in doc.visits[1:]],
			[(moved[0], "Planned"), (moved[1], "Planned")],
		)
		self.assertEqual((doc.status, getdate(doc.next_due_date)), ("Active", moved[0]))

	def test_a_start_date_task_keeps_its_dates_and_the_plan_completes_with_its_last_visit(self):
		self.filter_guide(occurrences=1)
		plan = periodic.make_plan(self.device("ZTPER-DONE-2", installed_on=INSTALLED))
		periodic.run_daily(FIRST_DUE, commit=False)

		invoice = self.approve_visit_reception(plan)

		doc = frappe.get_doc(PLAN, plan)
		self.assertEqual((doc.status, doc.next_due_date), ("Completed", None))
		self.assertEqual([(getdate(r.due_date), r.status) for r in doc.visits], [(FIRST_DUE, "Done")])

		# head office cancels the approved invoice: the visit is open again, waiting for a new report
		frappe.set_user(MANAGER)
		frappe.get_doc("Service Invoice", invoice).cancel()
		frappe.set_user("Administrator")
		doc = frappe.get_doc(PLAN, plan)
		self.assertEqual((doc.status, getdate(doc.next_due_date)), ("Active", FIRST_DUE))
		visit = doc.visits[0]
		self.assertEqual(
			(visit.status, visit.done_on, visit.service_invoice), ("Reception Created", None, None)
		)


class TestWarrantyStart(PeriodicTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_warranty_plan("ZT Periodic Sale 24", item=cls.w.purifier, duration_months=24, start_basis="Sale")

	def test_a_sale_that_starts_the_warranty_plans_the_device_and_cancelling_it_cancels_the_plan(self):
		self.filter_guide()
		receive_serials(self.w.purifier, ["ZTPER-SALE-1"])
		note = sell("Delivery Note", self.w.purifier, ["ZTPER-SALE-1"], self.w.customer)
		sold_on = getdate(note.posting_date)

		device = frappe.db.get_value(
			"Customer Device",
			{"item": self.w.purifier, "serial_no": "ZTPER-SALE-1"},
			["name", "customer", "warranty_card"],
			as_dict=True,
		)
		self.assertEqual(device.customer, self.w.customer)  # registered for the buyer
		plan = frappe.get_doc(PLAN, {"customer_device": device.name})
		self.assertEqual(
			(plan.status, plan.warranty_card, getdate(plan.start_date)),
			("Active", device.warranty_card, sold_on),
		)
		self.assertEqual(
			[getdate(row.due_date) for row in plan.visits],
			[add_jalali_months(sold_on, months) for months in (3, 6, 9, 12)],
		)

		note.reload()
		note.cancel()

		plan.reload()
		self.assertEqual(plan.status, "Cancelled")
		self.assertEqual(frappe.db.get_value("Warranty Card", plan.warranty_card, "status"), "Issued")

	def test_the_customers_existing_device_is_planned_and_a_begun_plan_survives_the_cancellation(self):
		self.filter_guide()
		device = self.device("ZTPER-SALE-2")
		receive_serials(self.w.purifier, ["ZTPER-SALE-2"])
		note = sell("Delivery Note", self.w.purifier, ["ZTPER-SALE-2"], self.w.customer)

		self.assertEqual(frappe.db.count("Customer Device", {"serial_no": "ZTPER-SALE-2"}), 1)
		plan = frappe.get_doc(PLAN, {"customer_device": device})
		first_due = add_jalali_months(getdate(note.posting_date), 3)
		self.assertEqual(getdate(plan.next_due_date), first_due)
		periodic.run_daily(first_due, commit=False)  # its reception is open: the plan has begun

		note.reload()
		note.cancel()
		plan.reload()
		self.assertEqual((plan.status, plan.visits[0].status), ("Active", "Reception Created"))

	def test_a_device_without_a_guide_gets_no_plan(self):
		make_warranty_plan("ZT Periodic Cooler 12", item=self.w.cooler, duration_months=12)
		frappe.db.set_value("Item", self.w.cooler, "has_serial_no", 1)
		receive_serials(self.w.cooler, ["ZTPER-SALE-3"])
		sell("Delivery Note", self.w.cooler, ["ZTPER-SALE-3"], self.w.customer)
		self.assertFalse(frappe.db.exists(PLAN, {"serial_no": "ZTPER-SALE-3"}))


class TestEndpoints(PeriodicTestCase):
	def test_a_reception_operator_makes_a_plan_and_skips_a_visit_saying_why(self):
		self.filter_guide()
		device = self.device("ZTPER-API-1", installed_on=INSTALLED)
		frappe.set_user(OPERATOR)

		plan = periodic_api.make_plan(device)
		visit = frappe.get_doc(PLAN, plan).visits[0].name

		self.assertEqual(
			refusal(periodic_api.skip_visit, plan, visit, "  "), "Give the reason for skipping the visit."
		)
		periodic_api.skip_visit(plan, visit, "مشتری در سفر است")

		row = frappe.get_doc(PLAN, plan).visits[0]
		self.assertEqual((row.status, row.skip_reason), ("Skipped", "مشتری در سفر است"))
		self.assertEqual(getdate(frappe.db.get_value(PLAN, plan, "next_due_date")), EVERY_3[1])

	def test_a_reception_operator_opens_a_visit_early_and_cancels_a_plan_saying_why(self):
		self.filter_guide()
		plan = periodic.make_plan(self.device("ZTPER-API-3", installed_on=INSTALLED))
		visit = frappe.get_doc(PLAN, plan).visits[0].name
		frappe.set_user(OPERATOR)

		reception = periodic_api.open_visit_now(plan, visit)

		self.assertEqual(frappe.db.get_value("Service Reception", reception, "channel"), "Periodic")
		self.assertEqual(visits_of(plan)[0][2], "Reception Created")
		self.assertIn(
			"it has its reception or is finished", refusal(periodic_api.open_visit_now, plan, visit)
		)
		self.assertIn(
			"only a visit without a reception can be skipped",
			refusal(periodic_api.skip_visit, plan, visit, "x"),
		)

		self.assertEqual(
			refusal(periodic_api.cancel_plan, plan, ""), "Give the reason for cancelling the plan."
		)
		periodic_api.cancel_plan(plan, "مشتری دستگاه را فروخته است")
		self.assertEqual(frappe.db.get_value(PLAN, plan, "status"), "Cancelled")
		# the visits not opened are skipped with the reason; the one with its reception stays open
		rows = frappe.get_all(
			"Periodic Service Visit", {"parent": plan}, ["status", "skip_reason", "service_reception"]
		)
		for row in rows:
			if row.service_reception:
				self.assertEqual(row.status, "Reception Created")
			else:
				self.assertEqual(row.status, "Skipped")
				self.assertEqual(row.skip_reason, "Plan cancelled: مشتری دستگاه را فروخته است")
		self.assertIn("Reception Created", {row.status for row in rows})
		self.assertEqual(
			refusal(periodic_api.cancel_plan, plan, "دوباره"), f"Plan {plan} is Cancelled already."
		)

	def test_agency_and_website_users_are_refused(self):
		self.filter_guide()
		device = self.device("ZTPER-API-2", installed_on=INSTALLED)
		plan = periodic.make_plan(device)
		visit = frappe.get_doc(PLAN, plan).visits[0].name
		for user in (AGENCY_USER, WEBSITE_USER):
			frappe.set_user(user)
			self.assertRaises(frappe.PermissionError, periodic_api.make_plan, device)
			self.assertRaises(frappe.PermissionError, periodic_api.skip_visit, plan, visit, "reason")
			self.assertRaises(frappe.PermissionError, periodic_api.open_visit_now, plan, visit)
		frappe.set_user("Administrator")
		self.assertEqual(visits_of(plan)[0][2], "Planned")


class TestReminderAnswers(SMSTestCase):
	"""The customer answers the reminder SMS (reminders ask for confirmation)."""

	def setUp(self):
		super().setUp()
		self.saved_periodic = frappe.db.get_value("After Sales Settings", None, SETTINGS, as_dict=True)
		self.w = setup_world()
		use_settings(reception_on=rules.ON_CONFIRMATION, remind_agency=0)
		make_guide(
			"ZT Periodic Filters",
			item=self.w.purifier,
			tasks=[{"task": "Filter", "every_months": 3, "occurrences": 2}],
		)
		device = make_device(
			self.w.purifier,
			"ZTPER-SMS-1",
			self.w.customer,
			territory=self.w.territory,
			installed_on=INSTALLED,
		)
		self.plan = periodic.make_plan(device)
		periodic.run_daily("2026-12-14", commit=False)
		reminder = frappe.get_doc(
			"SMS Message", {"reference_name": self.plan, "event": "Periodic Service Reminder"}
		)
		self.assertEqual((reminder.to, reminder.status), (CUSTOMER_E164, "Queued"))
		self.assertEqual(outbox.send_message(reminder.name, commit=False), "sent")

	def tearDown(self):
		super().tearDown()
		# the test's jobs may commit as in production: the site's periodic settings go back
		frappe.db.set_single_value("After Sales Settings", self.saved_periodic)
		frappe.db.commit()  # nosemgrep: undo what the test's jobs committed

	def answer(self, text: str):
		name = store_inbound(self.gateway, frappe.generate_hash(length=12), CUSTOMER_E164, text)
		process_inbound(name)
		return frappe.get_doc("SMS Message", name)

	def texts_to_customer(self) -> list[str]:
		"""What the customer was texted about the plan besides the reminder."""
		return frappe.get_all(
			"SMS Message",
			{
				"direction": "Out",
				"to": CUSTOMER_E164,
				"reference_name": self.plan,
				"event": ("is", "not set"),
			},
			pluck="body",
			order_by="creation",
		)

	def test_1_books_the_visit_and_the_customer_gets_the_tracking_code(self):
		reply = self.answer("۱")

		row = frappe.get_doc(PLAN, self.plan).visits[0]
		self.assertEqual(row.status, "Reception Created")
		reception = frappe.get_doc("Service Reception", row.service_reception)
		self.assertEqual((reception.channel, reception.service_agency), ("Periodic", self.w.agency))
		self.assertEqual(
			self.texts_to_customer(),
			[
				f"Your periodic service is booked; tracking code {reception.tracking_code}. "
				"The agency will call you."
			],
		)
		self.assertEqual((reply.status, reply.reference_name), ("Processed", self.plan))
		self.assertIn(row.service_reception, reply.processing_note)

		# a second "1" books nothing more
		again = self.answer("1")
		self.assertEqual(
			frappe.db.count("Service Reception", {"channel": "Periodic", "customer": self.w.customer}), 1
		)
		self.assertIn("already arranged", again.processing_note)

	def test_2_skips_the_visit(self):
		self.answer("2")
		doc = frappe.get_doc(PLAN, self.plan)
		self.assertEqual(
			(doc.visits[0].status, doc.visits[0].skip_reason), ("Skipped", "The customer declined by SMS.")
		)
		self.assertFalse(doc.visits[0].service_reception)
		self.assertEqual(getdate(doc.next_due_date), EVERY_3[1])
		self.assertEqual(
			self.texts_to_customer(),
			["Noted: this periodic service is cancelled. Call us whenever you need a service."],
		)

	def test_an_answer_to_a_cancelled_plan_books_nothing(self):
		periodic_api.cancel_plan(self.plan, "مشتری دستگاه را فروخته است")
		reply = self.answer("1")
		replies = frappe.get_all("SMS Message", {"direction": "Out", "in_reply_to": reply.name}, pluck="body")
		self.assertEqual(
			replies, ["This periodic service plan is no longer active. Call us whenever you need a service."]
		)
		self.assertEqual(visits_of(self.plan)[0][2], "Skipped")  # by the cancellation
		self.assertFalse(
			frappe.db.exists("Service Reception", {"channel": "Periodic", "customer": self.w.customer})
		)

	def test_another_digit_is_refused_and_the_visit_waits(self):
		reply = self.answer("7")
		replies = frappe.get_all("SMS Message", {"direction": "Out", "in_reply_to": reply.name}, pluck="body")
		self.assertEqual(replies, ["Please reply 1 to book the periodic service or 2 if you do not want it."])
		self.assertEqual(visits_of(self.plan)[0][2], "Reminded")
		self.assertFalse(
			frappe.db.exists("Service Reception", {"channel": "Periodic", "customer": self.w.customer})
		)
