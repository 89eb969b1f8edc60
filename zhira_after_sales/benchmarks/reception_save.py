"""Saving a Service Reception beside ERPNext's own documents, measured interleaved (issue 20 §2).

    bench --site <a dev or throwaway site> execute zhira_after_sales.benchmarks.reception_save.run \
        --kwargs "{'repeats': 200}"

Each round saves, one after the other and each through the same `insert()` the desk's form (and
`frappe.client.insert`) runs, with its validations and hooks:
- an ERPNext Issue;
- ERPNext's own Customer, Contact (mobile and landline), Address and Issue, one insert each: what a
  new caller costs without this app;
- a reception for a KNOWN caller (found by the mobile number) with two of their registered devices;
- a reception for a NEW caller with two devices typed with their serials (the customer with contact
  and address, and the two Customer Devices, are made by the reception).
Both receptions have a Tehran landline (the area code picks the territory, whose default agency the
reception is referred to: a ToDo for the agency's portal user, an SMS to the agency), a tracking
code, and the customer's SMS queued (SMS switched on, a gateway of the benchmark's own).

Every round is rolled back once measured, as a request that failed would be (nothing is committed,
so no SMS job is queued to Redis); the base records the rounds use (an agency serving the territory,
its portal user, two items, a known customer with two devices, a gateway) are committed and go at
the end (`leave_as_found`), with the settings and the territory's agency put back as they were.
Before each save, what Frappe keeps for one request is forgotten (a new request starts without it).

Queries are the statements sent through `frappe.db.sql` during the `insert()` (Frappe's and
ERPNext's included); `profile=True` also prints the known caller's statements, most repeated first.
"""

import re
import statistics
import time
from collections import Counter
from contextlib import contextmanager

import frappe
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.benchmarks.footprint import leave_as_found
from zhira_after_sales.consts import AGENCY_ROLE

TERRITORY = "تهران"
LANDLINE = "021-88776655"
AGENCY = "BENCH-RSAVE"
AGENCY_USER = "bench.rsave@example.com"
ITEM_GROUP = "BENCH Reception Devices"
ITEMS = ("BENCH-RSAVE-HEATER", "BENCH-RSAVE-COOLER")
KNOWN_MOBILE = "09127000001"
SERVICE_TYPE = "تعمیر آزاد"
GATEWAY = "Bench Reception Save"

LABELS = {
	"issue": "ERPNext Issue insert",
	"erpnext_new": "ERPNext Customer + Contact + Address + Issue",
	"known": "reception, known caller, 2 devices",
	"new": "reception, new caller, 2 devices",
}


def run(repeats: int = 200, profile: bool = False):
	"""Print a Markdown table: median and p95 ms and queries per save, for each of the four saves."""
	territory_agency = frappe.db.get_value("Territory", TERRITORY, "default_service_agency")
	settings = frappe.db.get_value(
		"After Sales Settings", None, ["sms_enabled", "sms_language", "auto_refer"], as_dict=True
	)
	enabled = frappe.get_all("SMS Gateway", {"enabled": 1}, ["name", "is_default"])
	# the base records go at the end (the territory no longer naming the agency by then)
	with leave_as_found():
		try:
			base = prepare()
			frappe.db.commit()  # nosemgrep: a bench command, not a request
			results, statements = measure(base, repeats)
		finally:
			frappe.db.rollback()
			frappe.db.delete("SMS Gateway", {"name": GATEWAY})
			for row in enabled:
				frappe.db.set_value("SMS Gateway", row.name, {"enabled": 1, "is_default": row.is_default})
			frappe.db.set_value("Territory", TERRITORY, "default_service_agency", territory_agency)
			frappe.db.set_single_value("After Sales Settings", settings)
			frappe.db.commit()  # nosemgrep: a bench command, not a request
	frappe.clear_cache()
	print_table(results, repeats)
	if profile:
		print_profile(statements)
	return {
		key: {"median_ms": statistics.median(r["ms"]), "queries": statistics.median(r["queries"])}
		for key, r in results.items()
	}


# --- base records ---------------------------------------------------------------------------------


def prepare() -> frappe._dict:
	from zhira_after_sales.tests.factories import make_item, make_item_group, make_user

	for other in frappe.get_all("SMS Gateway", {"enabled": 1}, pluck="name"):
		frappe.db.set_value("SMS Gateway", other, {"enabled": 0, "is_default": 0})
	frappe.db.set_single_value(
		"After Sales Settings", {"sms_enabled": 1, "sms_language": "fa", "auto_refer": 1}
	)
	frappe.get_doc(
		{
			"doctype": "SMS Gateway",
			"gateway_name": GATEWAY,
			"provider": "Kavenegar",
			"base_url": "http://127.0.0.1:9",  # nothing is sent: every round is rolled back
			"api_key": "bench",
			"sender": "10000000",
			"enabled": 1,
			"is_default": 1,
		}
	).insert(ignore_permissions=True)
	user = make_user(AGENCY_USER, roles=(AGENCY_ROLE,))
	if not frappe.db.exists("Service Agency", AGENCY):
		frappe.get_doc(
			{
				"doctype": "Service Agency",
				"agency_code": AGENCY,
				"agency_name": "نمایندگی سنجش پذیرش",
				"mobile_no": "09127000900",
				"portal_users": [{"user": user}],
			}
		).insert(ignore_permissions=True)
	frappe.db.set_value("Territory", TERRITORY, "default_service_agency", AGENCY)
	group = make_item_group(ITEM_GROUP)
	for code in ITEMS:
		make_item(code, group)
	# the known caller: registered once through a reception, with two devices
	first = frappe.get_doc(reception(KNOWN_MOBILE, "مشتری شناخته سنجش", serials=("BR-K-0001", "BR-K-0002")))
	first.insert()
	return frappe._dict(
		customer=first.customer, devices=[row.customer_device for row in first.devices], round=0
	)


def reception(mobile: str, customer_name: str, serials=(), devices=()) -> dict:
	rows = [
		{"item": item, "serial_no": serial, "service_type": SERVICE_TYPE}
		for item, serial in zip(ITEMS, serials, strict=False)
	]
	rows += [{"customer_device": device, "service_type": SERVICE_TYPE} for device in devices]
	return {
		"doctype": "Service Reception",
		"channel": "Phone",
		"mobile_no": mobile,
		"customer_name": customer_name,
		"phone_no": LANDLINE,
		"address_line": "خیابان ولیعصر، پلاک ۱۲",
		"city": "تهران",
		"notes": "بخاری روشن نمی‌شود",
		"devices": rows,
	}


# --- the four saves -------------------------------------------------------------------------------


def save_issue(base, i):
	frappe.get_doc(
		{"doctype": "Issue", "subject": f"سنجش {i}: بخاری روشن نمی‌شود", "customer": base.customer}
	).insert()


def save_erpnext_new(base, i):
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": f"مشتری سنجش ای‌آر‌پی {i}",
			"customer_type": "Individual",
			"customer_group": get_root_of("Customer Group"),
			"territory": TERRITORY,
		}
	).insert()
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": f"مشتری سنجش ای‌آر‌پی {i}",
			"phone_nos": [
				{"phone": f"+98912{7100000 + i:07d}", "is_primary_mobile_no": 1},
				{"phone": "+982188776655", "is_primary_phone": 1},
			],
			"links": [{"link_doctype": "Customer", "link_name": customer.name}],
		}
	).insert()
	frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": customer.customer_name,
			"address_type": "Billing",
			"address_line1": "خیابان ولیعصر، پلاک ۱۲",
			"city": "تهران",
			"state": TERRITORY,
			"country": "Iran",
			"phone": "+982188776655",
			"links": [{"link_doctype": "Customer", "link_name": customer.name}],
		}
	).insert()
	frappe.get_doc(
		{"doctype": "Issue", "subject": f"سنجش {i}", "customer": customer.name, "contact": contact.name}
	).insert()


def save_known(base, i):
	frappe.get_doc(reception(KNOWN_MOBILE, "", devices=base.devices)).insert()


def save_new(base, i):
	frappe.get_doc(
		reception(
			f"0912{7200000 + i:07d}", f"مشتری تازه سنجش {i}", serials=(f"BR-N-{i:05d}a", f"BR-N-{i:05d}b")
		)
	).insert()


SAVES = {"issue": save_issue, "erpnext_new": save_erpnext_new, "known": save_known, "new": save_new}


def measure(base, repeats: int):
	results = {key: {"ms": [], "queries": []} for key in SAVES}
	statements = Counter()
	for i in range(repeats):
		for key, save in SAVES.items():
			fresh_request()
			with counting() as sent:
				started = time.perf_counter()
				save(base, i)
				elapsed = (time.perf_counter() - started) * 1000
			results[key]["ms"].append(elapsed)
			results[key]["queries"].append(len(sent))
			if key == "known":
				statements.update(shape(q) for q in sent)
			frappe.db.rollback()
	for key in statements:
		statements[key] /= repeats
	return results, statements


def fresh_request():
	"""Forget what Frappe keeps for the length of one request (what a new request starts without);
	Redis' caches (metadata, cached documents) stay warm, as on a site in use."""
	frappe.local.cache = {}
	frappe.local.role_permissions = {}
	frappe.local.valid_columns = {}
	frappe.local.new_doc_templates = {}
	frappe.db.value_cache = {}


@contextmanager
def counting():
	"""The statements sent through frappe.db.sql meanwhile (a list, filled as they go)."""
	db = frappe.db
	sent = []
	original = db.sql

	def sql(query, *args, **kwargs):
		sent.append(str(query))
		return original(query, *args, **kwargs)

	db.sql = sql
	try:
		yield sent
	finally:
		del db.sql


def shape(query: str) -> str:
	"""A statement with its literals blanked, so repeated lookups group together."""
	text = " ".join(query.split())
	text = re.sub(r"'(?:[^'\\]|\\.)*'", "?", text)
	text = re.sub(r"\b\d+\b", "?", text)
	return text[:220]


# --- report ---------------------------------------------------------------------------------------


def p95(values):
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def print_table(results, repeats):
	issue = statistics.median(results["issue"]["ms"])
	print(
		f"\nReception save on {frappe.local.site} ({frappe.db.sql('select version()')[0][0]}), "
		f"{repeats} interleaved rounds\n"
	)
	print("| save | median ms | p95 ms | × Issue | queries (median) | queries (max) |")
	print("|---|---|---|---|---|---|")
	for key, label in LABELS.items():
		ms, queries = results[key]["ms"], results[key]["queries"]
		median = statistics.median(ms)
		print(
			f"| {label} | {median:.1f} | {p95(ms):.1f} | {median / issue:.1f} | "
			f"{statistics.median(queries):.0f} | {max(queries)} |"
		)
	known, new = (statistics.median(results[k]["ms"]) for k in ("known", "new"))
	erpnext_new = statistics.median(results["erpnext_new"]["ms"])
	print(
		f"\nknown caller: {known / issue:.1f}× the Issue insert (target ≤ 3×, ≤ 25 queries); "
		f"new caller: {new / erpnext_new:.1f}× ERPNext's Customer + Contact + Address + Issue (target ≤ 2×)"
	)


def print_profile(statements):
	print("\nKnown caller: statements per save, most repeated first\n")
	print("| per save | statement |")
	print("|---|---|")
	for query, count in sorted(statements.items(), key=lambda kv: -kv[1]):
		print(f"| {count:g} | `{query.replace('|', '¦')}` |")
