# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Turnaround Time by Agency on crafted receptions, against times worked out by hand; and the
Service Desk management reports refuse anyone but head office.

Receptions are inserted as the desk does, then put at crafted dates and statuses (received_on,
the referral rows' referred_on, closed_on). Each class uses a territory, agencies and models of its
own (a fresh code per run), so other tests' receptions do not change the counts."""

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_item,
	make_item_group,
	make_territory,
	make_user,
)
from zhira_after_sales.utils.report_query import month_label

test_ignore = TEST_IGNORE

REPAIR = "تعمیر آزاد"
REFERRED = "ارجاع شده"
DONE = "انجام شده"
CANCELLED = "لغو شده"
HEAD_OFFICE = "zt.sdr.operator@example.com"
AGENCY_USER = "zt.sdr.agency@example.com"
REPORTS = ("Turnaround Time by Agency", "First Time Fix Rate", "Defect Pareto per Model")
MOBILE = "09125557301"


def tag() -> str:
	return frappe.generate_hash(length=6).upper()


def report(name: str, filters: dict, user: str = HEAD_OFFICE) -> dict:
	frappe.set_user(user)
	try:
		return run(name, filters=filters, ignore_prepared_report=True)
	finally:
		frappe.set_user("Administrator")


def craft_reception(
	received_on,
	agency: str | None = None,
	devices=None,
	referred_on=None,
	closed_on=None,
	status: str | None = None,
	territory: str | None = None,
	later_referrals=(),
) -> str:
	"""A reception inserted as the desk does (referred to `agency`, if any), then received at
	`received_on`, first referred at `referred_on` and in `status` since `closed_on`.
	`later_referrals`: times the agency was referred again (a technician chosen), each a referral
	row and the reception's referred_on, as the referral code leaves them. `devices`: rows of
	(item, serial or None, declared defects or None)."""
	doc = frappe.get_doc(
		{
			"doctype": "Service Reception",
			"mobile_no": MOBILE,
			"customer_name": "مشتری گزارش مدیریتی",
			"territory": territory,
			"service_agency": agency,
			"devices": [
				{"item": item, "serial_no": serial, "declared_defects": defects, "service_type": REPAIR}
				for item, serial, defects in devices
			],
		}
	)
	doc.flags.ignore_permissions = True
	doc.insert()
	values = {"received_on": get_datetime(received_on)}
	if agency:
		frappe.db.set_value(
			"Service Reception Referral", doc.referrals[0].name, "referred_on", get_datetime(referred_on)
		)
		values["referred_on"] = get_datetime(referred_on)
		for idx, at in enumerate(later_referrals, start=2):
			frappe.get_doc(
				{
					"doctype": "Service Reception Referral",
					"parent": doc.name,
					"parenttype": "Service Reception",
					"parentfield": "referrals",
					"idx": idx,
					"service_agency": agency,
					"referred_on": get_datetime(at),
					"assignment": "By Hand",
				}
			).db_insert()
			values["referred_on"] = get_datetime(at)
	if status:
		values.update(status=status, closed_on=get_datetime(closed_on) if closed_on else None)
	frappe.db.set_value("Service Reception", doc.name, values, update_modified=False)
	return doc.name


class TestTurnaroundTimeByAgency(FrappeTestCase):
	"""Territory T's receptions received in Ordibehesht and Khordad 1402 (May 2023), by hand
	(days: received → first referral to the agency, referral → closed, received → closed):

	    r1  A  rec 05-01 08:00  ref 05-01 20:00 (a technician chosen 05-03)  done 05-05 08:00  0.5  3.5  4.0
	    r2  A  rec 05-02 20:00  ref 05-03 08:00                              done 05-09 20:00  0.5  6.5  7.0
	    r3  A  rec 05-05 08:00  ref 05-07 08:00                              open              2.0   -    -
	    r4  B  rec 05-03 08:00  ref 05-04 08:00                              done 05-06 20:00  1.0  2.5  3.5
	    r5  B  rec 05-10 08:00  ref 05-10 08:00                              cancelled 05-11   0.0   -    -
	    r9  B  rec 05-25 08:00  ref 05-25 08:00 (Khordad)                    open              0.0   -    -
	    r6  -  rec 05-04 08:00  not referred                                 done 05-05 20:00   -    -   1.5

	and outside the range 2023-05-01 .. 2023-05-31: r7 (A) received 04-30 23:00, r8 (A) 06-01 00:00."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		code = tag()
		cls.territory = make_territory(f"ZT TAT {code}")
		cls.a = make_agency(f"ZT-TAT-A-{code}", f"نمایندگی زمان الف {code}")
		cls.b = make_agency(f"ZT-TAT-B-{code}", f"نمایندگی زمان ب {code}")
		item = make_item(f"ZT-TAT-{code}", make_item_group("ZT TAT Models"), is_stock_item=0)
		device = [(item, None, None)]

		def craft(received, agency=None, referred=None, closed=None, status=None, **kw):
			return craft_reception(
				f"2023-{received}",
				agency,
				device,
				f"2023-{referred}" if referred else None,
				f"2023-{closed}" if closed else None,
				status or (REFERRED if agency else None),
				cls.territory,
				**kw,
			)

		a, b = cls.a, cls.b
		craft("05-01 08:00", a, "05-01 20:00", "05-05 08:00", DONE, later_referrals=("2023-05-03 08:00",))
		craft("05-02 20:00", a, "05-03 08:00", "05-09 20:00", DONE)
		craft("05-05 08:00", a, "05-07 08:00")
		craft("05-03 08:00", b, "05-04 08:00", "05-06 20:00", DONE)
		craft("05-10 08:00", b, "05-10 08:00", "05-11 08:00", CANCELLED)
		craft("05-25 08:00", b, "05-25 08:00")
		craft("05-04 08:00", None, None, "05-05 20:00", DONE)
		craft("04-30 23:00", a, "05-01 08:00", "05-02 08:00", DONE)
		craft("06-01 00:00", a, "06-01 08:00")

	def tearDown(self):
		frappe.set_user("Administrator")

	def turnaround(self, group_by="Agency", **filters):
		return report(
			"Turnaround Time by Agency",
			{
				"group_by": group_by,
				"from_date": "2023-05-01",
				"to_date": "2023-05-31",
				"territory": self.territory,
				**filters,
			},
		)

	@staticmethod
	def rows(result) -> list[tuple]:
		"""(group, receptions, referred, done, then average and longest days of each span)."""
		return [
			(
				row["group_label"],
				row["receptions"],
				row["referred"],
				row["done"],
				row["to_referral_average"],
				row["to_referral_max"],
				row["to_done_by_agency_average"],
				row["to_done_by_agency_max"],
				row["to_done_average"],
				row["to_done_max"],
			)
			for row in result["result"]
		]

	def test_per_agency_counts_and_days(self):
		result = self.turnaround()
		self.assertEqual(
			self.rows(result),
			[
				# A: referral (0.5 + 0.5 + 2.0) / 3 = 1.0; agency (3.5 + 6.5) / 2 = 5.0; wait (4.0 + 7.0) / 2 = 5.5
				(self.a, 3, 3, 2, 1.0, 2.0, 5.0, 6.5, 5.5, 7.0),
				# B: referral (1.0 + 0.0 + 0.0) / 3 = 0.3; agency 2.5; wait 3.5 (the cancelled one is not done)
				(self.b, 3, 3, 1, 0.3, 1.0, 2.5, 2.5, 3.5, 3.5),
				("Not Referred", 1, 0, 1, None, None, None, None, 1.5, 1.5),
				# referral 4.0 / 6 = 0.7; agency (3.5 + 6.5 + 2.5) / 3 = 4.2; wait (4 + 7 + 3.5 + 1.5) / 4 = 4.0
				("Total", 7, 6, 4, 0.7, 2.0, 4.2, 6.5, 4.0, 7.0),
			],
		)
		self.assertEqual(
			result["result"][0]["group_name"], frappe.db.get_value("Service Agency", self.a, "agency_name")
		)
		summary = {s["label"]: s["value"] for s in result["report_summary"]}
		self.assertEqual((summary["Receptions"], summary["Referred"], summary["Done"]), (7, 6, 4))
		self.assertEqual(summary["Received → Done: Average"], "4.0 days")
		chart = result["chart"]["data"]
		self.assertEqual(len(chart["datasets"]), 3)
		self.assertEqual(chart["datasets"][1]["values"], [5.0, 2.5, 0])

	def test_by_jalali_month_of_reception(self):
		result = self.turnaround("Jalali Month")
		self.assertEqual(
			self.rows(result),
			[
				# 2023-05-01 .. 05-21 is Ordibehesht 1402: everything but r9
				(month_label(1402, 2), 6, 5, 4, 0.8, 2.0, 4.2, 6.5, 4.0, 7.0),
				(month_label(1402, 3), 1, 1, 0, 0.0, 0.0, None, None, None, None),
				("Total", 7, 6, 4, 0.7, 2.0, 4.2, 6.5, 4.0, 7.0),
			],
		)
		self.assertEqual(result["chart"]["type"], "line")

	def test_one_agency_and_the_date_range(self):
		result = self.turnaround(service_agency=self.a, from_date="2023-04-30", to_date="2023-05-02")
		# r7 (received 04-30 23:00, referred 9 h = 0.375 d later, done 1.0 d after that: 1.375 d), r1, r2:
		# referral (0.375 + 0.5 + 0.5) / 3 = 0.46 -> 0.5; agency (1.0 + 3.5 + 6.5) / 3 = 3.67 -> 3.7;
		# wait (1.375 + 4.0 + 7.0) / 3 = 4.125 -> 4.1
		self.assertEqual(self.rows(result)[0], (self.a, 3, 3, 3, 0.5, 0.5, 3.7, 6.5, 4.1, 7.0))

	def test_bad_filters_are_refused(self):
		with self.assertRaises(frappe.ValidationError) as caught:
			self.turnaround("Colour")
		self.assertIn("Group By", str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:
			self.turnaround(from_date="2023-05-31", to_date="2023-05-01")
		self.assertIn("To Date", str(caught.exception))


class TestManagementReportIsolation(FrappeTestCase):
	"""The three reports are head office's: an agency's portal user is refused them, both by the
	desk's endpoint (the reports' roles) and when a report is called directly (its own gate)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		make_agency("ZT-SDR-ISO", "نمایندگی گزارش مدیریتی پنهان", users=(AGENCY_USER,))

	def tearDown(self):
		frappe.set_user("Administrator")

	FILTERS = {"from_date": "2023-01-01", "to_date": "2023-12-31"}

	def test_an_agency_user_is_refused_every_report(self):
		for name in REPORTS:
			with self.assertRaises(frappe.PermissionError, msg=name):
				report(name, dict(self.FILTERS), user=AGENCY_USER)
			module = frappe.get_module(
				f"zhira_after_sales.service_desk.report.{frappe.scrub(name)}.{frappe.scrub(name)}"
			)
			frappe.set_user(AGENCY_USER)
			try:
				with self.assertRaises(frappe.PermissionError, msg=name) as caught:
					module.execute(dict(self.FILTERS))
				self.assertIn("head office", str(caught.exception))
			finally:
				frappe.set_user("Administrator")

	def test_head_office_runs_them(self):
		for name in REPORTS:
			self.assertIn("result", report(name, dict(self.FILTERS)), name)
