"""The agency money path against plain ERPNext, in the same run on the same site. Results go to
docs/benchmarks.md.

1. Approval: `invoices` submitted Service Invoices of one agency, half Warranty Repair (one
   warranty pump from the consignment warehouse and the rate-card wage), half Paid Repair (one
   paid fan). Each `invoice_approval.approve()` is timed as head office (gate, stock check,
   workflow save, Purchase Invoice + Stock Entry or Sales Invoice, reception completion, hot-part
   return), then the same ERPNext documents are inserted and submitted directly, as an accountant
   would by hand, to the same parties and warehouse. Peak Python memory (tracemalloc) of one
   approval and of its bare documents.
2. Statement: `payments` extra Payment Entries (Receive) from the agency's Customer spread over the
   period, then `statement.get_statement()` against ERPNext's General Ledger report for the
   agency's Customer (Group by Voucher (Consolidated)) over the same range; both closings printed.

It runs on any site, also one where the demo data or the test suite made records (it builds the
approval tests' world with their idempotent factories: their agency, items and devices are looked
up, or made when missing), and leaves it as found: everything, from that world to the last Payment
Entry with its GL and Payment Ledger rows, Bins, Stock Ledger Entries and naming series counters,
is made and measured in one transaction that is rolled back at the end (also when it fails
midway). Nothing on its path commits: `invoice_approval` and `invoice_posting` never do; ERPNext's
submit of these documents does not (a backdated posting's Repost Item Valuation is left to the
scheduler, and reposts run at once only in tests, without committing); Frappe refuses DDL in a
transaction with writes. To be sure, `frappe.db.commit` raises BenchmarkCommitError for the run,
so a commit anywhere stops it with nothing kept. For the run Frappe's limit of 200,000 writes per
transaction is lifted (counted at a tiny size: about 180 writes per invoice, 15 per Payment Entry,
so 100 invoices and 9,700 payments make about 165,000), and the periodic commits the first
version made between measurements are gone; each measurement still times the same calls. Background jobs pushed to Redis at once rather than after a commit (Frappe's
"assignment removed" notifications as each reception completes) are deleted from the queue at the
end: with no worker running, none of them has run. What may stay: a MariaDB sequence advanced, if
anything named from one. The transaction holds row locks (naming series, the agency, Bins) until
its end, and rolling back a full-size run takes a while: not on a site in use.

    bench --site <site> execute zhira_after_sales.benchmarks.agency_money.run \
        --kwargs "{'invoices': 200, 'statement_months': 12, 'payments': 1000}"
"""

import statistics
import time
import tracemalloc
from contextlib import contextmanager

import frappe
import rq
from erpnext.accounts.party import get_party_account
from erpnext.accounts.report.general_ledger import general_ledger
from erpnext.accounts.utils import get_fiscal_year
from frappe.utils import add_days, add_months, date_diff, flt, getdate, today

from zhira_after_sales.agency import hot_parts, invoice_approval, invoice_posting, posting_setup, statement
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	MANAGER,
	PAID_REPAIR,
	WAGE,
	WARRANTY_REPAIR,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import (
	PRICE,
	stock_up,
	to_in_progress,
)

STEPS = {
	"check_stock": (invoice_posting, "check_stock"),
	"post_wages (Purchase Invoice)": (invoice_posting, "post_wages"),
	"post_warranty_parts (Stock Entry)": (invoice_posting, "post_warranty_parts"),
	"post_paid_parts (Sales Invoice)": (invoice_posting, "post_paid_parts"),
	"hot-part returns": (hot_parts, "create_returns"),
	"reception completion": (invoice_approval, "complete_reception"),
}


def run(invoices: int = 200, statement_months: int = 12, payments: int = 0) -> dict:
	invoices, statement_months, payments = int(invoices), int(statement_months), int(payments)
	frappe.set_user("Administrator")
	with rolled_back():
		return measure(invoices, statement_months, payments)


class BenchmarkCommitError(Exception):
	"""Something on the measured path committed: the run would no longer roll back cleanly."""


@contextmanager
def rolled_back():
	"""Run the block in one transaction and roll it back at the end, also on an error. A commit
	inside raises BenchmarkCommitError; jobs pushed to Redis meanwhile are deleted afterwards."""
	db = frappe.local.db
	db.rollback()  # the block's transaction starts here (the caller's unsaved work, if any, goes)
	limit, auto_commit = db.MAX_WRITES_PER_TRANSACTION, db.auto_commit_on_many_writes
	enqueue_call, jobs = rq.Queue.enqueue_call, []

	def refuse_commit():
		raise BenchmarkCommitError("the benchmark's transaction must not be committed")

	def recorded_enqueue_call(queue, *args, **kwargs):
		job = enqueue_call(queue, *args, **kwargs)
		jobs.append(job)
		return job

	db.commit = refuse_commit
	db.MAX_WRITES_PER_TRANSACTION, db.auto_commit_on_many_writes = 10**9, 0
	rq.Queue.enqueue_call = recorded_enqueue_call
	try:
		yield
	finally:
		rq.Queue.enqueue_call = enqueue_call
		del db.commit
		db.MAX_WRITES_PER_TRANSACTION, db.auto_commit_on_many_writes = limit, auto_commit
		frappe.set_user("Administrator")
		db.rollback()
		db.value_cache = {}  # values read with cache=True may be of records that are gone now
		for job in jobs:
			if job is not None:
				job.delete(remove_from_queue=True)


def measure(invoices: int, statement_months: int, payments: int) -> dict:
	w = world()
	half = max(invoices // 2, 1)
	result = frappe._dict(invoices=2 * half)

	stock_up(w.pump, w.warehouse, 2 * half + 4)
	stock_up(w.fan, w.warehouse, 2 * half + 4)
	start = time.perf_counter()
	warranty = [submitted(w, "Warranty Repair") for _ in range(half + 1)]
	paid = [submitted(w, "Paid Repair") for _ in range(half + 1)]
	result.setup_seconds = round(time.perf_counter() - start, 1)

	result.steps = {}
	for kind, names in (("warranty", warranty[:-1]), ("paid", paid[:-1])):
		steps = {label: [] for label in STEPS}
		with timed_steps(steps):
			result[f"approve_{kind}"], totals = approve_all(names)
		rest = [total - sum(times[i] for times in steps.values()) for i, total in enumerate(totals)]
		result.steps[kind] = {label: summary(times) for label, times in steps.items()}
		result.steps[kind]["the rest: gate, workflow save, comment"] = summary(rest)
	result.plain_warranty = plain_all(w, half, warranty=True)
	result.plain_paid = plain_all(w, half, warranty=False)
	result.peak_kib = {
		"approve warranty": peak(lambda: approve_one(warranty[-1])),
		"plain PI + SE": peak(lambda: plain_one(w, warranty=True)),
		"approve paid": peak(lambda: approve_one(paid[-1])),
		"plain SI": peak(lambda: plain_one(w, warranty=False)),
	}
	print_approval(result)

	from_date = max(getdate(add_months(today(), -statement_months)), getdate(w.year_start))
	if payments:
		start = time.perf_counter()
		make_payments(w, payments, from_date)
		result.payment_seconds = round(time.perf_counter() - start, 1)
	result.statement = measure_statement(w, from_date, getdate(today()))
	result.payments = payments
	print_statement(result)
	return result


def world() -> frappe._dict:
	w = setup_world()
	w.warehouse = frappe.db.get_value("Service Agency", w.agency_a, "consignment_warehouse")
	w.parties = invoice_posting.agency_parties(frappe._dict(agency=w.agency_a))
	w.company = w.parties.company
	w.year_start = get_fiscal_year(today(), company=w.company)[1]
	if not frappe.db.exists("Item Price", {"item_code": w.fan, "price_list": "Standard Selling"}):
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": w.fan,
				"price_list": "Standard Selling",
				"price_list_rate": PRICE,
			}
		).insert(ignore_permissions=True)
	return w


def submitted(w, invoice_type: str) -> str:
	if invoice_type == "Warranty Repair":
		device, service_type, part = w.covered, WARRANTY_REPAIR, {"item": w.pump, "coverage": "Warranty"}
	else:
		device, service_type, part = w.no_card, PAID_REPAIR, {"item": w.fan, "coverage": "Paid"}
	reception = make_reception(w, devices=[device], service_type=service_type)
	to_in_progress(reception)
	invoice = new_invoice(
		reception,
		device,
		invoice_type,
		parts=[{**part, "qty": 1}],
		services=[{"service_type": service_type}],
	)
	invoice.insert(ignore_permissions=True)
	invoice.submit()
	return invoice.name


def approve_one(name: str):
	frappe.set_user(MANAGER)
	try:
		invoice_approval.approve(frappe.get_doc("Service Invoice", name))
	finally:
		frappe.set_user("Administrator")


def approve_all(names: list[str]) -> tuple[dict, list[float]]:
	times = []
	for name in names:
		frappe.set_user(MANAGER)
		invoice = frappe.get_doc("Service Invoice", name)
		start = time.perf_counter()
		invoice_approval.approve(invoice)
		times.append(time.perf_counter() - start)
		frappe.set_user("Administrator")
	return summary(times), times


def plain_one(w, warranty: bool):
	"""What an accountant would post by hand for one invoice: the same documents, no checks."""
	p, date = w.parties, today()
	if warranty:
		invoice_posting.submit_new(
			"Purchase Invoice",
			{"supplier": p.supplier, "company": p.company, "posting_date": date, "bill_date": date},
			[
				{
					"item_code": posting_setup.wage_item(WARRANTY_REPAIR, p.company),
					"qty": 1,
					"rate": WAGE,
					"expense_account": posting_setup.wages_account(p.company),
					"cost_center": p.cost_center,
				}
			],
		)
		invoice_posting.submit_new(
			"Stock Entry",
			{
				"stock_entry_type": "Material Issue",
				"purpose": "Material Issue",
				"company": p.company,
				"posting_date": date,
			},
			[
				{
					"item_code": w.pump,
					"qty": 1,
					"s_warehouse": w.warehouse,
					"expense_account": posting_setup.warranty_cost_account(p.company),
					"cost_center": p.cost_center,
				}
			],
		)
	else:
		invoice_posting.submit_new(
			"Sales Invoice",
			{"customer": p.customer, "company": p.company, "posting_date": date, "update_stock": 1},
			[{"item_code": w.fan, "qty": 1, "warehouse": w.warehouse, "cost_center": p.cost_center}],
			set_missing_values=True,
		)


def plain_all(w, count: int, warranty: bool) -> dict:
	times = []
	for _ in range(count):
		start = time.perf_counter()
		plain_one(w, warranty)
		times.append(time.perf_counter() - start)
	return summary(times)


class timed_steps:
	"""Wrap the approval's steps (module attributes, looked up at call time) with timers."""

	def __init__(self, steps: dict):
		self.steps, self.saved = steps, {}

	def __enter__(self):
		for label, (module, attr) in STEPS.items():
			original = getattr(module, attr)
			self.saved[label] = original
			setattr(module, attr, self.wrap(label, original))

	def wrap(self, label, original):
		def timed(*args, **kwargs):
			start = time.perf_counter()
			try:
				return original(*args, **kwargs)
			finally:
				self.steps[label].append(time.perf_counter() - start)

		return timed

	def __exit__(self, *exc):
		for label, (module, attr) in STEPS.items():
			setattr(module, attr, self.saved[label])


def peak(action) -> float:
	tracemalloc.start()
	try:
		action()
		return round(tracemalloc.get_traced_memory()[1] / 1024, 0)
	finally:
		tracemalloc.stop()


def summary(times: list[float]) -> dict:
	ordered = sorted(times)
	return {
		"count": len(ordered),
		"median_ms": round(statistics.median(ordered) * 1000, 1),
		"p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 1),
	}


def make_payments(w, count: int, from_date):
	p = w.parties
	receivable = get_party_account("Customer", p.customer, p.company)
	cash = frappe.get_cached_value("Company", p.company, "default_cash_account")
	days = max(date_diff(today(), from_date), 0)
	for index in range(count):
		frappe.get_doc(
			{
				"doctype": "Payment Entry",
				"payment_type": "Receive",
				"company": p.company,
				"posting_date": add_days(from_date, index * days // max(count, 1)),
				"party_type": "Customer",
				"party": p.customer,
				"paid_from": receivable,
				"paid_to": cash,
				"paid_amount": 100_000,
				"received_amount": 100_000,
				"source_exchange_rate": 1,
				"target_exchange_rate": 1,
			}
		).insert(ignore_permissions=True).submit()


def gl_report(w, from_date, to_date):
	filters = frappe._dict(
		company=w.company,
		from_date=from_date,
		to_date=to_date,
		party_type="Customer",
		party=[w.parties.customer],
		group_by="Group by Voucher (Consolidated)",
	)
	return general_ledger.execute(filters)[1]


def measure_statement(w, from_date, to_date, repeat: int = 7) -> dict:
	p = w.parties
	gl_rows = frappe.db.sql(
		"""select count(*) from `tabGL Entry` where is_cancelled = 0 and company = %s
		and posting_date between %s and %s
		and ((party_type = 'Customer' and party = %s) or (party_type = 'Supplier' and party = %s))""",
		(p.company, from_date, to_date, p.customer, p.supplier),
	)[0][0]
	mine, theirs, data, rows = [], [], None, None
	for _ in range(repeat):
		start = time.perf_counter()
		data = statement.get_statement(w.agency_a, from_date, to_date)
		mine.append(time.perf_counter() - start)
		start = time.perf_counter()
		rows = gl_report(w, from_date, to_date)
		theirs.append(time.perf_counter() - start)
	closing = next(r for r in rows if isinstance(r, dict) and "Closing" in str(r.get("account")))
	return {
		"from_date": str(from_date),
		"to_date": str(to_date),
		"gl_entries": gl_rows,
		"statement_lines": len(data.lines),
		"gl_report_rows": len(rows),
		"statement": summary(mine),
		"general_ledger": summary(theirs),
		"statement_closing": flt(data.closing, 2),
		"general_ledger_closing": flt(flt(closing.get("debit")) - flt(closing.get("credit")), 2),
	}


def print_approval(r):
	print(f"setup: {r.invoices} submitted Service Invoices in {r.setup_seconds} s")
	print("| what | count | median ms | p95 ms |")
	print("|---|---|---|---|")
	for label, key in (
		("approve() Warranty Repair (PI + SE + checks)", "approve_warranty"),
		("plain PI + SE inserted and submitted", "plain_warranty"),
		("approve() Paid Repair (SI + checks)", "approve_paid"),
		("plain SI inserted and submitted", "plain_paid"),
	):
		s = r[key]
		print(f"| {label} | {s['count']} | {s['median_ms']} | {s['p95_ms']} |")
	for kind, steps in r.steps.items():
		for label, s in steps.items():
			print(f"| {kind} approve(): {label} | {s['count']} | {s['median_ms']} | {s['p95_ms']} |")
	for label, kib in r.peak_kib.items():
		print(f"peak tracemalloc {label}: {kib:,.0f} KiB")


def print_statement(r):
	s = r.statement
	print(
		f"statement {s['from_date']} .. {s['to_date']}: {s['gl_entries']} GL entries on the agency's parties, "
		f"{r.payments} extra Payment Entries ({r.get('payment_seconds', 0)} s)"
	)
	print("| what | rows | median ms | p95 ms | closing |")
	print("|---|---|---|---|---|")
	print(
		f"| get_statement | {s['statement_lines']} | {s['statement']['median_ms']} | "
		f"{s['statement']['p95_ms']} | {s['statement_closing']:,.0f} |"
	)
	print(
		f"| General Ledger (Customer, by voucher) | {s['gl_report_rows']} | "
		f"{s['general_ledger']['median_ms']} | {s['general_ledger']['p95_ms']} | "
		f"{s['general_ledger_closing']:,.0f} |"
	)
	print(
		"closings agree"
		if abs(s["statement_closing"] - s["general_ledger_closing"]) < 0.01
		else "CLOSINGS DIFFER"
	)
