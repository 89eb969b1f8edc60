"""benchmarks.periodic runs on any site and leaves it as it found it (issue 20 §3): run twice at a
tiny size on a site where the test suite has made records of the same kinds, with a plan of the
site's own due today, every table has the rows it had, the settings are as they were, and the
site's plan was not touched by the benchmark's production runs of the daily job."""

import contextlib
import io
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime, nowdate

from zhira_after_sales.benchmarks import footprint, periodic
from zhira_after_sales.service_desk import periodic_rules as rules
from zhira_after_sales.service_desk.periodic import settings as settings_of_the_job
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE

PLAN, VISIT = "Periodic Service Plan", "Periodic Service Visit"

SITE_PLAN = "TPR-SITE-PLAN"  # not the benchmark's PSB-: a plan the site had before


def site_plan_due_today():
	"""A plan of the site's own with a visit to remind today (rows written directly, as a record the
	site had; the daily job would select it)."""
	remove_site_plan()
	now, user = now_datetime(), "Administrator"
	due = add_days(nowdate(), settings_of_the_job().remind_days)
	frappe.db.bulk_insert(
		PLAN,
		["name", "creation", "modified", "modified_by", "owner", "docstatus", "status", "next_due_date",
			"mobile_no"],
		[(SITE_PLAN, now, now, user, user, 0, "Active", due, "+989121110000")],
	)  # fmt: skip
	frappe.db.bulk_insert(
		VISIT,
		["name", "creation", "modified", "modified_by", "owner", "docstatus", "idx", "parent", "parentfield",
			"parenttype", "task", "due_date", "status"],
		[(f"{SITE_PLAN}-1", now, now, user, user, 0, 1, SITE_PLAN, "visits", PLAN, "Inspection", due,
			rules.PLANNED)],
	)  # fmt: skip
	frappe.db.commit()  # nosemgrep: the benchmark commits; the site's plan is there before it


def remove_site_plan():
	frappe.db.delete(VISIT, {"parent": SITE_PLAN})
	frappe.db.delete(PLAN, {"name": SITE_PLAN})
	frappe.db.commit()  # nosemgrep


def site_plan_state():
	return (
		frappe.db.get_value(PLAN, SITE_PLAN, ["status", "modified"]),
		frappe.get_all(VISIT, {"parent": SITE_PLAN}, ["status", "reminded_on", "modified"]),
	)


def settings():
	return (
		frappe.db.sql(
			"select field, value from tabSingles where doctype = 'After Sales Settings' order by field"
		),
		frappe.get_all("SMS Gateway", fields=["name", "enabled", "is_default", "modified"], order_by="name"),
	)


class TestPeriodicRuns(FrappeTestCase):
	def test_the_periodic_benchmark_runs_twice_and_leaves_the_site_as_it_was(self):
		frappe.set_user("Administrator")
		site_plan_due_today()
		try:
			frappe.db.rollback()
			before, found, plan = footprint.row_counts(), settings(), site_plan_state()
			for _run in range(2):
				printed = io.StringIO()
				with contextlib.redirect_stdout(printed):
					periodic.run(plans=300, repeats=2, rounds=1)
				output = printed.getvalue()
				for section in (
					"## The selection",
					"| due_plans (the daily job's selection) |",
					"| ERPNext: pending Maintenance Schedule Detail rows due by the same day |",
					"## The daily job",
					"### with the selection as it landed (850978d)",
					"### with due_plans",
					"production run: run_daily(today)",
					"second run, same day: run_daily(today)",
					"## One plan against one Maintenance Schedule",
					"| make_plan(device)",
					"| ERPNext Maintenance Schedule, 1 item, 6 visits",
				):
					self.assertIn(section, output)
				self.assertIn("300 plans (", output)
				production = next(line for line in output.splitlines() if line.startswith("production run"))
				self.assertIn("'failed': 0", production)
				self.assertNotIn("'remind': 0, 'open': 0", production)  # it made records to remove
				frappe.db.rollback()
				self.assertEqual(footprint.changed_counts(before, footprint.row_counts()), {})
				self.assertEqual(settings(), found)
				self.assertEqual(site_plan_state(), plan)
			self.assertFalse(frappe.db.exists(PLAN, {"name": ("like", f"{periodic.MARK}%")}))
		finally:
			remove_site_plan()

	def test_a_run_that_fails_midway_leaves_the_site_as_it_was(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		before, found = footprint.row_counts(), settings()
		production = periodic.production

		def production_then_failure(today):
			with contextlib.redirect_stdout(io.StringIO()):
				production(today)  # receptions, SMS... committed
			raise RuntimeError("failed after the production runs")

		with self.assertRaisesRegex(RuntimeError, "failed after the production runs"):
			with patch.object(periodic, "production", production_then_failure):
				with contextlib.redirect_stdout(io.StringIO()):
					periodic.run(plans=300, repeats=2, rounds=1)
		frappe.db.rollback()
		self.assertEqual(footprint.changed_counts(before, footprint.row_counts()), {})
		self.assertEqual(settings(), found)

	def test_a_site_without_a_company_gets_told_what_to_do(self):
		with self.assertRaisesRegex(frappe.ValidationError, "setup.install.before_tests"):
			with patch.object(periodic, "company", lambda: None):
				periodic.run(plans=10)
		self.assertFalse(frappe.db.exists(PLAN, {"name": ("like", f"{periodic.MARK}%")}))
