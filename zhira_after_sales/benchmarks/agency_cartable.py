"""The agency portal's cartable at a realistic volume, beside what an agency would otherwise use.

    bench --site <site> execute zhira_after_sales.benchmarks.agency_cartable.run \
        --kwargs "{'rows': 1000000}"

Uses reception_search's generated receptions (generating the missing ones), adds the ToDos the
referrals give the agencies' portal users (one per reception, Open while the reception is open,
Closed after; bulk-inserted once), then times the real `agency.cartable` functions for the biggest
agency and the median one: the tab counts, each tab's first page, the Done tab's page 5, a search by
tracking code, mobile, serial and customer name, a Jalali month filter; and, in the same run, what
the agency's portal user would otherwise open: Frappe's permission-aware list of Service Reception
and Frappe's own ToDo list (`frappe.get_list("ToDo", {"allocated_to": user, "status": "Open"})`).
Each line gives the median and p95 of `repeats` calls, the rows the call read (the session's
Handler_read_* counters, every query of the call) and the plan (EXPLAIN) of its main query. Runs on
any site and leaves it as found (reception_search.generated: the generated receptions and ToDos,
and the agency and user it measures as, go at the end); `keep=True` leaves them for the next run.
"""

import time

import frappe

from zhira_after_sales.agency import cartable
from zhira_after_sales.benchmarks import reception_search
from zhira_after_sales.benchmarks.reception_search import SEARCH, agency_user, generated, plan, timed
from zhira_after_sales.consts import CLOSED_CATEGORIES
from zhira_after_sales.utils import jalali

CHUNK = 10_000
MONTH = ("1403/07/01", "1403/07/30")  # Mehr 1403, typed in Jalali as the agency does


def run(rows: int = 1_000_000, repeats: int = 25, keep: bool = False):
	with generated(rows, keep):
		if not reception_search.own_receptions(referred_on=("is", "set")):
			frappe.throw("These receptions were generated before they had a life: remove them and run again.")
		generate_todos()
		frappe.db.sql("analyze table `tabService Reception`, `tabService Reception Device`, `tabToDo`")
		big, median = agencies()
		describe(big, median)
		results = measure(big, median, repeats)
	print("\n| what | median ms | p95 ms | rows read | index used (plan) | rows examined (plan) |")
	print("|---|---|---|---|---|---|")
	for label, median_ms, p95, read, key, examined in results:
		read = "-" if read is None else f"{read:,}"
		print(f"| {label} | {median_ms:.2f} | {p95:.2f} | {read} | {key} | {examined} |")


def agencies() -> tuple[str, str]:
	"""The biggest agency and the median one, by receptions."""
	sizes = frappe.db.sql(
		"""select service_agency from `tabService Reception` where name like %s
		group by service_agency order by count(*) desc""",
		(f"{SEARCH}%",),
		pluck=True,
	)
	return sizes[0], sizes[len(sizes) // 2]


def describe(big: str, median: str):
	total = frappe.db.count("Service Reception")
	by_category = dict(
		frappe.db.sql(
			"""select ifnull(s.category, ''), count(*) from `tabService Reception` r
			left join `tabService Status` s on s.name = r.status group by s.category"""
		)
	)
	closed = sum(by_category.get(c, 0) for c in CLOSED_CATEGORIES)
	open_ = total - closed
	unaccepted = frappe.db.sql(
		"""select count(*) from `tabService Reception` r left join `tabService Status` s on s.name = r.status
		where r.accepted_on is null and ifnull(s.category, '') not in %s""",
		(CLOSED_CATEGORIES,),
	)[0][0]
	print(
		f"\n{total:,} receptions, {frappe.db.count('Service Reception Device'):,} device rows, "
		f"{frappe.db.count('ToDo'):,} ToDos ({frappe.db.count('ToDo', {'status': 'Open'}):,} open)"
	)
	print(
		"by category: "
		+ ", ".join(f"{c or '(none)'} {n:,} ({n / total:.1%})" for c, n in sorted(by_category.items()))
	)
	print(
		f"open {open_:,} ({open_ / total:.1%}), of which not yet accepted {unaccepted:,} ({unaccepted / open_:.1%})"
	)
	accepted_within_day = frappe.db.sql(
		"""select avg(accepted_on < referred_on + interval 1 day) from `tabService Reception`
		where accepted_on is not null"""
	)[0][0]
	print(f"accepted within a day of the referral: {float(accepted_within_day):.1%}")
	for label, agency in (("biggest", big), ("median", median)):
		counts = cartable.counts(agency)
		size = frappe.db.count("Service Reception", {"service_agency": agency})
		print(f"{label} agency {agency}: {size:,} receptions, tabs {counts}")


def generate_todos(mark: str = SEARCH):
	"""The ToDo each referral gives the agency's portal user (referral.update_assignments), closed
	with the reception (close_all_assignments). One user per agency; only the measured agencies'
	users exist as Users. `mark`: whose receptions (this benchmark's, or the national data set's
	for benchmarks.national)."""
	if frappe.db.exists("ToDo", {"name": ("like", f"{mark}%")}):
		return
	fields = [
		"name", "creation", "modified", "modified_by", "owner", "docstatus", "idx", "status", "priority",
		"description", "reference_type", "reference_name", "assigned_by", "assigned_by_full_name",
		"allocated_to",
	]  # fmt: skip
	started, done, last = time.perf_counter(), 0, ""
	while True:
		rows = frappe.db.sql(
			"""select r.name, r.tracking_code, r.customer_name, r.service_agency, r.referred_on,
				r.closed_on, s.category
			from `tabService Reception` r left join `tabService Status` s on s.name = r.status
			where r.name like %s and r.name > %s and r.service_agency is not null
			order by r.name limit %s""",
			(f"{mark}%", last, CHUNK),
			as_dict=True,
		)
		if not rows:
			break
		todos = [
			(
				f"{mark}TD-{r.name.removeprefix(mark)}", r.referred_on, r.closed_on or r.referred_on,
				"Administrator", "Administrator", 0, 0,
				"Closed" if r.category in CLOSED_CATEGORIES else "Open", "Medium",
				f"Reception {r.tracking_code}: {r.customer_name}", "Service Reception", r.name,
				"Administrator", "Administrator", agency_user(r.service_agency),
			)
			for r in rows
		]  # fmt: skip
		frappe.db.bulk_insert("ToDo", fields, todos, chunk_size=CHUNK)
		frappe.db.commit()  # nosemgrep: a benchmark command, not a request
		done, last = done + len(rows), rows[-1].name
	print(f"generated {done:,} ToDos in {time.perf_counter() - started:.0f} s")


def measure(big: str, median: str, repeats: int) -> list[tuple]:
	# a completed reception of the biggest agency from before the month filtered on (on a tiny data
	# set, where none is completed yet, a cancelled one: the done tab holds both)
	sample = frappe.db.sql(
		"""select r.name, r.tracking_code, r.mobile_no, r.customer_name, d.serial_no
		from `tabService Reception` r join `tabService Reception Device` d on d.parent = r.name
		join `tabService Status` s on s.name = r.status
		where r.service_agency = %s and s.category in %s
		order by s.category = 'Completed' desc, r.received_on < %s desc, r.received_on desc limit 1""",
		(big, CLOSED_CATEGORIES, jalali.parse_date(MONTH[0])),
		as_dict=True,
	)[0]
	mobile = "0" + sample.mobile_no.removeprefix("+98")  # as the customer says it
	calls = [
		("counts(), biggest agency", lambda: cartable.counts(big)),
		("counts(), median agency", lambda: cartable.counts(median)),
	]
	for tab in cartable.TABS:
		calls.append((f"{tab} tab, page 1, biggest", lambda tab=tab: cartable.receptions(big, tab)))
	calls += [
		("done tab, page 5, biggest", lambda: cartable.receptions(big, cartable.DONE, start=80)),
		("new tab, page 1, median", lambda: cartable.receptions(median, cartable.NEW)),
		("done tab, page 1, median", lambda: cartable.receptions(median, cartable.DONE)),
		(
			"search: tracking code (done tab)",
			lambda: cartable.receptions(big, cartable.DONE, search=sample.tracking_code),
		),
		("search: mobile (done tab)", lambda: cartable.receptions(big, cartable.DONE, search=mobile)),
		(
			"search: serial (done tab)",
			lambda: cartable.receptions(big, cartable.DONE, search=sample.serial_no),
		),
		(
			"search: name prefix (done tab)",
			lambda: cartable.receptions(big, cartable.DONE, search=sample.customer_name[:6]),
		),
		(
			"search: tracking code (new tab)",
			lambda: cartable.receptions(big, cartable.NEW, search=sample.tracking_code),
		),
		(
			"Jalali month filter, Mehr 1403 (done tab)",
			lambda: cartable.receptions(big, cartable.DONE, from_date=MONTH[0], to_date=MONTH[1]),
		),
	]
	results = []
	for label, fn in calls:
		if label.startswith("search:") and "(done" in label and "name" not in label:
			if sample.name not in {r.name for r in fn()}:
				frappe.throw(f"{label} did not find {sample.name}")
		results.append(measured(label, fn, repeats, "from `tabService Reception` r"))
	results += beside(big, repeats)
	return results


def beside(agency: str, repeats: int) -> list[tuple]:
	"""What the agency's portal user would otherwise open, as that user: reception_search's desk
	list and count, and Frappe's ToDo list of the assignments the referrals gave the user."""
	user = reception_search.portal_user_of(agency, agency_user(agency))
	results = [
		(label, median_ms, p95, None, key, examined)
		for label, median_ms, p95, key, examined in reception_search.measure_as_agency_user(
			agency, repeats, user=user
		)
	]
	frappe.set_user(user)
	try:
		todos = lambda: frappe.get_list("ToDo", {"allocated_to": user, "status": "Open"})  # noqa: E731
		label = f'ToDo: get_list("ToDo", allocated_to + Open), all {len(todos()):,}'
		results.append(measured(label, todos, repeats, "from `tabToDo`"))
		page = lambda: frappe.get_list(  # noqa: E731
			"ToDo",
			{"allocated_to": user, "status": "Open"},
			["name", "description", "reference_type", "reference_name", "modified"],
			limit_page_length=20,
		)
		results.append(measured("ToDo list view: the same, 20 rows", page, repeats, "from `tabToDo`"))
	finally:
		frappe.set_user("Administrator")
	return results


def measured(label: str, fn, repeats: int, main: str) -> tuple:
	"""(label, median ms, p95 ms, rows read by one call, plan keys, plan rows)."""
	queries = recorded(fn)
	read = rows_read(fn)
	median_ms, p95 = timed(fn, repeats)
	sql, values = next(((q, v) for q, v in reversed(queries) if main in q), (None, None))
	key, examined = plan(sql, values) if sql else ("-", "-")
	if "None" in key:  # nothing to read, e.g. "Impossible WHERE noticed after reading const tables"
		key, examined = "-", frappe.db.sql(f"explain {sql}", values, as_dict=True)[0].Extra
	return label, median_ms, p95, read, key, examined


def recorded(fn) -> list[tuple]:
	"""The queries one call of fn sends."""
	queries, sql = [], frappe.db.sql

	def record(query, values=(), *args, **kwargs):
		queries.append((str(query), values))
		return sql(query, values, *args, **kwargs)

	frappe.db.sql = record
	try:
		fn()
	finally:
		frappe.db.sql = sql
	return queries


HANDLER_READS = (
	"Handler_read_first", "Handler_read_key", "Handler_read_last", "Handler_read_next",
	"Handler_read_prev", "Handler_read_rnd", "Handler_read_rnd_next",
)  # fmt: skip


def handler_reads() -> int:
	rows = frappe.db.sql("show session status like 'Handler_read%%'")
	return sum(int(value) for name, value in rows if name in HANDLER_READS)


def rows_read(fn) -> int:
	"""Rows (index entries and table rows) the server read for one call of fn, from the session's
	Handler_read_* counters, less what reading the counters costs."""
	begin = handler_reads()
	overhead = handler_reads() - begin
	begin = handler_reads()
	fn()
	return handler_reads() - begin - overhead
