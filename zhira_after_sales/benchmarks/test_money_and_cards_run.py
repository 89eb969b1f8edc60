"""The agency money and warranty card benchmarks run on any site, at a tiny size, and leave it as
they found it (issue 20 §3): run twice on a site where the test suite (or the demo data) made
records of the same kinds, every table of the site has the rows it had before, also when a run
fails midway. agency_money rolls its one transaction back (a commit on its path stops it);
warranty_cards commits, like the batch it measures, and deletes what it made."""

import contextlib
import io
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.benchmarks import agency_money, footprint, warranty_cards
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE


def row_counts() -> dict[str, int]:
	"""Every table's rows as committed (what a run left)."""
	frappe.db.rollback()
	return footprint.row_counts()


def printed(run, **kwargs) -> str:
	out = io.StringIO()
	with contextlib.redirect_stdout(out):
		run(**kwargs)
	return out.getvalue()


class TestAgencyMoneyRuns(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_it_runs_twice_and_leaves_every_table_as_it_was(self):
		before = row_counts()
		for _run in range(2):
			table = printed(agency_money.run, invoices=2, statement_months=12, payments=2)
			for row in (
				"| approve() Warranty Repair (PI + SE + checks) | 1 |",
				"| plain PI + SE inserted and submitted | 1 |",
				"| approve() Paid Repair (SI + checks) | 1 |",
				"| plain SI inserted and submitted | 1 |",
				"| warranty approve(): post_wages (Purchase Invoice) | 1 |",
				"| paid approve(): post_paid_parts (Sales Invoice) | 1 |",
				"2 extra Payment Entries",
				"| get_statement |",
				"| General Ledger (Customer, by voucher) |",
				"closings agree",
			):
				self.assertIn(row, table)
			self.assertRegex(table, r"peak tracemalloc approve warranty: [\d,]+ KiB")
			self.assertEqual(footprint.changed_counts(before, row_counts()), {})
		self.assertNotIn("commit", vars(frappe.local.db))

	def test_a_run_that_fails_midway_leaves_nothing(self):
		before = row_counts()
		with patch.object(agency_money, "measure_statement", side_effect=RuntimeError("midway")):
			with self.assertRaisesRegex(RuntimeError, "midway"):
				printed(agency_money.run, invoices=2, payments=1)
		self.assertEqual(footprint.changed_counts(before, row_counts()), {})

	def test_a_commit_on_the_measured_path_stops_the_run_and_keeps_nothing(self):
		before = row_counts()
		with patch.object(agency_money, "plain_all", side_effect=lambda *args, **kwargs: frappe.db.commit()):
			with self.assertRaises(agency_money.BenchmarkCommitError):
				printed(agency_money.run, invoices=2)
		self.assertEqual(footprint.changed_counts(before, row_counts()), {})
		self.assertNotIn("commit", vars(frappe.local.db))


class TestWarrantyCardsRuns(FrappeTestCase):
	def test_it_runs_twice_and_leaves_every_table_as_it_was(self):
		before = row_counts()
		for _run in range(2):
			table = printed(warranty_cards.run, count=5)
			self.assertRegex(
				table, r"(?m)^\| 5 \| [\d.]+ s \| [\d.,]+ \| 5 \| [\d.]+ s \| [\d.,]+ \| [\d.]+x \|$"
			)
			self.assertEqual(footprint.changed_counts(before, row_counts()), {})

	def test_a_run_that_fails_midway_leaves_nothing(self):
		before = row_counts()
		with patch.object(warranty_cards, "measure_insert", side_effect=RuntimeError("midway")):
			with self.assertRaisesRegex(RuntimeError, "midway"):
				printed(warranty_cards.run, count=5)
		self.assertEqual(footprint.changed_counts(before, row_counts()), {})
