"""Cards per second: a Warranty Card Batch (the bulk engine) against the same number of cards
created one by one with `insert()`, in the same run on the same site. Results go to
docs/benchmarks.md.

    bench --site <site> execute zhira_after_sales.benchmarks.warranty_cards.run --kwargs '{"count": 20000}'

It makes a throwaway serialised item with its own plan and 2 x `count` ERPNext Serial Nos,
measures both ways, prints a Markdown table row, and deletes everything it made. It commits
(like the background job it measures): run it on a development site, never in production.
"""

import time

import frappe
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.tests.factories import make_serial_nos
from zhira_after_sales.warranty.batch import run_batch


def run(count: int = 20000, insert_count: int | None = None) -> dict:
	count, insert_count = int(count), int(insert_count or count)
	tag = frappe.generate_hash(length=6).upper()
	item = f"ZBENCH-{tag}"
	try:
		setup(item, tag, count, insert_count)
		bulk = measure_batch(item, tag, count)
		one_by_one = measure_insert(item, tag, insert_count)
	finally:
		cleanup(item)
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


def serials(tag: str, series: str, count: int) -> list[str]:
	return [f"ZB{tag}{series}-{number:06d}" for number in range(1, count + 1)]


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


def cleanup(item: str):
	frappe.db.rollback()
	frappe.db.sql(
		"""delete from `tabWarranty Card Event`
		where parent in (select name from `tabWarranty Card` where item = %s)""",
		item,
	)
	frappe.db.delete("Warranty Card", {"item": item})
	for batch in frappe.get_all("Warranty Card Batch", {"item": item}, pluck="name"):
		frappe.db.delete("Warranty Card Batch Error", {"parent": batch})
		frappe.db.delete("Warranty Card Batch", {"name": batch})
	frappe.db.delete("Serial No", {"item_code": item})
	frappe.db.delete("Warranty Plan", {"item": item})
	frappe.delete_doc("Item", item, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: a bench command
