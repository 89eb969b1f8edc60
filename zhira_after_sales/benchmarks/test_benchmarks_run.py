"""Benchmarks run on any site, at a tiny size, and leave it as they found it (issue 20 §3): run
twice on a site where the test suite has made records of the same kinds (the SMS benchmark once
stopped on its second run with a duplicate agency name), the site's records are the same after."""

import contextlib
import io
import re

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.benchmarks import agency_cartable, agency_score, reception_search, sms
from zhira_after_sales.benchmarks.footprint import DOCTYPES, changed_counts, row_counts
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


class TestReceptionFamilyRuns(FrappeTestCase):
	"""reception_search, agency_cartable and agency_score generate receptions of their own (and
	ToDos, agencies, Happy Calls, complaints, a user to measure as): after each run every table has
	the rows it had, and a second run starts from nothing again."""

	def run_twice(self, run, expected_rows: tuple[str, ...]):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		before = row_counts()
		for _run in range(2):
			printed = io.StringIO()
			with contextlib.redirect_stdout(printed):
				run()
			for row in expected_rows:
				self.assertIn(row, printed.getvalue())
			frappe.db.rollback()
			self.assertEqual(changed_counts(before, row_counts()), {})

	def test_reception_search(self):
		self.run_twice(
			lambda: reception_search.run(rows=300, repeats=2),
			("| by tracking code |", "| agency user's list view (get_list, 20 rows) |"),
		)

	def test_agency_cartable(self):
		self.run_twice(
			lambda: agency_cartable.run(rows=2000, repeats=2),
			("counts(), biggest", "ToDo list view: the same, 20 rows"),
		)

	def test_agency_score(self):
		self.run_twice(
			lambda: agency_score.run(rows=600, repeats=2),
			("| ranking, every agency, one month |", "| N, every agency |"),
		)

	def test_kept_rows_are_reused_and_removed_by_the_next_run_without_keep(self):
		frappe.db.rollback()
		before = row_counts()
		with contextlib.redirect_stdout(io.StringIO()):
			reception_search.run(rows=600, repeats=1, keep=True)
			self.assertEqual(reception_search.own_receptions(), 600)
			agency_score.run(rows=600, repeats=1)  # reuses the 600, then removes them
		frappe.db.rollback()
		self.assertEqual(reception_search.own_receptions(), 0)
		self.assertEqual(changed_counts(before, row_counts()), {})


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
			# the cartable's baseline: a ToDo for each referred reception of the data set
			made = int(re.search(r"generated ([\d,]+) ToDos", table).group(1).replace(",", ""))
			self.assertEqual(
				made,
				frappe.db.count(
					"Service Reception",
					{"name": ("like", f"{dataset.MARK}%"), "service_agency": ("is", "set")},
				),
				table,
			)
			sections = {row[0] for row in results}
			# each lookup prints its plan (which table, which index)
			for row in results:
				if row[0] == "lookup":
					self.assertRegex(row[5], r"tab(Service Reception|Customer)\S*:\S+ \(\d+ rows\)", row)
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
