"""One generator for the whole national data set, by bulk insert.

    bench --site <a throwaway site> zhira-generate-data --size small [--receptions 200000 ...]
    bench --site <a throwaway site> zhira-generate-data --remove

or from Python: `generate("tiny", seed=1405, receptions=100)` and `remove()`.

What `full` makes (every size is a parameter; `small` is about a twentieth, `tiny` a few dozen):
300 Service Agencies spread over Iran's 31 provinces (the Territory records the app installs),
1,500 Service Technicians, 300,000 ERPNext Customers each with a Contact holding the mobile (Contact
Phone, Dynamic Link), 600,000 Customer Devices each with its Warranty Card, 1,000,000 Service
Receptions with 1.3 devices each (Service Reception Device rows) over three Jalali years (from
1 Farvardin two years before the current one up to now), 150,000 submitted Service Invoices with
their service and part rows, 3,000,000 SMS Messages (three per reception: registration, referral
and its last change), 40,000 Complaints, 200,000 Survey Responses and 100,000 Periodic Service Plans.

The rows are written straight into the tables in chunks of multi-row INSERTs, one commit per
chunk: no controller runs, so nothing a controller makes as a side effect exists. In particular
the ERPNext documents an invoice's approval posts (Purchase Invoice, Stock Entry, Sales Invoice,
GL and stock ledger entries) are NOT generated: approved invoices carry no links to postings.
Neither are: status logs, referral rows, survey answers, periodic visits, complaint follow-ups,
ERPNext Serial Nos, Users for agencies and technicians (receptions have no accepted_by), Version
rows or the global search index.

Every generated row's name starts with MARK ("BENCH-"), so `remove()` finds and deletes them all;
the receptions' lifecycle (referred, accepted, completed or cancelled, some stuck) is the one of
reception_search.Lifecycle. Adds unreal rows: never run it on a real site.
"""

import bisect
import datetime
import itertools
import random
import time

import frappe
from frappe.utils import add_days, add_months, get_datetime, getdate, now_datetime
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.benchmarks.footprint import delete_like
from zhira_after_sales.benchmarks.reception_search import AGENCY_SKEW, MARK, Lifecycle, agency_code
from zhira_after_sales.service_desk import tracking
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.provinces import PROVINCES
from zhira_after_sales.warranty import lifecycle as card_lifecycle

FULL = {
	"agencies": 300,
	"technicians": 1_500,
	"customers": 300_000,
	"warranty_cards": 600_000,  # one Customer Device each
	"receptions": 1_000_000,
	"service_invoices": 150_000,
	"sms_messages": 3_000_000,
	"complaints": 40_000,
	"survey_responses": 200_000,
	"periodic_service_plans": 100_000,
}
SIZES = {
	"full": FULL,
	"small": {**{key: count // 20 for key, count in FULL.items()}, "agencies": 62, "technicians": 310},
	"tiny": {
		"agencies": 6,
		"technicians": 12,
		"customers": 30,
		"warranty_cards": 50,
		"receptions": 60,
		"service_invoices": 15,
		"sms_messages": 180,
		"complaints": 5,
		"survey_responses": 20,
		"periodic_service_plans": 10,
	},
}
# people per province, millions (2016 census, rounded): agencies and customers follow it
POPULATION = {
	"021": 13.3, "051": 6.4, "031": 5.1, "071": 4.9, "061": 4.7, "041": 3.9, "011": 3.3, "044": 3.3,
	"034": 3.2, "054": 2.8, "026": 2.7, "013": 2.5, "083": 1.95, "017": 1.87, "076": 1.78, "066": 1.76,
	"081": 1.74, "087": 1.6, "086": 1.43, "025": 1.29, "028": 1.27, "045": 1.27, "077": 1.16, "035": 1.14,
	"024": 1.06, "038": 0.95, "058": 0.86, "056": 0.77, "074": 0.71, "023": 0.7, "084": 0.58,
}  # fmt: skip
DEVICES_PER_RECEPTION = 1.3
CHUNK = 5_000  # receptions (and what hangs on them) per commit
ITEMS = (
	("HEATER", "بخاری گازی", 1),
	("BOILER", "پکیج دیواری", 1),
	("WATERHEATER", "آبگرمکن", 1),
	("COOLER", "کولر آبی", 1),
	("PUMP", "پمپ پکیج", 0),
	("FAN", "فن بخاری", 0),
	("VALVE", "شیر گاز", 0),
)
FIRST_NAMES = ("مریم", "محمد", "زهرا", "علی", "فاطمه", "حسن", "سارا", "رضا", "نرگس", "امید")
LAST_NAMES = ("حسینی", "رضایی", "کاظمی", "اکبری", "موسوی", "نجفی", "قاسمی", "طاهری", "شریفی", "فرهادی")
# the tables the generator writes, children after their parents; remove() deletes in reverse
TABLES = (
	"Item",
	"Service Agency",
	"Service Agency Territory",
	"Service Technician",
	"Customer",
	"Contact",
	"Contact Phone",
	"Dynamic Link",
	"Customer Device",
	"Warranty Card",
	"Service Reception",
	"Service Reception Device",
	"SMS Message",
	"Service Invoice",
	"Service Invoice Service",
	"Service Invoice Part",
	"Complaint",
	"Survey Response",
	"Periodic Service Plan",
)


class Writer:
	"""Rows per table, written by multi-row INSERTs; the seconds spent writing each table."""

	def __init__(self):
		self.rows, self.fields, self.seconds, self.counts = {}, {}, {}, {}

	def add(self, doctype: str, fields: list[str], row: tuple):
		self.fields.setdefault(doctype, fields)
		self.rows.setdefault(doctype, []).append(row)

	def flush(self):
		for doctype in TABLES:
			rows = self.rows.pop(doctype, None)
			if rows:
				started = time.perf_counter()
				insert_rows(doctype, self.fields[doctype], rows)
				self.seconds[doctype] = self.seconds.get(doctype, 0) + time.perf_counter() - started
				self.counts[doctype] = self.counts.get(doctype, 0) + len(rows)
		frappe.db.commit()  # nosemgrep: a bench command filling a throwaway site, not a request


def insert_rows(doctype: str, fields: list[str], rows: list[tuple]):
	"""One executemany: PyMySQL sends it as multi-row INSERTs of up to a megabyte each."""
	columns = ", ".join(f"`{field}`" for field in fields)
	marks = ", ".join(["%s"] * len(fields))
	frappe.db.sql("select 1")  # connects when needed
	frappe.db._cursor.executemany(f"insert into `tab{doctype}` ({columns}) values ({marks})", rows)


def counts(size: str = "tiny", **overrides) -> dict[str, int]:
	if size not in SIZES:
		frappe.throw(frappe._("Size must be one of {0}").format(", ".join(SIZES)))
	unknown = set(overrides) - set(FULL)
	if unknown:
		frappe.throw(frappe._("Unknown counts: {0}").format(", ".join(sorted(unknown))))
	result = {**SIZES[size], **{key: int(value) for key, value in overrides.items() if value is not None}}
	result["customers"] = max(result["customers"], 1)
	result["agencies"] = max(result["agencies"], 1)
	result["technicians"] = max(result["technicians"], result["agencies"])
	result["survey_responses"] = min(result["survey_responses"], result["receptions"])
	result["service_invoices"] = min(result["service_invoices"], result["receptions"])
	result["periodic_service_plans"] = min(result["periodic_service_plans"], result["warranty_cards"])
	return result


def generate(size: str = "tiny", seed: int = 1405, quiet: bool = False, **overrides) -> dict:
	"""Fill the site; returns {"counts": {doctype: rows}, "seconds": {doctype: s}, "wall": s}."""
	want = counts(size, **overrides)
	if frappe.db.exists("Service Agency", agency_code(0)) or frappe.db.exists("Customer", customer_name(0)):
		frappe.throw(frappe._("This site already holds generated rows: remove them first (--remove)."))
	started = time.perf_counter()
	world = World(want, random.Random(seed))
	out = Writer()
	try:
		world.items(out)
		world.agencies(out)
		world.customers(out)
		world.devices(out)
		world.receptions(out)
	except BaseException:
		frappe.db.rollback()
		remove()  # no half data set left behind
		raise
	result = {"counts": out.counts, "seconds": out.seconds, "wall": time.perf_counter() - started}
	if not quiet:
		print_table(result)
	return result


def agencies_per_province(provinces: list, agencies: int) -> list[tuple]:
	"""(province, agencies there), by population (largest remainder), every province one first
	when there are enough agencies; the most populous first."""
	provinces = sorted(provinces, key=lambda p: -POPULATION[p.area_code])
	if agencies < len(provinces):
		return [(p, 1) for p in provinces[:agencies]]
	total = sum(POPULATION[p.area_code] for p in provinces)
	spare = agencies - len(provinces)
	exact = [spare * POPULATION[p.area_code] / total for p in provinces]
	counts = [1 + int(x) for x in exact]
	by_remainder = sorted(range(len(provinces)), key=lambda i: -(exact[i] - int(exact[i])))
	for i in by_remainder[: agencies - sum(counts)]:
		counts[i] += 1
	return list(zip(provinces, counts, strict=True))


def customer_name(n: int) -> str:
	return f"{MARK}C{n:07d}"


def mobile_of(n: int) -> str:
	return f"+98912{n:07d}"


class World:
	"""Builds the rows; what later rows link to is kept as small lists and functions of an index."""

	def __init__(self, want: dict, rng: random.Random):
		self.want, self.rng = want, rng
		self.now = now_datetime().replace(microsecond=0)
		current_year = jalali.year_of(getdate(self.now))
		self.epoch = get_datetime(jalali.year_range(current_year - 2)[0]) + datetime.timedelta(hours=8)
		self.span = (self.now - self.epoch).total_seconds()
		territories = set(frappe.get_all("Territory", {"phone_area_code": ("is", "set")}, pluck="name"))
		self.provinces = [p for p in PROVINCES if p.name_fa in territories]
		if not self.provinces:
			frappe.throw(frappe._("The provinces' Territory records are missing: install the app first."))
		self.service_types = frappe.get_all(
			"Service Type", fields=["name", "requires_warranty", "starts_warranty"], order_by="name"
		)
		self.item_group = get_root_of("Item Group")
		self.customer_group = get_root_of("Customer Group")
		self.complaint_statuses = frappe.get_all(
			"Complaint Status", fields=["name", "iso_stage"], order_by="sort_order"
		)
		self.survey_template = frappe.db.get_value("Survey Template", {}, "name")
		self.codes = set(frappe.get_all("Service Reception", pluck="tracking_code"))

	def stamp(self, when) -> tuple:
		return (when, when, "Administrator", "Administrator")

	# --- masters --------------------------------------------------------------------------------

	def items(self, out: Writer):
		self.devices_items, self.parts = [], []
		fields = [
			"name", "creation", "modified", "modified_by", "owner", "item_code", "item_name", "item_group",
			"stock_uom", "is_stock_item", "has_serial_no", "description",
		]  # fmt: skip
		for code, title, serialised in ITEMS:
			name = f"{MARK}{code}"
			out.add(
				"Item",
				fields,
				(name, *self.stamp(self.epoch), name, title, self.item_group, "Nos", 1, serialised, title),
			)
			(self.devices_items if serialised else self.parts).append((name, title))

	def agencies(self, out: Writer):
		n, rng = self.want["agencies"], self.rng
		self.agency_province, weights = [], []
		for province, count in agencies_per_province(self.provinces, n):
			share = POPULATION[province.area_code] / sum(1 / (k + 1) ** AGENCY_SKEW for k in range(count))
			for k in range(count):
				self.agency_province.append(province)
				weights.append(share / (k + 1) ** AGENCY_SKEW)
		self.agency_weights = list(itertools.accumulate(weights))
		fields = [
			"name", "creation", "modified", "modified_by", "owner", "agency_name", "agency_code", "is_active",
			"manager_name", "mobile_no", "phone_no", "city",
		]  # fmt: skip
		child = ["name", "creation", "modified", "modified_by", "owner", "idx", "parent", "parentfield",
			"parenttype", "territory"]  # fmt: skip
		for i in range(n):
			code, province = agency_code(i), self.agency_province[i]
			out.add(
				"Service Agency",
				fields,
				(
					code, *self.stamp(self.epoch), f"نمایندگی {province.capital_fa} {i + 1}", code, 1,
					f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", f"+98935{i:07d}",
					f"+98{province.area_code[1:]}{rng.randrange(10**7, 10**8)}", province.capital_fa,
				),
			)  # fmt: skip
			out.add(
				"Service Agency Territory",
				child,
				(
					f"{code}-T",
					*self.stamp(self.epoch),
					1,
					code,
					"territories",
					"Service Agency",
					province.name_fa,
				),
			)
		techs = self.want["technicians"]
		self.technicians = [[] for _ in range(n)]
		fields = ["name", "creation", "modified", "modified_by", "owner", "naming_series", "full_name",
			"agency", "is_active", "mobile_no"]  # fmt: skip
		for t in range(techs):
			name, agency = f"{MARK}T{t:05d}", t % n
			self.technicians[agency].append(name)
			out.add(
				"Service Technician",
				fields,
				(name, *self.stamp(self.epoch), "TECH-.####", f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
					agency_code(agency), 1, f"+98936{t:07d}"),
			)  # fmt: skip
		out.flush()

	def customers(self, out: Writer):
		"""Each customer lives where their home agency works (agencies differ in size)."""
		rng, n = self.rng, self.want["customers"]
		self.home, self.names = [], []  # agency index and full name of customer n
		customer = ["name", "creation", "modified", "modified_by", "owner", "naming_series", "customer_name",
			"customer_type", "customer_group", "territory", "mobile_no", "customer_primary_contact"]  # fmt: skip
		contact = ["name", "creation", "modified", "modified_by", "owner", "first_name", "last_name",
			"full_name", "mobile_no", "status", "is_primary_contact"]  # fmt: skip
		phone = ["name", "creation", "modified", "modified_by", "owner", "idx", "parent", "parentfield",
			"parenttype", "phone", "is_primary_mobile_no", "is_primary_phone"]  # fmt: skip
		link = ["name", "creation", "modified", "modified_by", "owner", "idx", "parent", "parentfield",
			"parenttype", "link_doctype", "link_name", "link_title"]  # fmt: skip
		for c in range(n):
			agency = bisect.bisect(self.agency_weights, rng.random() * self.agency_weights[-1])
			self.home.append(agency)
			name, mobile = customer_name(c), mobile_of(c)
			first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
			full = f"{first} {last}"
			self.names.append(full)
			when = self.epoch - datetime.timedelta(days=rng.randrange(1, 700))
			territory = self.agency_province[agency].name_fa
			out.add("Customer", customer, (name, *self.stamp(when), "CUST-.YYYY.-", full, "Individual",
				self.customer_group, territory, mobile, f"{name}-CT"))  # fmt: skip
			out.add(
				"Contact", contact, (f"{name}-CT", *self.stamp(when), first, last, full, mobile, "Passive", 1)
			)
			out.add("Contact Phone", phone, (f"{name}-CP", *self.stamp(when), 1, f"{name}-CT", "phone_nos",
				"Contact", mobile, 1, 0))  # fmt: skip
			out.add("Dynamic Link", link, (f"{name}-DL", *self.stamp(when), 1, f"{name}-CT", "links", "Contact",
				"Customer", name, full))  # fmt: skip
			if (c + 1) % CHUNK == 0:
				out.flush()
		out.flush()

	def devices(self, out: Writer):
		"""Device d belongs to customer d % customers (so a customer's devices are d, d + C, ...);
		its Warranty Card started when it was sold, 18 or 24 months long."""
		rng, n, customers = self.rng, self.want["warranty_cards"], self.want["customers"]
		plans_every = n / self.want["periodic_service_plans"] if self.want["periodic_service_plans"] else 0
		self.device_info = []  # (item, item_name, serial, end_date)
		device = ["name", "creation", "modified", "modified_by", "owner", "naming_series", "item", "item_name",
			"item_group", "serial_no", "warranty_card", "status", "customer", "customer_name", "territory",
			"sold_on", "installed_on"]  # fmt: skip
		card = ["name", "creation", "modified", "modified_by", "owner", "naming_series", "card_no", "status",
			"item", "item_name", "item_group", "serial_no", "customer_device", "customer", "customer_name",
			"territory", "start_basis", "duration_months", "issued_on", "start_date", "end_date",
			"open_serial_key"]  # fmt: skip
		plan = ["name", "creation", "modified", "modified_by", "owner", "naming_series", "customer_device",
			"item", "item_name", "serial_no", "status", "start_date", "next_due_date", "customer",
			"customer_name", "mobile_no", "territory", "service_agency", "warranty_card", "warranty_end"]  # fmt: skip
		today = getdate(self.now)
		plans_made = 0
		for d in range(n):
			c = d % customers
			item, title = self.devices_items[d % len(self.devices_items)]
			serial = f"{MARK[:-1]}SN{d:08d}"
			sold = getdate(self.epoch) + datetime.timedelta(days=rng.randrange(-730, int(self.span // 86400)))
			months = 18 if rng.random() < 0.5 else 24
			end = add_days(add_months(sold, months), -1)
			status = "Active" if end >= today else "Expired"
			when = datetime.datetime.combine(sold, datetime.time(10))
			name, card_name = f"{MARK}D{d:07d}", f"{MARK}W{d:07d}"
			territory = self.agency_province[self.home[c]].name_fa
			full = self.names[c]
			self.device_info.append((item, title, serial, end))
			out.add("Customer Device", device, (name, *self.stamp(when), "DEV-.#####", item, title,
				self.item_group, serial, card_name, "In Use", customer_name(c), full, territory, sold, sold))  # fmt: skip
			out.add("Warranty Card", card, (card_name, *self.stamp(when), "WC-.########", card_name, status,
				item, title, self.item_group, serial, name, customer_name(c), full, territory, "Sale", months,
				sold, sold, end, card_lifecycle.open_key(item, serial) if status == "Active" else None))  # fmt: skip
			if (
				plans_every
				and plans_made < self.want["periodic_service_plans"]
				and d >= plans_made * plans_every
			):
				start = add_days(sold, rng.randrange(0, 60))
				due = add_months(start, 6)
				while due < today:
					due = add_months(due, 6)
				status = "Active" if rng.random() > 0.02 else "Cancelled"
				agency = self.home[c]
				out.add("Periodic Service Plan", plan, (f"{MARK}P{d:07d}", *self.stamp(when), "PSP-.#######",
					name, item, title, serial, status, start, due if status == "Active" else None,
					customer_name(c), full, mobile_of(c), territory, agency_code(agency), card_name, end))  # fmt: skip
				plans_made += 1
			if (d + 1) % CHUNK == 0:
				out.flush()
		out.flush()

	# --- receptions and what hangs on them -----------------------------------------------------

	def receptions(self, out: Writer):
		rng, want = self.rng, self.want
		n, customers, devices = want["receptions"], want["customers"], want["warranty_cards"]
		life = Lifecycle(rng, n, 0.04, 0.015, 0.02, epoch=self.epoch, now=self.now)
		step = self.span / max(n, 1)
		agencies = want["agencies"]
		# shares are paced a little ahead (completed receptions only, for invoices and surveys) so
		# the counts asked for are reached before the last, mostly open, receptions
		pace = {
			"service_invoices": want["service_invoices"] / n / 0.8 if n else 0,
			"survey_responses": want["survey_responses"] / n / 0.8 if n else 0,
			"complaints": want["complaints"] / n / 0.9 if n else 0,
		}
		made = {key: 0 for key in pace}
		sms_made = 0
		for r in range(n):
			received = (self.epoch + datetime.timedelta(seconds=r * step + rng.uniform(0, step))).replace(
				microsecond=0
			)
			c = rng.randrange(customers)
			agency = self.home[c] if rng.random() < 0.9 else rng.randrange(agencies)
			status, referred, accepted, closed, modified = life.live(received)
			completed = closed is not None and status in life.completed
			technician = (
				rng.choice(self.technicians[agency]) if accepted and self.technicians[agency] else None
			)
			own = list(range(c, devices, customers))
			picked = own[: 2 if rng.random() < DEVICES_PER_RECEPTION - 1 else 1]
			reception = self.reception(out, r, c, agency, technician, received, status, referred, accepted,
				closed, modified, picked)  # fmt: skip
			wanted = int(want["sms_messages"] * (r + 1) / n) - sms_made
			self.sms(out, reception, wanted)
			sms_made += wanted
			for key, maker in (
				("service_invoices", self.invoice),
				("survey_responses", self.survey),
				("complaints", self.complaint),
			):
				eligible = key == "complaints" or (completed and picked)
				if eligible and made[key] < want[key] and made[key] < pace[key] * (r + 1):
					maker(out, reception)
					made[key] += 1
			if (r + 1) % CHUNK == 0:
				out.flush()
		out.flush()

	def reception(self, out, r, c, agency, technician, received, status, referred, accepted, closed,
		modified, picked) -> frappe._dict:  # fmt: skip
		rng = self.rng
		name, mobile = f"{MARK}R{r:08d}", mobile_of(c)
		code = tracking.generate_unique(self.codes.__contains__, randbelow=rng.randrange)
		self.codes.add(code)
		province = self.agency_province[agency]
		landline = f"+98{province.area_code[1:]}{rng.randrange(10**7, 10**8)}" if rng.random() < 0.6 else None
		phone_search = " ".join(f"0{p[3:]}" for p in (mobile, landline) if p)
		fields = ["name", "creation", "modified", "modified_by", "owner", "naming_series", "tracking_code",
			"status", "received_on", "channel", "mobile_no", "customer", "customer_name", "contact", "phone_no",
			"territory", "city", "phone_search", "service_agency", "technician", "referred_on",
			"referral_source", "accepted_on", "closed_on"]  # fmt: skip
		full = self.names[c]
		out.add("Service Reception", fields, (name, received, modified, "Administrator", "Administrator",
			"REC-.#######", code, status, received, "Phone" if rng.random() < 0.85 else "Web", mobile,
			customer_name(c), full, f"{customer_name(c)}-CT", landline, province.name_fa, province.capital_fa,
			phone_search, agency_code(agency), technician, referred, "Territory Default", accepted, closed))  # fmt: skip
		device_fields = ["name", "creation", "modified", "modified_by", "owner", "idx", "parent",
			"parentfield", "parenttype", "customer_device", "item", "item_name", "item_group", "serial_no",
			"service_type", "warranty_status"]  # fmt: skip
		rows = []
		for idx, d in enumerate(picked or [None]):
			service_type = rng.choice(self.service_types)
			if d is None:  # a customer without a registered device
				item, title = self.devices_items[r % len(self.devices_items)]
				serial, covered, device = f"{MARK[:-1]}RSN{r:08d}", False, None
			else:
				item, title, serial, end = self.device_info[d]
				covered, device = end >= received.date(), f"{MARK}D{d:07d}"
			rows.append(frappe._dict(device=device, item=item, title=title, serial=serial,
				service_type=service_type.name, covered=covered))  # fmt: skip
			out.add("Service Reception Device", device_fields, (f"{name}-{idx}", received, received,
				"Administrator", "Administrator", idx + 1, name, "devices", "Service Reception", device, item,
				title, self.item_group, serial, service_type.name,
				"Under Warranty" if covered else "Not Covered"))  # fmt: skip
		return frappe._dict(name=name, r=r, c=c, agency=agency, technician=technician, code=code,
			mobile=mobile, customer_name=full, received=received, referred=referred, status=status,
			closed=closed, modified=modified, devices=rows)  # fmt: skip

	def sms(self, out, reception, count: int):
		fields = ["name", "creation", "modified", "modified_by", "owner", "direction", "status", "to",
			"title", "event", "reference_doctype", "reference_name", "body", "attempts", "sent_on",
			"delivered_on", "parts", "customer"]  # fmt: skip
		events = (
			("Reception Registered", reception.received),
			("Referral to Agency", reception.referred),
			("Status Changed", reception.modified),
		)
		for k in range(count):
			event, when = events[k % len(events)]
			when = when or reception.received
			delivered = when + datetime.timedelta(seconds=self.rng.randrange(5, 120))
			out.add("SMS Message", fields, (f"{reception.name}-S{k}", when, delivered, "Administrator",
				"Administrator", "Out", "Delivered", reception.mobile, event, event, "Service Reception",
				reception.name, f"کد پیگیری {reception.code}", 1, when, delivered, 1, customer_name(reception.c)))  # fmt: skip

	def invoice(self, out, reception):
		rng, device = self.rng, reception.devices[0]
		name = f"{MARK}I{reception.r:08d}"
		closed = reception.closed
		submitted = closed - datetime.timedelta(hours=rng.uniform(1, 24))
		roll = rng.random()
		state = "Approved" if roll < 0.85 else ("Pending" if roll < 0.97 else "Rejected")
		approved_on = closed + datetime.timedelta(hours=rng.uniform(2, 72)) if state == "Approved" else None
		wage = rng.choice((450_000, 650_000, 900_000, 1_200_000))
		paid = not device.covered
		part, part_title = rng.choice(self.parts)
		qty = rng.choice((1, 1, 1, 2))
		price = wage if paid else 0
		fields = ["name", "creation", "modified", "modified_by", "owner", "docstatus", "naming_series",
			"invoice_type", "service_reception", "tracking_code", "customer_device", "service_date", "agency",
			"technician", "submitted_on", "customer", "customer_name", "item", "serial_no", "total_wage",
			"total_customer_price", "total_parts_qty", "customer_paid_amount", "customer_acknowledgement",
			"acknowledged_by_name", "acknowledged_on", "approval_status", "approved_by", "approved_on"]  # fmt: skip
		out.add("Service Invoice", fields, (name, submitted, approved_on or submitted, "Administrator",
			"Administrator", 1, "SINV-AG-.#######", "Paid Repair" if paid else "Warranty Repair",
			reception.name, reception.code, device.device, closed.date(), agency_code(reception.agency),
			reception.technician, submitted, customer_name(reception.c), reception.customer_name, device.item,
			device.serial, wage, price, qty, price, 1, reception.customer_name, closed, state,
			"Administrator" if approved_on else None, approved_on))  # fmt: skip
		child = ["name", "creation", "modified", "modified_by", "owner", "docstatus", "idx", "parent",
			"parentfield", "parenttype"]  # fmt: skip
		out.add("Service Invoice Service", [*child, "service_type", "wage", "customer_price"], (f"{name}-S",
			*self.stamp(submitted), 1, 1, name, "services", "Service Invoice", device.service_type, wage, price))  # fmt: skip
		out.add("Service Invoice Part", [*child, "item", "item_name", "qty", "coverage", "line_status"],
			(f"{name}-P", *self.stamp(submitted), 1, 1, name, "parts", "Service Invoice", part, part_title, qty,
			"Paid" if paid else "Warranty", "Approved" if state == "Approved" else "Pending"))  # fmt: skip

	def survey(self, out, reception):
		rng, device = self.rng, reception.devices[0]
		due = reception.closed + datetime.timedelta(days=2)
		roll = rng.random()
		status = (
			"Pending"
			if due > self.now
			else ("Completed" if roll < 0.7 else ("No Answer" if roll < 0.9 else "Refused"))
		)
		done = due + datetime.timedelta(hours=rng.uniform(1, 48)) if status == "Completed" else None
		score = rng.choice((6, 8, 9, 10, 10)) if done else None
		fields = ["name", "creation", "modified", "modified_by", "owner", "naming_series", "status", "channel",
			"template", "satisfaction_percent", "score", "max_score", "service_reception", "tracking_code",
			"customer", "customer_name", "mobile_no", "reception_completed_on", "service_agency", "technician",
			"service_type", "customer_device", "due_on", "call_attempts", "completed_on", "completed_by"]  # fmt: skip
		out.add("Survey Response", fields, (f"{MARK}H{reception.r:08d}", *self.stamp(due), "HC-.#####", status,
			"Phone", self.survey_template, score * 10 if score else 0, score or 0, 10 if score else 0,
			reception.name, reception.code, customer_name(reception.c), reception.customer_name,
			reception.mobile, reception.closed, agency_code(reception.agency), reception.technician,
			device.service_type, device.device, due, 0 if status == "Pending" else 1, done,
			"Administrator" if done else None))  # fmt: skip

	def complaint(self, out, reception):
		rng = self.rng
		received = reception.received + datetime.timedelta(days=rng.uniform(0.5, 10))
		received = min(received, self.now).replace(microsecond=0)
		closed = received + datetime.timedelta(days=rng.uniform(1, 20))
		status = self.complaint_statuses[-2 if closed <= self.now else 0]
		if closed > self.now:
			closed = None
		upheld = closed is not None and rng.random() < 0.4
		fields = ["name", "creation", "modified", "modified_by", "owner", "naming_series", "status", "iso_stage",
			"received_on", "channel", "severity", "complainant_type", "mobile_no", "customer", "customer_name",
			"service_reception", "customer_device", "service_agency", "technician", "subject", "description",
			"decision", "upheld", "closed_on"]  # fmt: skip
		out.add("Complaint", fields, (f"{MARK}K{reception.r:08d}", *self.stamp(received), "CMP-.#####",
			status.name, status.iso_stage, received, "Phone", rng.choice(("Low", "Medium", "Medium", "High")),
			"Customer", reception.mobile, customer_name(reception.c), reception.customer_name, reception.name,
			reception.devices[0].device if reception.devices else None, agency_code(reception.agency),
			reception.technician, "تاخیر در مراجعه تکنسین", "تکنسین در روز تعیین شده مراجعه نکرد.",
			("Upheld" if upheld else "Not Upheld") if closed else None, int(upheld), closed))  # fmt: skip


def print_table(result: dict):
	print("\n| DocType | rows | seconds | rows/s |")
	print("|---|---|---|---|")
	total_rows = 0
	for doctype in TABLES:
		rows = result["counts"].get(doctype, 0)
		seconds = result["seconds"].get(doctype, 0)
		total_rows += rows
		print(f"| {doctype} | {rows:,} | {seconds:.1f} | {rows / seconds if seconds else 0:,.0f} |")
	wall = result["wall"]
	print(f"| all, wall clock (building rows in Python included) | {total_rows:,} | {wall:.1f} | "
		f"{total_rows / wall:,.0f} |")  # fmt: skip


def compare(result: dict | None = None, doctypes=TABLES) -> list:
	"""MariaDB's own rate for the same rows: INSERT ... SELECT of the generated rows into an empty
	copy of each table (same columns and indexes); with generate()'s result, the ratio of the two."""
	rows_out = []
	for doctype in doctypes:
		copy = f"_zhira_bulk_copy_{frappe.scrub(doctype)}"
		frappe.db.sql_ddl(f"drop table if exists `{copy}`")
		frappe.db.sql_ddl(f"create table `{copy}` like `tab{doctype}`")
		try:
			started = time.perf_counter()
			frappe.db.sql(f"insert into `{copy}` select * from `tab{doctype}` where name like %s", f"{MARK}%")
			frappe.db.commit()  # nosemgrep: a bench command
			seconds = time.perf_counter() - started
			rows = frappe.db.sql(f"select count(*) from `{copy}`")[0][0]
		finally:
			frappe.db.sql_ddl(f"drop table if exists `{copy}`")
		ours = (result or {}).get("seconds", {}).get(doctype)
		rows_out.append((doctype, rows, seconds, ours))
	print("\n| DocType | rows | MariaDB INSERT ... SELECT s | rows/s | generator s | generator / MariaDB |")
	print("|---|---|---|---|---|---|")
	for doctype, rows, seconds, ours in [*rows_out, totals(rows_out, result)]:
		ratio = f"{ours / seconds:.1f}x" if ours and seconds else ""
		ours = f"{ours:.1f}" if ours else ""
		print(
			f"| {doctype} | {rows:,} | {seconds:.1f} | {rows / seconds if seconds else 0:,.0f} | {ours} | {ratio} |"
		)
	return rows_out


def totals(rows_out: list, result: dict | None) -> tuple:
	"""All tables: MariaDB's seconds against the generator's wall clock (Python included)."""
	return (
		"all (generator: wall clock)",
		sum(r[1] for r in rows_out),
		sum(r[2] for r in rows_out),
		(result or {}).get("wall"),
	)


def remove(chunk: int = 50_000) -> dict[str, int]:
	"""Delete every generated row (names starting with MARK) from the tables generate() writes."""
	removed = {}
	for doctype in reversed(TABLES):
		removed[doctype] = delete_like(doctype, "name", f"{MARK}%", chunk)
	frappe.clear_cache()
	return removed
