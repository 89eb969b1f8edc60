"""The Reception Register exported to Excel: the app's background export (rows streamed from an
unbuffered cursor into a write-only workbook) beside Frappe's own "Export" of the same query report
(`frappe.desk.query_report.export_query`: the whole report run, every row formatted, the workbook
built in memory), each in a fresh process so their peak memory can be compared.

    bench --site <throwaway site> execute zhira_after_sales.benchmarks.register_export.run \
        --kwargs "{'receptions': 77000}"

`run` fills the site with `receptions` generated receptions (1.3 devices each: 77,000 make about
100,000 register rows) through benchmarks.dataset when it has none, runs `measure` for each way in
its own `bench execute` process, prints a Markdown table, and removes what it generated (only
when it generated it). `measure(way)` alone prints one line of JSON: rows, seconds, peak RSS of the
process, peak Python allocations (tracemalloc), file size.
"""

import json
import os
import resource
import subprocess
import tempfile
import time
import tracemalloc

import frappe
from frappe.utils import get_bench_path

from zhira_after_sales.benchmarks import dataset

FILTERS = {"from_date": "2000-01-01", "to_date": "2100-01-01"}
WAYS = ("app: streamed, in the background job", "Frappe: query report Export (Excel)")


def run(receptions: int = 77_000, from_date: str | None = None, to_date: str | None = None):
	"""On a site that already holds generated receptions (the national data set), `from_date` and
	`to_date` (ISO) pick the register's rows; by default all of them."""
	filters = {**FILTERS, **{k: v for k, v in (("from_date", from_date), ("to_date", to_date)) if v}}
	made = False
	if not frappe.db.count("Service Reception", {"name": ("like", f"{dataset.MARK}%")}):
		dataset.generate("tiny", receptions=receptions, quiet=True)
		made = True
	try:
		results = [measure_in_a_new_process(way, filters) for way in range(len(WAYS))]
	finally:
		if made:
			dataset.remove()
	print(f"\nReception Register to Excel on {frappe.local.site}, {filters}\n")
	print("| way | rows | seconds | peak RSS of the process, MB | peak Python allocations, MB | file, MB |")
	print("|---|---|---|---|---|---|")
	for way, result in zip(WAYS, results, strict=True):
		print(
			f"| {way} | {result['rows']:,} | {result['seconds']:.1f} | {result['rss_mb']:.0f} "
			f"| {result['python_mb']:.0f} | {result['file_mb']:.1f} |"
		)


def measure_in_a_new_process(way: int, filters: dict = FILTERS) -> dict:
	output = subprocess.run(
		[
			"bench",
			"--site",
			frappe.local.site,
			"execute",
			f"{__name__}.measure",
			"--kwargs",
			repr({"way": way, "filters": filters}),
		],
		cwd=get_bench_path(),
		capture_output=True,
		text=True,
		check=True,
	).stdout
	return json.loads(next(line for line in output.splitlines() if line.startswith("{")))


def measure(way: int, filters: dict = FILTERS):
	frappe.set_user("Administrator")
	tracemalloc.start()
	started = time.perf_counter()
	if way == 0:
		rows, size = app_export(filters)
	else:
		content = frappe_export(filters)
	seconds = time.perf_counter() - started
	_current, peak = tracemalloc.get_traced_memory()
	tracemalloc.stop()
	if way != 0:  # counted after the measurement (read-only, streamed)
		rows, size = rows_in(content), len(content)
	rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
	print(
		json.dumps(
			{
				"rows": rows,
				"seconds": seconds,
				"rss_mb": rss_kb / 1024,
				"python_mb": peak / 1024 / 1024,
				"file_mb": size / 1024 / 1024,
			}
		)
	)


def app_export(filters: dict) -> tuple[int, int]:
	from zhira_after_sales.service_desk import register_export

	with tempfile.TemporaryDirectory() as folder:
		path = os.path.join(folder, "register.xlsx")
		rows = register_export.write_workbook(frappe._dict(filters), path)
		return rows, os.path.getsize(path)


def frappe_export(filters: dict) -> bytes:
	from frappe.desk.query_report import export_query

	frappe.local.form_dict = frappe._dict(
		report_name="Reception Register",
		file_format_type="Excel",
		filters=json.dumps(filters),
		visible_idx="[]",
	)
	export_query()
	return frappe.response.filecontent


def rows_in(content: bytes) -> int:
	from openpyxl import load_workbook

	with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
		file.write(content)
		file.flush()
		sheet = load_workbook(file.name, read_only=True).worksheets[0]
		return sum(1 for _row in sheet.iter_rows(values_only=True)) - 1  # less the header
