# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The Customer Care reports on crafted complaints and surveys, against counts made by hand.

Complaints are inserted as the desk does (the factors take their default points, the decision
sets the penalty), then put at crafted stages and dates. Each class uses agencies of its own
(a fresh code per run), so other tests' records do not change the counts."""

import datetime
import json

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, get_datetime, getdate, now_datetime

from zhira_after_sales.customer_care import complaint_sla
from zhira_after_sales.customer_care.doctype.complaint.test_complaint import new_complaint
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_item_group,
	make_technician,
	make_user,
)
from zhira_after_sales.tests.rest import call
from zhira_after_sales.utils import jalali

test_ignore = TEST_IGNORE

# base data installed on every site: factor (points, type) and one status per stage
LATE_VISIT = "تاخیر در مراجعه تکنسین"  # 5, Agency
NO_SHOW = "عدم مراجعه در زمان مقرر"  # 10, Agency
RUDE_TECHNICIAN = "رفتار نامناسب تکنسین"  # 10, Technician
PRODUCT_QUALITY = "کیفیت محصول"  # 0, Product
STATUS_OF = {
	"Received": "دریافت شده",
	"Acknowledged": "اعلام وصول شده",
	"Assessed": "ارزیابی شده",
	"Investigating": "در حال بررسی",
	"Responded": "پاسخ داده شده",
	"Closed": "بسته شده",
	"Rejected": "رد شده",
}
STAGE_FIELD = {
	"Received": "received_on",
	"Acknowledged": "acknowledged_on",
	"Assessed": "assessed_on",
	"Investigating": "investigating_on",
	"Responded": "responded_on",
	"Closed": "closed_on",
	"Rejected": "rejected_on",
}
# the users of the Complaint tests (Frappe refuses a 61st new user within an hour)
HEAD_OFFICE = "zt.cmp.iso.operator@example.com"
AGENCY_USER = "zt.cmp.agency@example.com"
TECH_USER = "zt.cmp.tech@example.com"
REPORTS = (
	"Complaint Analysis",
	"Complaint Stage Ageing",
	"Satisfaction Analysis",
	"Survey Answer Distribution",
)


def at(day, hour=12, minute=0) -> datetime.datetime:
	return datetime.datetime.combine(getdate(day), datetime.time(hour, minute))


def tag() -> str:
	return frappe.generate_hash(length=6).upper()


def report(name: str, filters: dict, user: str = HEAD_OFFICE) -> dict:
	frappe.set_user(user)
	try:
		return run(name, filters=filters)
	finally:
		frappe.set_user("Administrator")


def craft_complaint(
	agency: str,
	received_on,
	stage: str = "Received",
	stage_on=None,
	factors=(),
	decision=None,
	technician=None,
	channel="Phone",
	severity="Medium",
	overdue=0,
	customer_name="شاکی گزارش",
) -> str:
	"""A complaint inserted as the desk does, then placed at `stage` (reached at `stage_on`),
	received at `received_on`."""
	doc = new_complaint(
		customer_name=customer_name,
		service_agency=agency,
		technician=technician,
		channel=channel,
		severity=severity,
		decision=decision,
		factors=[{"complaint_factor": factor} for factor in factors],
	).insert()
	values = {field: None for field in STAGE_FIELD.values()}
	values.update(
		received_on=get_datetime(received_on),
		status=STATUS_OF[stage],
		iso_stage=stage,
		overdue=overdue,
	)
	if stage != "Received":
		values[STAGE_FIELD[stage]] = get_datetime(stage_on) if stage_on else None
	frappe.db.set_value("Complaint", doc.name, values, update_modified=False)
	return doc.name


def by_group(result: dict) -> dict:
	"""Complaint Analysis rows by their group label: (complaints, open, overdue, upheld, penalty)."""
	return {
		row["group_label"]: (
			row["complaints"],
			row["open"],
			row["overdue"],
			row["upheld"],
			row["penalty_points"],
		)
		for row in result["result"]
	}


class TestComplaintAnalysis(FrappeTestCase):
	"""Agency A's complaints received 2025-10-01 .. 2025-10-10 (Mehr 1404), made by hand:

	    c1  Phone  High      LATE 5, NO_SHOW 10 (Agency), RUDE 10 (Technician)  Upheld  Closed     25
	    c2  SMS    Medium    LATE 5                                             not     Closed      0
	    c3  Web    Critical  PRODUCT 0                                          -       Investigating, overdue
	    c4  Phone  Low       no factor                                          -       Received (10-10 23:30)

	and outside: c5 received 10-11 00:00, c7 received 09-30 23:59:59 (both agency A), c6 of agency B
	(LATE 5, Upheld, Closed, received 10-02)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		complaint_sla.ensure_complaint_sla()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		code = tag()
		cls.agency = make_agency(f"ZT-CCR-A-{code}", f"نمایندگی گزارش الف {code}")
		cls.agency_b = make_agency(f"ZT-CCR-B-{code}", f"نمایندگی گزارش ب {code}")
		cls.technician = make_technician(cls.agency, f"0939{code_digits(code)}", "تکنسین گزارش")
		a = cls.agency
		cls.c1 = craft_complaint(
			a,
			"2025-10-01 09:00",
			"Closed",
			"2025-10-04 10:00",
			factors=(LATE_VISIT, NO_SHOW, RUDE_TECHNICIAN),
			decision="Upheld",
			technician=cls.technician,
			severity="High",
		)
		cls.c2 = craft_complaint(
			a,
			"2025-10-03 12:00",
			"Closed",
			"2025-10-06",
			factors=(LATE_VISIT,),
			decision="Not Upheld",
			channel="SMS",
		)
		cls.c3 = craft_complaint(
			a,
			"2025-10-05 08:00",
			"Investigating",
			"2025-10-06",
			factors=(PRODUCT_QUALITY,),
			channel="Web",
			severity="Critical",
			overdue=1,
		)
		cls.c4 = craft_complaint(a, "2025-10-10 23:30", severity="Low")
		cls.c5 = craft_complaint(a, "2025-10-11 00:00", factors=(LATE_VISIT,))
		cls.c7 = craft_complaint(a, "2025-09-30 23:59:59", factors=(RUDE_TECHNICIAN,))
		cls.c6 = craft_complaint(
			cls.agency_b, "2025-10-02 10:00", "Closed", "2025-10-03", factors=(LATE_VISIT,), decision="Upheld"
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	def analysis(self, group_by, **filters):
		return report(
			"Complaint Analysis",
			{
				"group_by": group_by,
				"from_date": "2025-10-01",
				"to_date": "2025-10-10",
				"service_agency": self.agency,
				**filters,
			},
		)

	def test_the_penalties_come_from_the_factors_of_upheld_complaints(self):
		points = dict(
			frappe.get_all(
				"Complaint", {"name": ("in", [self.c1, self.c2])}, ["name", "penalty_points"], as_list=1
			)
		)
		self.assertEqual(points, {self.c1: 25, self.c2: 0})

	def test_by_factor_a_complaint_counts_once_in_each_of_its_factors(self):
		result = self.analysis("Factor")
		self.assertEqual(
			by_group(result),
			{
				LATE_VISIT: (2, 0, 0, 1, 5),
				NO_SHOW: (1, 0, 0, 1, 10),
				RUDE_TECHNICIAN: (1, 0, 0, 1, 10),
				PRODUCT_QUALITY: (1, 1, 1, 0, 0),
				"Not Set": (1, 1, 0, 0, 0),
				"Total": (4, 2, 1, 1, 25),
			},
		)
		# most complaints first, Not Set last and the total at the end
		labels = [row["group_label"] for row in result["result"]]
		self.assertEqual((labels[0], labels[-2:]), (LATE_VISIT, ["Not Set", "Total"]))
		self.assertEqual(result["result"][0]["upheld_percent"], 50)
		# the chart: complaints and upheld per factor, no total
		chart = result["chart"]["data"]
		self.assertEqual(len(chart["labels"]), 5)
		self.assertEqual(chart["datasets"][0]["values"][chart["labels"].index(LATE_VISIT)], 2)
		self.assertEqual(chart["datasets"][1]["values"][chart["labels"].index(LATE_VISIT)], 1)
		summary = {card["label"]: card["value"] for card in result["report_summary"]}
		self.assertEqual(
			summary, {"Complaints": 4, "Open": 2, "Overdue": 1, "Upheld": 1, "Penalty Points": 25}
		)

	def test_by_factor_type_a_complaint_counts_once_per_type(self):
		self.assertEqual(
			by_group(self.analysis("Factor Type")),
			{
				"Agency": (2, 0, 0, 1, 15),
				"Technician": (1, 0, 0, 1, 10),
				"Product": (1, 1, 1, 0, 0),
				"Not Set": (1, 1, 0, 0, 0),
				"Total": (4, 2, 1, 1, 25),
			},
		)

	def test_by_stage_status_channel_severity_and_technician(self):
		stages = self.analysis("ISO Stage")
		self.assertEqual(
			[(row["group_label"], row["complaints"], row["penalty_points"]) for row in stages["result"]],
			[("Received", 1, 0), ("Investigating", 1, 0), ("Closed", 2, 25), ("Total", 4, 25)],
		)
		self.assertEqual(
			by_group(self.analysis("Status")),
			{
				STATUS_OF["Received"]: (1, 1, 0, 0, 0),
				STATUS_OF["Investigating"]: (1, 1, 1, 0, 0),
				STATUS_OF["Closed"]: (2, 0, 0, 1, 25),
				"Total": (4, 2, 1, 1, 25),
			},
		)
		self.assertEqual(
			{k: v[0] for k, v in by_group(self.analysis("Channel")).items()},
			{"Phone": 2, "SMS": 1, "Web": 1, "Total": 4},
		)
		severities = self.analysis("Severity")["result"]
		self.assertEqual(
			[(row["group_label"], row["complaints"]) for row in severities],
			[("Low", 1), ("Medium", 1), ("High", 1), ("Critical", 1), ("Total", 4)],
		)
		technicians = self.analysis("Technician")["result"]
		self.assertEqual(
			[(row["group_label"], row.get("group_name"), row["complaints"]) for row in technicians],
			[(self.technician, "تکنسین گزارش", 1), ("Not Set", None, 3), ("Total", None, 4)],
		)

	def test_by_agency_and_the_date_range(self):
		rows = by_group(self.analysis("Agency", service_agency=None))
		self.assertEqual(rows[self.agency], (4, 2, 1, 1, 25))
		self.assertEqual(rows[self.agency_b], (1, 0, 0, 1, 5))
		named = {row["group_label"]: row.get("group_name") for row in self.analysis("Agency")["result"]}
		self.assertEqual(
			named[self.agency], frappe.db.get_value("Service Agency", self.agency, "agency_name")
		)
		# the last day counts to its end; the day after and the day before do not
		self.assertEqual(by_group(self.analysis("Agency", from_date="2025-10-10"))[self.agency][0], 1)
		self.assertEqual(
			by_group(self.analysis("Agency", from_date="2025-09-30", to_date="2025-10-11"))[self.agency][0], 6
		)
		self.assertEqual(self.analysis("Agency", from_date="2025-10-12", to_date="2025-10-20")["result"], [])

	def test_bad_filters_are_refused(self):
		with self.assertRaises(frappe.ValidationError) as caught:
			self.analysis("Colour")
		self.assertIn("Group By", str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:
			self.analysis("Factor", from_date="2025-10-10", to_date="2025-10-01")
		self.assertIn("To Date", str(caught.exception))


def code_digits(code: str) -> str:
	"""Seven digits from a run's code, for a technician's unique mobile."""
	return str(int(code, 36) % 10_000_000).zfill(7)


class TestComplaintStageAgeing(FrappeTestCase):
	"""Agency C's complaints, placed relative to now:

	a1  Received       received 2 h ago                          0-1 d
	a2  Assessed       received 100 h ago, assessed 28 h ago     1-3 d
	a3  Investigating  received 10 d ago, investigating 5 d ago  3-7 d, overdue, High
	a4  Responded      received 20 d ago, responded 8 d ago      over 7 d
	a5  Investigating  received 9 d ago, no investigating date   over 7 d (since received)
	a6  Closed 1 d ago, received 30 d ago                        not open: not listed"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		complaint_sla.ensure_complaint_sla()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		code = tag()
		cls.agency = c = make_agency(f"ZT-CCR-C-{code}", f"نمایندگی گزارش ج {code}")
		now = now_datetime()

		def ago(**kw):
			return add_to_date(now, **{k: -v for k, v in kw.items()})

		cls.a1 = craft_complaint(c, ago(hours=2))
		cls.a2 = craft_complaint(c, ago(hours=100), "Assessed", ago(hours=28))
		cls.a3 = craft_complaint(c, ago(days=10), "Investigating", ago(days=5), overdue=1, severity="High")
		cls.a4 = craft_complaint(c, ago(days=20), "Responded", ago(days=8))
		cls.a5 = craft_complaint(c, ago(days=9), "Investigating", None)
		cls.a6 = craft_complaint(c, ago(days=30), "Closed", ago(days=1), decision="Not Upheld")

	def tearDown(self):
		frappe.set_user("Administrator")

	def ageing(self, **filters):
		return report("Complaint Stage Ageing", {"service_agency": self.agency, **filters})

	def test_each_open_complaint_with_its_wait_oldest_first(self):
		result = self.ageing(view="Complaints")
		rows = result["result"]
		self.assertEqual([row["name"] for row in rows], [self.a5, self.a4, self.a3, self.a2, self.a1])
		got = {
			row["name"]: (row["iso_stage"], row["bucket"], row["overdue"], row["days_since_received"])
			for row in rows
		}
		self.assertEqual(
			got,
			{
				self.a1: ("Received", "days_0_1", 0, 0.1),
				self.a2: ("Assessed", "days_1_3", 0, 4.2),
				self.a3: ("Investigating", "days_3_7", 1, 10.0),
				self.a4: ("Responded", "days_over_7", 0, 20.0),
				self.a5: ("Investigating", "days_over_7", 0, 9.0),
			},
		)
		a2 = next(row for row in rows if row["name"] == self.a2)
		self.assertAlmostEqual(a2["hours_in_stage"], 28, delta=0.2)
		self.assertEqual((a2["days_in_stage"], a2["bucket_label"]), (1.2, "1-3 Days"))
		# a stage without its date waits since the complaint was received
		a5 = next(row for row in rows if row["name"] == self.a5)
		self.assertEqual((a5["days_in_stage"], a5["days_since_received"]), (9.0, 9.0))

	def test_a_complaint_with_no_date_to_age_from_is_listed_without_an_age(self):
		"""One imported without Received On (and no stage date) used to fail the whole report."""
		code = tag()
		agency = make_agency(f"ZT-CCR-N-{code}", f"نمایندگی بی‌تاریخ {code}")
		name = craft_complaint(agency, now_datetime())
		frappe.db.set_value("Complaint", name, "received_on", None, update_modified=False)
		rows = report("Complaint Stage Ageing", {"service_agency": agency, "view": "Complaints"})["result"]
		self.assertEqual(
			[(row["name"], row["days_in_stage"], row["bucket_label"]) for row in rows], [(name, None, "")]
		)

	def test_per_stage_buckets_chart_and_summary(self):
		result = self.ageing(view="Stages")
		rows = {
			row["iso_stage"] or "Total": (
				row["open"],
				row["days_0_1"],
				row["days_1_3"],
				row["days_3_7"],
				row["days_over_7"],
				row["overdue"],
			)
			for row in result["result"]
		}
		self.assertEqual(
			rows,
			{
				"Received": (1, 1, 0, 0, 0, 0),
				"Acknowledged": (0, 0, 0, 0, 0, 0),
				"Assessed": (1, 0, 1, 0, 0, 0),
				"Investigating": (2, 0, 0, 1, 1, 1),
				"Responded": (1, 0, 0, 0, 1, 0),
				"Total": (5, 1, 1, 1, 2, 1),
			},
		)
		investigating = next(row for row in result["result"] if row["iso_stage"] == "Investigating")
		self.assertEqual((investigating["oldest_days"], investigating["oldest_received_days"]), (9.0, 10.0))
		# the chart stacks the buckets per stage
		chart = result["chart"]["data"]
		self.assertEqual(
			chart["labels"], ["Received", "Acknowledged", "Assessed", "Investigating", "Responded"]
		)
		self.assertEqual(
			[dataset["values"] for dataset in chart["datasets"]],
			[[1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 1, 1]],
		)
		summary = {card["label"]: card["value"] for card in result["report_summary"]}
		self.assertEqual(summary, {"Open Complaints": 5, "Overdue": 1, "Over 7 Days": 2})
		# the complaints view has the same chart
		self.assertEqual(self.ageing(view="Complaints")["chart"], result["chart"])

	def test_filters(self):
		def names(**filters):
			return [row["name"] for row in self.ageing(**filters)["result"]]

		self.assertEqual(names(overdue_only=1), [self.a3])
		self.assertEqual(names(iso_stage="Investigating"), [self.a5, self.a3])
		self.assertEqual(names(severity="High"), [self.a3])
		self.assertEqual(names(iso_stage="Acknowledged"), [])


def make_question(name: str, options: list[tuple[str, float]]) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Survey Question",
				"question": name,
				"question_text": f"{name}؟",
				"is_active": 1,
				"options": [{"label": label, "score": score} for label, score in options],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_template(name: str, questions: list[tuple[str, float]]) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Survey Template",
				"template_name": name,
				"is_active": 1,
				"questions": [{"question": q, "weight": weight} for q, weight in questions],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def craft_survey(
	agency, completed_on, answers, template=None, technician=None, item_group=None, status="Completed"
) -> str:
	"""A Survey Response as the Happy Call leaves it (the contract other modules read): `answers`
	is [(question, weight, option number, option label, score, highest score)]."""
	score = sum(weight * points for _q, weight, _n, _o, points, _m in answers)
	highest = sum(weight * top for _q, weight, _n, _o, _p, top in answers)
	doc = frappe.get_doc(
		{
			"doctype": "Survey Response",
			"name": f"ZT-CCR-HC-{frappe.generate_hash(length=8)}",
			"naming_series": "HC-.#####",
			"status": status,
			"channel": "Phone",
			"template": template,
			"customer_name": "مشتری نظرسنجی",
			"service_agency": agency,
			"technician": technician,
			"item_group": item_group,
			"completed_on": get_datetime(completed_on) if completed_on else None,
			"score": score,
			"max_score": highest,
			"satisfaction_percent": round(100 * score / highest, 2),
			"answers": [
				{
					"question": question,
					"weight": weight,
					"option_no": number,
					"option": option,
					"score": points,
					"max_score": top,
				}
				for question, weight, number, option, points, top in answers
			],
		}
	)
	doc.db_insert()
	for row in doc.answers:
		row.db_insert()
	return doc.name


class TestSatisfactionReports(FrappeTestCase):
	"""Happy Calls completed in Mehr and Aban 1403 (Mehr ends 2024-10-21, Aban starts 2024-10-22).
	Template T: Q1 (weight 2; Excellent 10, Good 7, Poor 0) and Q2 (weight 1; On time 5, Late 0),
	highest 2 x 10 + 5 = 25; template T2: Q2 alone, highest 5.

	    r1  S1  t1  GA  T   Mehr last day 10:00    Excellent, On time   25/25  100 %
	    r2  S1  t1  GA  T   Mehr last day 23:50    Good, Late           14/25   56 %
	    r3  S1  t2  GB  T   Aban first day 00:10   Poor, On time         5/25   20 %
	    r4  S2  t3  GA  T   Aban 15th              Excellent, Late      20/25   80 %
	    r5  S2  -   GB  T2  Aban 3rd               On time               5/5   100 %
	    r6  S3  -   GA  -   Aban 4th               Q1 "Average (old wording)" 5 of 10, an option
	                                               Q1 no longer has     10/20   50 %
	    and not counted: r7 of S1 Pending, r8 of S2 No Answer, r9 of S1 completed on Azar's first day"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		code = tag()
		cls.s1 = make_agency(f"ZT-CCR-S1-{code}", f"نمایندگی رضایت یک {code}")
		cls.s2 = make_agency(f"ZT-CCR-S2-{code}", f"نمایندگی رضایت دو {code}")
		cls.s3 = make_agency(f"ZT-CCR-S3-{code}", f"نمایندگی رضایت سه {code}")
		digits = code_digits(code)
		cls.t1 = make_technician(cls.s1, f"0935{digits}", "تکنسین رضایت یک")
		cls.t2 = make_technician(cls.s1, f"0936{digits}", "تکنسین رضایت دو")
		cls.t3 = make_technician(cls.s2, f"0937{digits}", "تکنسین رضایت سه")
		cls.ga = make_item_group("ZT CCR Group A")
		cls.gb = make_item_group("ZT CCR Group B")
		cls.q1 = make_question(f"ZT {code} Q1 manner", [("Excellent", 10), ("Good", 7), ("Poor", 0)])
		cls.q2 = make_question(f"ZT {code} Q2 time", [("On time", 5), ("Late", 0)])
		cls.t = make_template(f"ZT {code} T", [(cls.q1, 2), (cls.q2, 1)])
		cls.t2_template = make_template(f"ZT {code} T2", [(cls.q2, 1)])

		mehr_start, cls.mehr_end = jalali.month_range(1403, 7)
		cls.aban_start, aban_end = jalali.month_range(1403, 8)
		cls.from_date, cls.to_date = mehr_start, aban_end
		aban = cls.aban_start

		def q1(number, label, points):
			return (cls.q1, 2, number, label, points, 10)

		def q2(number, label, points, weight=1):
			return (cls.q2, weight, number, label, points, 5)

		excellent, good, poor = q1(1, "Excellent", 10), q1(2, "Good", 7), q1(3, "Poor", 0)
		on_time, late = q2(1, "On time", 5), q2(2, "Late", 0)
		t = cls.t
		cls.r1 = craft_survey(cls.s1, at(cls.mehr_end, 10), [excellent, on_time], t, cls.t1, cls.ga)
		cls.r2 = craft_survey(cls.s1, at(cls.mehr_end, 23, 50), [good, late], t, cls.t1, cls.ga)
		cls.r3 = craft_survey(cls.s1, at(aban, 0, 10), [poor, on_time], t, cls.t2, cls.gb)
		cls.r4 = craft_survey(cls.s2, at(add_days(aban, 14), 9), [excellent, late], t, cls.t3, cls.ga)
		cls.r5 = craft_survey(cls.s2, at(add_days(aban, 2), 9), [on_time], cls.t2_template, None, cls.gb)
		cls.r6 = craft_survey(
			cls.s3,
			at(add_days(aban, 3), 9),
			[(cls.q1, 2, 2, "Average (old wording)", 5, 10)],
			None,
			None,
			cls.ga,
		)
		craft_survey(cls.s1, None, [excellent, on_time], t, cls.t1, cls.ga, status="Pending")
		craft_survey(cls.s2, at(add_days(aban, 5), 9), [poor, late], t, cls.t3, cls.ga, status="No Answer")
		craft_survey(cls.s1, at(add_days(aban_end, 1), 0, 0), [poor, late], t, cls.t1, cls.ga)

	def tearDown(self):
		frappe.set_user("Administrator")

	def satisfaction(self, group_by, **filters):
		result = report(
			"Satisfaction Analysis",
			{"group_by": group_by, "from_date": self.from_date, "to_date": self.to_date, **filters},
		)
		return result

	def rows(self, result) -> dict:
		"""label -> (responses, average %, weighted %), percentages to 2 places."""
		return {
			row["group_label"]: (
				row["responses"],
				round(row["average_percent"], 2),
				round(row["weighted_percent"], 2),
			)
			for row in result["result"]
		}

	def test_by_agency_average_and_weighted(self):
		rows = self.rows(self.satisfaction("Agency"))
		self.assertEqual(rows[self.s1], (3, 58.67, 58.67))
		# r4 80 % of 25 and r5 100 % of 5: each survey counts once in the average, by its points
		# in the weighted %
		self.assertEqual(rows[self.s2], (2, 90.0, 83.33))
		self.assertEqual(rows[self.s3], (1, 50.0, 50.0))
		result = self.satisfaction("Agency", service_agency=self.s2)
		self.assertEqual(
			[(row["group_label"], row.get("group_name")) for row in result["result"]],
			[(self.s2, frappe.db.get_value("Service Agency", self.s2, "agency_name")), ("Total", None)],
		)
		self.assertEqual(self.rows(result)["Total"], (2, 90.0, 83.33))
		summary = {card["label"]: card["value"] for card in result["report_summary"]}
		self.assertEqual(
			summary, {"Responses": 2, "Average Satisfaction %": 90.0, "Weighted Satisfaction %": 83.3}
		)

	def test_by_technician_and_item_group(self):
		rows = self.rows(self.satisfaction("Technician", template=self.t))
		self.assertEqual(
			rows,
			{
				self.t3: (1, 80.0, 80.0),
				self.t1: (2, 78.0, 78.0),
				self.t2: (1, 20.0, 20.0),
				"Total": (4, 64.0, 64.0),
			},
		)
		self.assertEqual(
			[row["group_label"] for row in self.satisfaction("Technician", template=self.t)["result"]],
			[self.t3, self.t1, self.t2, "Total"],  # the most satisfied first
		)
		no_technician = self.rows(self.satisfaction("Technician", service_agency=self.s2))
		self.assertEqual(no_technician["Not Set"], (1, 100.0, 100.0))
		groups = self.rows(self.satisfaction("Item Group", template=self.t))
		self.assertEqual(
			groups, {self.ga: (3, 78.67, 78.67), self.gb: (1, 20.0, 20.0), "Total": (4, 64.0, 64.0)}
		)
		# an item group filter takes the group and the groups under it
		only_a = self.rows(self.satisfaction("Agency", item_group=self.ga, service_agency=self.s1))
		self.assertEqual(only_a[self.s1], (2, 78.0, 78.0))

	def test_by_jalali_month_across_the_month_boundary(self):
		result = self.satisfaction("Jalali Month", service_agency=self.s1)
		self.assertEqual(
			[
				(
					row["group_key"] if not row.get("is_total") else "Total",
					row["group_label"],
					row["responses"],
				)
				for row in result["result"]
			],
			[("1403-07", "Mehr 1403", 2), ("1403-08", "Aban 1403", 1), ("Total", "Total", 3)],
		)
		rows = self.rows(result)
		self.assertEqual((rows["Mehr 1403"], rows["Aban 1403"]), ((2, 78.0, 78.0), (1, 20.0, 20.0)))
		# the month of r9 (Azar) is outside the dates: a wider range shows it
		wider = self.satisfaction("Jalali Month", service_agency=self.s1, to_date=add_days(self.to_date, 1))
		self.assertEqual(
			[row["group_label"] for row in wider["result"]], ["Mehr 1403", "Aban 1403", "Azar 1403", "Total"]
		)
		template = self.rows(self.satisfaction("Jalali Month", template=self.t))
		self.assertEqual(template["Aban 1403"], (2, 50.0, 50.0))
		chart = result["chart"]
		self.assertEqual((chart["type"], chart["data"]["labels"]), ("line", ["Mehr 1403", "Aban 1403"]))
		self.assertEqual(chart["data"]["datasets"][0]["values"], [78.0, 20.0])

	def distribution(self, **filters):
		result = report(
			"Survey Answer Distribution", {"from_date": self.from_date, "to_date": self.to_date, **filters}
		)
		return [
			(row["label"], row["answers"], round(row["share"], 2) if row.get("share") is not None else None)
			for row in result["result"]
		], result

	def test_answer_distribution_per_question(self):
		rows, result = self.distribution(service_agency=self.s1)
		self.assertEqual(
			rows,
			[
				(self.q1, 3, None),
				("Excellent", 1, 33.33),
				("Good", 1, 33.33),
				("Poor", 1, 33.33),
				(self.q2, 3, None),
				("On time", 2, 66.67),
				("Late", 1, 33.33),
			],
		)
		questions = {row["label"]: row for row in result["result"] if row.get("is_question")}
		# Q1: (10 + 7 + 0) of 3 x 10; Q2: (5 + 0 + 5) of 3 x 5
		self.assertEqual(round(questions[self.q1]["satisfaction_percent"], 2), 56.67)
		self.assertEqual(round(questions[self.q2]["satisfaction_percent"], 2), 66.67)
		self.assertEqual(questions[self.q1]["question_text"], f"{self.q1}؟")
		options = [row for row in result["result"] if row.get("indent") == 1]
		self.assertEqual([(row["option_no"], row["score"]) for row in options[:3]], [(1, 10), (2, 7), (3, 0)])
		self.assertTrue(all(row["parent_row"] in (self.q1, self.q2) for row in options))
		summary = {card["label"]: card["value"] for card in result["report_summary"]}
		self.assertEqual(summary, {"Completed Surveys": 3, "Questions": 2})
		chart = result["chart"]["data"]
		self.assertEqual(chart["labels"], [self.q1, self.q2])
		self.assertEqual([d["values"] for d in chart["datasets"]], [[33.3, 66.7], [33.3, 33.3], [33.3, 0]])

	def test_answer_distribution_filters_and_unchosen_options(self):
		rows, _result = self.distribution(template=self.t)
		self.assertEqual(
			rows,
			[
				(self.q1, 4, None),
				("Excellent", 2, 50.0),
				("Good", 1, 25.0),
				("Poor", 1, 25.0),
				(self.q2, 4, None),
				("On time", 2, 50.0),
				("Late", 2, 50.0),
			],
		)
		# nobody of T2 said Late: listed with 0
		rows, _result = self.distribution(template=self.t2_template)
		self.assertEqual(rows, [(self.q2, 1, None), ("On time", 1, 100.0), ("Late", 0, 0.0)])
		# an answer the question no longer offers is listed after the current ones
		rows, _result = self.distribution(service_agency=self.s3)
		self.assertEqual(
			rows,
			[
				(self.q1, 1, None),
				("Excellent", 0, 0.0),
				("Good", 0, 0.0),
				("Poor", 0, 0.0),
				("Average (old wording)", 1, 100.0),
			],
		)
		rows, _result = self.distribution(
			service_agency=self.s1, from_date=add_days(self.to_date, 1), to_date=add_days(self.to_date, 5)
		)
		self.assertEqual(
			rows,
			[
				(self.q1, 1, None),
				("Excellent", 0, 0.0),
				("Good", 0, 0.0),
				("Poor", 1, 100.0),
				(self.q2, 1, None),
				("On time", 0, 0.0),
				("Late", 1, 100.0),
			],
		)


class TestCustomerCareReportIsolation(FrappeTestCase):
	"""The reports are head office's: an agency's user and a technician are refused every one of
	them, through the desk's endpoint and when a report is called directly."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		make_user(AGENCY_USER)
		make_user(TECH_USER)
		agency = make_agency("ZT-CMP-ISO", "نمایندگی شکایت پنهان", users=(AGENCY_USER,))
		make_technician(agency, "09390007201", "تکنسین شکایت پنهان", user=TECH_USER)
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction

	def tearDown(self):
		frappe.set_user("Administrator")

	def run_by_rest(self, name, user):
		filters = {"from_date": "2025-01-01", "to_date": "2026-12-31"}
		response = call(
			"POST",
			"/api/method/frappe.desk.query_report.run",
			user,
			data=json.dumps({"report_name": name, "filters": filters}),
			content_type="application/json",
		)
		return response.status_code, (response.json if response.is_json else {})

	def test_agency_and_technician_are_refused_every_report(self):
		for name in REPORTS:
			for user in (AGENCY_USER, TECH_USER):
				status, body = self.run_by_rest(name, user)
				self.assertEqual(status, 403, (name, user, body))
				self.assertNotIn("result", body.get("message") or {}, (name, user))

	def test_a_report_called_directly_refuses_them_too(self):
		for name in REPORTS:
			module = frappe.get_module(
				f"zhira_after_sales.customer_care.report.{frappe.scrub(name)}.{frappe.scrub(name)}"
			)
			for user in (AGENCY_USER, TECH_USER):
				frappe.set_user(user)
				try:
					with self.assertRaises(frappe.PermissionError, msg=(name, user)):
						module.execute({"from_date": "2025-01-01", "to_date": "2026-12-31"})
				finally:
					frappe.set_user("Administrator")

	def test_head_office_runs_them(self):
		for name in REPORTS:
			status, body = self.run_by_rest(name, HEAD_OFFICE)
			self.assertEqual(status, 200, (name, body))
			self.assertIn("result", body["message"])
