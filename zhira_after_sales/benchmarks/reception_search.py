"""Reception search at a realistic volume.

    bench --site <a throwaway site> execute zhira_after_sales.benchmarks.reception_search.run \
        --kwargs "{'rows': 1000000}"

Fills the site with `rows` receptions (1.3 devices each) by bulk insert, then times the searches an
operator and an agency make and prints each query's plan (EXPLAIN). Never run it on a real site:
the rows it adds are not real documents (no customers, no version history).
"""

import random
import statistics
import time

import frappe
from frappe.utils import add_to_date, get_datetime

from zhira_after_sales.service_desk import tracking

AGENCIES = 200
CUSTOMERS_PER_RECEPTION = 0.2
CHUNK = 10_000
MARK = "BENCH-"  # names of generated rows start with this


def run(rows: int = 1_000_000, repeats: int = 25):
	existing = frappe.db.count("Service Reception", {"name": ("like", f"{MARK}%")})
	if existing < rows:
		generate(rows - existing, start=existing)
	frappe.db.sql("analyze table `tabService Reception`, `tabService Reception Device`")
	results = measure(repeats)
	total = frappe.db.count("Service Reception")
	print(f"\n{total:,} receptions, {frappe.db.count('Service Reception Device'):,} device rows\n")
	print("| search | median ms | p95 ms | index used | rows examined (plan) |")
	print("|---|---|---|---|---|")
	for label, median, p95, key, examined in results:
		print(f"| {label} | {median:.2f} | {p95:.2f} | {key} | {examined} |")


def generate(count: int, start: int = 0):
	rng = random.Random(1405 + start)
	statuses = frappe.get_all("Service Status", pluck="name")
	territories = frappe.get_all("Territory", {"phone_area_code": ("is", "set")}, pluck="name")
	items = frappe.get_all("Item", {"is_stock_item": 1}, pluck="name")[:50] or ["BENCH-ITEM"]
	service_types = frappe.get_all("Service Type", pluck="name")
	agencies = [f"{MARK}AG-{i:03d}" for i in range(AGENCIES)]
	customers = max(1, int((start + count) * CUSTOMERS_PER_RECEPTION))
	first_names = ["مریم", "محمد", "زهرا", "علی", "فاطمه", "حسن", "سارا", "رضا", "نرگس", "امید"]
	last_names = ["حسینی", "رضایی", "کاظمی", "اکبری", "موسوی", "نجفی", "قاسمی", "طاهری", "شریفی", "فرهادی"]
	codes = set(frappe.get_all("Service Reception", pluck="tracking_code"))
	epoch = get_datetime("2024-03-20 08:00:00")
	now = frappe.utils.now()
	reception_fields = [
		"name", "creation", "modified", "modified_by", "owner", "docstatus", "idx", "naming_series",
		"tracking_code", "status", "received_on", "channel", "mobile_no", "customer", "customer_name",
		"phone_no", "territory", "service_agency", "phone_search",
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
			name = f"{MARK}{n:08d}"
			received = add_to_date(epoch, minutes=n // 2 + rng.randrange(60))
			landline = f"+9821{rng.randrange(10**8):08d}"
			receptions.append(
				(
					name, now, now, "Administrator", "Administrator", 0, 0, "REC-.#######", code,
					rng.choice(statuses), received, "Phone", mobile, f"{MARK}C{customer:07d}",
					f"{rng.choice(first_names)} {rng.choice(last_names)}", landline, rng.choice(territories),
					rng.choice(agencies), f"0{mobile[3:]} 0{landline[3:]}",
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
		(f"{MARK}%",),
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


def measure_as_agency_user(agency: str, repeats: int) -> list[tuple]:
	"""The list view an agency user opens: Frappe's permission-aware list and count, with this
	app's permission_query_conditions, as a real portal user of a real agency."""
	from zhira_after_sales.tests.factories import make_agency, make_user

	user = make_user("bench.agency@example.com")
	if not frappe.db.exists("Service Agency", agency):
		make_agency(agency, "Benchmark Agency", users=(user,))
		frappe.db.commit()  # nosemgrep: a benchmark command
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
