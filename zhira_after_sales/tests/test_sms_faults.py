# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Sending SMS while the provider fails AND several workers send at once: the scheduler's sweep
(`send_due`) runs every minute and a message's own job (`send_message`) may run at the same time,
on other workers. The loopback fake provider answers 503, hangs past the gateway's timeout, or
accepts a message and drops the answer; it counts every message it accepts, repeats included.

What one worker does against each fault is covered in messaging/test_outbox_recovery.py and
test_sms_message.py; here the workers run in parallel threads, each with its own connection to
the site (as RQ workers do), released together by a barrier. Nothing is lost (every message ends
Sent) and nothing is sent twice (the provider holds each message's reference exactly once)."""

import traceback
from collections import Counter
from threading import Barrier, Thread

import frappe
from frappe.utils import add_to_date, now_datetime

from zhira_after_sales.messaging import outbox
from zhira_after_sales.messaging.outbox import queue_sms, send_due
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE

JOB_TIMEOUT = 60  # seconds a worker may take before the test calls it hung (a deadlock)


def later(minutes: float):
	return add_to_date(now_datetime(), minutes=minutes)


def workers_at_once(*jobs) -> list:
	"""Run each job (a callable) in its own thread with its own connection to this site, all
	released together, as Administrator, as background jobs run; what a job leaves uncommitted
	is committed after it, as RQ's job wrapper does. Returns the jobs' results; a job's error
	fails the test with its traceback."""
	frappe.db.commit()  # nosemgrep: the workers must see the queued messages
	site, sites_path = frappe.local.site, frappe.local.sites_path
	barrier = Barrier(len(jobs))
	results, errors = [None] * len(jobs), [None] * len(jobs)

	def work(index, job):
		frappe.init(site, sites_path=sites_path)
		try:
			frappe.connect()
			frappe.set_user("Administrator")
			barrier.wait(JOB_TIMEOUT)
			results[index] = job()
			frappe.db.commit()  # nosemgrep: a background job
		except BaseException:
			errors[index] = traceback.format_exc()
			frappe.db.rollback()
		finally:
			frappe.destroy()

	threads = [Thread(target=work, args=(i, job), daemon=True) for i, job in enumerate(jobs)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(JOB_TIMEOUT)
	if any(thread.is_alive() for thread in threads):
		raise AssertionError(f"a worker still runs after {JOB_TIMEOUT}s (deadlocked?)")
	failed = [error for error in errors if error]
	if failed:
		raise AssertionError("a worker failed:\n" + "\n".join(failed))
	frappe.db.rollback()  # a fresh snapshot: see what the workers committed
	return results


class TestParallelSendingThroughFaults(SMSTestCase):
	def messages(self, names) -> list:
		return frappe.get_all(
			"SMS Message",
			{"name": ("in", names)},
			["name", "status", "client_reference", "provider_message_id", "attempts", "error"],
		)

	def assert_each_sent_once(self, names):
		rows = self.messages(names)
		self.assertEqual(
			Counter(row.status for row in rows), Counter({"Sent": len(names)}), [dict(r) for r in rows]
		)
		sent = [row["client_ref"] for row in self.server.sent_by("Kavenegar")]
		# every message reached the provider exactly once, under its own reference
		self.assertEqual(Counter(sent), Counter({row.client_reference: 1 for row in rows}))
		self.assertEqual(len({row.provider_message_id for row in rows}), len(names))

	def drain(self, minutes: float) -> Counter:
		"""The sweep `minutes` from now, on two workers at once."""
		counts: Counter = Counter()
		for result in workers_at_once(
			lambda: send_due(self.gateway, now=later(minutes)),
			lambda: send_due(self.gateway, now=later(minutes)),
		):
			counts.update(result)
		return counts

	def test_two_sweeps_and_the_messages_own_jobs_at_once_through_503_timeouts_and_lost_answers(self):
		names = [queue_sms(f"0912700200{i}", f"پیام هم‌زمان {i}") for i in range(6)]
		# the provider's next answers, to whichever request comes first
		self.server.fail_next("unavailable")
		self.server.fail_next("timeout")
		self.server.fail_next("accepted_then_dropped")
		self.server.fail_next("unavailable")
		results = workers_at_once(
			lambda: send_due(self.gateway),
			lambda: send_due(self.gateway),
			lambda: outbox.send_message(names[0]),
			lambda: outbox.send_message(names[-1]),
		)
		first = Counter(results[0]) + Counter(results[1])
		first.update(results[2:])
		# each message was claimed by one worker; the others skipped it
		self.assertEqual(first["sent"] + first["retry"], len(names), first)

		# later sweeps, still two at a time, until nothing is due: the provider is asked about the
		# messages whose answer was lost, the rest are sent again
		for minutes in (3, 10, 30, 120):
			self.drain(minutes)
		self.assertEqual(self.drain(600), Counter())
		self.assertFalse(self.server.failures)  # every fault was met
		self.assert_each_sent_once(names)

	def test_two_sweeps_reconciling_the_same_lost_answers_resend_each_once(self):
		names = [queue_sms(f"0912700300{i}", f"پاسخ گم‌شده {i}") for i in range(4)]
		# two were accepted and their answers lost, two never got there
		for kind in ("accepted_then_dropped", "timeout", "accepted_then_dropped", "timeout"):
			self.server.fail_next(kind)
		for name in names:
			self.assertEqual(outbox.send_message(name), "retry")
		frappe.db.rollback()
		self.assertEqual({row.status for row in self.messages(names)}, {"Sending"})
		self.assertEqual(len(self.server.sent), 2)

		# both sweeps find the same four messages left Sending and ask the provider at once
		counts = self.drain(5)
		self.assertEqual((counts["found"], counts["resend"], counts["sent"]), (2, 2, 2), counts)
		self.assertEqual(self.drain(600), Counter())
		self.assert_each_sent_once(names)
