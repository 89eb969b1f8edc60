"""The issue-20 figures on a site filled with the national data set, each beside its baseline.

    bench --site bench.localhost zhira-generate-data --size full --throwaway
    bench --site bench.localhost execute zhira_after_sales.benchmarks.national.run --kwargs "{'repeats': 25}"

`run` needs rows made by `benchmarks.dataset` (any size: CI runs it on `tiny`) and times, in one
process and one run, what a user opens, beside what they would otherwise open:

- the reception form (`getdoc`, what the desk asks for when the form opens, with its timeline)
  beside ERPNext's Issue form and Customer form;
- lookups through `frappe.get_list` (tracking code, mobile, landline, serial) beside the same
  lookup of an ERPNext Customer by mobile;
- the agency cartable of the agency with the most open referrals (`benchmarks.agency_cartable`,
  with the ToDos its referrals give the agency's user);
- the agency portal's and the technician app's first screen, server time, beside Frappe's `/me`;
- the Reception Register for a recent whole Jalali month and for about 90,000 rows, beside Frappe's
  report view of the same receptions;
- the agency score (every agency, one month; the biggest agency) beside Frappe's group-by count.

What it makes to measure with (two users, the ToDos, an Issue) goes at the end; what it changes
(the agency's portal users, the technician's login) is put back. The Excel export and the other
benchmarks (saving a reception, SMS, warranty batch, approval) have commands of their own.
"""

import itertools
import statistics
import time
from contextlib import contextmanager

import frappe
from frappe.utils import add_days, getdate, now_datetime

from zhira_after_sales.agency import cartable, technician_app
from zhira_after_sales.agency.roles import sync_portal_role
from zhira_after_sales.benchmarks import agency_cartable
from zhira_after_sales.benchmarks.footprint import DOCTYPES, delete_like, leave_as_found
from zhira_after_sales.benchmarks.reception_save import counting, fresh_request, p95
from zhira_after_sales.benchmarks.reception_search import MARK, agency_user
from zhira_after_sales.consts import AGENCY_ROLE, TECHNICIAN_ROLE
from zhira_after_sales.utils import jalali

AGENCY_USER = "national.agency@example.com"
TECHNICIAN_USER = "national.tech@example.com"
CUSTOMER_USER = "national.customer@example.com"


def run(repeats: int = 25, cartable_todos: bool = True, open_referrals: int = 0) -> list[tuple]:
	"""`open_referrals`: give the measured agency at least this many open referrals for the run
	(its newest closed receptions reopened with the mix of its open ones, put back at the end)."""
	if not frappe.db.exists("Service Reception", {"name": ("like", f"{MARK}R%")}):
		frappe.throw("No generated receptions here: run `bench zhira-generate-data` first.")
	frappe.db.sql(
		"analyze table `tabService Reception`, `tabService Reception Device`, `tabSMS Message`, "
		"`tabSurvey Response`, `tabComplaint`, `tabCustomer`"
	)
	print(volume())
	results = []
	with leave_as_found(("Issue", *DOCTYPES)), portal_users() as users:
		with backlog(users.agency, int(open_referrals)), todos(cartable_todos):
			for section in (forms, lookups, first_screens, register, score):
				results += section(repeats, users)
			results += cartable_figures(repeats, users)
	print_table(results)
	return results


def volume() -> str:
	counts = {
		doctype: frappe.db.count(doctype)
		for doctype in (
			"Service Agency",
			"Service Technician",
			"Customer",
			"Warranty Card",
			"Service Reception",
			"Service Reception Device",
			"Service Invoice",
			"SMS Message",
			"Complaint",
			"Survey Response",
			"Periodic Service Plan",
		)
	}
	return "\n" + ", ".join(f"{doctype} {n:,}" for doctype, n in counts.items()) + "\n"


# --- what it measures with --------------------------------------------------------------------


@contextmanager
def todos(wanted: bool):
	"""The ToDo each referral gives its agency's portal user (the cartable's baseline); removed."""
	if wanted:
		agency_cartable.generate_todos(MARK)
	try:
		yield
	finally:
		if wanted:
			delete_like("ToDo", "name", f"{MARK}TD-%")


@contextmanager
def backlog(agency: str, wanted: int):
	"""At least `wanted` open referrals at `agency`: its newest closed receptions reopened, each
	with the status and acceptance of one of its open receptions in turn (of any agency's when it
	has none); put back afterwards."""
	closed = cartable.closed_statuses()
	open_now = frappe.db.sql(
		f"""select r.status, r.accepted_on is not null, r.technician from `tabService Reception` r
		where r.service_agency = %s and {cartable.open_condition(closed)}""",
		(agency,),
	)
	extra = wanted - len(open_now)
	mix = open_now or frappe.db.sql(
		f"""select r.status, r.accepted_on is not null, null from `tabService Reception` r
		where {cartable.open_condition(closed)} limit 100"""
	) or ((cartable.accepted_status(), True, None),)  # fmt: skip
	if extra <= 0 or not closed:
		yield 0
		return
	reopened = frappe.db.sql(
		"""select name, status, accepted_on, closed_on, technician from `tabService Reception`
		where service_agency = %s and status in %s order by received_on desc limit %s""",
		(agency, closed, extra),
	)
	update = """update `tabService Reception` set status = %s, accepted_on = %s, closed_on = %s,
		technician = %s where name = %s"""
	frappe.db.sql("select 1")  # connects when needed
	frappe.db._cursor.executemany(
		update,
		[
			(status, accepted_on if accepted else None, None, technician, name)
			for (name, _status, accepted_on, _closed_on, _technician), (status, accepted, technician) in zip(
				reopened, itertools.cycle(mix), strict=False
			)
		],
	)
	frappe.db.commit()  # nosemgrep: a bench command
	try:
		yield len(reopened)
	finally:
		frappe.db.rollback()
		frappe.db.sql("select 1")
		frappe.db._cursor.executemany(
			update,
			[(status, accepted_on, closed_on, technician, name) for name, status, accepted_on, closed_on, technician in reopened],
		)  # fmt: skip
		frappe.db.commit()  # nosemgrep: a bench command


@contextmanager
def portal_users():
	"""A portal user for the agency with the most open referrals, a login for its busiest
	technician and an ERPNext Issue of one generated customer; put back as they were (the users and
	the Issue are deleted by leave_as_found)."""
	from zhira_after_sales.tests.factories import make_user

	agency = busiest_agency()
	technician = frappe.db.sql(
		f"""select r.technician from `tabService Reception` r
		where r.service_agency = %s and r.technician is not null
		group by r.technician order by sum({cartable.open_condition(cartable.closed_statuses())}) desc,
			count(*) desc limit 1""",
		(agency,),
		pluck=True,
	)
	technician = technician[0] if technician else None
	# rows and logins written directly: saving the agency or the technician would also make the
	# agency's ERPNext parties and warehouses (which the generator leaves out) and a timeline comment
	portal = (AGENCY_USER, agency_user(agency))  # agency_cartable's baseline user too
	for user in (*portal, TECHNICIAN_USER, CUSTOMER_USER):
		make_user(user)
	for k, user in enumerate(portal):
		frappe.get_doc(
			{"doctype": "Service Agency User", "parent": agency, "parenttype": "Service Agency",
				"parentfield": "portal_users", "idx": 1000 + k, "user": user}
		).db_insert()  # fmt: skip
		sync_portal_role(user, AGENCY_ROLE)
	previous_login = None
	if technician:
		previous_login = frappe.db.get_value("Service Technician", technician, "user")
		frappe.db.set_value("Service Technician", technician, "user", TECHNICIAN_USER, update_modified=False)
		sync_portal_role(TECHNICIAN_USER, TECHNICIAN_ROLE)
	sample = sample_reception()
	issue = frappe.get_doc(
		{
			"doctype": "Issue",
			"subject": f"Issue of {sample.customer_name}",
			"customer": sample.customer,
			"raised_by": CUSTOMER_USER,
			"description": "بخاری روشن نمی شود",
		}
	).insert(ignore_permissions=True)
	for k in range(3):
		issue.add_comment("Comment", f"پیگیری {k + 1}")
	frappe.db.commit()  # nosemgrep: a bench command
	try:
		yield frappe._dict(agency=agency, technician=technician, sample=sample, issue=issue.name)
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		frappe.db.delete("Service Agency User", {"parent": agency, "user": ("in", portal)})
		if technician:
			frappe.db.set_value(
				"Service Technician", technician, "user", previous_login, update_modified=False
			)
		frappe.db.commit()  # nosemgrep: a bench command


def busiest_agency() -> str:
	"""The agency with the most open referrals (the cartable's heaviest first screen)."""
	return frappe.db.sql(
		f"""select r.service_agency from `tabService Reception` r where r.service_agency like %s
		group by r.service_agency order by sum({cartable.open_condition(cartable.closed_statuses())}) desc,
			count(*) desc limit 1""",
		(f"{MARK}%",),
		pluck=True,
	)[0]


def sample_reception() -> frappe._dict:
	"""The newest generated reception with two devices, text messages and a customer."""
	return frappe.db.sql(
		"""select r.name, r.tracking_code, r.mobile_no, r.phone_no, r.customer, r.customer_name,
			(select d.serial_no from `tabService Reception Device` d where d.parent = r.name
				order by d.idx limit 1) as serial_no
		from `tabService Reception` r
		where r.name like %s and r.phone_no is not null
			and (select count(*) from `tabService Reception Device` d where d.parent = r.name) = 2
		order by r.name desc limit 1""",
		(f"{MARK}R%",),
		as_dict=True,
	)[0]


# --- the figures: (section, what, median ms, p95 ms, queries or rows, note) ----------------------


def timed(fn, repeats: int) -> tuple[float, float, int]:
	"""Median and p95 ms of `repeats` calls, each as a new request would make it (what Frappe keeps
	for one request forgotten; Redis warm), and the statements of one such call."""
	fn()  # warm: metadata and cached documents in Redis, as on a site in use
	fresh_request()
	with counting() as sent:
		fn()
	spent = []
	for _k in range(repeats):
		fresh_request()
		started = time.perf_counter()
		fn()
		spent.append((time.perf_counter() - started) * 1000)
	return statistics.median(spent), p95(spent), len(sent)


def as_user(user: str, fn):
	def call():
		frappe.set_user(user)
		try:
			return fn()
		finally:
			frappe.set_user("Administrator")

	return call


def forms(repeats: int, w) -> list[tuple]:
	from frappe.desk.form.load import getdoc

	def opened(doctype, name):
		def call():
			frappe.local.response = frappe._dict(docs=[])
			getdoc(doctype, name)
			if not frappe.local.response.docs:
				frappe.throw(f"getdoc({doctype}, {name}) returned nothing")

		return call

	sms = frappe.db.count("SMS Message", {"reference_name": w.sample.name})
	return [
		("form", "Service Reception (getdoc, 2 devices, " f"{sms} SMS)", *timed(opened("Service Reception", w.sample.name), repeats), ""),
		("form", "baseline: ERPNext Issue (getdoc, 3 comments)", *timed(opened("Issue", w.issue), repeats), ""),
		("form", "baseline: ERPNext Customer (getdoc)", *timed(opened("Customer", w.sample.customer), repeats), ""),
	]  # fmt: skip


def lookups(repeats: int, w) -> list[tuple]:
	s, fields = w.sample, ["name", "tracking_code", "customer_name", "status"]

	def found(filters):
		def call():
			rows = frappe.get_list("Service Reception", filters=filters, fields=fields, limit_page_length=20)
			if s.name not in {row.name for row in rows}:
				frappe.throw(f"get_list({filters}) did not find {s.name}")

		return call

	def customer_by_mobile():
		if not frappe.get_list("Customer", filters={"mobile_no": s.mobile_no}, limit_page_length=20):
			frappe.throw(f"no Customer with mobile {s.mobile_no}")

	calls = [
		("reception by tracking code (get_list)", found({"tracking_code": s.tracking_code})),
		("reception by mobile (get_list)", found({"mobile_no": s.mobile_no})),
		("reception by landline (get_list)", found({"phone_no": s.phone_no})),
		("reception by serial (get_list, device table)",
			found([["Service Reception Device", "serial_no", "=", s.serial_no]])),
		("baseline: ERPNext Customer by mobile (get_list)", customer_by_mobile),
	]  # fmt: skip
	return [("lookup", label, *timed(call, repeats), plan_of(call)) for label, call in calls]


def plan_of(call) -> str:
	"""The plan of the SELECTs one call sends (EXPLAIN: each table with the index it uses and the
	rows MariaDB expects to read), so that a lookup's figure shows that it is an index seek."""
	with counting() as sent:
		call()
	plans = []
	for query in sent:
		if query.lstrip().lower().startswith("select"):
			rows = frappe.db.sql(f"explain {query}", as_dict=True)  # nosemgrep: the call's own SELECT
			plans.append(", ".join(f"{r.table}:{r.key or 'none'} ({r.rows} rows)" for r in rows))
	return "; ".join(plans)


def first_screens(repeats: int, w) -> list[tuple]:
	open_jobs = sum(n for tab, n in cartable.counts(w.agency).items() if tab != cartable.DONE)
	results = [
		("first screen", f"agency portal /agency (cartable, {open_jobs:,} open referrals)",
			*timed(lambda: page("/agency", AGENCY_USER), repeats), ""),
		("first screen", "baseline: Frappe's /me, the same user", *timed(lambda: page("/me", AGENCY_USER), repeats), ""),
	]  # fmt: skip
	if w.technician:
		technician = frappe._dict(name=w.technician)
		jobs = len(technician_app.jobs(technician)["jobs"])
		results += [
			("first screen", "technician app /tech/ (the app's shell page)", *timed(lambda: page("/tech/", TECHNICIAN_USER), repeats), ""),
			("first screen", f"technician app: me + jobs ({jobs} jobs)", *timed(as_user(TECHNICIAN_USER, lambda: (
				technician_app.me(technician_app.current_technician()),
				technician_app.jobs(technician_app.current_technician()))), repeats), ""),
			("first screen", "baseline: Frappe's /me, the technician", *timed(lambda: page("/me", TECHNICIAN_USER), repeats), ""),
		]  # fmt: skip
	return results


def page(path: str, user: str) -> str:
	"""The page as Frappe's website serves it to `user`; a page that is not 200 stops the run."""
	from frappe.utils import set_request
	from frappe.website.serve import get_response

	frappe.set_user(user)
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict()
	try:
		response = get_response(path)
		if response.status_code != 200:
			frappe.throw(f"{path} answered {response.status_code} to {user}")
		return response.get_data(as_text=True)
	finally:
		frappe.set_user("Administrator")


def register(repeats: int, w) -> list[tuple]:
	from frappe.desk.reportview import get as report_view

	from zhira_after_sales.service_desk.report.reception_register import reception_register

	busiest = frappe.db.sql(
		"""select date_format(received_on, '%%Y-%%m-%%d') from `tabService Reception`
		where name like %s order by received_on desc limit 1""",
		(f"{MARK}R%",),
		pluck=True,
	)
	last = getdate(busiest[0]) if busiest else getdate(now_datetime())
	month_from, month_to = jalali.month_range_of(add_days(last, -40))  # the last whole month
	year, month = jalali.to_jalali(month_from).year, jalali.to_jalali(month_from).month
	wide_from = add_days(month_to, -90 * 3)
	while rows_between(wide_from, month_to) > 90_000 and wide_from < month_from:
		wide_from = add_days(wide_from, 7)
	results = []
	for label, start in (
		(f"{year}/{month:02d}", month_from),
		(f"about 90,000 rows, {jalali.format_date(wide_from)}..{jalali.format_date(month_to)}", wide_from),
	):
		filters = {"from_date": str(start), "to_date": str(month_to)}
		rows = len(reception_register.execute(filters)[1])
		results.append(("register", f"Reception Register, {label} ({rows:,} rows)",
			*timed(lambda filters=filters: reception_register.execute(filters), max(3, repeats // 5)), ""))  # fmt: skip
		fields = [f"`tabService Reception`.`{f}`" for f in ("name", "tracking_code", "received_on",
			"customer_name", "mobile_no", "territory", "service_agency", "technician", "status", "channel", "closed_on")]  # fmt: skip

		def view(start=start):
			frappe.local.form_dict = frappe._dict(doctype="Service Reception", fields=fields, filters=[
				["Service Reception", "received_on", ">=", str(start)],
				["Service Reception", "received_on", "<", str(add_days(month_to, 1))]],
				order_by="`tabService Reception`.`received_on` desc", page_length=0)  # fmt: skip
			return report_view()

		results.append(("register", "baseline: Frappe's report view, the same receptions (no device columns)",
			*timed(view, max(3, repeats // 5)), ""))  # fmt: skip
	return results


def rows_between(start, end) -> int:
	return frappe.db.sql(
		"""select count(*) from `tabService Reception` r join `tabService Reception Device` d
		on d.parent = r.name where r.received_on >= %s and r.received_on < %s""",
		(start, add_days(end, 1)),
	)[0][0]


def score(repeats: int, w) -> list[tuple]:
	from zhira_after_sales.customer_care import agency_score

	last = getdate(now_datetime())
	start, end = jalali.month_range_of(add_days(last, -40))  # the last whole month
	year, month = jalali.to_jalali(start).year, jalali.to_jalali(start).month
	agencies = len(agency_score.ranking(start, end))
	statuses = agency_score.completed_statuses()

	def grouped():
		return frappe.get_list(
			"Service Reception",
			filters=[["closed_on", ">=", str(start)], ["closed_on", "<", str(add_days(end, 1))], ["status", "in", statuses]],
			fields=["service_agency", "count(*) as n"],
			group_by="service_agency",
			order_by=None,
		)  # fmt: skip

	return [
		("score", f"agency score, every agency ({agencies}), {year}/{month:02d}", *timed(lambda: agency_score.ranking(start, end), max(3, repeats // 5)), ""),
		("score", "agency score, the busiest agency, one month", *timed(lambda: agency_score.score_for(w.agency, start, end), repeats), ""),
		("score", "baseline: Frappe's group-by count of completed receptions per agency", *timed(grouped, max(3, repeats // 5)), ""),
	]  # fmt: skip


def cartable_figures(repeats: int, w) -> list[tuple]:
	"""benchmarks.agency_cartable's calls for the agency with the most open referrals and the
	median one, with its baselines (the desk list and the ToDo list as the agency's user)."""
	sizes = frappe.db.sql(
		"""select service_agency from `tabService Reception` where name like %s
		group by service_agency order by count(*) desc""",
		(f"{MARK}%",),
		pluck=True,
	)
	median = sizes[len(sizes) // 2]
	counts = cartable.counts(w.agency)
	label = ", ".join(f"{tab} {n:,}" for tab, n in counts.items())
	return [
		("cartable", f"{what} ({label})" if what.startswith("counts(), biggest") else what, ms, p95, read, f"{key}: {examined}")
		for what, ms, p95, read, key, examined in agency_cartable.measure(w.agency, median, repeats)
	]  # fmt: skip


def print_table(results: list[tuple]):
	print("\n| section | what | median ms | p95 ms | queries / rows read | plan |")
	print("|---|---|---|---|---|---|")
	for section, what, median, slow, count, note in results:
		count = "-" if count is None else f"{count:,}"
		print(f"| {section} | {what} | {median:.1f} | {slow:.1f} | {count} | {note} |")
