"""Periodic service: the daily job over 100,000 plans.

    bench --site <any site> execute zhira_after_sales.benchmarks.periodic.run --kwargs "{'plans': 100000}"

Runs on any site with a company (ERPNext's setup wizard done, as on the demo site, or a test site
after `bench --site <site> execute zhira_after_sales.setup.install.before_tests`; without one it
stops before making anything and says so), also one where the demo data or the test suite made
plans, customers, devices, receptions and Maintenance Schedules of its own. What it generates is
named PSB-... (customers, devices, plans, receptions, Maintenance Schedules, 50 agencies, five items,
an item group, a guide, an SMS gateway); of the site's records it only reads the company, the
territories, service types and statuses and the settings. The daily job it runs acts on the
generated plans only: a plan of the site's own due today is left as it is.

It leaves the site as it found it, also when it fails midway (try/finally): every row it generated
and every record it and the job made are deleted (the production runs' receptions with their
rows, SMS Messages, ToDos, notifications, comments and versions; the plans' versions; make_plan's
plans and the Maintenance Schedules with their calendar Events, rolled back anyway, go too should
something have kept them), with its items, guide, agencies and gateway, and the settings it changed
are put back (SMS on, the other gateways' Default). What may stay: a naming-series counter the
production runs' receptions advanced, when other receptions were numbered after them meanwhile (the
receptions are deleted the newest first, each giving its number back; a counter the run started is
removed), and what a site logs as it is used (RQ jobs queued by the deletions, Scheduled Job Log,
sessions). The records of the kinds the job makes (receptions, SMS, ToDos, notifications, Events,
plans) created while it runs go by their creation time (footprint.leave_as_found): never run it on
a site people are using at the same time, what they make meanwhile would go too.

`keep=True` leaves the generated rows (put back as generated, with their items, guide and agencies)
for a second run of the same size, which reuses them instead of generating them again (18 minutes
at 100,000 plans); `remove` deletes them afterwards:

    bench --site <site> execute zhira_after_sales.benchmarks.periodic.run --kwargs "{'plans': 100000, 'keep': True}"
    bench --site <site> execute zhira_after_sales.benchmarks.periodic.remove

It fills the site by bulk insert with `plans` Periodic Service Plans made over the last `history_days`
(one a device, 4 to 8 visits 3 to 6 months apart, so a plan lasts two years), with their customers,
devices and past receptions, in the state the daily job would have left them in had it run every
day up to yesterday: past visits reminded `periodic_reminder_days` before, opened on their due date,
then done a few days to weeks later, skipped, or never done (overdue `periodic_grace_days` after the
due date); a few plans cancelled. Beside each plan it writes the ERPNext Maintenance Schedule a user
would otherwise keep for the device (one item row, the same visits as Maintenance Schedule Detail
rows, Pending until done), so the two selections of "what is due" read the same volume.

Then it measures `service_desk.periodic.run_daily` for "today" (the day the rows were generated):
the selection (`due_plans`) alone, timed, with EXPLAIN and the rows the server read; runs in one
transaction rolled back after each (commit=False: the same work, nothing kept), one counting the
queries and time of every plan it loads, one under tracemalloc for the peak memory, each with
`due_plans` and with the selection as it landed (`due_plans_as_landed`, for the record); then the
production run (commit=True, a commit per plan) and a second production run of the same day
(idempotent: it must change nothing). Sending an SMS is an RQ job pushed after the commit; the
push is replaced by a counter (no worker serves the benchmark site).

Beside it, ERPNext: making and submitting one Maintenance Schedule (generate_schedule and the
calendar Events its submit writes) against making one Periodic Service Plan for a device, and the
selection of the due Maintenance Schedule Detail rows. ERPNext has no daily job for maintenance
visits (its daily `serial_no.update_maintenance_status` only moves Serial Nos out of warranty or
AMC): a user works from the schedule's calendar Events and list filters.
"""

import contextlib
import datetime
import random
import resource
import statistics
import time
import tracemalloc

import frappe
from frappe.utils import add_days, getdate, now_datetime, nowdate
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.benchmarks.agency_cartable import rows_read
from zhira_after_sales.benchmarks.footprint import delete_like, leave_as_found
from zhira_after_sales.benchmarks.reception_search import plan as explain
from zhira_after_sales.benchmarks.reception_search import timed
from zhira_after_sales.messaging.doctype.sms_gateway.sms_gateway import clear_gateway_cache
from zhira_after_sales.messaging.doctype.sms_message import sms_message
from zhira_after_sales.service_desk import periodic
from zhira_after_sales.service_desk import periodic_rules as rules

MARK = "PSB-"  # names of generated rows start with this
CHUNK = 10_000
HISTORY_DAYS = 6 * 365  # plans were made over the last six years; a plan lasts about two
PLAN_DAYS = 730
CUSTOMERS_PER_PLAN = 0.8  # some customers have two or three devices under a plan
AGENCIES = 50
ITEMS = 5
SKIPPED_SHARE = 0.05  # of past visits: skipped by head office before their reception
NEVER_DONE_SHARE = 0.10  # of opened visits: the customer never let the agency in
CANCELLED_PLAN_SHARE = 0.02
EXTRA_DEVICES = 40  # devices without a plan, for making plans one by one
GROUP = f"{MARK}Heaters"
GUIDE_NAME = f"{MARK}Heater guide"
GATEWAY = f"{MARK}gateway"
AGENCY_FIELDS = [
	"name", "creation", "modified", "modified_by", "owner", "docstatus", "agency_code", "agency_name",
	"is_active", "mobile_no",
]  # fmt: skip
CUSTOMER_FIELDS = [
	"name", "creation", "modified", "modified_by", "owner", "docstatus", "customer_name", "customer_type",
	"customer_group", "territory", "mobile_no",
]  # fmt: skip


def run(
	plans: int = 100_000,
	history_days: int = HISTORY_DAYS,
	repeats: int = 25,
	seed: int = 1405,
	production_runs: bool = True,
	rounds: int = 3,
	keep: bool = False,
):
	"""Prints the figures; leaves the site as it found it (the module's docstring says what may
	stay). keep=True leaves the generated rows, as generated, for the next run of the same size
	(e.g. before and after a change to the job); production_runs=False skips the committed runs."""
	check_site()
	found = found_settings()
	try:
		# what the job and make_plan make goes by its creation time (the generated rows carry the
		# dates of the past they stand for, and go by their names below)
		with leave_as_found(MADE):
			measure(plans, history_days, repeats, seed, production_runs, rounds)
	finally:
		frappe.db.rollback()
		put_back(found, keep)
		frappe.db.commit()  # nosemgrep: a benchmark command, not a request


def measure(plans: int, history_days: int, repeats: int, seed: int, production_runs: bool, rounds: int):
	setup()
	today = generate(plans, history_days, seed)
	undo_today(today)
	config = periodic.settings()
	print(f"\nPeriodic service benchmark on {frappe.local.site} ({frappe.db.sql('select version()')[0][0]})")
	print(f"today {today}, settings {dict(config)}\n")
	acting = census(today, config)

	print("\n## The selection\n")
	print(
		"| query | median ms | p95 ms | rows returned | rows read | index used (plan) | rows examined (plan) |"
	)
	print("|---|---|---|---|---|---|---|")
	selection("the selection as it landed (850978d)", lambda: due_plans_as_landed(today, config), repeats)
	selection("due_plans (the daily job's selection)", lambda: periodic.due_plans(today, config), repeats)
	selection(
		"ERPNext: pending Maintenance Schedule Detail rows due by the same day",
		lambda: erpnext_due(rules.horizon(today, config.remind_days)),
		repeats,
	)
	selected = set(periodic.due_plans(today, config))
	print(
		f"\ndue_plans returns {len(selected):,} plans; of the {len(acting):,} with something to do today, "
		f"{len(acting - selected)} are missing from it"
	)

	print("\n## The daily job\n")
	with selecting(periodic.due_plans):
		dry_run(today, counted=True)  # warms the caches a worker that has run before would have
	variants = {
		"with the selection as it landed (850978d)": due_plans_as_landed,
		"with due_plans": periodic.due_plans,
	}
	runs = {label: [] for label in variants}
	for _round in range(rounds):  # alternately, so that other work on the machine hits both alike
		for label, select in variants.items():
			with selecting(select):
				runs[label].append(dry_run(today, counted=True))
	for label, select in variants.items():
		with selecting(select):
			peak_kib, rss_kib = dry_run(today, counted=False)
		print(f"\n### {label}\n")
		report_dry(runs[label], peak_kib, rss_kib)
	if production_runs:
		with selecting(periodic.due_plans):
			production(today)

	print("\n## One plan against one Maintenance Schedule\n")
	one_by_one(today, max(3, repeats // 2))


# --- the site before and after ------------------------------------------------------------------

# made through the app's and ERPNext's code during a run, deleted by creation time (with their
# versions and comments): the production runs' receptions, their SMS, referral ToDos and
# notifications, and the plans' versions; make_plan's plans and the Maintenance Schedules' calendar
# Events are rolled back, and go too should something have kept them
MADE = ("SMS Message", "ToDo", "Notification Log", "Service Reception", "Event", "Periodic Service Plan")
# the masters setup() makes, deleted by name
MASTERS = ("Service Guide", "Item", "Item Group", "SMS Gateway", "Service Agency")


def check_site():
	"""What the benchmark reads from the site and does not make: a clear message when it lacks it."""
	missing = []
	if not company():
		missing.append("a company (After Sales Settings' or the default)")
	for doctype in ("Item Group", "Customer Group", "Territory"):
		if not frappe.db.exists(doctype, {"is_group": 1}):
			missing.append(f"the {doctype} tree")
	if not frappe.db.exists("UOM", "Nos"):
		missing.append("the UOM Nos")
	if not frappe.db.exists("Service Status", {"category": "Completed"}) or not frappe.db.a_row_exists(
		"Service Type"
	):
		missing.append("the app's Service Statuses and Service Types (made when it is installed)")
	if missing:
		site = frappe.local.site
		frappe.throw(
			f"The periodic service benchmark needs {', '.join(missing)}, which {site} lacks. Complete "
			f"ERPNext's setup wizard on it, or make it a test site (a test company, fiscal year and "
			f"territories): bench --site {site} execute zhira_after_sales.setup.install.before_tests"
		)


def found_settings() -> frappe._dict:
	"""The settings a run changes, and the naming series there are before it."""
	return frappe._dict(
		sms_enabled=frappe.db.get_single_value("After Sales Settings", "sms_enabled"),
		gateways=frappe.get_all("SMS Gateway", fields=["name", "enabled", "is_default", "modified"]),
		series=set(frappe.db.sql_list("select name from `tabSeries`")),
	)


def put_back(found: frappe._dict, keep: bool):
	"""After leave_as_found: the generated rows (kept as generated, with keep), the SMS gateway, the
	settings, and the naming series the run started."""
	if keep:
		today = generated_today()
		if today:
			undo_today(today)
	else:
		remove_rows()
		remove_masters()
	remove_gateway()
	if frappe.db.get_single_value("After Sales Settings", "sms_enabled") != found.sms_enabled:
		frappe.db.set_single_value(
			"After Sales Settings", "sms_enabled", found.sms_enabled, update_modified=False
		)
	for row in found.gateways:
		now = frappe.db.get_value("SMS Gateway", row.name, ["enabled", "is_default"], as_dict=True)
		if now and (now.enabled, now.is_default) != (row.enabled, row.is_default):
			frappe.db.set_value(
				"SMS Gateway",
				row.name,
				{"enabled": row.enabled, "is_default": row.is_default, "modified": row.modified},
				update_modified=False,
			)
	clear_gateway_cache()
	# a counter the run started and gave back (its receptions deleted, the last first) goes; one in
	# use before stays as it is, advanced if other receptions were made after the run's
	started = [
		name for name in frappe.db.sql_list("select name from `tabSeries` where current = 0")
		if name not in found.series
	]  # fmt: skip
	if started:
		frappe.db.delete("Series", {"name": ("in", started)})


def generated_today() -> datetime.date | None:
	made = frappe.db.sql(
		"select min(creation) from `tabPeriodic Service Plan` where name like %s", f"{MARK}%"
	)[0][0]
	return getdate(made) if made else None


# --- the world ----------------------------------------------------------------------------------


def setup():
	"""Items, a guide, agencies, SMS on with a gateway of its own; idempotent."""
	from zhira_after_sales.tests.factories import make_item, make_item_group

	make_item_group(GROUP)
	for i in range(ITEMS):
		make_item(f"{MARK}HEATER-{i}", GROUP)
	service_type = service_types()[0]
	if not frappe.db.exists("Service Guide", GUIDE_NAME):
		frappe.get_doc(
			{
				"doctype": "Service Guide",
				"guide_name": GUIDE_NAME,
				"applies_to": "Item Group",
				"item_group": GROUP,
				"is_active": 1,
				"tasks": [
					{"task": "Inspection", "service_type": service_type, "every_months": 6, "occurrences": 4},
					{
						"task": "Filter change",
						"service_type": service_type,
						"every_months": 12,
						"occurrences": 2,
					},
				],
			}
		).insert(ignore_permissions=True)
	now = frappe.utils.now()
	frappe.db.bulk_insert(
		"Service Agency",
		AGENCY_FIELDS,
		[
			(code, now, now, "Administrator", "Administrator", 0, code, f"Bench agency {i:02d}", 1, mobile)
			for i in range(AGENCIES)
			for code, mobile in [(agency(i), f"+98915{i:07d}")]
		],
		ignore_duplicates=True,
	)
	if not frappe.db.exists("SMS Gateway", GATEWAY):
		frappe.get_doc(
			{
				"doctype": "SMS Gateway",
				"gateway_name": GATEWAY,
				"provider": "Kavenegar",
				"base_url": "http://127.0.0.1:9/",
				"api_key": "bench",
				"sender": "10001000",
				"enabled": 1,
				"is_default": 1,
				"rate_limit": 0,
			}
		).insert(ignore_permissions=True)
	frappe.db.set_single_value("After Sales Settings", "sms_enabled", 1, update_modified=False)
	frappe.db.commit()  # nosemgrep: a benchmark command, not a request


def agency(i: int) -> str:
	return f"{MARK}AG-{i:02d}"


def service_types() -> list[str]:
	return frappe.get_all("Service Type", pluck="name", order_by="name") or ["Periodic Service"]


def territories() -> list[str]:
	return frappe.get_all("Territory", {"is_group": 0}, pluck="name", order_by="name")[:30] or [
		get_root_of("Territory")
	]


def generate(plans: int, history_days: int, seed: int) -> datetime.date:
	"""Bulk-insert the plans unless they are there; returns their "today"."""
	if frappe.db.exists("Periodic Service Plan", f"{MARK}P{plans - 1:07d}") and not frappe.db.exists(
		"Periodic Service Plan", f"{MARK}P{plans:07d}"
	):
		return generated_today()
	remove_rows()
	today = getdate(nowdate())
	config = periodic.settings()
	rng = random.Random(seed)
	started = time.perf_counter()
	world = frappe._dict(
		today=today,
		remind=datetime.timedelta(days=config.remind_days),
		grace=config.grace_days,
		territories=territories(),
		service_type=service_types()[0],
		item_codes=[f"{MARK}HEATER-{i}" for i in range(ITEMS)],
		completed=frappe.db.get_value("Service Status", {"category": "Completed"}, "name"),
		opened=frappe.db.get_single_value("After Sales Settings", "referral_status")
		or frappe.get_all("Service Status", pluck="name", order_by="sort_order asc", limit=1)[0],
		anchor=f"{today} 00:00:00",
		customers=max(1, int(plans * CUSTOMERS_PER_PLAN)),
		company=company(),
	)
	customers(world, rng)
	for chunk_start in range(0, plans + EXTRA_DEVICES, CHUNK):
		rows = Rows()
		for n in range(chunk_start, min(chunk_start + CHUNK, plans + EXTRA_DEVICES)):
			one_plan(world, rng, n, rows, with_plan=n < plans)
		rows.insert()
		frappe.db.commit()  # nosemgrep: a benchmark command, not a request
	frappe.db.sql(
		"""analyze table `tabPeriodic Service Plan`, `tabPeriodic Service Visit`, `tabCustomer Device`,
		`tabService Reception`, `tabMaintenance Schedule`, `tabMaintenance Schedule Detail`"""
	)
	print(f"generated {plans:,} plans in {time.perf_counter() - started:.0f} s")
	return today


class Rows:
	TABLES = {
		"Customer Device": [
			"name", "creation", "modified", "modified_by", "owner", "docstatus", "naming_series", "item",
			"item_name", "item_group", "serial_no", "status", "customer", "customer_name", "territory",
			"sold_on",
		],
		"Periodic Service Plan": [
			"name", "creation", "modified", "modified_by", "owner", "docstatus", "naming_series",
			"customer_device", "item", "item_name", "serial_no", "status", "start_date", "next_due_date",
			"customer", "customer_name", "mobile_no", "territory", "service_agency", "service_guide",
		],
		"Periodic Service Visit": [
			"name", "creation", "modified", "modified_by", "owner", "docstatus", "idx", "parent",
			"parentfield", "parenttype", "task", "due_date", "service_type", "status", "service_reception",
			"reminded_on", "reception_created_on", "done_on", "skip_reason", "overdue_on",
		],
		"Service Reception": [
			"name", "creation", "modified", "modified_by", "owner", "docstatus", "naming_series", "status",
			"received_on", "channel", "mobile_no", "customer", "customer_name", "territory",
			"service_agency", "closed_on",
		],
		"Maintenance Schedule": [
			"name", "creation", "modified", "modified_by", "owner", "docstatus", "naming_series",
			"customer", "customer_name", "status", "transaction_date", "company",
		],
		"Maintenance Schedule Item": [
			"name", "creation", "modified", "modified_by", "owner", "docstatus", "idx", "parent",
			"parentfield", "parenttype", "item_code", "item_name", "start_date", "end_date", "periodicity",
			"no_of_visits", "serial_no",
		],
		"Maintenance Schedule Detail": [
			"name", "creation", "modified", "modified_by", "owner", "docstatus", "idx", "parent",
			"parentfield", "parenttype", "item_code", "item_name", "scheduled_date", "actual_date",
			"serial_no", "completion_status",
		],
	}  # fmt: skip

	def __init__(self):
		self.rows = {doctype: [] for doctype in self.TABLES}

	def add(self, doctype: str, *values):
		self.rows[doctype].append(values)

	def insert(self):
		for doctype, fields in self.TABLES.items():
			if self.rows[doctype]:
				frappe.db.bulk_insert(doctype, fields, self.rows[doctype], chunk_size=CHUNK)


def customer_of(n: int) -> tuple[str, str, str]:
	"""(name, customer_name, mobile) of customer n."""
	return f"{MARK}C{n:07d}", f"مشتری {n}", f"+98912{n:07d}"


def customers(world, rng):
	group, now = get_root_of("Customer Group"), world.anchor
	for chunk_start in range(0, world.customers, CHUNK):
		rows = []
		for n in range(chunk_start, min(chunk_start + CHUNK, world.customers)):
			name, customer_name, mobile = customer_of(n)
			rows.append(
				(
					name,
					now,
					now,
					"Administrator",
					"Administrator",
					0,
					customer_name,
					"Individual",
					group,
					rng.choice(world.territories),
					mobile,
				)
			)
		frappe.db.bulk_insert(
			"Customer",
			CUSTOMER_FIELDS,
			rows,
			chunk_size=CHUNK,
		)
	frappe.db.commit()  # nosemgrep: a benchmark command, not a request


def one_plan(world, rng, n: int, rows: Rows, with_plan: bool):
	"""Device n and, with_plan, its plan as yesterday's daily run left it, and its ERPNext twin."""
	today, now, user = world.today, world.anchor, "Administrator"
	customer, customer_name, mobile = customer_of(rng.randrange(world.customers))
	territory, item = rng.choice(world.territories), rng.choice(world.item_codes)
	device, serial = f"{MARK}D{n:07d}", f"{MARK}SN{n:07d}"
	start = add_days(today, -rng.randrange(HISTORY_DAYS if with_plan else 30))
	rows.add(
		"Customer Device",
		device, now, now, user, user, 0, "DEV-.#####", item, item, GROUP, serial, "In Use", customer,
		customer_name, territory, start,
	)  # fmt: skip
	if not with_plan:
		return
	name, service_agency = f"{MARK}P{n:07d}", agency(rng.randrange(AGENCIES))
	count = rng.randint(4, 8)
	every = PLAN_DAYS // count
	cancelled = rng.random() < CANCELLED_PLAN_SHARE
	open_dues, pending = [], []
	for k in range(1, count + 1):
		due = add_days(start, every * k)
		visit = past_visit(world, rng, due) if not cancelled else frappe._dict(status=rules.PLANNED)
		if visit.status in rules.OPEN:
			open_dues.append(due)
		reception = None
		if visit.opened:
			reception = f"{MARK}R{n:07d}-{k}"
			rows.add(
				"Service Reception",
				reception, visit.opened, visit.done_on or visit.opened, user, user, 0, "REC-.#######",
				world.completed if visit.done_on else world.opened, visit.opened, "Periodic", mobile,
				customer, customer_name, territory, service_agency, visit.done_on,
			)  # fmt: skip
		task = "Filter change" if k % 2 == 0 else "Inspection"
		rows.add(
			"Periodic Service Visit",
			f"{name}-{k}", now, now, user, user, 0, k, name, "visits", "Periodic Service Plan", task, due,
			world.service_type, visit.status, reception, visit.reminded_on, visit.opened, visit.done_on,
			visit.skip_reason, visit.overdue_on,
		)  # fmt: skip
		done = visit.status in (rules.DONE, rules.SKIPPED)
		pending.append((due, visit.done_on if visit.status == rules.DONE else None, done))
	status = "Cancelled" if cancelled else ("Active" if open_dues else "Completed")
	rows.add(
		"Periodic Service Plan",
		name, now, now, user, user, 0, "PSP-.#######", device, item, item, serial, status, start,
		min(open_dues, default=None), customer, customer_name, mobile, territory, service_agency,
		GUIDE_NAME,
	)  # fmt: skip
	schedule = f"{MARK}MS{n:07d}"
	rows.add(
		"Maintenance Schedule",
		schedule, now, now, user, user, 2 if cancelled else 1, "MAT-MSH-.YYYY.-", customer, customer_name,
		"Cancelled" if cancelled else "Submitted", start, world.company,
	)  # fmt: skip
	periodicity = {4: "Half Yearly", 8: "Quarterly"}.get(count, "Random")
	rows.add(
		"Maintenance Schedule Item",
		f"{schedule}-i", now, now, user, user, 2 if cancelled else 1, 1, schedule, "items",
		"Maintenance Schedule", item, item, add_days(start, every), add_days(start, every * count),
		periodicity, count, serial,
	)  # fmt: skip
	for k, (due, actual, done) in enumerate(pending, start=1):
		rows.add(
			"Maintenance Schedule Detail",
			f"{schedule}-{k}", now, now, user, user, 2 if cancelled else 1, k, schedule, "schedules",
			"Maintenance Schedule", item, item, due, actual, serial, "Fully Completed" if done else "Pending",
		)  # fmt: skip


def company() -> str:
	from zhira_after_sales.tests.factories import company as default_company

	return default_company()


def past_visit(world, rng, due) -> frappe._dict:
	"""A visit due on `due` as the daily job and the agencies left it at the end of yesterday."""
	today, remind = world.today, world.remind
	at_eight = datetime.time(8, 0)
	visit = frappe._dict(status=rules.PLANNED, opened=None, done_on=None, reminded_on=None)
	if due >= today + remind:  # due == today + remind: reminded today
		return visit
	visit.reminded_on = datetime.datetime.combine(due - remind, at_eight)
	if due >= today:  # due == today: opened today
		visit.status = rules.REMINDED
		return visit
	if rng.random() < SKIPPED_SHARE:
		return frappe._dict(
			status=rules.SKIPPED, opened=None, done_on=None, reminded_on=visit.reminded_on,
			skip_reason="Bench: the customer was away",
		)  # fmt: skip
	visit.opened = datetime.datetime.combine(due, at_eight)
	roll = rng.random()
	if roll >= NEVER_DONE_SHARE:
		lag = rng.randint(1, 10) if roll < 0.85 else rng.randint(11, 40)
		if add_days(due, lag) < today:
			visit.status, visit.done_on = rules.DONE, add_days(due, lag)
			return visit
	# not done by yesterday: overdue on the first run after the grace days (today for the due
	# date today - grace - 1)
	if add_days(due, world.grace + 1) < today:
		visit.status, visit.overdue_on = rules.OVERDUE, add_days(due, world.grace + 1)
	else:
		visit.status = rules.RECEPTION_CREATED
	return visit


# --- measurements -------------------------------------------------------------------------------


def census(today, config):
	plans = dict(
		frappe.db.sql(
			"select status, count(*) from `tabPeriodic Service Plan` where name like %s group by status",
			f"{MARK}%",
		)
	)
	visits = dict(
		frappe.db.sql(
			"select status, count(*) from `tabPeriodic Service Visit` where parent like %s group by status",
			f"{MARK}%",
		)
	)
	print(
		f"{sum(plans.values()):,} plans ({', '.join(f'{k} {v:,}' for k, v in plans.items())}); "
		f"{sum(visits.values()):,} visits ({', '.join(f'{k} {v:,}' for k, v in visits.items())}); "
		f"{frappe.db.count('Service Reception'):,} receptions, "
		f"{frappe.db.count('Maintenance Schedule Detail'):,} Maintenance Schedule Detail rows"
	)
	due = frappe.db.sql(
		"""select visit.status, visit.due_date, visit.service_reception, visit.parent
		from `tabPeriodic Service Visit` visit join `tabPeriodic Service Plan` plan on plan.name = visit.parent
		where plan.status = 'Active' and visit.status in ('Planned', 'Reminded', 'Reception Created')
			and visit.due_date <= %s""",
		rules.horizon(today, config.remind_days),
	)
	acting, by_action = set(), {}
	for status, due_date, reception, parent in due:
		actions = rules.actions_for(
			status,
			getdate(due_date),
			today,
			config.remind_days,
			config.grace_days,
			config.reception_on,
			has_reception=bool(reception),
		)
		for action in actions:
			by_action[action] = by_action.get(action, 0) + 1
		if actions:
			acting.add(parent)
	selected = {row[3] for row in due}
	print(
		f"today: {len(selected):,} plans have an open visit due by the reminder horizon, "
		f"{len(acting):,} of them have something to do ({by_action})"
	)
	return acting


def due_plans_as_landed(today, config) -> list[str]:
	"""periodic.due_plans as it landed (commit 850978d): every plan with a visit not done and due by
	the reminder's lead, including the ones reminded and waiting for their day and the ones opened
	and within their grace days, which have nothing to do today."""
	return frappe.db.sql_list(
		"""
		select distinct visit.parent
		from `tabPeriodic Service Visit` visit
		join `tabPeriodic Service Plan` plan on plan.name = visit.parent
		where visit.parenttype = 'Periodic Service Plan'
			and visit.status in ('Planned', 'Reminded', 'Reception Created')
			and visit.due_date <= %(horizon)s
			and plan.status = 'Active'
		order by visit.parent
		""",
		{"horizon": rules.horizon(today, config.remind_days)},
	)


def erpnext_due(horizon) -> list[str]:
	"""The same question asked of ERPNext's Maintenance Schedules: schedules with a visit not done
	and due by `horizon`."""
	return frappe.db.sql_list(
		"""
		select distinct detail.parent
		from `tabMaintenance Schedule Detail` detail
		join `tabMaintenance Schedule` schedule on schedule.name = detail.parent
		where detail.parenttype = 'Maintenance Schedule'
			and detail.completion_status = 'Pending'
			and detail.scheduled_date <= %(horizon)s
			and schedule.docstatus = 1
		order by detail.parent
		""",
		{"horizon": horizon},
	)


def selection(label: str, fn, repeats: int):
	queries = recorded(fn)
	sql, values = queries[-1]
	read = rows_read(fn)
	median, p95 = timed(fn, repeats)
	key, examined = explain(sql, values)
	print(f"| {label} | {median:.2f} | {p95:.2f} | {len(fn()):,} | {read:,} | {key} | {examined} |")


def recorded(fn) -> list[tuple]:
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


class Counting:
	"""Counts frappe.db.sql calls (every query goes through it), per plan the job acts on, and the
	SMS send jobs it would push; puts everything back on exit."""

	def __init__(self, per_plan: bool):
		self.per_plan, self.queries, self.plans, self.pushes = per_plan, 0, [], 0

	def __enter__(self):
		self.sql, self.act, self.push = frappe.db.sql, periodic.act_on_plan, sms_message.enqueue_send

		def sql(*args, **kwargs):
			self.queries += 1
			return self.sql(*args, **kwargs)

		def act(name, today, config):
			queries, begin = self.queries, time.perf_counter()
			done = self.act(name, today, config)
			self.plans.append((tuple(done), self.queries - queries, (time.perf_counter() - begin) * 1000))
			return done

		def push(name):
			self.pushes += 1

		frappe.db.sql = sql
		sms_message.enqueue_send = push
		if self.per_plan:
			periodic.act_on_plan = act
		return self

	def __exit__(self, *exc):
		frappe.db.sql, periodic.act_on_plan, sms_message.enqueue_send = self.sql, self.act, self.push


def dry_run(today, counted: bool):
	"""run_daily(commit=False) in a transaction rolled back at the end. counted: the queries and time
	of each plan; else the peak Python memory (tracemalloc) and the process's peak RSS."""
	frappe.db.commit()  # nosemgrep: a benchmark command, not a request
	try:
		with Counting(per_plan=counted) as counter:
			if counted:
				begin = time.perf_counter()
				counts = periodic.run_daily(today, commit=False)
				seconds = time.perf_counter() - begin
				return frappe._dict(
					counts=counts,
					seconds=seconds,
					queries=counter.queries,
					plans=counter.plans,
					pushes=counter.pushes,
				)
			tracemalloc.start()
			try:
				periodic.run_daily(today, commit=False)
				peak = tracemalloc.get_traced_memory()[1] / 1024
			finally:
				tracemalloc.stop()
			return peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
	finally:
		frappe.db.rollback()


@contextlib.contextmanager
def selecting(select):
	"""run_daily with `select` as its selection, less the site's own plans (a site with plans of its
	own due today keeps them as they are; the query and its result are the same, the filter is a
	generator over them)."""

	def generated(today, config):
		return (name for name in select(today, config) if name.startswith(MARK))

	saved, periodic.due_plans = periodic.due_plans, generated
	try:
		yield
	finally:
		periodic.due_plans = saved


def report_dry(runs: list, peak_kib: float, rss_kib: int):
	r = runs[-1]
	acted = [p for p in r.plans if p[0]]
	print(
		f"run_daily(today, commit=False), rolled back, {len(runs)} runs: "
		f"{', '.join(f'{run.seconds:.1f}' for run in runs)} s (median "
		f"{statistics.median(run.seconds for run in runs):.1f} s), {r.queries:,} queries, result {r.counts}, "
		f"{r.pushes:,} SMS send jobs; {len(r.plans):,} plans loaded, {len(acted):,} acted on, "
		f"{len(r.plans) - len(acted):,} with nothing to do"
	)
	print(f"peak Python memory (tracemalloc) {peak_kib:,.0f} KiB; process peak RSS {rss_kib / 1024:,.0f} MiB")
	print(f"per plan, the {len(runs)} runs together:\n")
	print(
		"| what the job did with the plan | plans (one run) | queries per plan (median) | p95 "
		"| ms per plan (median) | p95 | s per run |"
	)
	print("|---|---|---|---|---|---|---|")
	groups = {}
	for run in runs:
		for actions, queries, ms in run.plans:
			label = " + ".join(actions) or "nothing (loaded, locked, left)"
			groups.setdefault(label, []).append((queries, ms))
			if actions:
				groups.setdefault("all acted on", []).append((queries, ms))
	groups["all acted on"] = groups.pop("all acted on", [])
	for label, samples in groups.items():
		queries = sorted(q for q, _ms in samples)
		times = sorted(ms for _q, ms in samples)
		print(
			f"| {label} | {len(samples) // len(runs):,} | {statistics.median(queries):.0f} | "
			f"{p95(queries):.0f} | {statistics.median(times):.1f} | {p95(times):.1f} | "
			f"{sum(times) / 1000 / len(runs):.1f} |"
		)


def p95(values: list) -> float:
	return values[max(0, int(len(values) * 0.95) - 1)]


def production(today):
	"""run_daily(today) as the scheduler runs it (a commit per plan), twice: the second run of the
	day must find nothing to do."""
	for label in ("production run", "second run, same day"):
		with Counting(per_plan=False) as counter:
			begin = time.perf_counter()
			counts = periodic.run_daily(today)
			seconds = time.perf_counter() - begin
		print(
			f"{label}: run_daily(today) {seconds:.1f} s, {counter.queries:,} queries, result {counts}, "
			f"{counter.pushes:,} SMS send jobs"
		)


def one_by_one(today, repeats: int):
	"""Making one plan (make_plan) against making and submitting one Maintenance Schedule with the
	same visits (generate_schedule, and its submit's calendar Events), rolled back at the end."""
	devices = frappe.get_all(
		"Customer Device",
		{"name": ("like", f"{MARK}D%")},
		["name", "customer", "item", "serial_no"],
		order_by="name desc",
		limit=EXTRA_DEVICES,
	)
	devices = [d for d in devices if not periodic.active_plan(d.name)][: 2 * repeats]
	ours, theirs = [], []
	try:
		for device in devices[:repeats]:
			with Counting(per_plan=False) as counter:
				begin = time.perf_counter()
				periodic.make_plan(device.name)
				ours.append(((time.perf_counter() - begin) * 1000, counter.queries))
		for device in devices[repeats:]:
			with Counting(per_plan=False) as counter:
				begin = time.perf_counter()
				maintenance_schedule(device, today)
				theirs.append(((time.perf_counter() - begin) * 1000, counter.queries))
	finally:
		frappe.db.rollback()
	print("| what | n | median ms | p95 ms | queries (median) |")
	print("|---|---|---|---|---|")
	for label, samples in (
		("make_plan(device): a Periodic Service Plan, 6 visits from the guide (2 tasks)", ours),
		(
			"ERPNext Maintenance Schedule, 1 item, 6 visits: insert (generate_schedule) + submit (6 Events)",
			theirs,
		),
	):
		times = sorted(ms for ms, _q in samples)
		queries = sorted(q for _ms, q in samples)
		print(
			f"| {label} | {len(samples)} | {statistics.median(times):.1f} | {p95(times):.1f} | "
			f"{statistics.median(queries):.0f} |"
		)


def maintenance_schedule(device, today):
	schedule = frappe.get_doc(
		{
			"doctype": "Maintenance Schedule",
			"customer": device.customer,
			"company": company(),
			"transaction_date": today,
			"items": [
				{
					"item_code": device.item,
					"start_date": today,
					"end_date": add_days(today, 730),
					"periodicity": "Quarterly",
					"no_of_visits": 6,
					"serial_no": device.serial_no,
				}
			],
		}
	)
	schedule.generate_schedule()
	schedule.insert(ignore_permissions=True)
	schedule.submit()
	return schedule.name


def undo_today(today):
	"""Put the generated plans back as yesterday's run left them, undoing earlier runs of the job on
	`today` (this benchmark's production runs): the day can be measured again."""
	like, start = f"{MARK}%", f"{today} 00:00:00"
	delete_made_receptions()
	visits = "update `tabPeriodic Service Visit` set {} where parent like %s and {}"
	undone = [
		# in this order: a visit opened today was reminded before today; none is opened and overdue
		("status = 'Reception Created', overdue_on = null", "overdue_on = %s", today),
		(
			"status = 'Reminded', service_reception = null, reception_created_on = null",
			"reception_created_on >= %s",
			start,
		),
		("status = 'Planned', reminded_on = null", "status = 'Reminded' and reminded_on >= %s", start),
	]
	for assignment, condition, value in undone:
		frappe.db.sql(visits.format(assignment, condition), (like, value))  # nosemgrep
	frappe.db.commit()  # nosemgrep: a benchmark command, not a request


def delete_made_receptions():
	"""The receptions the job opened for the generated plans, with their rows, SMS, ToDos,
	notifications, versions and comments; and the SMS, versions, comments and error logs of the
	generated plans (a run that could not clean up after itself)."""
	like = f"{MARK}%"
	made = frappe.db.sql_list(
		"select name from `tabService Reception` where customer like %s and name not like %s", (like, like)
	)
	children = [df.options for df in frappe.get_meta("Service Reception").get_table_fields()]
	for chunk in range(0, len(made), CHUNK):
		names = made[chunk : chunk + CHUNK]
		for child in children:
			frappe.db.delete(child, {"parent": ("in", names), "parenttype": "Service Reception"})
		for doctype, field in (
			("SMS Message", "reference_name"),
			("ToDo", "reference_name"),
			("Notification Log", "document_name"),
			("Version", "docname"),
			("Comment", "reference_name"),
		):
			frappe.db.delete(doctype, {field: ("in", names)})
		frappe.db.delete("Service Reception", {"name": ("in", names)})
	frappe.db.sql("delete from `tabSMS Message` where reference_name like %s", like)
	frappe.db.sql(
		"delete from `tabVersion` where ref_doctype = %s and docname like %s", (periodic.PLAN, like)
	)
	frappe.db.sql(
		"delete from `tabComment` where reference_doctype = %s and reference_name like %s",
		(periodic.PLAN, like),
	)
	frappe.db.sql(
		"delete from `tabError Log` where reference_doctype = %s and reference_name like %s",
		(periodic.PLAN, like),
	)


def remove():
	"""Delete what run(keep=True) left: every generated row, with its items, guide and agencies."""
	remove_rows()
	remove_masters()
	remove_gateway()
	frappe.db.commit()  # nosemgrep: a benchmark command, not a request
	print("removed")


def remove_masters():
	"""The agencies, guide, items and item group setup() made, with their versions and comments."""
	began = now_datetime()
	frappe.db.delete("Service Agency", {"name": ("like", f"{MARK}%")})
	masters = [("Service Guide", GUIDE_NAME)]
	masters += [("Item", f"{MARK}HEATER-{i}") for i in range(ITEMS)] + [("Item Group", GROUP)]
	for doctype, name in masters:
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, delete_permanently=True)
	remove_history(began)


def remove_gateway():
	"""The benchmark's SMS gateway, with what it carried (the other gateways are put back by run)."""
	began = now_datetime()
	frappe.db.delete("SMS Message", {"gateway": GATEWAY})
	if frappe.db.exists("SMS Gateway", GATEWAY):
		frappe.delete_doc(
			"SMS Gateway", GATEWAY, force=True, ignore_permissions=True, delete_permanently=True
		)
	remove_history(began)


def remove_history(began):
	"""The versions and comments of the masters named MARK..., and the "Deleted" comments their
	deletion since `began` left (those name the record in their subject only)."""
	like = f"{MARK}%"
	frappe.db.delete("Version", {"ref_doctype": ("in", MASTERS), "docname": ("like", like)})
	frappe.db.delete("Comment", {"reference_doctype": ("in", MASTERS), "reference_name": ("like", like)})
	frappe.db.delete(
		"Comment",
		{
			"reference_doctype": ("in", MASTERS),
			"comment_type": "Deleted",
			"creation": (">=", began),
			"subject": ("like", f"% {like}"),
		},
	)


def remove_rows():
	"""Delete the generated plans, devices, customers, receptions and Maintenance Schedules, and what
	the job and make_plan made for them."""
	like = f"{MARK}%"
	delete_made_receptions()
	made = frappe.db.sql_list(  # plans made for the generated devices by make_plan, if kept
		"select name from `tabPeriodic Service Plan` where customer_device like %s and name not like %s",
		(like, like),
	)
	if made:
		frappe.db.delete("Periodic Service Visit", {"parent": ("in", made)})
		frappe.db.delete("Periodic Service Plan", {"name": ("in", made)})
	for doctype, field in (
		("Maintenance Schedule Detail", "parent"),
		("Maintenance Schedule Item", "parent"),
		("Maintenance Schedule", "name"),
		("Periodic Service Visit", "parent"),
		("Periodic Service Plan", "name"),
		("Service Reception", "name"),
		("Customer Device", "name"),
		("Customer", "name"),
	):
		delete_like(doctype, field, like)
