"""The agency score at a realistic volume.

    bench --site <site> execute zhira_after_sales.benchmarks.agency_score.run \
        --kwargs "{'rows': 1000000}"

Fills the site with `rows` receptions (benchmarks.reception_search's generator: 200 agencies of
very different sizes, each reception referred, worked on and mostly closed as Completed), gives
those agencies Service Agency rows, a Happy Call to about a third of the completed receptions
(answered a day or three after closing) and a complaint to about one reception in a hundred (most
of them closed, about half of those upheld), then times customer_care.agency_score for one agency
and for the ranking of all of them, and prints each query's plan (EXPLAIN). Runs on any site and
leaves it as found (reception_search.generated: every generated row is named with its own prefix
and goes at the end); `keep=True` leaves them for the next run, and `remove` removes them then.
"""

import frappe
from frappe.utils import add_days

from zhira_after_sales.benchmarks import reception_search
from zhira_after_sales.customer_care import agency_score, score_page
from zhira_after_sales.utils import jalali

SEARCH = reception_search.SEARCH
SURVEY_SHARE = 35  # % of completed receptions with a completed Happy Call
COMPLAINT_SHARE = 1  # % of receptions with a complaint


def run(rows: int = 1_000_000, repeats: int = 25, keep: bool = False):
	with reception_search.generated(rows, keep):
		measure(repeats)


def measure(repeats: int):
	make_agencies()
	make_surveys()
	make_complaints()
	frappe.db.sql("analyze table `tabService Reception`, `tabSurvey Response`, `tabComplaint`")

	last = frappe.db.sql(
		"select max(closed_on) from `tabService Reception` where name like %s", f"{SEARCH}%"
	)[0][0]
	# the last whole Jalali month of the generated period, and the year up to its end
	month = jalali.month_range_of(add_days(jalali.month_range_of(last)[0], -1))
	year = (add_days(month[1], -364), month[1])
	sizes = frappe.db.sql(
		"""select service_agency, count(*) from `tabService Reception`
		where name like %s group by service_agency order by count(*) desc""",
		f"{SEARCH}%",
	)
	biggest, median = sizes[0][0], sizes[len(sizes) // 2][0]
	print(
		f"\n{frappe.db.count('Service Reception'):,} receptions, "
		f"{frappe.db.count('Survey Response'):,} survey responses, {frappe.db.count('Complaint'):,} complaints; "
		f"month {jalali.format_date(month[0])}..{jalali.format_date(month[1])}\n"
	)
	print("| call | median ms | p95 ms | result |")
	print("|---|---|---|---|")
	for label, fn in (
		(
			f"score_for, the biggest agency ({biggest}), one month",
			lambda: agency_score.score_for(biggest, *month),
		),
		(
			f"score_for, the median agency ({median}), one month",
			lambda: agency_score.score_for(median, *month),
		),
		("score_for, the biggest agency, one year", lambda: agency_score.score_for(biggest, *year)),
		("ranking, every agency, one month", lambda: agency_score.ranking(*month)),
		("ranking, every agency, one year", lambda: agency_score.ranking(*year)),
		(
			"the portal's Scores page data, the biggest agency",
			lambda: score_page.scores_page(biggest, on=month[1]),
		),
	):
		median_ms, p95_ms = reception_search.timed(fn, repeats)
		result = fn()
		if isinstance(result, list):
			shown = f"{len(result)} agencies"
		elif "current" in result:
			shown = f"two months, {len(result.history)} scorecards"
		else:
			shown = (
				f"N {result['services_completed']:,}, responses {result['responses_count']:,}, "
				f"complaints {result['complaints_count']}"
			)
		print(f"| {label} | {median_ms:.2f} | {p95_ms:.2f} | {shown} |")

	print("\n| query | index used | rows examined (plan) |")
	print("|---|---|---|")
	start, end = agency_score.bounds(*month)
	statuses = agency_score.completed_statuses()
	for label, query in (
		("N, one agency", agency_score.services_query(start, end, statuses, biggest)),
		("N, every agency", agency_score.services_query(start, end, statuses)),
		("S, one agency", agency_score.surveys_query(start, end, biggest)),
		("S, every agency", agency_score.surveys_query(start, end)),
		("P, one agency", agency_score.penalties_query(start, end, biggest)),
		("P, every agency", agency_score.penalties_query(start, end)),
	):
		key, examined = plan(str(query))
		print(f"| {label} | {key} | {examined} |")


def plan(sql: str) -> tuple[str, str]:
	rows = frappe.db.sql(f"explain {sql}", as_dict=True)
	keys = ", ".join(f"{r.table}:{r.key or 'none'}" for r in rows)
	examined = ", ".join(f"{r.table}:{r.rows}" for r in rows)
	return keys, examined


def make_agencies():
	"""Service Agency rows for the generator's agency codes (the ranking lists existing agencies)."""
	now = frappe.utils.now()
	rows = [
		(code, now, now, "Administrator", "Administrator", 0, code, f"Bench agency {i:03d}", 1)
		for i in range(reception_search.AGENCIES)
		for code in [reception_search.agency_code(i, SEARCH)]
	]
	frappe.db.bulk_insert(
		"Service Agency",
		(
			"name",
			"creation",
			"modified",
			"modified_by",
			"owner",
			"docstatus",
			"agency_code",
			"agency_name",
			"is_active",
		),
		rows,
		ignore_duplicates=True,
	)
	frappe.db.sql(
		"update `tabService Agency` set creation = %s where name like %s",
		(reception_search.EPOCH, f"{SEARCH}%"),
	)
	frappe.db.commit()  # nosemgrep: a benchmark command, not a request


def make_surveys():
	"""A completed Happy Call for about a third of the completed receptions, 1 to 72 hours after."""
	if frappe.db.exists("Survey Response", {"name": ("like", f"{SEARCH}%")}):
		return
	frappe.db.sql(
		"""insert into `tabSurvey Response` (name, creation, modified, modified_by, owner, docstatus, idx,
			naming_series, status, channel, service_reception, service_agency, completed_on, score,
			max_score, satisfaction_percent, reception_completed_on)
		select concat(%(mark)s, 'HC-', r.name), r.closed_on, r.closed_on, 'Administrator', 'Administrator',
			0, 0, 'HC-.#####', 'Completed', 'Phone', r.name, r.service_agency,
			r.closed_on + interval (1 + crc32(r.name) %% 72) hour,
			(4 + crc32(r.name) %% 7), 10, 10 * (4 + crc32(r.name) %% 7), r.closed_on
		from `tabService Reception` r join `tabService Status` s on s.name = r.status
		where r.name like %(like)s and s.category = 'Completed' and crc32(r.name) %% 100 < %(share)s""",
		{"mark": SEARCH, "like": f"{SEARCH}%", "share": SURVEY_SHARE},
	)
	frappe.db.commit()  # nosemgrep: a benchmark command, not a request


def make_complaints():
	"""A complaint for about one reception in a hundred: 80 % closed, half of those upheld."""
	if frappe.db.exists("Complaint", {"name": ("like", f"{SEARCH}%")}):
		return
	frappe.db.sql(
		"""insert into `tabComplaint` (name, creation, modified, modified_by, owner, docstatus, idx,
			naming_series, status, iso_stage, received_on, customer_name, description, service_reception,
			service_agency, decision, upheld, penalty_points, closed_on)
		select concat(%(mark)s, 'CMP-', r.name), r.received_on, r.received_on, 'Administrator',
			'Administrator', 0, 0, 'CMP-.#####', null,
			if(crc32(r.name) %% 10 < 8, 'Closed', 'Investigating'),
			r.received_on + interval 2 day, r.customer_name, '-', r.name, r.service_agency,
			if(crc32(r.name) %% 10 < 4, 'Upheld', 'Not Upheld'),
			if(crc32(r.name) %% 10 < 4, 1, 0),
			if(crc32(r.name) %% 10 < 4, 5 + 5 * (crc32(r.name) %% 2), 0),
			if(crc32(r.name) %% 10 < 8, r.received_on + interval (5 + crc32(r.name) %% 20) day, null)
		from `tabService Reception` r
		where r.name like %(like)s and crc32(concat('c', r.name)) %% 100 < %(share)s""",
		{"mark": SEARCH, "like": f"{SEARCH}%", "share": COMPLAINT_SHARE},
	)
	frappe.db.commit()  # nosemgrep: a benchmark command, not a request


def remove():
	"""Delete every row `run(keep=True)` generated (a run without keep does it itself)."""
	reception_search.remove_generated(quiet=False)
