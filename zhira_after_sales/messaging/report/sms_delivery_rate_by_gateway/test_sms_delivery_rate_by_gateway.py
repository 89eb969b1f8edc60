# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""SMS Delivery Rate by Gateway on crafted outbound messages of two gateways of their own, stored
in the states the outbox leaves them in, against counts made by hand: a message sent and then
reported undelivered counts as sent and failed; one refused before sending only as failed;
inbound messages not at all. Dates, Jalali months and events group them. Only head office reads it."""

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, getdate, now_datetime, today

from zhira_after_sales.messaging.report.sms_delivery_rate_by_gateway import sms_delivery_rate_by_gateway
from zhira_after_sales.tests.factories import TEST_IGNORE, make_user
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.report_query import month_label

test_ignore = TEST_IGNORE

REPORT = "SMS Delivery Rate by Gateway"
HEAD_OFFICE = "zt.rep.sms.operator@example.com"
OUTSIDER = "zt.rep.sms.outsider@example.com"
FIELDS = ("messages", "queued", "sent", "sent_tracked", "delivered", "awaiting_report", "failed", "unknown")
MOVED_BACK = 40  # days: another Jalali month


def report(filters: dict, user: str = HEAD_OFFICE) -> list[dict]:
	frappe.set_user(user)
	try:
		return run(REPORT, filters=filters, ignore_prepared_report=True)["result"]
	finally:
		frappe.set_user("Administrator")


def month_of(day) -> str:
	jd = jalali.to_jalali(getdate(day))
	return month_label(jd.year, jd.month)


def gateway(name: str, provider: str, track_delivery: int) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "SMS Gateway",
				"gateway_name": name,
				"provider": provider,
				"api_key": "test-key",
				"sender": "10004000",
				"enabled": 0,
				"track_delivery": track_delivery,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def store(gateway_name, status, count=1, sent=False, event=None, direction="Out", days_ago=0):
	"""`count` messages as the outbox leaves them: sent ones have their sent time."""
	at = add_to_date(now_datetime(), days=-days_ago, minutes=-5)
	user = frappe.session.user
	frappe.db.bulk_insert(
		"SMS Message",
		(
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"direction",
			"status",
			"to",
			"gateway",
			"event",
			"sent_on",
			"delivered_on",
			"body",
		),
		[
			(
				frappe.generate_hash(length=12),
				at,
				at,
				user,
				user,
				direction,
				status,
				"09120000000",
				gateway_name,
				event,
				at if sent else None,
				at if status == "Delivered" else None,
				"test",
			)
			for _ in range(count)
		],
	)


class TestSMSDeliveryRate(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		make_user(OUTSIDER)
		tag = frappe.generate_hash(length=6).upper()
		cls.g1 = gateway(f"ZT Rate Kavenegar {tag}", "Kavenegar", 1)
		cls.g2 = gateway(f"ZT Rate SMS.ir {tag}", "SMS.ir", 0)
		registered, changed = "Reception Registered", "Status Changed"
		# gateway 1, today: 4 delivered, 1 sent awaiting its report, 1 sent then reported not
		# delivered, 1 refused by the gateway, 1 queued, 1 being sent
		store(cls.g1, "Delivered", 4, sent=True, event=registered)
		store(cls.g1, "Sent", 1, sent=True, event=changed)
		store(cls.g1, "Failed", 1, sent=True, event=changed)
		store(cls.g1, "Failed", 1, event=changed)
		store(cls.g1, "Queued", 1, event=changed)
		store(cls.g1, "Sending", 1, event=changed)
		store(cls.g1, "Received", 2, direction="In")  # inbound: not counted
		# gateway 1, 40 days ago: 2 delivered
		store(cls.g1, "Delivered", 2, sent=True, event=registered, days_ago=MOVED_BACK)
		# gateway 2 tracks no delivery: 3 sent, 1 whose fate is unknown
		store(cls.g2, "Sent", 3, sent=True)
		store(cls.g2, "Unknown", 1)
		cls.wide = {"from_date": add_days(today(), -60), "to_date": today()}
		cls.narrow = {"from_date": add_days(today(), -10), "to_date": today()}

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_rates_per_gateway(self):
		rows = {row.get("gateway"): row for row in report({**self.wide, "group_by": "Gateway"})}
		g1, g2 = rows[self.g1], rows[self.g2]
		# gateway 1: 9 today + 2 earlier = 11; queued 1 + sending 1; sent 4 + 1 + 1 + 2 = 8;
		# delivered 4 + 2 = 6; failed 1 sent + 1 refused = 2
		self.assertEqual([g1[f] for f in FIELDS], [11, 2, 8, 8, 6, 1, 2, 0])
		self.assertAlmostEqual(g1["delivery_percent"], 75.0)  # 6 / 8
		self.assertAlmostEqual(g1["failure_percent"], 100 * 2 / 11)
		self.assertEqual((g1["group_label"], g1["provider"], g1["track_delivery"]), (self.g1, "Kavenegar", 1))
		# gateway 2: 4 messages, 3 sent, none can be reported delivered: no delivery %
		self.assertEqual([g2[f] for f in FIELDS], [4, 0, 3, 0, 0, 3, 0, 1])
		self.assertEqual((g2["delivery_percent"], g2["failure_percent"], g2["track_delivery"]), (None, 0, 0))

		# the last 10 days: gateway 1's earlier 2 are out: 4 delivered of 6 sent
		rows = report({**self.narrow, "gateway": self.g1})
		g1, total = rows
		self.assertEqual([g1[f] for f in FIELDS], [9, 2, 6, 6, 4, 1, 2, 0])
		self.assertAlmostEqual(g1["delivery_percent"], 100 * 4 / 6)
		self.assertEqual((total["group_label"], total["messages"]), ("Total", 9))

	def test_jalali_months_and_events(self):
		rows = report({**self.wide, "gateway": self.g1, "group_by": "Jalali Month"})
		self.assertEqual(
			[
				(row["group_label"], row["messages"], row["delivered"], row["delivery_percent"])
				for row in rows
			],
			[
				(month_of(add_days(today(), -MOVED_BACK)), 2, 2, 100),
				(month_of(today()), 9, 4, 100 * 4 / 6),
				("Total", 11, 6, 75),
			],
		)
		rows = report({**self.narrow, "gateway": self.g1, "group_by": "Event"})
		# Status Changed: 5 messages, 2 sent, none delivered, 2 failed of 5
		self.assertEqual(
			[
				(
					row["group_label"],
					row["messages"],
					row["sent"],
					row["delivery_percent"],
					row["failure_percent"],
				)
				for row in rows
			],
			[
				("Status Changed", 5, 2, 0, 40),
				("Reception Registered", 4, 4, 100, 0),
				("Total", 9, 6, 100 * 4 / 6, 100 * 2 / 9),
			],
		)

	def test_only_head_office_reads_it(self):
		self.assertRaises(frappe.PermissionError, report, self.wide, OUTSIDER)
		frappe.set_user(OUTSIDER)
		self.assertRaises(frappe.PermissionError, sms_delivery_rate_by_gateway.execute, self.wide)
