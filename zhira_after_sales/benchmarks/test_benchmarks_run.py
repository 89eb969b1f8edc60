"""Benchmarks run on any site, at a tiny size, and leave it as they found it (issue 20 §3): run
twice on a site where the test suite has made records of the same kinds (the SMS benchmark once
stopped on its second run with a duplicate agency name), the site's records are the same after."""

import contextlib
import io

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
