"""A worker killed, or its database connection lost, in the middle of a job (issue 21 §4).

A Warranty Card Batch of 20,000 serials runs as its background job would, in a separate OS process
(`bench execute`); the test kills it with SIGKILL once the first chunk is committed, then checks
what a user would see: only whole cards, the batch showing how far it got, and "Issue Cards" run
again finishing the rest with no duplicate card. The data is committed (the job runs in another
process), so the test removes what it made.
"""

import os
import signal
import subprocess
import time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_bench_path

from zhira_after_sales.tests.factories import TEST_IGNORE, make_item, make_item_group, make_warranty_plan
from zhira_after_sales.warranty import batch as engine

test_ignore = TEST_IGNORE

TOTAL = 20_000
ITEM = "ZT-WF-KILLED"
PLAN = "ZT WF Killed Batch"


def committed_count(batch_name: str) -> int:
	frappe.db.rollback()  # a fresh snapshot: see what the other process committed
	return frappe.db.count("Warranty Card", {"batch": batch_name})


class BatchFaultCase(FrappeTestCase):
	def setUp(self):
		make_item(ITEM, make_item_group("ZT Worker Faults"), is_stock_item=0)
		make_warranty_plan(PLAN, item=ITEM, duration_months=12)
		self.batch = frappe.get_doc(
			{
				"doctype": "Warranty Card Batch",
				"item": ITEM,
				"plan": PLAN,
				"source": "Range",
				"prefix": "ZTWF-",
				"digits": 6,
				"range_from": 1,
				"range_to": TOTAL,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		self.addCleanup(self.remove_everything)

	def remove_everything(self):
		frappe.db.rollback()
		frappe.db.after_commit.reset()
		cards = frappe.get_all("Warranty Card", {"item": ITEM}, pluck="name")
		for start in range(0, len(cards), 5000):
			part = cards[start : start + 5000]
			frappe.db.delete("Warranty Card Event", {"parent": ("in", part), "parenttype": "Warranty Card"})
			frappe.db.delete("Warranty Card", {"name": ("in", part)})
		frappe.db.delete("Warranty Card Batch Error", {"parent": self.batch.name})
		frappe.db.delete("Error Log", {"method": f"Warranty Card Batch {self.batch.name} failed"})
		frappe.db.delete("Warranty Card Batch", {"name": self.batch.name})
		frappe.db.delete("Warranty Plan", {"name": PLAN})
		frappe.db.delete("Item", {"name": ITEM})
		frappe.db.commit()

	def start_job(self) -> subprocess.Popen:
		"""The job a worker runs for "Issue Cards", in its own process."""
		self.batch.db_set("status", "Queued")
		frappe.db.commit()
		return subprocess.Popen(
			["bench", "--site", frappe.local.site, "execute", "zhira_after_sales.warranty.batch.run_batch",
			 "--kwargs", repr({"batch_name": self.batch.name})],
			cwd=get_bench_path(),
			stdout=subprocess.DEVNULL,
			stderr=subprocess.PIPE,
			start_new_session=True,
		)  # fmt: skip

	def after_first_chunk(self, job: subprocess.Popen, fault) -> int:
		"""Waits for the job's first committed chunk, then `fault(job)`; the cards committed by
		the time the job has ended."""
		deadline = time.monotonic() + 180
		while time.monotonic() < deadline:
			if job.poll() is not None:
				self.fail(f"the job ended (exit {job.returncode}) before the fault: {job.stderr.read()}")
			if committed_count(self.batch.name) >= engine.CHUNK:
				fault(job)
				try:
					job.wait(timeout=120)
				except subprocess.TimeoutExpired:
					os.killpg(job.pid, signal.SIGKILL)
					self.fail("the job did not end within 2 minutes of the fault")
				self.job_errors = job.stderr.read().decode(errors="replace")
				job.stderr.close()
				return committed_count(self.batch.name)
			time.sleep(0.05)
		os.killpg(job.pid, signal.SIGKILL)
		self.fail("the job issued no chunk within 3 minutes")

	def kill_after_first_chunk(self, job: subprocess.Popen) -> int:
		return self.after_first_chunk(job, lambda job: os.killpg(job.pid, signal.SIGKILL))

	def issue_cards_again_finishes_it(self):
		"""What the user does next: "Issue Cards" again; the job (run here) issues the rest."""
		self.assertEqual(self.batch.issue_cards(), "queued")
		frappe.db.after_commit.reset()  # the job is run here instead of by a worker
		frappe.db.commit()
		engine.run_batch(self.batch.name, commit=True)

		self.batch.reload()
		self.assertEqual(self.batch.status, "Completed", self.batch.failure)
		self.assertEqual(self.batch.cards_created, TOTAL)
		self.assertEqual(self.batch.rows_failed, 0)
		self.assertEqual(self.batch.errors, [])
		self.assert_whole_cards(TOTAL)

	def assert_whole_cards(self, expected: int):
		cards = frappe.get_all(
			"Warranty Card",
			{"batch": self.batch.name},
			[
				"name",
				"status",
				"item",
				"serial_no",
				"plan",
				"issued_on",
				"open_serial_key",
				"duration_months",
			],
		)
		self.assertEqual(len(cards), expected)
		incomplete = [
			c.name
			for c in cards
			if c.status != "Issued"
			or c.item != ITEM
			or not c.serial_no.startswith("ZTWF-")
			or c.plan != PLAN
			or not c.issued_on
			or not c.open_serial_key
			or c.duration_months != 12
		]
		self.assertEqual(incomplete, [])
		self.assertEqual(len({c.serial_no for c in cards}), expected, "a serial has two cards")
		events = frappe.db.sql(
			"""select e.parent, count(*) from `tabWarranty Card Event` e
			where e.reference_doctype = 'Warranty Card Batch' and e.reference_name = %s
			group by e.parent""",
			self.batch.name,
		)
		self.assertEqual(len(events), expected, "every card has its Issued event, and no event is orphaned")
		self.assertEqual({n for _, n in events}, {1} if expected else set())
		orphans = frappe.db.sql(
			"""select count(*) from `tabWarranty Card Event` e left join `tabWarranty Card` c
			on c.name = e.parent where e.reference_name = %s and c.name is null""",
			self.batch.name,
		)[0][0]
		self.assertEqual(orphans, 0)


class TestWorkerKilledDuringBatch(BatchFaultCase):
	def test_killed_batch_keeps_whole_chunks_and_issue_cards_finishes_it(self):
		clock = time.monotonic()
		done = self.kill_after_first_chunk(self.start_job())

		self.assertGreaterEqual(done, engine.CHUNK)
		self.assertLess(done, TOTAL, "the job finished before it was killed: make the batch bigger")
		self.assertEqual(done % engine.CHUNK, 0, "only whole chunks are committed")
		self.assert_whole_cards(done)
		self.batch.reload()
		self.assertEqual(self.batch.status, "Running")
		self.assertEqual(self.batch.cards_created, done, "the batch shows how far it got")
		self.assertEqual(self.batch.total_rows, TOTAL)

		# what the user does next: "Issue Cards" again (no job is left to finish it)
		self.assertTrue(self.batch.was_interrupted())
		self.issue_cards_again_finishes_it()
		print(f"\nkilled at {done} of {TOTAL} cards; whole test {time.monotonic() - clock:.1f}s")


class TestDatabaseLostDuringBatch(BatchFaultCase):
	"""MariaDB restarted under a running job: every connection it had is closed by the server. The
	test closes the job's connections as a restart does (KILL CONNECTION), not the server itself,
	which the test and every other process of the bench share."""

	def kill_job_connections(self, job):
		ours = frappe.db.sql("select connection_id()")[0][0]
		theirs = frappe.db.sql(
			"""select id from information_schema.processlist
			where user = %s and db = %s and id != %s""",
			(frappe.conf.db_user or frappe.conf.db_name, frappe.conf.db_name, ours),
			pluck=True,
		)
		self.assertTrue(theirs, "the job's connection was not found")
		for connection in theirs:
			frappe.db.sql(f"kill connection {int(connection)}")

	def test_a_job_that_loses_the_database_says_so_and_issue_cards_finishes_it(self):
		errors_before = frappe.db.count(
			"Error Log", {"method": f"Warranty Card Batch {self.batch.name} failed"}
		)
		done = self.after_first_chunk(self.start_job(), self.kill_job_connections)

		self.assertGreaterEqual(done, engine.CHUNK)
		self.assertLess(done, TOTAL, "the job finished before its connection was closed")
		self.assertEqual(done % engine.CHUNK, 0, "only whole chunks are committed")
		self.assert_whole_cards(done)
		# the job opened a new connection to record where it stopped and why: the user sees it
		self.batch.reload()
		self.assertEqual(self.batch.status, "Failed", self.job_errors[-2000:])
		self.assertIn("connection to the database was lost", self.batch.failure)
		self.assertEqual(self.batch.cards_created, done, "the batch shows how far it got")
		self.assertEqual(
			frappe.db.count("Error Log", {"method": f"Warranty Card Batch {self.batch.name} failed"}),
			errors_before + 1,
		)
		self.issue_cards_again_finishes_it()
