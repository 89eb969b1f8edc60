# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""docs/api/technician-v1.openapi.json against the live endpoints: every documented path is a
whitelisted function taking the documented HTTP method(s) and parameters (and every endpoint of
the module is documented), and each endpoint, called over HTTP as a technician, answers with a
body its documented schema accepts - successes, the three status results and the errors."""

import inspect
import io
import json
from pathlib import Path

import frappe

from zhira_after_sales.agency.test_agency_portal import PNG
from zhira_after_sales.agency.test_technician_api import (
	ACCEPTED,
	API,
	OTHER_TECH_USER,
	PASSWORD,
	REFERRED,
	TECH_USER,
	WARRANTY_REPAIR,
	TechnicianApiTestCase,
	new_id,
)
from zhira_after_sales.api.v1 import tech
from zhira_after_sales.tests import openapi
from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.rest import call, call_guest

test_ignore = TEST_IGNORE

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "api" / "technician-v1.openapi.json"
PREFIX = "/api/method/"


def load() -> dict:
	return json.loads(DOCUMENT.read_text())


def operations(document: dict):
	"""(path, HTTP method, operation, endpoint function) of every documented operation."""
	for path, item in document["paths"].items():
		for method, operation in item.items():
			yield path, method.upper(), operation, frappe.get_attr(path.removeprefix(PREFIX))


class TestDocumentMatchesEndpoints(TechnicianApiTestCase):
	def test_every_path_is_a_whitelisted_endpoint_with_its_methods_and_parameters(self):
		document = load()
		self.assertTrue(document["openapi"].startswith("3.0."))
		documented = set()
		for path, method, operation, fn in operations(document):
			documented.add(fn.__name__)
			self.assertIn(fn, frappe.whitelisted, path)
			allowed = set(frappe.allowed_http_methods_for_whitelisted_func[fn])
			self.assertEqual(allowed, {m.upper() for m in document["paths"][path]}, path)
			self.assertEqual(operation.get("security") == [], fn in frappe.guest_methods, path)
			parameters = set(inspect.signature(fn).parameters)
			if method == "GET":
				names = {p["name"] for p in operation.get("parameters", [])}
			else:
				names = set()
				for media, content in operation["requestBody"]["content"].items():
					schema = openapi.resolve(content["schema"], document)
					fields = set(schema["properties"])
					if media == "multipart/form-data":
						# files are read from the request, not taken as arguments
						fields -= {
							name
							for name, prop in schema["properties"].items()
							if prop.get("format") == "binary"
						}
					self.assertEqual(fields, parameters, f"{path} {media}")
					names |= fields
			self.assertEqual(names, parameters, path)
			self.assertIn("200", operation["responses"], path)
		endpoints = {
			name
			for name, fn in inspect.getmembers(tech, inspect.isfunction)
			if fn in frappe.whitelisted and fn.__module__ == tech.__name__
		}
		self.assertEqual(documented, endpoints)

	def test_every_schema_uses_only_what_the_checker_understands(self):
		document = load()
		schemas = list(openapi.schemas_in(document))
		self.assertGreater(len(schemas), 20)
		for schema in schemas:
			self.assertLessEqual(set(schema), openapi.KEYWORDS, schema)


class TestEndpointsAnswerAsDocumented(TechnicianApiTestCase):
	def assert_documented(self, response, name: str, status: int = 200):
		"""The response's code is documented for the endpoint and its body fits that schema."""
		document = load()
		path = PREFIX + "zhira_after_sales.api.v1.tech." + name
		(operation,) = document["paths"][path].values()
		self.assertEqual(response.status_code, status, response.get_data(as_text=True)[:2000])
		documented = operation["responses"].get(str(status))
		self.assertIsNotNone(documented, f"{name}: HTTP {status} is not documented")
		schema = documented["content"]["application/json"]["schema"]
		problems = openapi.errors(response.json, schema, document)
		self.assertEqual(problems, [], f"{name} HTTP {status}")
		return response.json

	def test_login_me_jobs_and_job(self):
		login = call_guest("POST", API + "login", json={"usr": TECH_USER, "pwd": PASSWORD})
		self.assert_documented(login, "login")
		self.assert_documented(
			call_guest("POST", API + "login", json={"usr": TECH_USER, "pwd": "x"}), "login", 401
		)
		name = self.job()
		self.assert_documented(call("GET", API + "me", TECH_USER), "me")
		self.assert_documented(call("GET", API + "me", "Administrator"), "me", 403)
		jobs = self.assert_documented(call("GET", API + "jobs", TECH_USER), "jobs")
		self.assertIn(name, [j["name"] for j in jobs["message"]["jobs"]])
		# a job with every part filled: history with a phone time, an invoice
		self.send_status(name, ACCEPTED, REFERRED, client_time="2026-01-31T10:00:00+03:30")
		self.assert_documented(
			call(
				"POST",
				API + "invoice",
				TECH_USER,
				data={
					"job": name,
					"customer_device": self.w.covered,
					"client_id": new_id(),
					"services": json.dumps([{"service_type": WARRANTY_REPAIR}]),
				},
				content_type="multipart/form-data",
			),
			"invoice",
		)
		job = self.assert_documented(call("GET", API + "job", TECH_USER, query_string={"name": name}), "job")
		self.assertTrue(job["message"]["invoices"] and job["message"]["history"][0]["client_at"])
		self.assert_documented(
			call("GET", API + "job", OTHER_TECH_USER, query_string={"name": name}), "job", 404
		)

	def test_status_applied_duplicate_conflict_and_errors(self):
		name = self.job()
		client_id = new_id()
		applied = self.assert_documented(self.send_status(name, ACCEPTED, REFERRED, client_id), "status")
		duplicate = self.assert_documented(self.send_status(name, ACCEPTED, REFERRED, client_id), "status")
		conflict = self.assert_documented(self.send_status(name, ACCEPTED, REFERRED), "status")
		self.assertEqual(
			[a["message"]["result"] for a in (applied, duplicate, conflict)],
			["applied", "duplicate", "conflict"],
		)
		self.assert_documented(self.send_status(name, ACCEPTED, REFERRED, "not-a-uuid"), "status", 417)
		self.assert_documented(
			self.send_status(name, ACCEPTED, REFERRED, user=OTHER_TECH_USER), "status", 404
		)

	def test_invoice_with_a_photo_and_upload(self):
		name = self.job()
		data = {
			"job": name,
			"customer_device": self.w.covered,
			"client_id": new_id(),
			"services": json.dumps([{"service_type": WARRANTY_REPAIR}]),
			"parts": json.dumps([{"item": self.w.pump, "qty": 1, "coverage": "Warranty"}]),
			"customer_acknowledgement": "1",
			"acknowledged_by_name": "مشتری",
			"customer_paid_amount": "0",
			"notes": "",
			"serial_plate_photo": (io.BytesIO(PNG), "plate.png", "image/png"),
		}
		filed = self.assert_documented(
			call("POST", API + "invoice", TECH_USER, data=data, content_type="multipart/form-data"), "invoice"
		)
		upload = call(
			"POST",
			API + "upload",
			TECH_USER,
			data={
				"invoice": filed["message"]["invoice"],
				"fieldname": "work_photo",
				"file": (io.BytesIO(PNG), "work.png", "image/png"),
			},
			content_type="multipart/form-data",
		)
		self.assert_documented(upload, "upload")
		refused = call(
			"POST",
			API + "upload",
			TECH_USER,
			data={
				"invoice": filed["message"]["invoice"],
				"fieldname": "work_photo",
				"file": (io.BytesIO(b"%PDF-1.4"), "work.pdf", "application/pdf"),
			},
			content_type="multipart/form-data",
		)
		self.assert_documented(refused, "upload", 417)
		# the JSON form of the same endpoint, as documented
		as_json = call(
			"POST",
			API + "invoice",
			TECH_USER,
			json={
				"job": self.job(),
				"customer_device": self.w.covered,
				"client_id": new_id(),
				"services": [{"service_type": WARRANTY_REPAIR, "description": "سرویس"}],
				"parts": [],
				"customer_acknowledgement": 0,
			},
		)
		self.assert_documented(as_json, "invoice")
