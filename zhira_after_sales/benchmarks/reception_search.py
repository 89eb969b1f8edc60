"""Reception search at a realistic volume.

    bench --site <site> execute zhira_after_sales.benchmarks.reception_search.run \
        --kwargs "{'rows': 1000000}"

Fills the site with `rows` receptions (1.3 devices each) by bulk insert, then times the searches an
operator and an agency make and prints each query's plan (EXPLAIN). It runs on any site, also one
with the demo data, the test suite's records or the national data set (benchmarks.dataset): its
rows are named with their own prefix (SEARCH, "BSRCH-"), and at the end they go, with every record
the run made to measure with (users, an agency and its parties: footprint.leave_as_found), so the
site is left as found. `keep=True` leaves the generated rows for the next run (which reuses them;
a run without it removes them all), and `remove_generated()` removes them by hand. Only the
naming-series counters a real insert advanced stay advanced. The rows are not real documents (no
customers, no version history): on a site in use, others would see them while it runs.

agency_cartable and agency_score use the same receptions and the same clean-up (`generated`).

Each generated reception lives a plausible life up to the end of the generated period ("now"):
referred to an agency within about an hour of its reception, accepted by the agency (most within
a day), repaired in a few days (a tenth take weeks) and closed as Completed, or Cancelled; the ones
still open at "now" are the recent ones plus a few stuck for good, and about a twentieth of the
open ones are not yet accepted (referred in the last hours, or forgotten). Agencies differ in
size: agency i gets a share proportional to 1 / (i + 1) ** agency_skew (with 200 agencies and the
default 0.7, the biggest has about 7% of the receptions, the median one 0.3%).
"""

import bisect
import itertools
import random
import statistics
import time
from contextlib import contextmanager, nullcontext

import frappe
from frappe.utils import add_to_date, get_datetime

from zhira_after_sales.benchmarks.footprint import delete_like, leave_as_found
from zhira_after_sales.consts import CANCELLED_CATEGORY, CLOSED_CATEGORIES
from zhira_after_sales.service_desk import tracking

AGENCIES = 200
AGENCY_SKEW = 0.7
CUSTOMERS_PER_RECEPTION = 0.2
CHUNK = 10_000
MARK = "BENCH-"  # the national data set's names (benchmarks.dataset) start with this
SEARCH = "BSRCH-"  # the names of the rows generate() writes start with this
EPOCH = "2024-03-20 08:00:00"  # the first generated reception; then one every 30 seconds
# the life of a reception (see generate)
CANCELLED_SHARE = 0.04  # of all receptions; half of them before the agency accepted
STUCK_SHARE = 0.015  # never closed: waiting for a part or forgotten
# of the open receptions, not yet accepted though referred days ago (with the ones referred in the
# last hours, about 5% of the open ones are not yet accepted)
UNACCEPTED_SHARE = 0.02


def run(rows: int = 1_000_000, repeats: int = 25, keep: bool = False):
	with generated(rows, keep):
		frappe.db.sql("analyze table `tabService Reception`, `tabService Reception Device`")
		results = measure(repeats)
		total = frappe.db.count("Service Reception")
		devices = frappe.db.count("Service Reception Device")
	print(f"\n{total:,} receptions, {devices:,} device rows\n")
	print("| search | median ms | p95 ms | index used | rows examined (plan) |")
	print("|---|---|---|---|---|")
	for label, median, p95, key, examined in results:
		print(f"| {label} | {median:.2f} | {p95:.2f} | {key} | {examined} |")


def own_receptions(**filters) -> int:
	return frappe.db.count("Service Reception", {"name": ("like", f"{SEARCH}%"), **filters})


@contextmanager
def generated(rows: int, keep: bool = False):
	"""The block runs with this benchmark's receptions 0 .. rows - 1 (the missing ones generated).
	Afterwards, unless `keep`, every generated row goes (remove_generated) and every record made
	meanwhile by a real insert (a user, an agency with its parties) goes too (leave_as_found)."""
	with leave_as_found() if not keep else nullcontext():
		try:
			existing = own_receptions()
			if existing < rows:
				generate(rows - existing, start=existing)
			yield
		finally:
			if not keep:
				frappe.db.rollback()
				remove_generated()


def portal_user_of(agency: str, user: str) -> str:
	"""`user` as a portal user of the generated `agency`, the rows written directly: saving the
	agency would also make its ERPNext parties and warehouses (the generator leaves them out). The
	user's name starts with "bsrch." so that remove_generated finds it."""
	from zhira_after_sales.consts import AGENCY_ROLE
	from zhira_after_sales.tests.factories import make_user

	make_user(user, roles=(AGENCY_ROLE,))
	if not frappe.db.exists("Service Agency", agency):
		frappe.get_doc(
			{"doctype": "Service Agency", "name": agency, "agency_code": agency,
				"agency_name": f"Benchmark Agency {agency}", "is_active": 1}
		).db_insert()  # fmt: skip
	if not frappe.db.exists("Service Agency User", {"parent": agency, "user": user}):
		frappe.get_doc(
			{"doctype": "Service Agency User", "parent": agency, "parenttype": "Service Agency",
				"parentfield": "portal_users", "idx": 1000, "user": user}
		).db_insert()  # fmt: skip
	frappe.db.commit()  # nosemgrep: a benchmark command
	return user


# what generate(), agency_cartable and agency_score write, by the column that names it with SEARCH
GENERATED = (
	("Survey Response", "name"),
	("Complaint", "name"),
	("ToDo", "name"),
	("Service Reception Device", "parent"),
	("Service Reception", "name"),
	("Service Agency User", "parent"),
	("Service Agency Territory", "parent"),
	("Service Agency", "name"),
)


def remove_generated(quiet: bool = True) -> dict[str, int]:
	"""Delete every row named with SEARCH (what generate() and the benchmarks on its receptions
	wrote), in chunks; returns how many of each DocType."""
	removed = {}
	for doctype, column in GENERATED:
		removed[doctype] = delete_like(doctype, column, f"{SEARCH}%", CHUNK)
	# the users measured as (portal_user_of), with what Frappe keeps beside a user
	users = frappe.get_all("User", {"name": ("like", f"{SEARCH[:-1].lower()}.%@example.com")}, pluck="name")
	for user in users:
		# the Contact Frappe made for the user (found first: deleting the user unlinks it), and the
		# user's defaults
		contacts = frappe.get_all("Contact", {"user": user}, pluck="name")
		frappe.delete_doc("User", user, force=True, ignore_permissions=True, delete_permanently=True)
		for contact in contacts:
			frappe.delete_doc(
				"Contact", contact, force=True, ignore_permissions=True, delete_permanently=True
			)
		frappe.db.delete("DefaultValue", {"parent": user})
	frappe.db.commit()  # nosemgrep: a benchmark command, not a request
	removed["User"] = len(users)
	if not quiet:
		print("removed", {doctype: n for doctype, n in removed.items() if n})
	return removed


def agency_code(i: int, mark: str = MARK) -> str:
	"""Agency i of the national data set (MARK) or of this benchmark (SEARCH)."""
	return f"{mark}AG-{i:03d}"


def agency_user(agency: str) -> str:
	"""The portal user who accepts an agency's referrals (a User only once measured as)."""
	mark = SEARCH if agency.startswith(SEARCH) else MARK
	return f"{mark[:-1].lower()}.{agency.removeprefix(mark).lower()}@example.com"


def generate(
	count: int,
	start: int = 0,
	agency_skew: float = AGENCY_SKEW,
	cancelled_share: float = CANCELLED_SHARE,
	stuck_share: float = STUCK_SHARE,
	unaccepted_share: float = UNACCEPTED_SHARE,
):
	"""Bulk-insert receptions `start` .. `start + count - 1`, "now" being the last one's time."""
	rng = random.Random(1405 + start)
	life = Lifecycle(rng, start + count, cancelled_share, stuck_share, unaccepted_share)
	territories = frappe.get_all("Territory", {"phone_area_code": ("is", "set")}, pluck="name")
	items = frappe.get_all("Item", {"is_stock_item": 1}, pluck="name")[:50] or ["BENCH-ITEM"]
	service_types = frappe.get_all("Service Type", pluck="name")
	agencies = [agency_code(i, SEARCH) for i in range(AGENCIES)]
	agency_weights = list(itertools.accumulate(1 / (i + 1) ** agency_skew for i in range(AGENCIES)))
	customers = max(1, int((start + count) * CUSTOMERS_PER_RECEPTION))
	first_names = ["مریم", "محمد", "زهرا", "علی", "فاطمه", "حسن", "سارا", "رضا", "نرگس", "امید"]
	last_names = ["حسینی", "رضایی", "کاظمی", "اکبری", "موسوی", "نجفی", "قاسمی", "طاهری", "شریفی", "فرهادی"]
	codes = set(frappe.get_all("Service Reception", pluck="tracking_code"))
	epoch = get_datetime(EPOCH)
	now = frappe.utils.now()
	reception_fields = [
		"name", "creation", "modified", "modified_by", "owner", "docstatus", "idx", "naming_series",
		"tracking_code", "status", "received_on", "channel", "mobile_no", "customer", "customer_name",
		"phone_no", "territory", "service_agency", "phone_search", "referred_on", "accepted_on",
		"accepted_by", "closed_on",
	]  # fmt: skip
	device_fields = [
		"name", "creation", "modified", "modified_by", "owner", "docstatus", "idx", "parent",
		"parentfield", "parenttype", "item", "serial_no", "service_type", "warranty_status",
	]  # fmt: skip
	started = time.perf_counter()
	for chunk_start in range(start, start + count, CHUNK):
		receptions, devices = [], []
		for n in range(chunk_start, min(chunk_start + CHUNK, start + count)):
			customer = rng.randrange(customers)
			mobile = f"+98912{customer:07d}"
			code = tracking.generate_unique(codes.__contains__, randbelow=rng.randrange)
			codes.add(code)
			name = f"{SEARCH}{n:08d}"
			received = add_to_date(epoch, minutes=n // 2 + rng.randrange(60))
			landline = f"+9821{rng.randrange(10**8):08d}"
			agency = agencies[bisect.bisect(agency_weights, rng.random() * agency_weights[-1])]
			status, referred, accepted, closed, modified = life.live(received)
			receptions.append(
				(
					name, received, modified, "Administrator", "Administrator", 0, 0, "REC-.#######", code,
					status, received, "Phone", mobile, f"{SEARCH}C{customer:07d}",
					f"{rng.choice(first_names)} {rng.choice(last_names)}", landline, rng.choice(territories),
					agency, f"0{mobile[3:]} 0{landline[3:]}", referred, accepted,
					accepted and agency_user(agency), closed,
				)
			)  # fmt: skip
			for idx in range(1 if rng.random() < 0.7 else 2):
				devices.append(
					(
						f"{name}-{idx}", now, now, "Administrator", "Administrator", 0, idx + 1, name,
						"devices", "Service Reception", rng.choice(items), f"SN{n:08d}{idx}",
						rng.choice(service_types), "Unknown",
					)
				)  # fmt: skip
		frappe.db.bulk_insert("Service Reception", reception_fields, receptions, chunk_size=CHUNK)
		frappe.db.bulk_insert("Service Reception Device", device_fields, devices, chunk_size=CHUNK)
		frappe.db.commit()  # nosemgrep: a benchmark command, not a request
	print(f"generated {count:,} receptions in {time.perf_counter() - started:.0f} s")


class Lifecycle:
	"""Where a reception received at some time stands at "now" (given, or the last generated reception)."""

	def __init__(
		self, rng, total: int, cancelled_share, stuck_share, unaccepted_share, epoch=EPOCH, now=None
	):
		from datetime import timedelta

		self.rng, self.hour = rng, timedelta(hours=1)
		self.now = now or add_to_date(get_datetime(epoch), minutes=total // 2 + 60)
		self.cancelled_share, self.stuck_share = cancelled_share, stuck_share
		self.unaccepted_share = unaccepted_share
		rows = frappe.get_all("Service Status", fields=["name", "category"], order_by="sort_order asc")
		settings = frappe.get_single("After Sales Settings")
		self.referred_status = settings.get("referral_status") or rows[0].name
		self.accepted_status = settings.get("accepted_status") or self.referred_status
		self.working = [
			r.name
			for r in rows
			if r.category not in (*CLOSED_CATEGORIES, "Open") and r.name != self.accepted_status
		] or [self.accepted_status]
		self.completed = [r.name for r in rows if r.category == "Completed"]
		self.cancelled = [r.name for r in rows if r.category == CANCELLED_CATEGORY]

	def live(self, received):
		"""(status, referred_on, accepted_on, closed_on, modified)."""
		rng, hour, now = self.rng, self.hour, self.now
		referred = min(received + hour * rng.expovariate(1), now)
		# most agencies accept within hours, a tenth take one to three days
		accepted = referred + hour * (rng.expovariate(1 / 3) if rng.random() < 0.9 else rng.uniform(24, 72))
		# repairs take a few days, a tenth of them weeks (parts)
		days = rng.expovariate(1 / 3) if rng.random() < 0.9 else rng.expovariate(1 / 20)
		closed = accepted + hour * 24 * days
		if rng.random() < self.cancelled_share:
			before_accepting = rng.random() < 0.5
			closed = referred + hour * rng.uniform(1, 48) if before_accepting else closed
			if closed <= now:
				return (
					rng.choice(self.cancelled),
					referred,
					None if before_accepting else accepted,
					closed,
					closed,
				)
		elif closed <= now and rng.random() >= self.stuck_share:
			return rng.choice(self.completed), referred, accepted, closed, closed
		# still open at "now": not accepted yet if referred in the last hours, or forgotten
		if accepted > now or rng.random() < self.unaccepted_share:
			return self.referred_status, referred, None, None, referred
		status = self.accepted_status if rng.random() < 0.35 else rng.choice(self.working)
		return status, referred, accepted, None, min(accepted + hour * rng.uniform(0, 48), now)


def timed(fn, repeats: int) -> tuple[float, float]:
	samples = []
	for _ in range(repeats):
		begin = time.perf_counter()
		fn()
		samples.append((time.perf_counter() - begin) * 1000)
	samples.sort()
	return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def plan(sql: str, values=None) -> tuple[str, str]:
	rows = frappe.db.sql(f"explain {sql}", values, as_dict=True)
	keys = ", ".join(f"{r.table}:{r.key or 'none'}" for r in rows)
	examined = ", ".join(f"{r.table}:{r.rows}" for r in rows)
	return keys, examined


def measure(repeats: int) -> list[tuple]:
	sample = frappe.db.sql(
		"""select r.tracking_code, r.mobile_no, r.phone_no, r.customer_name, r.service_agency, d.serial_no
		from `tabService Reception` r join `tabService Reception Device` d on d.parent = r.name
		where r.name like %s order by r.name desc limit 1""",
		(f"{SEARCH}%",),
		as_dict=True,
	)[0]
	agency = sample.service_agency
	month_start = get_datetime("2024-09-22")  # 1 Mehr 1403
	queries = [
		(
			"by tracking code",
			"select name from `tabService Reception` where tracking_code = %s",
			(sample.tracking_code,),
		),
		("by mobile", "select name from `tabService Reception` where mobile_no = %s", (sample.mobile_no,)),
		("by landline", "select name from `tabService Reception` where phone_no = %s", (sample.phone_no,)),
		(
			"by serial (device table)",
			"select parent from `tabService Reception Device` where serial_no = %s",
			(sample.serial_no,),
		),
		(
			"by customer name prefix",
			"select name from `tabService Reception` where customer_name like %s order by received_on desc limit 20",
			(sample.customer_name[:6] + "%",),
		),
		(
			"agency cartable: its 20 newest",
			"select name from `tabService Reception` where service_agency = %s order by received_on desc limit 20",
			(agency,),
		),
		(
			"agency open jobs in one status",
			"select count(*) from `tabService Reception` where service_agency = %s and status = %s",
			(agency, "ارجاع شده"),
		),
		(
			"register: one Jalali month",
			"select count(*) from `tabService Reception` where received_on >= %s and received_on < %s",
			(month_start, add_to_date(month_start, days=31)),
		),
	]
	results = []
	for label, sql, values in queries:
		median, p95 = timed(lambda sql=sql, values=values: frappe.db.sql(sql, values), repeats)
		key, examined = plan(sql, values)
		results.append((label, median, p95, key, examined))
	results.extend(measure_as_agency_user(agency, repeats))
	return results


def measure_as_agency_user(agency: str, repeats: int, user: str = "bsrch.agency@example.com") -> list[tuple]:
	"""The list view an agency user opens: Frappe's permission-aware list and count, with this
	app's permission_query_conditions, as a real portal user of a real agency."""
	user = portal_user_of(agency, user)
	frappe.set_user(user)
	try:
		list_view = timed(
			lambda: frappe.get_list(
				"Service Reception",
				fields=["name", "tracking_code", "status", "customer_name"],
				order_by="received_on desc",
				limit_page_length=20,
			),
			repeats,
		)
		count = timed(
			lambda: frappe.get_list(
				"Service Reception", fields=["count(*) as total"], limit_page_length=0, order_by=None
			),
			repeats,
		)
		visible = frappe.get_list("Service Reception", fields=["count(*) as total"], order_by=None)[0].total
	finally:
		frappe.set_user("Administrator")
	return [
		(
			"agency user's list view (get_list, 20 rows)",
			*list_view,
			"permission query",
			f"{visible:,} visible",
		),
		("agency user's list count (get_list count)", *count, "permission query", f"{visible:,} visible"),
	]
