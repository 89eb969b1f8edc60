"""SMS throughput on this machine.

    bench --site <a dev or throwaway site> execute zhira_after_sales.benchmarks.sms.run \
        --kwargs "{'inbound': 1000, 'outbound': 1000, 'bulk': 10000}"

Measures, on a gateway of its own that is deleted at the end with every message it carried (the
sending and bulk jobs commit as they do in production; the settings and the other gateways are put
back as they were):
- outbound queued per second: queue_sms() one by one (what a form or a hook does: the SMS Message
  document with its checks), and insert_bulk() (what a bulk reminder job does);
- sent per second: the draining job against the fake provider on loopback (HTTP included);
- inbound processed per second: store_inbound() + process_inbound() over a realistic mix:
  customers' free text (Contact lookup), technicians' malformed commands (a reply is stored),
  technicians' commands for an unknown tracking code (the reception status API refuses; a reply is
  stored), survey-style digits from strangers, and spoofed commands.

Each row also gives the SQL statements per message the measured code sent (MariaDB's session
counter of statements, read before and after).
"""

import time

import frappe
from frappe.utils import add_to_date, now_datetime

from zhira_after_sales.benchmarks.footprint import leave_as_found
from zhira_after_sales.messaging.doctype.sms_gateway.sms_gateway import clear_gateway_cache
from zhira_after_sales.messaging.inbox import store_inbound
from zhira_after_sales.messaging.outbox import insert_bulk, queue_sms, send_due
from zhira_after_sales.messaging.processing import process_inbound
from zhira_after_sales.messaging.tests.factories import make_customer, make_gateway, sms_technician

TECH = "+989351299001"
CUSTOMER = "+989127099001"


def run(inbound: int = 1000, outbound: int = 1000, bulk: int = 10000):
	"""Print a Markdown table of the measurements."""
	settings = frappe.db.get_value(
		"After Sales Settings", None, ["sms_enabled", "sms_language"], as_dict=True
	)
	enabled = frappe.get_all("SMS Gateway", {"enabled": 1}, ["name", "is_default"])
	gateway = f"Bench {frappe.generate_hash(length=6)}"
	try:
		# the agency, technician, customers and messages it makes go at the end
		with leave_as_found():
			rows = measure(inbound, outbound, bulk, gateway)
	finally:
		frappe.db.rollback()
		frappe.db.delete("SMS Message", {"gateway": gateway})
		frappe.db.delete("SMS Gateway", {"name": gateway})
		# deleted without its controller: its cached copy and the cached default go by hand
		frappe.clear_document_cache("SMS Gateway", gateway)
		clear_gateway_cache()
		for row in enabled:
			frappe.db.set_value("SMS Gateway", row.name, {"enabled": 1, "is_default": row.is_default})
		frappe.db.set_single_value("After Sales Settings", settings)
		frappe.db.commit()  # nosemgrep: a bench command, not a request
	print(f"\nSMS benchmark on {frappe.local.site} ({frappe.db.sql('select version()')[0][0]})\n")
	print("| what | count | seconds | per second | queries per message |")
	print("|---|---|---|---|---|")
	for label, count, seconds, queries in rows:
		per_message = f"{queries / count:.1f}" if count else "-"
		print(f"| {label} | {count:,} | {seconds:.2f} | {count / seconds:,.0f} | {per_message} |")


def statements() -> int:
	"""Statements this connection sent so far (the reading itself included)."""
	return int(frappe.db.sql("show session status like 'Questions'")[0][1])


class Timed:
	"""with Timed() as t: ...  then t.seconds and t.queries (statements sent inside)."""

	def __enter__(self):
		self.queries = statements()
		self.started = time.perf_counter()
		return self

	def __exit__(self, *exc):
		self.seconds = time.perf_counter() - self.started
		self.queries = statements() - self.queries - 1


def measure(inbound: int, outbound: int, bulk: int, gateway: str) -> list[tuple[str, int, float, int]]:
	from zhira_after_sales.messaging.tests.factories import fake_provider

	server = fake_provider()
	for other in frappe.get_all("SMS Gateway", {"enabled": 1}, pluck="name"):
		frappe.db.set_value("SMS Gateway", other, {"enabled": 0, "is_default": 0})
	frappe.db.set_single_value("After Sales Settings", {"sms_enabled": 1, "sms_language": "fa"})
	make_gateway(gateway, "Kavenegar", is_default=1)
	sms_technician(TECH, agency="SMSBENCH")  # not BENCH-: the data set generator owns those names
	make_customer("مشتری سنجش پیامک", "0912 709 9001")
	results = []

	with Timed() as t:
		for i in range(outbound):
			queue_sms(f"0912{7100000 + i % 100000:07d}", f"پیامک سنجش {i}، کد پیگیری ۱۲۳۴۵۶۷۸")
	results.append(("outbound queued, queue_sms() one by one", outbound, t.seconds, t.queries))

	messages = [
		{"to": f"0912{7200000 + i % 100000:07d}", "body": f"یادآوری سرویس دوره‌ای دستگاه شما، شماره {i}"}
		for i in range(bulk)
	]
	with Timed() as t:
		insert_bulk("B-BENCH", messages, event="Periodic Service Reminder")
	results.append(("outbound queued, insert_bulk()", bulk, t.seconds, t.queries))

	with Timed() as t:
		counts = send_due(gateway, now=add_to_date(now_datetime(), minutes=1), time_budget=3600)
	results.append(("outbound sent to the loopback provider", counts.get("sent", 0), t.seconds, t.queries))

	texts = []
	for i in range(inbound):
		kind = i % 5
		if kind == 0:
			texts.append((CUSTOMER, "سلام، تکنسین کی تشریف می‌آورند؟"))
		elif kind == 1:
			texts.append((TECH, "12345678"))  # malformed: a help reply is stored
		elif kind == 2:
			texts.append((TECH, "۱۲۳۴۵۶۷۸ ۲"))  # unknown tracking code: refused, reply stored
		elif kind == 3:
			texts.append((f"+98919{7000000 + i:07d}", "4"))  # a digit from a stranger
		else:
			texts.append((f"+98919{8000000 + i:07d}", "12345678 2"))  # a spoofed command
	with Timed() as t:
		for i, (sender, text) in enumerate(texts):
			name = store_inbound(gateway, f"bench-{i}", sender, text)
			process_inbound(name)
	results.append(("inbound stored and processed", inbound, t.seconds, t.queries))
	server.reset()
	return results
