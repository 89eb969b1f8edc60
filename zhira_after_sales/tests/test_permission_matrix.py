"""Every cell of the permission matrix (`tests/permission_matrix.py`) checked through the ways
Frappe serves data, as nine users: head office's manager and operator, an accountant, portal users
of agencies A and B, a technician of A, two customers and a guest. Requests go through the site's
real WSGI application with API keys (or none, for the guest).

What it proves, for every DocType, report, portal page and endpoint of the app:
- the DocType-level rights (read, write, create, delete, submit) are the table's;
- `/api/resource` lists, `frappe.client.get_count` and link search answer only those who may read;
  create, change and delete are refused (403) to those who may not;
- agency B, the technician and customer Y find none of agency A's / customer X's rows through
  lists, counts and link search, and child tables listed directly show only rows of parents the
  user may list;
- each report runs for those the table names and is refused (403) to everyone else;
- each portal page is served to those the table names and to no one else;
- each whitelisted method refuses (403) those the table says it refuses; only the table's guest
  methods are open to guests.
A DocType, report, page or method missing from the table (or a stale row) fails the test.
"""

import importlib
import inspect
import json
import pkgutil
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

import zhira_after_sales
from zhira_after_sales.agency import hot_parts
from zhira_after_sales.tests import factories
from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.permission_matrix import (
	DOCTYPES,
	ENDPOINTS,
	PAGES,
	REPORTS,
	ROLES,
	doctype_rights,
)
from zhira_after_sales.tests.rest import _Call, api_credentials

test_ignore = TEST_IGNORE

APP = "zhira_after_sales"
PREFIX = "ZT-PM"
SCOPE_LINKS = ("Service Agency", "Service Technician", "Customer")
RIGHTS = {"r": "read", "w": "write", "c": "create", "d": "delete", "s": "submit"}


def app_modules() -> list[str]:
	return frappe.get_module_list(APP)


def app_doctypes(istable: int) -> list[str]:
	return frappe.get_all(
		"DocType", filters={"module": ["in", app_modules()], "istable": istable}, pluck="name"
	)


class Caller:
	"""HTTP requests as one of the matrix's users; API keys made once per user."""

	def __init__(self, users: dict[str, str]):
		self.headers = {}
		for role, user in users.items():
			headers = {"Accept": "application/json"}
			if user != "Guest":
				headers["Authorization"] = api_credentials(user)
			self.headers[role] = headers

	def __call__(self, role: str, method: str, path: str, **kwargs):
		thread = _Call(method.upper(), path, dict(self.headers[role]), **kwargs)
		thread.start()
		thread.join()
		return thread.response

	def method(self, role: str, path: str, params: dict, http_method: str = "POST"):
		if http_method == "GET":
			query = urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()})
			response = self(role, "GET", f"/api/method/{path}?{query}")
		else:
			response = self(
				role, "POST", f"/api/method/{path}", data=json.dumps(params), content_type="application/json"
			)
		body = response.json if response.is_json else {}
		return response.status_code, body.get("message")


RAW_ROWS: list[tuple[str, str]] = []


def raw_row(doctype: str, name: str, **values) -> str:
	"""A row owned by an agency / technician / customer, written straight to its table: the matrix
	needs one in every narrowed DocType, not a valid business document. Removed after the tests."""
	RAW_ROWS.append((doctype, name))
	if not frappe.db.exists(doctype, name):
		doc = frappe.new_doc(doctype)
		doc.update(values)
		doc.name = name
		doc.db_insert()
	return name


class TestPermissionMatrix(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		f = cls.f = SimpleNamespace()
		users = {
			"manager": factories.make_user("zt.pm.manager@example.com", roles=("After Sales Manager",)),
			"operator": factories.make_user("zt.pm.operator@example.com", roles=("Reception Operator",)),
			"accountant": factories.make_user(
				"zt.pm.accountant@example.com", roles=("Accounts Manager", "Accounts User")
			),
			"agency_a": factories.make_user("zt.pm.agency.a@example.com"),
			"agency_b": factories.make_user("zt.pm.agency.b@example.com"),
			"technician_a": factories.make_user("zt.pm.tech.a@example.com"),
		}
		territory_a = factories.make_territory("ZT Matrix A")
		territory_b = factories.make_territory("ZT Matrix B")
		f.agency_a = factories.make_agency(
			f"{PREFIX}-A",
			"نمایندگی ماتریس الف",
			users=(users["agency_a"],),
			territories=[{"territory": territory_a}],
		)
		f.agency_b = factories.make_agency(
			f"{PREFIX}-B",
			"نمایندگی ماتریس ب",
			users=(users["agency_b"],),
			territories=[{"territory": territory_b}],
		)
		f.technician_a = factories.make_technician(
			f.agency_a, "09390008101", "تکنسین ماتریس الف", user=users["technician_a"]
		)
		f.technician_b = factories.make_technician(f.agency_b, "09390008102", "تکنسین ماتریس ب")
		f.customer_x, users["customer_x"] = factories.make_customer_user(
			"ZT Matrix Customer X", "09127780001"
		)
		f.customer_y, users["customer_y"] = factories.make_customer_user(
			"ZT Matrix Customer Y", "09127780002"
		)
		users["guest"] = "Guest"
		cls.users = users

		item = factories.make_item(
			"ZT-PM-HEATER", factories.make_item_group("ZT Matrix Heaters"), has_serial_no=1
		)
		f.reception_a = cls.reception(f.agency_a, f.technician_a, f.customer_x, "09127780001", item)
		f.reception_b = cls.reception(f.agency_b, f.technician_b, f.customer_y, "09127780002", item)
		a = {"agency": f.agency_a, "technician": f.technician_a}
		f.invoice_a = raw_row(
			"Service Invoice", f"{PREFIX}-SINV-A", customer=f.customer_x, service_reception=f.reception_a, **a
		)
		f.invoice_b = raw_row(
			"Service Invoice",
			f"{PREFIX}-SINV-B",
			agency=f.agency_b,
			technician=f.technician_b,
			customer=f.customer_y,
		)
		f.parts_request_a = raw_row(
			"Agency Parts Request", f"{PREFIX}-APR-A", service_reception=f.reception_a, **a
		)
		# a hot part overdue for return: the money reports have a row that names agency A
		raw_row(
			"Defective Part Return",
			f"{PREFIX}-DPR-A",
			service_reception=f.reception_a,
			status=hot_parts.AWAITING,
			qty=1,
			due_date=add_days(today(), -10),
			**a,
		)
		raw_row("Agency Scorecard", f"{PREFIX}-SCORE-A", agency=f.agency_a)
		raw_row("Agency Document Download", f"{PREFIX}-ADD-A", agency=f.agency_a, user=users["agency_a"])
		raw_row("Technician Action", f"{PREFIX}-TA-A", technician=f.technician_a, user=users["technician_a"])
		f.device_x = raw_row("Customer Device", f"{PREFIX}-DEV-X", customer=f.customer_x, item=item)
		f.card_x = raw_row(
			"Warranty Card", f"{PREFIX}-CARD-X", customer=f.customer_x, item=item, status="Active"
		)
		f.plan_x = raw_row(
			"Periodic Service Plan",
			f"{PREFIX}-PLAN-X",
			customer=f.customer_x,
			customer_device=f.device_x,
			service_agency=f.agency_a,
			status="Active",
		)
		f.complaint_x = raw_row(
			"Complaint",
			f"{PREFIX}-CMP-X",
			customer=f.customer_x,
			service_agency=f.agency_a,
			technician=f.technician_a,
		)
		f.survey_x = raw_row(
			"Survey Response",
			f"{PREFIX}-SURV-X",
			customer=f.customer_x,
			service_agency=f.agency_a,
			technician=f.technician_a,
			service_reception=f.reception_a,
		)
		f.sms_x = raw_row(
			"SMS Message", f"{PREFIX}-SMS-X", customer=f.customer_x, direction="In", status="Unmatched"
		)
		f.ticket_customer_x = raw_row(
			"Service Ticket",
			f"{PREFIX}-TKT-X",
			subject="matrix",
			party_type="Customer",
			party=f.customer_x,
			raised_by=users["customer_x"],
			status="Open",
		)
		f.ticket_agency_a = raw_row(
			"Service Ticket",
			f"{PREFIX}-TKT-A",
			subject="matrix",
			party_type="Service Agency",
			party=f.agency_a,
			raised_by=users["agency_a"],
			status="Open",
		)
		f.batch = raw_row("Warranty Card Batch", f"{PREFIX}-BATCH")
		frappe.db.commit()  # nosemgrep: the requests run in their own connection
		cls.caller = Caller(users)

	@classmethod
	def tearDownClass(cls):
		for doctype, name in RAW_ROWS:
			frappe.db.delete(doctype, {"name": name})
		frappe.db.commit()  # nosemgrep: the raw rows must not reach other tests' totals
		super().tearDownClass()

	@classmethod
	def reception(cls, agency, technician, customer, mobile, item) -> str:
		existing = frappe.db.get_value("Service Reception", {"customer": customer, "service_agency": agency})
		if existing:
			return existing
		return (
			frappe.get_doc(
				{
					"doctype": "Service Reception",
					"mobile_no": mobile,
					"customer": customer,
					"service_agency": agency,
					"technician": technician,
					"devices": [
						{
							"item": item,
							"serial_no": f"{PREFIX}-{mobile}",
							"service_type": frappe.get_all("Service Type", pluck="name", limit=1)[0],
						}
					],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	# --- the table is complete ----------------------------------------------------------------

	def test_every_doctype_report_page_and_method_is_in_the_table(self):
		doctypes = set(app_doctypes(istable=0))
		self.assertEqual(doctypes - set(DOCTYPES), set(), "DocTypes missing from the matrix")
		self.assertEqual(set(DOCTYPES) - doctypes, set(), "stale DocTypes in the matrix")

		reports = set(frappe.get_all("Report", {"module": ["in", app_modules()]}, pluck="name"))
		self.assertEqual(reports - set(REPORTS), set(), "reports missing from the matrix")
		self.assertEqual(set(REPORTS) - reports, set(), "stale reports in the matrix")

		pages = set(frappe.get_all("Page", {"module": ["in", app_modules()]}, pluck="name"))
		self.assertEqual(pages, set(), "desk pages of the app need rows in the matrix")
		routes = set(portal_routes())
		self.assertEqual(routes - set(PAGES), set(), "portal pages missing from the matrix")
		self.assertEqual(set(PAGES) - routes, set(), "stale portal pages in the matrix")

		methods = whitelisted_methods()
		self.assertEqual(set(methods) - set(ENDPOINTS), set(), "whitelisted methods missing from the matrix")
		self.assertEqual(set(ENDPOINTS) - set(methods), set(), "stale methods in the matrix")
		for path, fn in methods.items():
			self.assertEqual(fn in frappe.guest_methods, ENDPOINTS[path].guest, f"{path}: open to guests?")

	# --- DocTypes -------------------------------------------------------------------------------

	def test_doctype_rights_are_the_tables(self):
		for doctype in DOCTYPES:
			submittable = frappe.get_meta(doctype).is_submittable
			for role, user in self.users.items():
				expected = doctype_rights(doctype, role)
				for letter, ptype in RIGHTS.items():
					if letter == "s" and not submittable:
						continue
					with self.subTest(doctype=doctype, role=role, right=ptype):
						self.assertEqual(
							bool(frappe.has_permission(doctype, ptype, user=user)), letter in expected
						)

	def test_lists_counts_and_link_search_answer_only_readers(self):
		for doctype in DOCTYPES:
			single = frappe.get_meta(doctype).issingle
			for role in ROLES:
				reads = "r" in doctype_rights(doctype, role)
				with self.subTest(doctype=doctype, role=role, via="/api/resource"):
					path = (
						f"/api/resource/{doctype}/{doctype}"
						if single
						else f"/api/resource/{doctype}?limit_page_length=1"
					)
					self.assert_status(self.caller(role, "GET", path), 200 if reads else 403)
				if single:
					continue
				with self.subTest(doctype=doctype, role=role, via="get_count"):
					status, _count = self.caller.method(role, "frappe.client.get_count", {"doctype": doctype})
					self.assertEqual(status, 200 if reads else 403)
				with self.subTest(doctype=doctype, role=role, via="search_link"):
					status, hits = self.caller.method(
						role, "frappe.desk.search.search_link", {"doctype": doctype, "txt": ""}
					)
					if not reads:
						self.assertTrue(status == 403 or (status == 200 and not hits), (status, hits))

	def test_create_change_and_delete_are_refused_to_those_without_the_right(self):
		for doctype in DOCTYPES:
			if frappe.get_meta(doctype).issingle:
				continue
			row = self.some_row(doctype)
			for role in ROLES:
				rights = doctype_rights(doctype, role)
				if "c" not in rights:
					with self.subTest(doctype=doctype, role=role, right="create"):
						response = self.caller(
							role,
							"POST",
							f"/api/resource/{doctype}",
							data="{}",
							content_type="application/json",
						)
						self.assert_status(response, 403)
				if row and "w" not in rights:
					with self.subTest(doctype=doctype, role=role, right="write"):
						response = self.caller(
							role,
							"PUT",
							f"/api/resource/{doctype}/{row}",
							data="{}",
							content_type="application/json",
						)
						self.assert_status(response, 403)
				if row and "d" not in rights:
					with self.subTest(doctype=doctype, role=role, right="delete"):
						self.assert_status(self.caller(role, "DELETE", f"/api/resource/{doctype}/{row}"), 403)
						self.assertTrue(frappe.db.exists(doctype, row))

	def test_no_one_reads_another_partys_rows(self):
		"""Agency B finds none of agency A's rows, the technician of A none of agency B's, customer
		Y none of customer X's - in lists, counts and link search of every narrowed DocType."""
		checked = 0
		for doctype in DOCTYPES:
			meta = frappe.get_meta(doctype)
			links = {
				df.fieldname: df.options
				for df in meta.fields
				if df.fieldtype == "Link" and df.options in SCOPE_LINKS
			}
			if meta.issingle or not links:
				continue
			for role, others in self.others_rows(doctype, links).items():
				if "r" not in doctype_rights(doctype, role) or not others:
					continue
				checked += 1
				with self.subTest(doctype=doctype, role=role, via="/api/resource"):
					visible = self.listed(role, doctype)
					self.assertEqual(visible & others, set())
				with self.subTest(doctype=doctype, role=role, via="get_count"):
					status, count = self.caller.method(
						role,
						"frappe.client.get_count",
						{"doctype": doctype, "filters": {"name": ["in", sorted(others)]}},
					)
					self.assertEqual((status, count), (200, 0))
				with self.subTest(doctype=doctype, role=role, via="search_link"):
					for name in sorted(others)[:3]:
						status, hits = self.caller.method(
							role, "frappe.desk.search.search_link", {"doctype": doctype, "txt": name}
						)
						self.assertNotIn(name, {hit.get("value") for hit in hits or []})
		self.assertGreater(checked, 5, "the fixtures give the narrowed DocTypes rows of other parties")

	def test_global_search_finds_only_rows_the_user_reads(self):
		"""Every DocType the app puts in global search (the awesome bar): a word in the index finds,
		for each user, exactly the rows that user may read - none of another party's, nothing of a
		DocType the user may not read."""
		ours = [row["doctype"] for row in frappe.get_hooks("global_search_doctypes", app_name=APP)["Default"]]
		self.assertEqual(set(ours) - set(DOCTYPES), set(), "global search DocTypes missing from the table")
		word = "zhirapmglobal"
		rows = [
			(doctype, name)
			for doctype in ours
			for name in frappe.get_all(doctype, pluck="name", order_by="creation desc", limit=60)
		]
		self.assertTrue(rows)
		index = frappe.qb.Table("__global_search")

		def unindex():
			for doctype, name in rows:
				frappe.qb.from_(index).delete().where(index.doctype == doctype).where(
					index.name == name
				).run()
			frappe.db.commit()  # nosemgrep: the requests read their own connection

		unindex()
		self.addCleanup(unindex)
		for doctype, name in rows:
			frappe.db.sql(
				"""insert into __global_search (doctype, name, title, content, route, published)
				values (%s, %s, %s, %s, '', 0)""",
				(doctype, name, name, f"{word} {name}"),
			)
		frappe.db.commit()  # nosemgrep: the requests read their own connection
		found_any = set()
		for role, user in self.users.items():
			if user == "Guest":
				continue
			with self.subTest(role=role):
				status, hits = self.caller.method(
					role, "frappe.utils.global_search.search", {"text": word, "limit": 1000}
				)
				self.assertEqual(status, 200, hits)
				found = {(hit["doctype"], hit["name"]) for hit in hits or []} & set(rows)
				readable = {
					(doctype, name)
					for doctype, name in rows
					if frappe.has_permission(doctype, "read", doc=name, user=user)
				}
				self.assertEqual(found - readable, set(), "found rows the user may not read")
				self.assertEqual(readable - found, set(), "missed rows the user may read")
				if found:
					found_any.add(role)
		self.assertIn("manager", found_any)
		self.assertTrue({"agency_a", "technician_a"} & found_any, "no restricted user found its own rows")

	def test_agencies_and_the_technician_see_their_own_rows(self):
		"""The narrowing is not "nothing": agency A lists its own reception, invoice, parts request,
		part return and technician; the technician his reception; agency B its own invoice."""
		f = self.f
		own = {
			"agency_a": {
				"Service Reception": f.reception_a,
				"Service Invoice": f.invoice_a,
				"Agency Parts Request": f"{PREFIX}-APR-A",
				"Defective Part Return": f"{PREFIX}-DPR-A",
				"Service Technician": f.technician_a,
			},
			"agency_b": {"Service Invoice": f.invoice_b, "Service Reception": f.reception_b},
			"technician_a": {"Service Reception": f.reception_a, "Service Invoice": f.invoice_a},
		}
		for role, rows in own.items():
			for doctype, name in rows.items():
				with self.subTest(role=role, doctype=doctype):
					self.assertIn(name, self.listed(role, doctype))
					self.assert_status(self.caller(role, "GET", f"/api/resource/{doctype}/{name}"), 200)

	def test_child_tables_listed_directly_show_only_rows_of_readable_parents(self):
		parents = {}
		for df in frappe.get_all(
			"DocField",
			filters={"fieldtype": ["in", ["Table", "Table MultiSelect"]], "parent": ["in", list(DOCTYPES)]},
			fields=["parent", "options"],
		):
			parents.setdefault(df.options, set()).add(df.parent)
		children = set(app_doctypes(istable=1))
		self.assertEqual(children - set(parents), set(), "child tables with no parent in the app")
		for child in sorted(children):
			for parent in sorted(parents[child]):
				for role in ROLES:
					with self.subTest(child=child, parent=parent, role=role):
						fields = json.dumps(["name", "parent"])
						response = self.caller(
							role,
							"GET",
							f"/api/resource/{child}?parent={parent}&fields={fields}&limit_page_length=0",
						)
						if "r" not in doctype_rights(parent, role):
							self.assert_status(response, 403)
							continue
						self.assert_status(response, 200)
						shown = {row["parent"] for row in response.json["data"]}
						if frappe.get_meta(parent).issingle:
							self.assertLessEqual(shown, {parent})
						else:
							self.assertLessEqual(shown, self.listed(role, parent))

	# --- reports, pages, methods ----------------------------------------------------------------

	def test_reports_run_for_the_tables_roles_only(self):
		for report, allowed in REPORTS.items():
			for role in ROLES:
				with self.subTest(report=report, role=role):
					status, message = self.caller.method(
						role, "frappe.desk.query_report.run", {"report_name": report, "filters": {}}
					)
					if role in allowed:
						self.assertIn(status, (200, 417), message)
					else:
						self.assertEqual(status, 403, message)

	def test_agency_reports_show_agency_b_nothing_of_agency_a(self):
		"""Reports agencies may run: agency B's result names nothing of agency A (its code, its
		reception and tracking code, its invoice, its technician)."""
		f = self.f
		tracking = frappe.db.get_value("Service Reception", f.reception_a, "tracking_code")
		marks = {f.agency_a, f.reception_a, tracking, f.invoice_a, f.technician_a}
		checked = 0
		for report, allowed in REPORTS.items():
			if "agency_b" not in allowed:
				continue
			for filters in ({}, {"agency": f.agency_a}, {"service_agency": f.agency_a}):
				with self.subTest(report=report, filters=filters):
					status, message = self.caller.method(
						"agency_b",
						"frappe.desk.query_report.run",
						{"report_name": report, "filters": filters},
					)
					self.assertIn(status, (200, 403, 404, 417), message)
					shown = json.dumps(message, ensure_ascii=False, default=str) if status == 200 else ""
					self.assertEqual({mark for mark in marks if mark and mark in shown}, set())
					checked += status == 200
		self.assertGreater(checked, 0, "agency B ran some of its reports")
		# the same search finds agency A's reception in agency A's own register
		status, message = self.caller.method(
			"agency_a", "frappe.desk.query_report.run", {"report_name": "Reception Register", "filters": {}}
		)
		self.assertEqual(status, 200, message)
		self.assertIn(tracking, json.dumps(message, ensure_ascii=False, default=str))

	def test_portal_pages_are_served_to_the_tables_roles_only(self):
		for route, (allowed, query) in PAGES.items():
			for role in ROLES:
				with self.subTest(route=route, role=role):
					response = self.caller(role, "GET", f"/{route}?{query(self.f)}")
					if response.status_code == 302 and response.location.split("?")[0] == f"/{route}/":
						response = self.caller(role, "GET", response.location)  # /tech -> /tech/
					if role in allowed:
						self.assertEqual(response.status_code, 200)
					else:
						self.assertNotEqual(response.status_code, 200)

	def test_methods_refuse_the_tables_roles(self):
		methods = whitelisted_methods()
		for path, endpoint in ENDPOINTS.items():
			for role in sorted(endpoint.refused):
				with self.subTest(method=path, role=role):
					args = {**placeholders(methods[path]), **endpoint.args(self.f)}
					if endpoint.doc:
						doctype, name = endpoint.doc
						status, message = self.caller.method(
							role,
							"run_doc_method",
							{
								"dt": doctype,
								"dn": name(self.f),
								"method": path.rsplit(".", 1)[1],
								"args": args,
							},
						)
					else:
						status, message = self.caller.method(role, path, args, endpoint.method)
					self.assertIn(status, (403, 404), message)

	# --- helpers --------------------------------------------------------------------------------

	def assert_status(self, response, status: int):
		body = response.get_data(as_text=True)[:300]
		self.assertEqual(response.status_code, status, body)

	def listed(self, role: str, doctype: str) -> set[str]:
		response = self.caller(role, "GET", f"/api/resource/{doctype}?limit_page_length=0")
		self.assert_status(response, 200)
		return {row["name"] for row in response.json["data"]}

	def some_row(self, doctype: str) -> str | None:
		mine = frappe.get_all(doctype, {"name": ["like", f"{PREFIX}-%"]}, pluck="name", limit=1)
		return (mine or frappe.get_all(doctype, pluck="name", limit=1) or [None])[0]

	def others_rows(self, doctype: str, links: dict[str, str]) -> dict[str, set[str]]:
		"""The rows each restricted user must not see: agency B - rows of agency A (or its
		technician, or customer X) tied to nothing of B; the technician - rows of agency B;
		customer Y - rows of customer X."""
		f = self.f
		a_marks = {
			"Service Agency": f.agency_a,
			"Service Technician": f.technician_a,
			"Customer": f.customer_x,
		}
		b_marks = {
			"Service Agency": f.agency_b,
			"Service Technician": f.technician_b,
			"Customer": f.customer_y,
		}
		fields = ["name", *links]
		rows = frappe.get_all(doctype, fields=fields, limit=0)

		def tied(row, marks, only=None):
			return any(
				row[field] == marks[target] for field, target in links.items() if only in (None, target)
			)

		of_a = {row.name for row in rows if tied(row, a_marks) and not tied(row, b_marks)}
		of_b = {row.name for row in rows if tied(row, b_marks) and not tied(row, a_marks)}
		of_x = {row.name for row in rows if tied(row, a_marks, "Customer")}
		return {"agency_b": of_a, "technician_a": of_b, "customer_y": of_x}


def portal_routes() -> list[str]:
	"""The app's www/ pages as routes (`agency/new-invoice`), index pages as their folder."""
	www = Path(zhira_after_sales.__file__).parent / "www"
	routes = []
	for path in www.rglob("*"):
		if path.suffix not in (".html", ".md", ".json", ".js") or path.name.startswith("_"):
			continue
		route = (
			str(path.relative_to(www).with_suffix(""))
			if path.suffix in (".html", ".md")
			else str(path.relative_to(www))
		)
		routes.append(route.removesuffix("/index") if route != "index" else "")
	return routes


def placeholders(fn) -> dict:
	"""A value of the annotated type for each required argument: Frappe checks argument types before
	the method runs, and the refusal must come from the method's own permission check."""
	values = {"int": 1, "float": 1.0, "bool": 0, "dict": {}, "list": []}
	args = {}
	for name, param in inspect.signature(fn).parameters.items():
		if (
			name == "self"
			or param.default is not inspect.Parameter.empty
			or param.kind.name.startswith("VAR")
		):
			continue
		annotation = getattr(param.annotation, "__name__", str(param.annotation))
		args[name] = next((v for k, v in values.items() if k in annotation), "x")
	return args


def whitelisted_methods() -> dict:
	"""Every function or document method of the app that Frappe lets a client call."""
	for module in pkgutil.walk_packages(zhira_after_sales.__path__, f"{APP}."):
		name = module.name
		if ".test_" in name or ".tests" in name or ".benchmarks" in name or ".patches" in name:
			continue
		importlib.import_module(name)
	return {
		f"{fn.__module__}.{fn.__qualname__}": fn
		for fn in frappe.whitelisted
		if (fn.__module__ or "").startswith(f"{APP}.")
	}
