"""Scaling out: the hot endpoints under load with 1, 2, 4 ... gunicorn workers (issue 20 §5).

    bench --site <a throwaway site> zhira-generate-data --size small
    flock /tmp/cpu.lock bench --site <that site> execute zhira_after_sales.benchmarks.scaling.run \
        --kwargs "{'workers': [1, 2, 4], 'seconds': 20}"

NEEDS `wrk` (the HTTP load generator, `apt-get install wrk` on Debian/Ubuntu) and stops if it is
missing. For each worker count it starts Frappe's gunicorn as bench's supervisor config does
(`<bench>/env/bin/gunicorn -b 127.0.0.1:<free port> -w N -t 120 frappe.app:application --preload`,
in <bench>/sites), waits for it, and runs wrk against each endpoint for `seconds` seconds (after a
short unrecorded warm-up) with `connections_per_worker` connections per gunicorn worker, requests
carrying `Host: <site>`. Printed: requests per second, median and p95 latency (wrk's own
histogram), and errors (non-2xx/3xx answers, socket errors and timeouts), as a Markdown table.

The endpoints, each a real request of the app on the generated data, with Frappe's and ERPNext's
own beside them as baselines:
- ping: Frappe's `/api/method/ping` (the framework's floor: routing, site, session lookup);
- track page: GET `/track?code=<code>` as a guest (the form the customer's SMS link opens);
- track lookup: POST `zhira_after_sales.api.tracking.track` with a generated reception's tracking
  code and mobile, as a guest. The endpoint allows 10 tries per client address per 10 minutes
  (customer_care.guest_tracking); for the run the site trusts 127.0.0.1 as a proxy
  (`zhira_trusted_proxies`, restored after) and every request says it comes from another address
  (X-Forwarded-For), so each one is a real lookup and none is refused;
- tech jobs: GET `zhira_after_sales.api.v1.tech.jobs`, `Authorization: token key:secret` of the
  user of the generated technician with the most jobs (a User made for the run, linked for the run);
- agency cartable: GET `/agency` (its first page), with the session cookie of a portal user made
  for the run and added to the generated agency with the most receptions;
- desk getdoc reception: `frappe.desk.form.load.getdoc` of a generated Service Reception, as
  Administrator (token);
- desk getdoc customer: the same for a generated ERPNext Customer (baseline).

Whatever the run makes (the two Users, their password, keys and sessions, Administrator's API key
if it had none, the portal user row, the technician's user link, the proxy setting) is removed or
put back at the end; no generated record is saved through its controller, also after an error (footprint.leave_as_found and the cleanup below).
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import frappe
from frappe.utils import get_bench_path
from frappe.utils.password import get_decrypted_password, set_encrypted_password, update_password

from zhira_after_sales.benchmarks.footprint import leave_as_found
from zhira_after_sales.benchmarks.reception_search import MARK
from zhira_after_sales.consts import AGENCY_ROLE, TECHNICIAN_ROLE

AGENCY_USER = "bench.scaling.agency@example.com"
TECH_USER = "bench.scaling.tech@example.com"
PASSWORD = "Scaling-Bench-" + "7f3a9c"  # a throwaway user's, removed with the user
WARMUP_SECONDS = 3
STARTUP_TIMEOUT = 90

# wrk's Lua: the request (method, body, headers; a new X-Forwarded-For per request when asked) and
# a last line with what wrk measured
LUA = """
local counter = 0
local thread_id = 0
local threads = {}
local next_id = 1
function setup(thread)
	thread:set("id", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end
function init(args)
	thread_id = id or 0
	wrk.method = %(method)s
	wrk.body = %(body)s
	%(headers)s
end
function request()
	if %(spoof)s then
		counter = counter + 1
		wrk.headers["X-Forwarded-For"] = string.format("10.%%d.%%d.%%d", thread_id %% 250,
			math.floor(counter / 250) %% 250, counter %% 250 + 1)
	end
	return wrk.format()
end
function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
		latency:percentile(50), latency:percentile(95),
		e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def run(workers=(1, 2, 4), seconds: int = 20, connections_per_worker: int = 2, wrk_threads: int = 2):
	wrk = shutil.which("wrk")
	if not wrk:
		print("This benchmark needs wrk (the HTTP load generator): apt-get install wrk. Stopped.")
		return
	site = frappe.local.site
	bench = get_bench_path()
	print(f"site {site}, {os.cpu_count()} CPUs, wrk {wrk}, {seconds} s per endpoint")
	print(f"receptions {frappe.db.count('Service Reception'):,}, customers {frappe.db.count('Customer'):,}")
	results: dict[str, dict[int, tuple]] = {}
	loads = {}
	with leave_as_found():
		fixture = Fixture()
		try:
			fixture.make()
			endpoints = fixture.endpoints()
			for count in workers:
				with Gunicorn(bench, count, site) as server:
					if not fixture.sid:
						fixture.login(server)
					endpoints = fixture.endpoints()
					for label, request in endpoints:
						server.check(label, request)
					load_before = os.getloadavg()
					for label, request in endpoints:
						connections = max(2, connections_per_worker * count)
						server.wrk(wrk, request, WARMUP_SECONDS, connections, wrk_threads)
						results.setdefault(label, {})[count] = server.wrk(
							wrk, request, seconds, connections, wrk_threads
						)
					loads[count] = (load_before, os.getloadavg())
		finally:
			fixture.remove()
	# the Users' Notification Settings went with them (leave_as_found), each leaving a Deleted Document
	frappe.db.delete("Deleted Document", {"deleted_name": ("in", (AGENCY_USER, TECH_USER))})
	frappe.db.commit()  # nosemgrep: a benchmark command
	print_table(results, workers, loads, connections_per_worker)


class Fixture:
	"""The users, keys and session the run measures with, and the records it reads."""

	def __init__(self):
		self.sid = None
		self.agency = None
		self.technician = None
		self.technician_user = None
		self.admin_had_key = False
		self.proxies = frappe.conf.get("zhira_trusted_proxies")

	def make(self):
		from zhira_after_sales.tests.factories import make_user

		self.agency = frappe.db.sql(
			"""select service_agency from `tabService Reception` where name like %s
			and service_agency is not null group by service_agency order by count(*) desc limit 1""",
			(f"{MARK}%",),
			pluck=True,
		)[0]
		self.technician = frappe.db.sql(
			"""select technician from `tabService Reception` where name like %s
			and technician is not null group by technician order by count(*) desc limit 1""",
			(f"{MARK}%",),
			pluck=True,
		)[0]
		self.reception = frappe.db.get_value(
			"Service Reception",
			{"service_agency": self.agency, "tracking_code": ("is", "set"), "mobile_no": ("is", "set")},
			["name", "tracking_code", "mobile_no"],
			as_dict=True,
			order_by="received_on desc",
		)
		self.customer = frappe.db.get_value("Customer", {"name": ("like", f"{MARK}%")}, "name")
		make_user(AGENCY_USER, roles=(AGENCY_ROLE,), first_name="Scaling Agency")
		update_password(AGENCY_USER, PASSWORD)
		# the row alone: saving the generated agency would make its parties and warehouses
		frappe.get_doc(
			{
				"doctype": "Service Agency User",
				"parent": self.agency,
				"parenttype": "Service Agency",
				"parentfield": "portal_users",
				"idx": 1 + frappe.db.count("Service Agency User", {"parent": self.agency}),
				"user": AGENCY_USER,
			}
		).db_insert()
		make_user(TECH_USER, roles=(TECHNICIAN_ROLE,), first_name="Scaling Technician")
		self.technician_user = frappe.db.get_value("Service Technician", self.technician, "user")
		frappe.db.set_value("Service Technician", self.technician, "user", TECH_USER, update_modified=False)
		self.tech_token = self.keys(TECH_USER)
		self.admin_had_key = bool(frappe.db.get_value("User", "Administrator", "api_key"))
		self.admin_token = self.keys("Administrator")
		frappe.db.commit()  # nosemgrep: a benchmark command: the server's workers read these
		self.set_proxies(["127.0.0.1"])
		jobs = frappe.db.count("Service Reception", {"technician": self.technician})
		print(
			f"agency {self.agency}: {frappe.db.count('Service Reception', {'service_agency': self.agency}):,}"
			f" receptions; technician {self.technician}: {jobs:,} receptions; reception {self.reception.name}"
		)

	def keys(self, user: str) -> str:
		key = frappe.db.get_value("User", user, "api_key")
		secret = key and get_decrypted_password("User", user, "api_secret", raise_exception=False)
		if not key or not secret:
			key, secret = frappe.generate_hash(length=15), frappe.generate_hash(length=15)
			frappe.db.set_value("User", user, "api_key", key, update_modified=False)
			set_encrypted_password("User", user, secret, "api_secret")
		return f"token {key}:{secret}"

	def set_proxies(self, value):
		from frappe.installer import update_site_config

		update_site_config("zhira_trusted_proxies", value if value is not None else "None")

	def login(self, server: "Gunicorn"):
		response = server.open(
			"POST",
			"/api/method/login",
			body=urllib.parse.urlencode({"usr": AGENCY_USER, "pwd": PASSWORD}),
			headers={"Content-Type": "application/x-www-form-urlencoded"},
		)
		cookies = response.headers.get_all("Set-Cookie") or []
		self.sid = next(c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("sid="))

	def endpoints(self) -> list[tuple[str, dict]]:
		mobile = "0" + self.reception.mobile_no.removeprefix("+98")  # as the customer types it
		getdoc = "/api/method/frappe.desk.form.load.getdoc?"
		admin = {"Authorization": self.admin_token}
		return [
			("ping (Frappe baseline)", {"path": "/api/method/ping"}),
			("track page, guest", {"path": f"/track?code={self.reception.tracking_code}"}),
			(
				"track lookup (api.tracking.track), guest",
				{
					"path": "/api/method/zhira_after_sales.api.tracking.track",
					"method": "POST",
					"body": urllib.parse.urlencode(
						{"tracking_code": self.reception.tracking_code, "mobile": mobile}
					),
					"headers": {"Content-Type": "application/x-www-form-urlencoded"},
					"spoof": True,
				},
			),
			(
				"tech app jobs (api.v1.tech.jobs), token",
				{
					"path": "/api/method/zhira_after_sales.api.v1.tech.jobs",
					"headers": {"Authorization": self.tech_token},
				},
			),
			(
				"agency portal /agency, session",
				{"path": "/agency", "headers": {"Cookie": f"sid={self.sid}"} if self.sid else {}},
			),
			(
				"desk getdoc Service Reception, Administrator token",
				{
					"path": getdoc
					+ urllib.parse.urlencode({"doctype": "Service Reception", "name": self.reception.name}),
					"headers": admin,
				},
			),
			(
				"desk getdoc Customer (ERPNext baseline)",
				{
					"path": getdoc + urllib.parse.urlencode({"doctype": "Customer", "name": self.customer}),
					"headers": admin,
				},
			),
		]

	def remove(self):
		"""Put back what make() changed; leave_as_found deletes the Users made since the start."""
		frappe.db.rollback()
		from frappe.sessions import clear_sessions

		for user in (AGENCY_USER, TECH_USER):
			if frappe.db.exists("User", user):
				clear_sessions(user, force=True)
			frappe.db.delete("__Auth", {"doctype": "User", "name": user})
			# the login and the forced logout (no reference, so leave_as_found does not see them)
			frappe.db.delete("Activity Log", {"user": user})
		if self.agency:
			frappe.db.delete("Service Agency User", {"parent": self.agency, "user": AGENCY_USER})
		if self.technician:
			frappe.db.set_value(
				"Service Technician", self.technician, "user", self.technician_user, update_modified=False
			)
		if not self.admin_had_key:
			frappe.db.set_value("User", "Administrator", "api_key", None, update_modified=False)
			frappe.db.delete(
				"__Auth", {"doctype": "User", "name": "Administrator", "fieldname": "api_secret"}
			)
		self.set_proxies(self.proxies)
		frappe.db.commit()  # nosemgrep: a benchmark command
		frappe.clear_cache(user=AGENCY_USER)
		frappe.clear_cache(user=TECH_USER)


class Gunicorn:
	"""Frappe's gunicorn with `workers` workers on a free loopback port, stopped on exit."""

	def __init__(self, bench: str, workers: int, site: str):
		self.bench, self.workers, self.site = bench, workers, site
		self.port = free_port()
		self.process = None

	def __enter__(self):
		self.log = tempfile.NamedTemporaryFile("w+", prefix="zhira-gunicorn-", suffix=".log")
		self.process = subprocess.Popen(
			[
				os.path.join(self.bench, "env", "bin", "gunicorn"),
				"-b",
				f"127.0.0.1:{self.port}",
				"-w",
				str(self.workers),
				"-t",
				"120",
				"frappe.app:application",
				"--preload",
			],
			cwd=os.path.join(self.bench, "sites"),
			stdout=self.log,
			stderr=subprocess.STDOUT,
		)
		deadline = time.monotonic() + STARTUP_TIMEOUT
		while True:
			try:
				self.open("GET", "/api/method/ping")
				break
			except (urllib.error.URLError, ConnectionError, OSError):
				if self.process.poll() is not None or time.monotonic() > deadline:
					self.log.seek(0)
					raise RuntimeError(f"gunicorn did not start:\n{self.log.read()[-3000:]}") from None
				time.sleep(0.5)
		print(f"gunicorn -w {self.workers} on port {self.port} (pid {self.process.pid})")
		return self

	def __exit__(self, *exc):
		self.process.terminate()
		try:
			self.process.wait(30)
		except subprocess.TimeoutExpired:
			self.process.kill()
			self.process.wait()
		self.log.close()

	def url(self, path: str) -> str:
		return f"http://127.0.0.1:{self.port}{path}"

	def open(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
		request = urllib.request.Request(
			self.url(path),
			data=body.encode() if body else None,
			method=method,
			headers={"Host": self.site, **(headers or {})},
		)
		return urllib.request.urlopen(request, timeout=60)

	def check(self, label: str, request: dict):
		"""One request before the load: it must answer 200 with the data it is measured for."""
		headers = dict(request.get("headers") or {})
		if request.get("spoof"):
			headers["X-Forwarded-For"] = "10.255.255.1"
		try:
			response = self.open(request.get("method", "GET"), request["path"], request.get("body"), headers)
		except urllib.error.HTTPError as e:
			raise RuntimeError(f"{label}: HTTP {e.code}: {e.read()[:500]!r}") from None
		content = response.read()
		if response.status != 200:
			raise RuntimeError(f"{label}: HTTP {response.status}")
		if "tech.jobs" in request["path"] and not json.loads(content)["message"]["jobs"]:
			raise RuntimeError(f"{label}: no jobs")
		if urllib.parse.urlsplit(response.geturl()).path != request["path"].split("?")[0]:
			raise RuntimeError(f"{label}: redirected to {response.geturl()}")

	def wrk(self, wrk: str, request: dict, seconds: int, connections: int, threads: int) -> tuple:
		"""(requests per second, median ms, p95 ms, errors, requests)."""
		headers = {"Host": self.site, **(request.get("headers") or {})}
		script = LUA % {
			"method": lua_string(request.get("method", "GET")),
			"body": lua_string(request.get("body")) if request.get("body") else "nil",
			"headers": "\n\t".join(
				f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()
			),
			"spoof": "true" if request.get("spoof") else "false",
		}
		with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
			lua.write(script)
			lua.flush()
			out = subprocess.run(
				[
					wrk,
					"-t",
					str(min(threads, connections)),
					"-c",
					str(connections),
					"-d",
					f"{seconds}s",
					"--timeout",
					"60s",
					"-s",
					lua.name,
					self.url(request["path"]),
				],
				capture_output=True,
				text=True,
				check=True,
			).stdout
		line = next(line for line in out.splitlines() if line.startswith("RESULT "))
		requests, duration_us, p50_us, p95_us, errors = (int(x) for x in line.split()[1:])
		return requests / (duration_us / 1e6), p50_us / 1000, p95_us / 1000, errors, requests


def lua_string(value: str) -> str:
	return json.dumps(value)  # a JSON string is a valid Lua string literal for these values


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def print_table(results: dict, workers, loads: dict, connections_per_worker: int):
	print(f"\n{os.cpu_count()} CPUs; wrk with {connections_per_worker} connections per worker (at least 2)")
	for count, (before, after) in loads.items():
		print(
			f"load average (1/5/15 min) with {count} worker(s): before "
			f"{before[0]:.2f}/{before[1]:.2f}/{before[2]:.2f}, after {after[0]:.2f}/{after[1]:.2f}/{after[2]:.2f}"
		)
	print("\n| endpoint | workers | req/s | median ms | p95 ms | errors / requests |")
	print("|---|---|---|---|---|---|")
	for label, by_count in results.items():
		for count in workers:
			if count in by_count:
				rps, p50, p95, errors, requests = by_count[count]
				print(f"| {label} | {count} | {rps:.1f} | {p50:.1f} | {p95:.1f} | {errors} / {requests:,} |")
