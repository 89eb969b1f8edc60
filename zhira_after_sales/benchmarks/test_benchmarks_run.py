"""Benchmarks run on any site, at a tiny size, and leave it as they found it (issue 20 §3): run
twice on a site where the test suite has made records of the same kinds (the SMS benchmark once
stopped on its second run with a duplicate agency name), the site's records are the same after."""

import contextlib
import io
import re

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.benchmarks import sms
from zhira_after_sales.benchmarks.footprint import DOCTYPES
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


def counts() -> dict[str, int]:
	frappe.db.rollback()
	return {doctype: frappe.db.count(doctype) for doctype in (*DOCTYPES, "SMS Gateway")}


class TestBenchmarksRun(FrappeTestCase):
	def test_the_sms_benchmark_runs_twice_and_leaves_the_site_as_it_was(self):
		settings = frappe.db.get_value("After Sales Settings", None, ["sms_enabled", "sms_language"])
		before = counts()
		for _run in range(2):
			printed = io.StringIO()
			with contextlib.redirect_stdout(printed):
				sms.run(inbound=5, outbound=5, bulk=20)
			table = printed.getvalue()
			self.assertIn("| outbound queued, insert_bulk() | 20 |", table)
			self.assertIn("| inbound stored and processed | 5 |", table)
			self.assertEqual(counts(), before)
		self.assertEqual(
			frappe.db.get_value("After Sales Settings", None, ["sms_enabled", "sms_language"]), settings
		)


class TestNationalRuns(FrappeTestCase):
	"""benchmarks.national on a tiny national data set: every section prints its figures beside its
	baselines, and what it made to measure with (users, an Issue, ToDos) is gone afterwards."""

	def test_the_national_benchmark_measures_every_section_and_leaves_the_site_as_it_was(self):
		from zhira_after_sales.benchmarks import dataset, national

		frappe.set_user("Administrator")
		kinds = (*DOCTYPES, "Issue", "Service Agency User")
		dataset.generate("tiny", quiet=True)
		try:
			before = {doctype: frappe.db.count(doctype) for doctype in kinds}
			logins = frappe.get_all(
				"Service Technician", fields=["name", "user", "modified"], order_by="name"
			)
			agencies = frappe.get_all("Service Agency", fields=["name", "modified"], order_by="name")
			receptions = frappe.get_all(
				"Service Reception", fields=["name", "status", "accepted_on", "closed_on", "technician"]
			)
			printed = io.StringIO()
			with contextlib.redirect_stdout(printed):
				results = national.run(repeats=2, open_referrals=12)
			table = printed.getvalue()
			sections = {row[0] for row in results}
			self.assertEqual(sections, {"form", "lookup", "first screen", "register", "score", "cartable"})
			for baseline in ("ERPNext Issue (getdoc", "ERPNext Customer by mobile", "Frappe's /me",
				"Frappe's report view", "Frappe's group-by count", "ToDo list view"):  # fmt: skip
				self.assertIn(baseline, table)
			self.assertIn("technician app: me + jobs", table)
			# the measured agency had at least the 12 open referrals asked for, and has its own back
			badges = next(row[1] for row in results if row[1].startswith("counts(), biggest"))
			opened = [int(n) for n in re.findall(r"(?:new|accepted|in_progress) (\d+)", badges)]
			self.assertGreaterEqual(sum(opened), 12, badges)
			self.assertCountEqual(
				frappe.get_all(
					"Service Reception", fields=["name", "status", "accepted_on", "closed_on", "technician"]
				),
				receptions,
			)
			frappe.db.rollback()
			self.assertEqual({doctype: frappe.db.count(doctype) for doctype in kinds}, before)
			self.assertEqual(
				frappe.get_all("Service Technician", fields=["name", "user", "modified"], order_by="name"),
				logins,
			)
			self.assertEqual(
				frappe.get_all("Service Agency", fields=["name", "modified"], order_by="name"), agencies
			)
			self.assertFalse(frappe.db.exists("User", national.AGENCY_USER))
		finally:
			dataset.remove()
