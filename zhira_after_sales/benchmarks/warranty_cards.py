"""Cards per second: a Warranty Card Batch (the bulk engine) against the same number of cards
created one by one with `insert()`, in the same run on the same site. Results go to
docs/benchmarks.md.

    bench --site <site> execute zhira_after_sales.benchmarks.warranty_cards.run --kwargs '{"count": 20000}'

It makes a throwaway serialised item (`ZBENCH-<random tag>`) with its own plan and 2 x `count`
ERPNext Serial Nos (`ZB<tag>A-000001`..., `ZB<tag>B-...`), measures both ways and prints a
Markdown table row. It commits, like the background job it measures (the batch commits per chunk,
the one-by-one cards every 2,000), so it cannot roll back: at the end (also when it fails midway)
it deletes what it made by name - the cards with their history rows, the batch with its error
rows, the Serial Nos, the plan, the item - and the "Deleted" feed Comment Frappe adds for the
item. It runs on any site, also one where the demo data or the tests made cards, plans and
Serial Nos (its names are its own), and leaves it as found, except that the naming series
counters of Warranty Card and Warranty Card Batch stay advanced (a series row it had to create
is removed). Not on a site in use: its cards take names from the same series as everyone's.
"""

import time

import frappe
from frappe.utils import create_batch, now_datetime
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.tests.factories import make_serial_nos
from zhira_after_sales.warranty.batch import run_batch

# the history Frappe keeps of a record: (table, its doctype field, its name field)
HISTORY = (
	("Version", "ref_doctype", "docname"),
	("Comment", "reference_doctype", "reference_name"),
	("Activity Log", "reference_doctype", "reference_name"),
)


def run(count: int = 20000, insert_count: int | None = None) -> dict:
	count, insert_count = int(count), int(insert_count or count)
	tag = fresh_tag()
	item = f"ZBENCH-{tag}"
	started, series = now_datetime(), series_rows()
	try:
		setup(item, tag, count, insert_count)
		bulk = measure_batch(item, tag, count)
		one_by_one = measure_insert(item, tag, insert_count)
	finally:
		cleanup(item, started, series)
	result = {
		"count": count,
		"batch_seconds": round(bulk, 2),
		"batch_cards_per_second": round(count / bulk, 1),
		"insert_count": insert_count,
		"insert_seconds": round(one_by_one, 2),
		"insert_cards_per_second": round(insert_count / one_by_one, 1),
	}
	result["speedup"] = round(result["batch_cards_per_second"] / result["insert_cards_per_second"], 1)
	print(
		f"| {count:,} | {result['batch_seconds']} s | {result['batch_cards_per_second']:,} | "
		f"{insert_count:,} | {result['insert_seconds']} s | {result['insert_cards_per_second']:,} | "
		f"{result['speedup']}x |"
	)
	return result


def fresh_tag() -> str:
	"""A tag no item or Serial No of the site uses yet: the clean-up deletes by the item's name."""
	while True:
		tag = frappe.generate_hash(length=6).upper()
		if not frappe.db.exists("Item", f"ZBENCH-{tag}") and not frappe.db.exists(
			"Serial No", {"name": ("like", f"ZB{tag}%")}
		):
			return tag


def serials(tag: str, series: str, count: int) -> list[str]:
	return [f"ZB{tag}{series}-{number:06d}" for number in range(1, count + 1)]


def series_prefixes() -> list[str]:
	"""The keys in `tabSeries` of the naming series the benchmark names from."""
	prefixes = []
	for doctype in ("Warranty Card", "Warranty Card Batch"):
		field = frappe.get_meta(doctype).get_field("naming_series")
		series = field.default or (field.options or "").split("\n")[0]
		prefixes.append(series.split(".")[0])
	return prefixes


def series_rows() -> set[str]:
	return set(frappe.db.sql_list("select `name` from `tabSeries` where `name` in %s", (series_prefixes(),)))


def setup(item: str, tag: str, count: int, insert_count: int):
	frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": item,
			"item_name": f"Benchmark heater {tag}",
			"item_group": get_root_of("Item Group"),
			"stock_uom": "Nos",
			"is_stock_item": 1,
			"has_serial_no": 1,
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{"doctype": "Warranty Plan", "plan_name": item, "item": item, "duration_months": 24}
	).insert(ignore_permissions=True)
	make_serial_nos(item, serials(tag, "A", count) + serials(tag, "B", insert_count))
	frappe.db.commit()  # nosemgrep: a bench command


def measure_batch(item: str, tag: str, count: int) -> float:
	batch = frappe.get_doc(
		{
			"doctype": "Warranty Card Batch",
			"item": item,
			"source": "Range",
			"prefix": f"ZB{tag}A-",
			"range_from": 1,
			"range_to": count,
			"digits": 6,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: a bench command
	start = time.perf_counter()
	outcome = run_batch(batch.name, commit=True)
	seconds = time.perf_counter() - start
	assert outcome.created == count and not outcome.errors, (outcome.created, outcome.errors[:3])
	return seconds


def measure_insert(item: str, tag: str, count: int) -> float:
	start = time.perf_counter()
	for index, serial in enumerate(serials(tag, "B", count), 1):
		frappe.get_doc({"doctype": "Warranty Card", "item": item, "serial_no": serial}).insert(
			ignore_permissions=True
		)
		if index % 2000 == 0:
			frappe.db.commit()  # nosemgrep: a bench command; the batch commits as often
	frappe.db.commit()  # nosemgrep: a bench command
	return time.perf_counter() - start


def cleanup(item: str, started, series: set[str]):
	"""Delete what the run made (all of it is the throwaway item's or named after it) and commit."""
	frappe.db.rollback()
	made = {
		"Warranty Card": frappe.get_all("Warranty Card", {"item": item}, pluck="name"),
		"Warranty Card Batch": frappe.get_all("Warranty Card Batch", {"item": item}, pluck="name"),
		"Warranty Plan": frappe.get_all("Warranty Plan", {"item": item}, pluck="name"),
		"Item": [item],
	}
	for table, doctype_field, name_field in HISTORY:
		for doctype, names in made.items():
			for chunk in create_batch(names, 5000):
				frappe.db.delete(
					table, {doctype_field: doctype, name_field: ("in", chunk), "creation": (">=", started)}
				)
	frappe.db.sql(
		"""delete from `tabWarranty Card Event`
		where parent in (select name from `tabWarranty Card` where item = %s)""",
		item,
	)
	frappe.db.delete("Warranty Card", {"item": item})
	for batch in made["Warranty Card Batch"]:
		frappe.db.delete("Warranty Card Batch Error", {"parent": batch})
		frappe.db.delete("Warranty Card Batch", {"name": batch})
	frappe.db.delete("Serial No", {"item_code": item})
	for plan in made["Warranty Plan"]:
		frappe.db.delete("Warranty Plan Part", {"parent": plan})
		frappe.db.delete("Warranty Plan Service Type", {"parent": plan})
		frappe.db.delete("Warranty Plan", {"name": plan})
	frappe.delete_doc("Item", item, force=True, ignore_permissions=True)
	# the feed line delete_doc adds for the item ("Item ZBENCH-...")
	frappe.db.delete(
		"Comment",
		{
			"comment_type": "Deleted",
			"reference_doctype": "Item",
			"subject": ("like", f"% {item}"),
			"creation": (">=", started),
		},
	)
	# a series row the run created (the site had never named from it) goes; counters stay advanced
	for prefix in set(series_prefixes()) - series:
		frappe.db.sql("delete from `tabSeries` where `name` = %s", prefix)
	frappe.db.commit()  # nosemgrep: a bench command
