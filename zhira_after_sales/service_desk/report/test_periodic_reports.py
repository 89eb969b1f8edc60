# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The periodic service reports and the "due today" number card on crafted plans, against counts
made by hand.

Each plan is inserted for its own device (an item with a Service Guide) with the visits a test
needs, all Planned; the visits are then given their statuses with frappe.db.set_value, as the daily
job, the customer's answer or an approved invoice would leave them. Due dates are days from today
(T); each class uses agencies of its own (a fresh code per run), so other tests' plans do not
change the counts."""

import datetime
import json

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, nowdate

from zhira_after_sales.service_desk import periodic_reports
from zhira_after_sales.service_desk.periodic import PLAN, VISIT
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_customer,
	make_device,
	make_item,
	make_item_group,
	make_technician,
	make_user,
)
from zhira_after_sales.tests.rest import call

test_ignore = TEST_IGNORE

HEAD_OFFICE = "zt.psr.operator@example.com"
AGENCY_USER = "zt.psr.agency@example.com"
TECH_USER = "zt.psr.tech@example.com"
REPORTS = (
	"Periodic Services Due",
	"Periodic Services Overdue by Agency",
	"Periodic Service Completion Rate",
)
ITEM = "ZT-PSR-HEATER"
GUIDE = "ZT PSR Heater Guide"
TASK = "سرویس مشعل"
MOBILE = "09121230000"
MOBILE_E164 = "+989121230000"


def tag() -> str:
	return frappe.generate_hash(length=6).upper()


def today() -> datetime.date:
	return getdate(nowdate())


def day(offset: int) -> datetime.date:
	"""T + offset days."""
	return getdate(add_days(today(), offset))


def periodic_type() -> str:
	return frappe.db.get_value("Service Type", {"code": "PERI"})


def ensure_guide() -> str:
	make_item(ITEM, make_item_group("ZT PSR Heaters"))
	if not frappe.db.exists("Service Guide", GUIDE):
		frappe.get_doc(
			{
				"doctype": "Service Guide",
				"guide_name": GUIDE,
				"applies_to": "Item",
				"item": ITEM,
				"tasks": [
					{"task": TASK, "service_type": periodic_type(), "every_months": 6, "occurrences": 4}
				],
			}
		).insert(ignore_permissions=True)
	return GUIDE


def craft_plan(agency: str, visits, plan_status: str | None = None) -> frappe._dict:
	"""A plan of `agency` for a new device, with `visits` [(T + days, status, the visit's own agency
	or None)] inserted Planned then set to their statuses. Returns the plan's name and its visit
	rows' names in order."""
	code = tag()
	guide = ensure_guide()
	customer = make_customer(f"مشتری سرویس دوره‌ای {code}")
	device = make_device(ITEM, f"ZT-PSR-{code}", customer)
	plan = frappe.get_doc(
		{
			"doctype": PLAN,
			"customer_device": device,
			"service_guide": guide,
			"service_agency": agency,
			"mobile_no": MOBILE,
			"start_date": day(-400),
			"visits": [
				{
					"task": f"{TASK} {i + 1}",
					"due_date": day(offset),
					"service_type": periodic_type(),
					"status": "Planned",
					"service_agency": own_agency,
				}
				for i, (offset, _status, own_agency) in enumerate(visits)
			],
		}
	).insert(ignore_permissions=True)
	for row, (_offset, status, _agency) in zip(plan.visits, visits, strict=True):
		if status != "Planned":
			frappe.db.set_value(VISIT, row.name, "status", status)
	if plan_status:
		frappe.db.set_value(PLAN, plan.name, "status", plan_status)
	return frappe._dict(name=plan.name, visits=[row.name for row in plan.visits], customer=customer)


def set_grace_days(days: int):
	frappe.db.set_single_value("After Sales Settings", "periodic_grace_days", days)


def report(name: str, filters: dict, user: str = HEAD_OFFICE) -> dict:
	frappe.set_user(user)
	try:
		return run(name, filters=filters)
	finally:
		frappe.set_user("Administrator")


def summary(result: dict) -> dict:
	return {item["label"]: item["value"] for item in result.get("report_summary") or []}


class PeriodicReportCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		cls.code = tag()

	def tearDown(self):
		frappe.set_user("Administrator")

	@classmethod
	def agency(cls, letter: str) -> str:
		return make_agency(f"ZT-PSR-{letter}-{cls.code}", f"نمایندگی دوره‌ای {letter} {cls.code}")


class TestPeriodicServicesDue(PeriodicReportCase):
	"""Agency F's plan R1, due dates from today T:

	    T-1  Done              F
	    T    Planned           F
	    T+1  Reminded          G (the visit's own agency)
	    T+3  Reception Created F
	    T+7  Planned           F

	and R2, cancelled, of agency F with a Planned visit due T (never shown)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.f, cls.g = cls.agency("F"), cls.agency("G")
		cls.r1 = craft_plan(
			cls.f,
			[
				(-1, "Done", None),
				(0, "Planned", None),
				(1, "Reminded", cls.g),
				(3, "Reception Created", None),
				(7, "Planned", None),
			],
		)
		cls.r2 = craft_plan(cls.f, [(0, "Planned", None)], plan_status="Cancelled")

	def due(self, **filters) -> dict:
		return report("Periodic Services Due", filters)

	def dates(self, **filters) -> list:
		return [(getdate(row["due_date"]), row["status"]) for row in self.due(**filters)["result"]]

	def test_a_date_range_of_one_agency_with_the_plan_and_customer(self):
		result = self.due(period="Date Range", from_date=day(0), to_date=day(3), service_agency=self.f)
		rows = result["result"]
		self.assertEqual(
			[(getdate(r["due_date"]), r["plan"], r["status_key"], r["service_agency"]) for r in rows],
			[(day(0), self.r1.name, "Planned", self.f), (day(3), self.r1.name, "Reception Created", self.f)],
		)
		first = rows[0]
		self.assertEqual(first["customer"], self.r1.customer)
		self.assertEqual(first["mobile_no"], MOBILE_E164)
		self.assertEqual((first["item"], first["item_name"]), (ITEM, ITEM))
		self.assertTrue(first["serial_no"].startswith("ZT-PSR-"))
		self.assertEqual(first["task"], f"{TASK} 2")
		self.assertEqual(first["service_type"], periodic_type())
		self.assertEqual(first["agency_name"], f"نمایندگی دوره‌ای F {self.code}")
		self.assertEqual(summary(result)["Visits"], 2)
		self.assertEqual(
			[c["fieldname"] for c in result["columns"]][:2],
			["due_date", "plan"],
		)

	def test_a_visit_with_its_own_agency_is_that_agencys(self):
		self.assertEqual(
			self.dates(period="Date Range", from_date=day(-5), to_date=day(10), service_agency=self.g),
			[(day(1), "Reminded")],
		)

	def test_status_filter_and_done_visits(self):
		self.assertEqual(
			self.dates(
				period="Date Range",
				from_date=day(-5),
				to_date=day(10),
				service_agency=self.f,
				status="Done",
			),
			[(day(-1), "Done")],
		)

	def test_jalali_periods_around_today(self):
		self.assertEqual(self.dates(period="Today", service_agency=self.f), [(day(0), "Planned")])
		this_week = self.dates(period="This Week", service_agency=self.f)
		next_week = self.dates(period="Next Week", service_agency=self.f)
		self.assertIn((day(0), "Planned"), this_week)
		self.assertNotIn((day(7), "Planned"), this_week)
		self.assertIn((day(7), "Planned"), next_week)
		self.assertNotIn((day(0), "Planned"), next_week)
		self.assertIn((day(0), "Planned"), self.dates(period="This Month", service_agency=self.f))
		self.assertNotIn((day(0), "Planned"), self.dates(period="Next Month", service_agency=self.f))

	def test_the_periods_are_saturday_weeks_and_jalali_months(self):
		monday = datetime.date(2026, 11, 30)  # 1405/09/09
		expected = {
			"Today": (monday, monday),
			"This Week": (datetime.date(2026, 11, 28), datetime.date(2026, 12, 4)),  # Sat 09/07 - Fri 09/13
			"Next Week": (datetime.date(2026, 12, 5), datetime.date(2026, 12, 11)),
			"This Month": (datetime.date(2026, 11, 22), datetime.date(2026, 12, 21)),  # Azar 1405
			"Next Month": (datetime.date(2026, 12, 22), datetime.date(2027, 1, 20)),  # Dey 1405
		}
		for period, dates in expected.items():
			self.assertEqual(
				periodic_reports.period_range(frappe._dict(period=period), monday), dates, period
			)
		saturday, friday = datetime.date(2026, 11, 28), datetime.date(2026, 12, 4)
		for one in (saturday, friday):
			self.assertEqual(
				periodic_reports.period_range(frappe._dict(period="This Week"), one),
				(saturday, friday),
			)
		# the last days of Esfand 1404 and the first of Farvardin 1405
		self.assertEqual(
			periodic_reports.period_range(frappe._dict(period="Next Month"), datetime.date(2026, 3, 15)),
			(datetime.date(2026, 3, 21), datetime.date(2026, 4, 20)),
		)

	def test_bad_filters_are_refused(self):
		for filters in (
			{"period": "Date Range", "from_date": day(0)},
			{"period": "Date Range", "from_date": day(3), "to_date": day(0)},
			{"period": "Fortnight"},
			{"period": "Today", "status": "Lost"},
		):
			with self.assertRaises(frappe.ValidationError, msg=filters):
				self.due(**filters)


class TestPeriodicServicesOverdueByAgency(PeriodicReportCase):
	"""Grace 3 days: overdue = marked Overdue, or open and due before T-3.

	Plan P1 of agency A            Plan P2 of agency B
	    T-10 Overdue          A         T-4  Reminded  B
	    T-5  Reception Created A        T-8  Overdue   B
	    T-3  Planned (not yet)
	    T-20 Done, T-30 Skipped
	    T-6  Planned, the visit's own agency B
	Plan P3 of A, cancelled: T-50 Overdue (never counted).

	A: 2 visits, oldest T-10, (10 + 5) / 2 = 7.5 days late;
	B: 3 visits (T-8, T-6, T-4), oldest T-8, (8 + 6 + 4) / 3 = 6.0."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		set_grace_days(3)
		cls.a, cls.b = cls.agency("A"), cls.agency("B")
		cls.p1 = craft_plan(
			cls.a,
			[
				(-10, "Overdue", None),
				(-5, "Reception Created", None),
				(-3, "Planned", None),
				(-20, "Done", None),
				(-30, "Skipped", None),
				(-6, "Planned", cls.b),
			],
		)
		cls.p2 = craft_plan(cls.b, [(-4, "Reminded", None), (-8, "Overdue", None)])
		craft_plan(cls.a, [(-50, "Overdue", None)], plan_status="Cancelled")

	def overdue(self, **filters) -> dict:
		return report("Periodic Services Overdue by Agency", filters)

	def agencies(self, result) -> dict:
		return {
			row["service_agency"]: (row["overdue"], getdate(row["oldest_due_date"]), row["average_days_late"])
			for row in result["result"]
			if row["service_agency"] in (self.a, self.b)
		}

	def test_per_agency_count_oldest_and_average_days_late(self):
		result = self.overdue()
		self.assertEqual(
			self.agencies(result),
			{self.a: (2, day(-10), 7.5), self.b: (3, day(-8), 6.0)},
		)
		total = result["result"][-1]
		self.assertEqual(total["agency_name"], "Total")
		self.assertEqual(total["overdue"], sum(row["overdue"] for row in result["result"][:-1]))
		chart = result["chart"]["data"]
		values = dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))
		self.assertEqual(values[f"نمایندگی دوره‌ای A {self.code}"], 2)
		self.assertEqual(values[f"نمایندگی دوره‌ای B {self.code}"], 3)

	def test_an_agency_lists_its_overdue_visits_oldest_first(self):
		rows = self.overdue(service_agency=self.b)["result"]
		self.assertEqual(
			[(getdate(r["due_date"]), r["days_late"], r["plan"], r["status_key"]) for r in rows],
			[
				(day(-8), 8, self.p2.name, "Overdue"),
				(day(-6), 6, self.p1.name, "Planned"),
				(day(-4), 4, self.p2.name, "Reminded"),
			],
		)
		self.assertEqual({r["service_agency"] for r in rows}, {self.b})
		self.assertEqual(summary(self.overdue(service_agency=self.a))["Average Days Late"], 7.5)

	def test_the_grace_days_decide_what_is_overdue(self):
		set_grace_days(5)  # before T-5: A keeps T-10 (marked), B keeps T-6 and T-8 (marked)
		try:
			self.assertEqual(
				self.agencies(self.overdue()),
				{self.a: (1, day(-10), 10.0), self.b: (2, day(-8), 7.0)},
			)
		finally:
			set_grace_days(3)


class TestPeriodicServiceCompletionRate(PeriodicReportCase):
	"""Due dates T-40 .. T+10, grace 3 days.

	Plan Q1 of agency C: T-30 Done, T-25 Done, T-20 Skipped, T-15 Overdue, T-35 Reminded (open, past
	the grace: overdue), T-1 Planned (still open), T+5 Reception Created (still open); outside the
	range T-60 Done and T+20 Planned; T-2 Done with the visit's own agency D.
	Plan Q2 of agency D, completed: T-10 Done, T-12 Skipped, T-14 Skipped.
	Plan Q3 of agency C, cancelled: T-5 Done (never counted).
	Plan Q4 of agency E: T-7 Skipped.

	    agency  due done skipped overdue open  completion = done / (due - skipped)
	    C        7    2     1       2      2    2 / 6 = 33.3 %
	    D        4    2     2       0      0    2 / 2 = 100 %
	    E        1    0     1       0      0    none (nothing left to do)"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		set_grace_days(3)
		cls.c, cls.d, cls.e = cls.agency("C"), cls.agency("D"), cls.agency("E")
		craft_plan(
			cls.c,
			[
				(-30, "Done", None),
				(-25, "Done", None),
				(-20, "Skipped", None),
				(-15, "Overdue", None),
				(-35, "Reminded", None),
				(-1, "Planned", None),
				(5, "Reception Created", None),
				(-60, "Done", None),
				(20, "Planned", None),
				(-2, "Done", cls.d),
			],
		)
		craft_plan(
			cls.d,
			[(-10, "Done", None), (-12, "Skipped", None), (-14, "Skipped", None)],
			plan_status="Completed",
		)
		craft_plan(cls.c, [(-5, "Done", None)], plan_status="Cancelled")
		craft_plan(cls.e, [(-7, "Skipped", None)])

	def rate(self, **filters) -> dict:
		return report(
			"Periodic Service Completion Rate", {"from_date": day(-40), "to_date": day(10), **filters}
		)

	def rows(self, result) -> list:
		return [
			(
				row["service_agency"],
				row["due"],
				row["done"],
				row["skipped"],
				row["overdue"],
				row["open"],
				row["completion"],
			)
			for row in result["result"]
			if row["service_agency"] in (self.c, self.d, self.e)
		]

	def test_per_agency_due_done_skipped_overdue_open_and_the_rate(self):
		result = self.rate()
		self.assertEqual(
			self.rows(result),
			[
				(self.d, 4, 2, 2, 0, 0, 100.0),
				(self.c, 7, 2, 1, 2, 2, 33.3),
				(self.e, 1, 0, 1, 0, 0, None),
			],
		)
		chart = result["chart"]["data"]
		values = dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))
		self.assertEqual(values[f"نمایندگی دوره‌ای C {self.code}"], 33.3)
		self.assertEqual(values[f"نمایندگی دوره‌ای D {self.code}"], 100.0)
		self.assertNotIn(f"نمایندگی دوره‌ای E {self.code}", values)

	def test_one_agency_and_its_total(self):
		result = self.rate(service_agency=self.c)
		self.assertEqual(self.rows(result), [(self.c, 7, 2, 1, 2, 2, 33.3)])
		total = result["result"][-1]
		self.assertEqual(
			(total["agency_name"], total["due"], total["done"], total["completion"]), ("Total", 7, 2, 33.3)
		)
		self.assertEqual(summary(result)["Completion %"], 33.3)

	def test_the_date_range_of_due_dates(self):
		result = self.rate(service_agency=self.c, from_date=day(-30), to_date=day(-20))
		self.assertEqual(self.rows(result), [(self.c, 3, 2, 1, 0, 0, 100.0)])
		with self.assertRaises(frappe.ValidationError):
			self.rate(from_date=day(0), to_date=day(-1))


class TestPeriodicServicesDueToday(PeriodicReportCase):
	"""The number card counts the open visits of active plans due today."""

	def test_counts_open_visits_due_today_of_active_plans(self):
		before = periodic_reports.due_today()
		h = self.agency("H")
		craft_plan(
			h, [(0, "Planned", None), (0, "Reception Created", None), (0, "Done", None), (1, "Planned", None)]
		)
		craft_plan(h, [(0, "Skipped", None), (0, "Overdue", None)])
		craft_plan(h, [(0, "Planned", None)], plan_status="Cancelled")
		self.assertEqual(periodic_reports.due_today(), before + 3)

	def test_the_card_opens_the_due_report_for_today(self):
		from zhira_after_sales.api.periodic_reports import due_today

		frappe.set_user(HEAD_OFFICE)
		card = due_today()
		self.assertEqual(card["value"], periodic_reports.due_today())
		self.assertEqual(card["route"], ["query-report", "Periodic Services Due"])
		self.assertEqual(card["route_options"], {"period": "Today"})
		card_doc = frappe.get_doc("Number Card", "Periodic Services Due Today")
		self.assertEqual(card_doc.method, "zhira_after_sales.api.periodic_reports.due_today")


class TestPeriodicReportIsolation(FrappeTestCase):
	"""The reports and the card are head office's: an agency's user and a technician are refused
	them, through the desk's endpoints and when a report is called directly."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		make_user(AGENCY_USER)
		make_user(TECH_USER)
		agency = make_agency("ZT-PSR-ISO", "نمایندگی دوره‌ای پنهان", users=(AGENCY_USER,))
		make_technician(agency, "09390007391", "تکنسین دوره‌ای پنهان", user=TECH_USER)
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction

	def tearDown(self):
		frappe.set_user("Administrator")

	FILTERS = {"period": "This Month", "from_date": "2026-01-01", "to_date": "2026-12-31"}

	def run_by_rest(self, name, user):
		response = call(
			"POST",
			"/api/method/frappe.desk.query_report.run",
			user,
			data=json.dumps({"report_name": name, "filters": self.FILTERS}),
			content_type="application/json",
		)
		return response.status_code, (response.json if response.is_json else {})

	def test_agency_and_technician_are_refused_every_report_and_the_card(self):
		for name in REPORTS:
			for user in (AGENCY_USER, TECH_USER):
				status, body = self.run_by_rest(name, user)
				self.assertEqual(status, 403, (name, user, body))
				self.assertNotIn("result", body.get("message") or {}, (name, user))
		for user in (AGENCY_USER, TECH_USER):
			response = call("POST", "/api/method/zhira_after_sales.api.periodic_reports.due_today", user)
			self.assertEqual(response.status_code, 403, user)

	def test_a_report_called_directly_refuses_them_too(self):
		for name in REPORTS:
			module = frappe.get_module(
				f"zhira_after_sales.service_desk.report.{frappe.scrub(name)}.{frappe.scrub(name)}"
			)
			for user in (AGENCY_USER, TECH_USER):
				frappe.set_user(user)
				try:
					with self.assertRaises(frappe.PermissionError, msg=(name, user)):
						module.execute(dict(self.FILTERS))
				finally:
					frappe.set_user("Administrator")

	def test_head_office_runs_them(self):
		for name in REPORTS:
			status, body = self.run_by_rest(name, HEAD_OFFICE)
			self.assertEqual(status, 200, (name, body))
			self.assertIn("result", body["message"])
		response = call("POST", "/api/method/zhira_after_sales.api.periodic_reports.due_today", HEAD_OFFICE)
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["message"]["route_options"], {"period": "Today"})
