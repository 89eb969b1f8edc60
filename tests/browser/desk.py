"""Helpers for browser tests against a running Frappe site: a small REST client (stdlib only) and
functions that drive the desk through Playwright. Used by conftest.py's fixtures; import them in
tests with `from tests.browser.desk import ...`."""

import contextlib
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

BASE_URL = os.environ.get("ZHIRA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE = os.environ.get("ZHIRA_SITE", "")
ADMIN_PASSWORD = os.environ.get("ZHIRA_ADMIN_PASSWORD", "admin")
CHROMIUM = os.environ.get("ZHIRA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# the demo data's portal users (agencies, technicians) share this password
DEMO_PASSWORD = "Zhira-demo-1405"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
]


def site_headers() -> dict:
	"""`bench --site X serve` answers for X alone; a multi-site server picks the site by this header."""
	return {"X-Frappe-Site-Name": SITE} if SITE else {}


class RestError(AssertionError):
	def __init__(self, status: int, body):
		self.status, self.body = status, body
		super().__init__(f"HTTP {status}: {str(body)[:2000]}")


class Rest:
	"""A logged-in HTTP session with the site, as a browser or an integration would use it."""

	def __init__(self, user: str, password: str):
		self.user = user
		self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
		self.post("/api/method/login", {"usr": user, "pwd": password})

	def request(self, method: str, path: str, data: dict | None = None, params: dict | None = None):
		url = BASE_URL + path
		if params:
			url += "?" + urllib.parse.urlencode(
				{k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
			)
		body = json.dumps(data).encode() if data is not None else None
		headers = {"Accept": "application/json", **site_headers()}
		if body is not None:
			headers["Content-Type"] = "application/json"
		request = urllib.request.Request(url, data=body, method=method, headers=headers)
		try:
			with self.opener.open(request, timeout=120) as response:
				text = response.read().decode()
		except urllib.error.HTTPError as error:
			text = error.read().decode()
			raise RestError(error.code, _json_or_text(text))
		return _json_or_text(text)

	def get(self, path: str, **params):
		return self.request("GET", path, params=params or None)

	def post(self, path: str, data: dict | None = None):
		return self.request("POST", path, data=data or {})

	def call(self, method: str, **kwargs):
		return self.post(f"/api/method/{method}", kwargs).get("message")

	# --- documents -------------------------------------------------------------------------------

	def get_doc(self, doctype: str, name: str) -> dict:
		return self.get(f"/api/resource/{_quote(doctype)}/{_quote(name)}")["data"]

	def exists(self, doctype: str, name: str) -> bool:
		try:
			self.get_doc(doctype, name)
			return True
		except RestError as error:
			if error.status == 404:
				return False
			raise

	def insert(self, doc: dict) -> dict:
		return self.post(f"/api/resource/{_quote(doc['doctype'])}", doc)["data"]

	def update(self, doctype: str, name: str, values: dict) -> dict:
		return self.request("PUT", f"/api/resource/{_quote(doctype)}/{_quote(name)}", values)["data"]

	def delete(self, doctype: str, name: str):
		try:
			self.request("DELETE", f"/api/resource/{_quote(doctype)}/{_quote(name)}")
		except RestError as error:
			if error.status != 404:
				raise

	def get_list(self, doctype: str, filters=None, fields=("name",), limit: int = 0, order_by=None):
		params = {"fields": list(fields), "limit_page_length": limit}
		if filters is not None:
			params["filters"] = filters
		if order_by:
			params["order_by"] = order_by
		return self.get(f"/api/resource/{_quote(doctype)}", **params)["data"]


def _quote(value: str) -> str:
	return urllib.parse.quote(str(value), safe="")


def _json_or_text(text: str):
	try:
		return json.loads(text) if text else {}
	except ValueError:
		return text


# --- users -----------------------------------------------------------------------------------


def ensure_user(
	admin: Rest,
	email: str,
	password: str,
	language: str = "en",
	roles=("System Manager",),
	time_zone: str | None = None,
	**fields,
) -> dict:
	"""Create or update a desk user through REST (as Administrator): language, roles, time zone and
	any other User fields. Idempotent."""
	values = {
		"first_name": email.split("@")[0],
		"language": language,
		"time_zone": time_zone or "",
		"enabled": 1,
		"send_welcome_email": 0,
		"roles": [{"role": role} for role in roles],
		"new_password": password,
		**fields,
	}
	if admin.exists("User", email):
		return admin.update("User", email, values)
	return admin.insert({"doctype": "User", "email": email, "user_type": "System User", **values})


# --- the desk --------------------------------------------------------------------------------


def log_in(context, user: str, password: str):
	"""Log a browser context in through the API (its cookies then serve every page)."""
	response = context.request.post(
		f"{BASE_URL}/api/method/login",
		data={"usr": user, "pwd": password},
		headers=site_headers(),
	)
	assert response.ok, f"login as {user} failed: {response.status} {response.text()[:500]}"


def wait_for_desk(page, timeout: float = 60_000):
	page.wait_for_function(
		"() => window.frappe && frappe.boot && frappe.boot.user && frappe.ui && frappe.ui.form"
		" && frappe.router && !document.querySelector('#freeze.in')",
		timeout=timeout,
	)


def goto(page, route: str):
	"""Open /app/<route> and wait until the desk is ready."""
	page.goto(f"{BASE_URL}/app/{route.lstrip('/')}")
	wait_for_desk(page)
	page.wait_for_load_state("networkidle")


def set_route(page, *route):
	page.evaluate("(route) => frappe.set_route(...route)", list(route))
	page.wait_for_load_state("networkidle")


def wait_for_form(page, doctype: str, name: str | None = None):
	page.wait_for_function(
		"([doctype, name]) => window.cur_frm && cur_frm.doctype === doctype"
		" && (!name || cur_frm.docname === name) && !cur_frm.is_dirty()"
		" && cur_frm.page.wrapper.is(':visible')",
		arg=[doctype, name],
	)


def field(page, fieldname: str, scope: str = "body"):
	"""The input of a control by fieldname inside `scope` (a CSS selector)."""
	return page.locator(f"{scope} .frappe-control[data-fieldname='{fieldname}'] input").first


def save_form(page):
	page.keyboard.press("Control+s")
	page.wait_for_function("() => window.cur_frm && !cur_frm.is_dirty() && !cur_frm.is_new()")
	page.wait_for_load_state("networkidle")


def screenshot(page, name: str, full_page: bool = False) -> Path:
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
	page.screenshot(path=str(path), full_page=full_page)
	return path


# --- data a test needs ---------------------------------------------------------------------------


def stock_consignment(admin: Rest, agency: str, item: str, qty: float) -> str:
	"""Move `qty` of `item` from the central parts store into `agency`'s consignment warehouse (a
	submitted Stock Entry, as head office sends warranty parts); returns the warehouse."""
	consignment = admin.get_doc("Service Agency", agency)["consignment_warehouse"]
	settings = admin.get_doc("After Sales Settings", "After Sales Settings")
	admin.insert(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Transfer",
			"company": settings["company"],
			"docstatus": 1,
			"items": [
				{
					"item_code": item,
					"qty": qty,
					"s_warehouse": settings["parts_warehouse"],
					"t_warehouse": consignment,
				}
			],
		}
	)
	return consignment


# --- pages of a test ---------------------------------------------------------------------------


@contextlib.contextmanager
def logged_in_pages(browser, request):
	"""new_page(user=None, password=None, **context_options) -> a page of its own browser context
	(logged in when a user is given); afterwards a failing test's pages are saved as screenshots and
	JavaScript errors on any page fail it."""
	contexts = []

	def new_page(user: str | None = None, password: str | None = None, **context_options):
		options = {"base_url": BASE_URL, "extra_http_headers": site_headers(), "accept_downloads": True}
		context = browser.new_context(**{**options, **context_options})
		contexts.append(context)
		if user:
			log_in(context, user, password)
		page = context.new_page()
		page.set_default_timeout(20_000)
		page.js_errors = []
		page.on("pageerror", lambda error: page.js_errors.append(str(error)))
		return page

	yield new_page

	pages = [page for context in contexts for page in context.pages]
	if getattr(request.node, "zhira_failed", False):
		for index, page in enumerate(pages):
			screenshot(page, f"{request.node.name}-failed-{index}", full_page=True)
	errors = [error for page in pages for error in page.js_errors]
	for context in contexts:
		context.close()
	if errors:
		pytest.fail(f"JavaScript errors on the page: {errors}")
