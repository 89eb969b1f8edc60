# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Dashboard Charts in Jalali periods for Persian users, through the desk's own request."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.overrides.jalali_charts import label, period_start, periods_between
from zhira_after_sales.tests.factories import TEST_IGNORE, make_user
from zhira_after_sales.tests.rest import get_json

test_ignore = TEST_IGNORE

PERSIAN = "jalali-chart-fa@zhira.example"
ENGLISH = "jalali-chart-en@zhira.example"
MARKER = "zhira-jalali-chart-test"
CHART = "ZT Jalali ToDo Chart"
ENDPOINT = "/api/method/frappe.desk.doctype.dashboard_chart.dashboard_chart.get"

# ToDo dates around the Jalali month ends of 1405:
#   2026-11-21 = 30 Aban, 2026-11-22 = 1 Azar, 2026-12-21 = 30 Azar, 2026-12-22 = 1 Dey
TODO_DATES = ("2026-11-21", "2026-11-22", "2026-12-21", "2026-12-22")


def set_language(email: str, language: str):
	user = frappe.get_doc("User", email)
	user.language = language
	user.zhira_calendar = ""
	user.flags.ignore_permissions = True
	user.save()


class TestJalaliCharts(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		for email, language in ((PERSIAN, "fa"), (ENGLISH, "en")):
			make_user(email, roles=("System Manager",))
			set_language(email, language)

	def setUp(self):
		frappe.db.delete("ToDo", {"description": ("like", f"%{MARKER}%")})
		frappe.db.delete("Dashboard Chart", {"name": CHART})
		for day in TODO_DATES:
			frappe.get_doc(
				{"doctype": "ToDo", "description": f"{MARKER} {day}", "date": day, "allocated_to": PERSIAN}
			).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "Dashboard Chart",
				"chart_name": CHART,
				"chart_type": "Count",
				"document_type": "ToDo",
				"based_on": "date",
				"timeseries": 1,
				"time_interval": "Monthly",
				"timespan": "Select Date Range",
				"from_date": "2026-10-23",  # 1 Aban 1405
				"to_date": "2027-01-20",  # 30 Dey 1405
				"type": "Bar",
				"is_public": 1,
				"filters_json": json.dumps([["ToDo", "description", "like", f"%{MARKER}%", False]]),
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the REST requests run in their own connections
		self.addCleanup(frappe.db.commit)
		self.addCleanup(frappe.db.delete, "Dashboard Chart", {"name": CHART})
		self.addCleanup(frappe.db.delete, "ToDo", {"description": ("like", f"%{MARKER}%")})

	def chart(self, user, **params):
		status, body = get_json(ENDPOINT, user, query_string={"chart_name": CHART, **params})
		self.assertEqual(status, 200, body)
		return body["message"]

	def test_a_persian_user_sees_jalali_months(self):
		data = self.chart(PERSIAN, refresh=1)
		# Aban holds 30 Aban; Azar holds 1 Azar and 30 Azar; Dey holds 1 Dey
		self.assertEqual(data["labels"], ["آبان 1405", "آذر 1405", "دی 1405"])
		self.assertEqual(data["datasets"][0]["values"], [1, 2, 1])

	def test_an_english_user_keeps_frappes_gregorian_months(self):
		data = self.chart(ENGLISH, refresh=1)
		values = dict(zip(data["labels"], data["datasets"][0]["values"], strict=True))
		# Frappe's own buckets: November holds the 21st and 22nd, December the 21st and 22nd
		self.assertEqual(values["Nov 2026"], 2)
		self.assertEqual(values["Dec 2026"], 2)

	def test_the_two_users_do_not_share_a_cached_chart(self):
		english = self.chart(ENGLISH)
		persian = self.chart(PERSIAN)
		self.assertIn("Nov 2026", english["labels"])
		self.assertEqual(persian["labels"], ["آبان 1405", "آذر 1405", "دی 1405"])
		self.assertIn("Nov 2026", self.chart(ENGLISH)["labels"])

	def test_quarters_and_years_are_jalali(self):
		data = self.chart(PERSIAN, refresh=1, time_interval="Quarterly")
		# Aban and Azar are in the third quarter (Mehr-Azar, autumn: a Jalali quarter is a season), Dey in
		# the fourth
		self.assertEqual(data["labels"], ["فصل 3 1405", "فصل 4 1405"])
		self.assertEqual(data["datasets"][0]["values"], [3, 1])
		data = self.chart(PERSIAN, refresh=1, time_interval="Yearly")
		self.assertEqual((data["labels"], data["datasets"][0]["values"]), (["1405"], [4]))

	def test_weeks_start_on_saturday(self):
		frappe.set_user(PERSIAN)
		self.addCleanup(frappe.set_user, "Administrator")
		from datetime import date

		# 2026-11-21 is a Saturday: it starts its own week; the Friday before is in the week before
		self.assertEqual(period_start(date(2026, 11, 21), "Weekly"), date(2026, 11, 21))
		self.assertEqual(period_start(date(2026, 11, 27), "Weekly"), date(2026, 11, 21))
		self.assertEqual(period_start(date(2026, 11, 20), "Weekly"), date(2026, 11, 14))
		weeks = periods_between(date(2026, 11, 21), date(2026, 12, 4), "Weekly")
		self.assertEqual([label(w, "Weekly") for w in weeks], ["1405/08/30", "1405/09/07"])
