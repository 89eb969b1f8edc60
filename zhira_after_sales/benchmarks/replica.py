"""Does the Reception Register read from the read replica? (issue 20 §5, docs/scaling.md)

    bench --site <a throwaway site with read_from_replica> execute \
        zhira_after_sales.benchmarks.replica.check --kwargs "{'root_password': '...'}"

For a site whose site_config has `read_from_replica`, `replica_host` and `replica_db_port` (the
replica of the site's primary, MariaDB replication), with at least one Service Reception:
1. which server (port, server_id) answers Frappe's primary connection and a `@frappe.read_only()`
   function, and what a second `read_only` call in the same request reaches;
2. stops the replica's SQL thread (root on the replica: `root_user`, `root_password`), copies a
   reception (raw INSERTs, no controller, no job) as received now on the primary and commits;
3. runs the Reception Register through `frappe.desk.query_report.run` (the desk's endpoint,
   `@frappe.read_only()`) for today, and the register's own `execute` on the primary connection,
   and says which of them lists the new reception; the same for the app's read-only endpoints
   that are decorated with `@frappe.read_only()` (READ_ONLY_ENDPOINTS);
4. starts the SQL thread again, waits until the replica has caught up, runs the register again,
   and deletes the copied reception.
Each step that reads from the replica starts as a new request would (`new_request()`). Never run
it on a site in use: the replica stops applying changes for the seconds it takes.
"""

import time

import frappe
import pymysql
from frappe.utils import now_datetime, nowdate

REPORT = "Reception Register"
MARK = "REPLICA-CHECK-"
# the app's endpoints marked @frappe.read_only(): (endpoint, module of the service it calls, function)
READ_ONLY_ENDPOINTS = (
	(
		"zhira_after_sales.api.reception.open_receptions_by_status",
		"zhira_after_sales.service_desk.reception_stats",
		"open_by_status",
	),
	(
		"zhira_after_sales.api.periodic_reports.due_today",
		"zhira_after_sales.service_desk.periodic_reports",
		"due_today",
	),
)


def new_request():
	"""What a new request starts with: no replica connection yet. Frappe's connect_replica()
	switches only while frappe.local holds no replica_db/primary_db, and read_only() does not
	remove them when it switches back - so within one request (or job) only the first
	`read_only` function reaches the replica (step 1 shows it)."""
	for attr in ("replica_db", "primary_db"):
		if hasattr(frappe.local, attr):
			delattr(frappe.local, attr)


@frappe.read_only()
def server() -> tuple:
	return tuple(frappe.db.sql("select @@port, @@server_id")[0])


def register_names(via_replica: bool) -> set[str]:
	from frappe.desk.query_report import run

	from zhira_after_sales.service_desk.report.reception_register import reception_register

	filters = {"from_date": nowdate(), "to_date": nowdate()}
	if via_replica:
		new_request()
		result = run(REPORT, filters=filters)["result"]
	else:
		result = reception_register.execute(filters)[1]
	return {row["name"] for row in result if isinstance(row, dict) and row.get("name")}


def open_receptions(via_replica: bool) -> int:
	"""The workspace chart's endpoint (api.reception.open_receptions_by_status): open receptions."""
	from zhira_after_sales.api.reception import open_receptions_by_status
	from zhira_after_sales.service_desk.reception_stats import open_by_status

	if via_replica:
		new_request()
		chart = open_receptions_by_status()
	else:
		chart = open_by_status()
	return sum(chart["datasets"][0]["values"])


def endpoints():
	"""Each READ_ONLY_ENDPOINTS endpoint as a new request: its answer (it must run on a replica that
	refuses writes), then which server its service function runs on (the function replaced for the
	call by one returning `select @@port`)."""
	import importlib

	for path, module_name, attr in READ_ONLY_ENDPOINTS:
		endpoint = frappe.get_attr(path)
		new_request()
		answer = endpoint()
		module = importlib.import_module(module_name)
		original = getattr(module, attr)
		setattr(module, attr, lambda *args, **kwargs: frappe.db.sql("select @@port")[0][0])
		try:
			new_request()
			port = endpoint()
		finally:
			setattr(module, attr, original)
		print(f"{path}: answers {answer!r:.80}; its service function ran on port {port!r:.80}")


def check(root_password: str, root_user: str = "root", timeout: int = 60):
	conf = frappe.conf
	if not conf.read_from_replica:
		frappe.throw("The site has no read_from_replica in its site config.")
	frappe.set_user("Administrator")
	print(
		f"primary {conf.db_host}:{conf.db_port or 3306}, replica {conf.replica_host}:{conf.replica_db_port}"
	)
	primary = tuple(frappe.db.sql("select @@port, @@server_id")[0])
	new_request()
	first, second = server(), server()
	print(f"primary connection: port/server_id {primary}")
	print(f"read_only function, first call of a request: {first}; second call of the same request: {second}")
	new_request()
	print(f"read_only function, in a new request: {server()}")
	endpoints()

	replica = pymysql.connect(
		host=conf.replica_host,
		port=int(conf.replica_db_port),
		user=root_user,
		password=root_password,
		autocommit=True,
	)
	name = None
	try:
		with replica.cursor() as cursor:
			cursor.execute("STOP SLAVE SQL_THREAD")
		print("replica: SQL thread stopped")
		open_before = (open_receptions(False), open_receptions(True))
		name = copy_reception()
		frappe.db.commit()  # nosemgrep: the replica must receive it
		print(f"primary: reception {name} inserted and committed, received_on now")
		print(f"  register via query_report.run (read_only): lists it: {name in register_names(True)}")
		print(f"  register's execute on the primary connection: lists it: {name in register_names(False)}")
		print(
			f"  open receptions (api.reception.open_receptions_by_status): before the insert "
			f"{open_before[0]} on the primary, {open_before[1]} through the endpoint; after it "
			f"{open_receptions(False)} on the primary, {open_receptions(True)} through the endpoint"
		)
	finally:
		with replica.cursor() as cursor:
			cursor.execute("START SLAVE SQL_THREAD")
			position = frappe.db.sql("select @@gtid_binlog_pos")[0][0]
			started = time.monotonic()
			cursor.execute("select master_gtid_wait(%s, %s)", (position, timeout))
			waited = cursor.fetchone()[0]
		replica.close()
		print(
			f"replica: SQL thread started, caught up with {position}: "
			f"{'yes' if waited == 0 else 'NO (timeout)'} in {time.monotonic() - started:.2f} s"
		)
	if name:
		print(f"  register via query_report.run (read_only): lists it: {name in register_names(True)}")
		print(f"  open receptions through the endpoint: {open_receptions(True)}")
		frappe.db.delete("Service Reception Device", {"parent": name})
		frappe.db.delete("Service Reception", {"name": name})
		frappe.db.commit()  # nosemgrep: a bench command
		print(f"primary: {name} deleted")


def copy_reception() -> str:
	"""An open reception received now: a copy of the newest one (and its devices) by raw INSERT."""
	source = frappe.get_all("Service Reception", order_by="creation desc", limit=1, pluck="name")
	if not source:
		frappe.throw("The site has no Service Reception to copy.")
	row = frappe.db.sql("select * from `tabService Reception` where name = %s", source[0], as_dict=True)[0]
	name = MARK + frappe.generate_hash(length=8).upper()
	now = now_datetime()
	row.update(
		name=name,
		creation=now,
		modified=now,
		received_on=now,
		closed_on=None,
		tracking_code=None,
	)
	frappe.db.bulk_insert("Service Reception", list(row), [tuple(row.values())])
	devices = frappe.db.sql(
		"select * from `tabService Reception Device` where parent = %s", source[0], as_dict=True
	)
	for i, device in enumerate(devices):
		device.update(name=f"{name}-{i}", parent=name, creation=now, modified=now)
		frappe.db.bulk_insert("Service Reception Device", list(device), [tuple(device.values())])
	return name
