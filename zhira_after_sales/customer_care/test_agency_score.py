# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The agency score for a crafted Jalali month against a hand calculation; the ranking report; the
monthly scorecard that does not move when the month's data is edited later (and a manager's
recompute, refused unless forced with a reason); and the agency portal's Scores page, which shows
an agency its own figures only."""

import datetime
import io
import json
import re
from urllib.parse import urlencode

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime
from openpyxl import load_workbook

from zhira_after_sales.customer_care import agency_score, complaint_sla, complaints, scorecards
from zhira_after_sales.customer_care.report.agency_ranking import agency_ranking
from zhira_after_sales.exceptions import HeadOfficeOnlyError, ScorecardError
from zhira_after_sales.messaging.tests.factories import make_customer
from zhira_after_sales.service_desk.doctype.service_reception.test_service_reception import (
	new_reception,
	setup_catalogue,
)
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_user
from zhira_after_sales.tests.rest import _Call, api_credentials, call, call_guest
from zhira_after_sales.utils import jalali

test_ignore = TEST_IGNORE

COMPLETED, CANCELLED = "انجام شده", "لغو شده"  # Service Statuses install creates
ASSESSED, INVESTIGATING, CLOSED = "ارزیابی شده", "در حال بررسی", "بسته شده"  # Complaint Statuses
LATE_VISIT, RUDE_TECHNICIAN = "تاخیر در مراجعه تکنسین", "رفتار نامناسب تکنسین"  # 5 and 10 points
# the crafted month: Mehr 1404 = 2025-09-23 .. 2025-10-22
YEAR, MONTH = 1404, 7
START, END = jalali.month_range(YEAR, MONTH)
MANAGER = "zt.score.manager@example.com"
OPERATOR = "zt.score.operator@example.com"


def at(day: datetime.date, hour=12, minute=0, second=0) -> datetime.datetime:
	return datetime.datetime.combine(day, datetime.time(hour, minute, second))


def completed_reception(agency: str, closed_on, status: str = COMPLETED) -> str:
	"""A reception referred to `agency`, closed in `status` at `closed_on` (crafted in the past)."""
	name = (
		new_reception(mobile="09125558800", customer_name="مشتری امتیاز", service_agency=agency).insert().name
	)
	frappe.db.set_value("Service Reception", name, {"status": status, "closed_on": closed_on})
	return name


def survey(agency: str, percent, completed_on, status: str = "Completed", item_group=None) -> str:
	"""A Survey Response row as the Happy Call leaves it (the fields other modules read)."""
	name = f"ZT-SC-{frappe.generate_hash(length=8)}"
	frappe.get_doc(
		{
			"doctype": "Survey Response",
			"name": name,
			"naming_series": "HC-.#####",
			"status": status,
			"channel": "Phone",
			"service_agency": agency,
			"completed_on": completed_on,
			"score": (percent or 0) / 10,
			"max_score": 10,
			"satisfaction_percent": percent or 0,
			"item_group": item_group,
		}
	).db_insert()
	return name


def complaint(agency: str, factor: str, decision: str, closed_on=None, customer=None) -> str:
	"""A complaint about `agency` with one factor, taken through its stages to Closed with
	`decision` (its closing dated `closed_on`); without closed_on it stays Investigating."""
	doc = frappe.get_doc(
		{
			"doctype": "Complaint",
			"channel": "Phone",
			"customer": customer,
			"customer_name": "مشتری امتیاز",
			"description": "تکنسین دیر آمد.",
			"service_agency": agency,
			"factors": [{"complaint_factor": factor}],
		}
	).insert()
	complaints.change_status(doc.name, ASSESSED)
	if closed_on is None:
		complaints.change_status(doc.name, INVESTIGATING, values={"decision": decision})
		return doc.name
	complaints.change_status(
		doc.name, CLOSED, values={"resolution": "بررسی و پاسخ داده شد.", "decision": decision}
	)
	frappe.db.set_value("Complaint", doc.name, "closed_on", closed_on)
	return doc.name


class TestAgencyScore(FrappeTestCase):
	"""A crafted month, Mehr 1404, for three agencies:

	A: 5 receptions completed in the month (the first moment and the last second included); one
	   completed the second before, one the second after, one cancelled in the month: N = 5.
	   Completed surveys 100, 80 and 60 %: S = 80 (a pending one, one not answered, one completed
	   the next month do not count). Upheld complaints closed in the month: 5 + 10 points: P = 15
	   (one not upheld, one upheld but still open, one upheld and closed the next month do not).
	   score = 80 - 10 x 15 / 5 = 50.
	B: 1 reception, one survey at 90 %, no complaint: 90 - 0 = 90.
	C: 2 receptions, no survey, an upheld complaint of 5 points: no score."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		setup_catalogue()
		complaint_sla.ensure_complaint_sla()
		frappe.db.set_single_value("After Sales Settings", "complaint_penalty_weight", 10)
		make_user(MANAGER, roles=("After Sales Manager",))
		make_user(OPERATOR, roles=("Reception Operator",))
		cls.a = make_agency("ZT-SC-A", "نمایندگی امتیاز الف")
		cls.b = make_agency("ZT-SC-B", "نمایندگی امتیاز ب")
		cls.c = make_agency("ZT-SC-C", "نمایندگی امتیاز ج")
		customer = make_customer("مشتری امتیاز", "09125558800")
		mid = at(START + datetime.timedelta(days=10))
		after = at(END + datetime.timedelta(days=1), 0, 0, 0)
		for closed_on in (at(START, 0, 0, 0), mid, mid, mid, at(END, 23, 59, 59)):
			completed_reception(cls.a, closed_on)
		completed_reception(cls.a, at(START - datetime.timedelta(days=1), 23, 59, 59))
		completed_reception(cls.a, after)
		completed_reception(cls.a, mid, status=CANCELLED)
		completed_reception(cls.b, mid)
		completed_reception(cls.c, mid)
		completed_reception(cls.c, mid)

		cls.surveys = {percent: survey(cls.a, percent, mid, item_group="ZT Heaters") for percent in (100, 80)}
		cls.surveys[60] = survey(cls.a, 60, at(START, 0, 0, 0), item_group="ZT Coolers")
		survey(cls.a, None, None, status="Pending")
		survey(cls.a, None, mid, status="No Answer")
		survey(cls.a, 0, after)
		survey(cls.b, 90, mid)

		cls.upheld = [
			complaint(cls.a, LATE_VISIT, "Upheld", mid, customer),
			complaint(cls.a, RUDE_TECHNICIAN, "Upheld", at(END, 23, 0), customer),
		]
		cls.not_upheld = complaint(cls.a, LATE_VISIT, "Not Upheld", mid, customer)
		complaint(cls.a, RUDE_TECHNICIAN, "Upheld", None, customer)  # still open
		complaint(cls.a, RUDE_TECHNICIAN, "Upheld", after, customer)
		complaint(cls.c, LATE_VISIT, "Upheld", mid, customer)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_score_of_a_crafted_month_matches_the_hand_calculation(self):
		score = agency_score.score_for(self.a, START, END)
		self.assertEqual(
			{
				key: score[key]
				for key in (
					"satisfaction",
					"services_completed",
					"penalty_points",
					"weight",
					"responses_count",
					"complaints_count",
					"deduction",
					"score",
				)
			},
			{
				"satisfaction": 80,
				"services_completed": 5,
				"penalty_points": 15,
				"weight": 10,
				"responses_count": 3,
				"complaints_count": 2,
				"deduction": 30,
				"score": 50,
			},
		)
		self.assertEqual(agency_score.score_for(self.b, START, END)["score"], 90)
		no_surveys = agency_score.score_for(self.c, START, END)
		self.assertEqual(
			(no_surveys["score"], no_surveys["satisfaction"], no_surveys["services_completed"]),
			(None, None, 2),
		)
		self.assertEqual((no_surveys["penalty_points"], no_surveys["no_surveys"]), (5, 1))
		# w from After Sales Settings
		frappe.db.set_single_value("After Sales Settings", "complaint_penalty_weight", 2)
		self.assertEqual(agency_score.score_for(self.a, START, END)["score"], 74)  # 80 - 2 x 15 / 5
		frappe.db.set_single_value("After Sales Settings", "complaint_penalty_weight", 10)

	def test_the_complaints_behind_p_and_the_surveys_by_product_group(self):
		self.assertEqual(
			[row.name for row in agency_score.counted_complaints(self.a, START, END)], self.upheld
		)
		groups = {
			row.item_group: (row.responses, row.satisfaction)
			for row in agency_score.satisfaction_by_item_group(self.a, START, END)
		}
		self.assertEqual(groups, {"ZT Heaters": (2, 90), "ZT Coolers": (1, 60)})

	def test_the_ranking_report_ranks_by_score_with_agencies_without_surveys_last(self):
		columns, rows, message, _chart, summary = agency_ranking.execute(
			{"from_date": str(START), "to_date": str(END)}
		)
		fieldnames = [c["fieldname"] for c in columns]
		wanted = ["rank", "agency", "satisfaction", "services_completed", "penalty_points", "score"]
		self.assertEqual([f for f in fieldnames if f in wanted], wanted)
		ours = [row for row in rows if row["agency"] in (self.a, self.b, self.c)]
		self.assertEqual(
			[
				(
					r["rank"],
					r["agency"],
					r["satisfaction"],
					r["services_completed"],
					r["penalty_points"],
					r["score"],
				)
				for r in ours
			],
			[(1, self.b, 90, 1, 0, 90), (2, self.a, 80, 5, 15, 50), (None, self.c, None, 2, 5, None)],
		)
		self.assertEqual(ours[-1]["note"], "No surveys")
		self.assertIn("w = 10", message)
		self.assertEqual(summary[0]["value"], len([r for r in rows if r["score"] is not None]))
		self.assertRaises(frappe.ValidationError, agency_ranking.execute, {"from_date": str(START)})

	def test_a_snapshot_does_not_change_when_the_months_data_is_edited_later(self):
		frappe.db.savepoint("snapshot_test")
		try:
			self.snapshot_then_edit()
		finally:
			frappe.db.rollback(save_point="snapshot_test")

	def snapshot_then_edit(self):
		written = scorecards.snapshot_previous_month(on=END + datetime.timedelta(days=1))
		name = f"{self.a}-1404-07"
		self.assertIn(name, written)
		self.assertIn(f"{self.c}-1404-07", written)
		card = frappe.get_doc("Agency Scorecard", name)
		self.assertEqual(
			(card.score, card.satisfaction, card.services_completed, card.penalty_points, card.weight),
			(50, 80, 5, 15, 10),
		)
		self.assertEqual((card.period_label, card.period_start, card.period_end), ("1404/07", START, END))
		self.assertEqual((card.responses_count, card.complaints_count, card.source), (3, 2, "Scheduler"))
		no_surveys = frappe.get_doc("Agency Scorecard", f"{self.c}-1404-07")
		self.assertEqual((no_surveys.no_surveys, no_surveys.penalty_points), (1, 5))

		# later: a survey corrected, a complaint upheld after all (a manager's decision on the form)
		frappe.db.set_value("Survey Response", self.surveys[60], "satisfaction_percent", 100)
		late = frappe.get_doc("Complaint", self.not_upheld)
		late.decision = "Upheld"
		late.save()
		self.assertEqual(frappe.db.get_value("Complaint", self.not_upheld, "penalty_points"), 5)

		live = agency_score.score_for(self.a, START, END)
		self.assertEqual((live["satisfaction"], live["penalty_points"], live["score"]), (93.33, 20, 53.33))
		card.reload()
		self.assertEqual((card.score, card.satisfaction, card.penalty_points), (50, 80, 15))

		# the daily job runs again all month long: it writes nothing new and rewrites nothing
		self.assertEqual(scorecards.snapshot_previous_month(on=END + datetime.timedelta(days=9)), [])
		card.reload()
		self.assertEqual(card.score, 50)

		# a manager's recompute: refused for a snapshotted month, unless forced with a reason
		frappe.set_user(MANAGER)
		with self.assertRaisesRegex(ScorecardError, "snapshotted"):
			scorecards.recompute(YEAR, MONTH, self.a)
		with self.assertRaisesRegex(ScorecardError, "Reason"):
			scorecards.recompute(YEAR, MONTH, self.a, force=True, reason="fix")
		card.reload()
		self.assertEqual(card.score, 50)
		result = scorecards.recompute(
			YEAR, MONTH, self.a, force=True, reason="Complaint upheld on appeal after the snapshot"
		)
		self.assertEqual((result["written"], result["replaced"]), ([name], [name]))
		card.reload()
		self.assertEqual((card.score, card.satisfaction, card.penalty_points), (53.33, 93.33, 20))
		self.assertEqual((card.source, card.computed_by), ("Manager", MANAGER))
		self.assertEqual(card.recompute_reason, "Complaint upheld on appeal after the snapshot")
		# the form's history keeps the figures the snapshot had
		version = frappe.get_all(
			"Version",
			{"ref_doctype": "Agency Scorecard", "docname": name},
			pluck="data",
			order_by="creation desc",
		)
		changed = {field: (old, new) for field, old, new in json.loads(version[0])["changed"]}
		self.assertEqual(tuple(float(value) for value in changed["score"]), (50, 53.33))
		self.assertEqual(tuple(float(value) for value in changed["penalty_points"]), (15, 20))
		# B's scorecard was not touched by a recompute of A
		self.assertEqual(frappe.db.get_value("Agency Scorecard", f"{self.b}-1404-07", "source"), "Scheduler")

	def test_a_month_not_over_and_bad_months_are_refused(self):
		frappe.set_user(MANAGER)
		year, month = scorecards.jalali_month(now_datetime())
		with self.assertRaisesRegex(ScorecardError, "has not ended"):
			scorecards.recompute(year, month)
		with self.assertRaisesRegex(ScorecardError, "month from 1 to 12"):
			scorecards.recompute(1404, 13)
		with self.assertRaises(ScorecardError):
			scorecards.recompute(1404, 6, agency="ZT-NO-SUCH-AGENCY")


class TestScoresOverHttp(FrappeTestCase):
	"""The recompute endpoint, the report and the agency's Scores page through Frappe's real WSGI
	application. The rows are committed (the requests run in their own transaction) and removed
	afterwards."""

	AGENCY_USERS = {"ZT-SCP-A": "zt.score.page.a@example.com", "ZT-SCP-B": "zt.score.page.b@example.com"}

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(MANAGER, roles=("After Sales Manager",))
		make_user(OPERATOR, roles=("Reception Operator",))
		cls.a = make_agency("ZT-SCP-A", "نمایندگی صفحه امتیاز الف", users=(cls.AGENCY_USERS["ZT-SCP-A"],))
		cls.b = make_agency("ZT-SCP-B", "نمایندگی صفحه امتیاز ب", users=(cls.AGENCY_USERS["ZT-SCP-B"],))
		cls.remove_rows()
		now = add_to_date(now_datetime(), minutes=-5)
		for percent in (100, 70):
			survey(cls.a, percent, now, item_group="ZT Heaters")
		survey(cls.b, 40, now, item_group="ZT Coolers")
		cls.ours = cls.closed_complaint(cls.a, 4, now)
		cls.theirs = cls.closed_complaint(cls.b, 9, now)
		# a scorecard of A's for an old month (a month with nothing in it: no surveys)
		scorecards.snapshot(1403, 1, cls.a)
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction

	@classmethod
	def tearDownClass(cls):
		cls.remove_rows()
		frappe.db.commit()  # nosemgrep: leave the site as it was
		super().tearDownClass()

	@classmethod
	def remove_rows(cls):
		agencies = [cls.a, cls.b]
		frappe.db.delete("Survey Response", {"service_agency": ("in", agencies)})
		frappe.db.delete("Complaint", {"service_agency": ("in", agencies)})
		frappe.db.delete("Agency Scorecard", {"agency": ("in", agencies)})

	@classmethod
	def closed_complaint(cls, agency, points, closed_on) -> str:
		"""An upheld, closed complaint row (its way through the stages is test_complaint's)."""
		name = f"ZT-SCP-{frappe.generate_hash(length=8)}"
		frappe.get_doc(
			{
				"doctype": "Complaint",
				"name": name,
				"naming_series": "CMP-.#####",
				"customer_name": "مشتری صفحه امتیاز",
				"description": "-",
				"subject": f"subject of {name}",
				"service_agency": agency,
				"iso_stage": "Closed",
				"decision": "Upheld",
				"upheld": 1,
				"penalty_points": points,
				"received_on": closed_on,
				"closed_on": closed_on,
			}
		).db_insert()
		return name

	def tearDown(self):
		frappe.set_user("Administrator")

	def page(self, path, user):
		request = _Call("GET", path, {"Authorization": api_credentials(user), "Accept": "text/html"})
		request.start()
		request.join()
		return request.response.status_code, request.response.get_data(as_text=True)

	def test_the_scores_page_shows_the_agencys_own_figures_only(self):
		w = agency_score.weight()
		status, html = self.page("/agency/scores", self.AGENCY_USERS["ZT-SCP-A"])
		self.assertEqual(status, 200, html[:500])
		self.assertIn('href="/agency/scores"', html)  # in the navigation
		self.assertIn('id="za-current"', html)
		self.assertIn('id="za-previous"', html)
		self.assertIn(self.ours, html)
		self.assertNotIn(self.theirs, html)
		self.assertNotIn("نمایندگی صفحه امتیاز ب", html)
		self.assertNotIn("ZT Coolers", html)  # B's surveys' product group
		self.assertIn("ZT Heaters", html)
		# S = 85, N = 0, P = 4: 85 - w x 4 / 1
		expected = max(0, min(100, round(85 - w * 4, 2)))
		shown = re.search(r'id="za-current"[^>]*data-score="([^"]*)"', html).group(1)
		self.assertEqual(float(shown), expected)
		self.assertIn("score = S − w × P ÷ max(N, 1)", html)
		self.assertIn(f'data-scorecard="{self.a}-1403-01"', html)

		status, html = self.page("/agency/scores", self.AGENCY_USERS["ZT-SCP-B"])
		self.assertEqual(status, 200)
		self.assertIn(self.theirs, html)
		self.assertNotIn(self.ours, html)
		self.assertNotIn(f"{self.a}-1403-01", html)
		self.assertNotIn("نمایندگی صفحه امتیاز الف", html)

	def test_guests_log_in_and_head_office_uses_the_desk(self):
		response = call_guest("GET", "/agency/scores")
		self.assertIn(response.status_code, (301, 302, 303))
		self.assertIn("/login", response.headers["Location"])
		status, _html = self.page("/agency/scores", MANAGER)
		self.assertEqual(status, 403)

	def test_the_report_is_for_head_office_and_recompute_for_managers(self):
		period = {
			"from_date": frappe.utils.add_days(frappe.utils.today(), -1),
			"to_date": frappe.utils.today(),
		}
		query = urlencode({"report_name": "Agency Ranking", "filters": json.dumps(period)})
		path = f"/api/method/frappe.desk.query_report.run?{query}"
		response = call("GET", path, OPERATOR)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		rows = response.json["message"]["result"]
		self.assertIn(self.a, [row.get("agency") for row in rows if isinstance(row, dict)])
		response = call("GET", path, self.AGENCY_USERS["ZT-SCP-A"])
		self.assertEqual(response.status_code, 403)
		# Excel, as the report's Export button asks for it
		response = call(
			"POST",
			"/api/method/frappe.desk.query_report.export_query",
			OPERATOR,
			data={
				"report_name": "Agency Ranking",
				"file_format_type": "Excel",
				"filters": json.dumps(period),
				"visible_idx": "[]",
			},
		)
		self.assertEqual(response.status_code, 200)
		sheet = load_workbook(io.BytesIO(response.get_data())).active
		table = [[cell.value for cell in row] for row in sheet.iter_rows()]
		self.assertEqual(table[0][:2], ["Rank", "Service Agency"])
		ours = next(row for row in table if self.a in row)
		self.assertEqual(ours[table[0].index("Penalty Points (P)")], 4)

		method = "/api/method/zhira_after_sales.api.agency_score.recompute"
		data = {"year": 1403, "month": 2, "agency": self.a}
		response = call("POST", method, OPERATOR, data=data)
		self.assertEqual(response.status_code, 403)
		self.assertFalse(frappe.db.exists("Agency Scorecard", f"{self.a}-1403-02"))
		response = call("POST", method, MANAGER, data=data)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		self.assertEqual(response.json["message"]["written"], [f"{self.a}-1403-02"])
		response = call("POST", method, MANAGER, data=data)
		self.assertEqual(response.status_code, 417)
		self.assertIn("snapshotted", response.get_data(as_text=True))
		self.assertRaises(HeadOfficeOnlyError, self.recompute_as, OPERATOR)

	def recompute_as(self, user):
		from zhira_after_sales.api.agency_score import recompute

		frappe.set_user(user)
		recompute(1403, 3, self.a)
