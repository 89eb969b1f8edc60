# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Agency Document: who sees which file (all agencies or the picked ones, published and from its
date), through every way Frappe reads a document - lists, counts, single documents, REST, the
download endpoint and the private file's own URL - and the download log head office reads. Bad
input is refused with a message that says what to fix."""

import json
from urllib.parse import quote, urlencode

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from zhira_after_sales.agency import documents
from zhira_after_sales.agency.documents import AgencyDocumentError
from zhira_after_sales.overrides.client import get_count
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_technician, make_user
from zhira_after_sales.tests.rest import call, get_json

test_ignore = TEST_IGNORE

DOCTYPE = "Agency Document"
LOG = "Agency Document Download"
ENDPOINT = "/api/method/zhira_after_sales.api.agency_document.download"

USER_A = "zt.doc.agency.a@example.com"
USER_A2 = "zt.doc.agency.a2@example.com"
USER_B = "zt.doc.agency.b@example.com"
TECH_A = "zt.doc.tech.a@example.com"
MANAGER = "zt.doc.manager@example.com"
OPERATOR = "zt.doc.operator@example.com"


def private_file(file_name: str, content: bytes) -> str:
	"""A private File, not attached yet (as the desk's upload leaves it before the form is saved)."""
	return (
		frappe.get_doc({"doctype": "File", "file_name": file_name, "is_private": 1, "content": content})
		.insert(ignore_permissions=True)
		.file_url
	)


def make_document(title: str, audience="All Agencies", agencies=(), published_on=None, is_published=1):
	"""Idempotent by title; each document has its own file content (a shared content would share
	the file's URL)."""
	existing = frappe.db.get_value(DOCTYPE, {"title": title})
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"title": title,
				"description": f"Test document {title}",
				"audience": audience,
				"agencies": [{"agency": agency} for agency in agencies],
				"published_on": published_on or nowdate(),
				"is_published": is_published,
				"file": private_file(f"{title}.txt", f"content of {title}\n".encode()),
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


class TestAgencyDocument(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(MANAGER, roles=("After Sales Manager",))
		make_user(OPERATOR, roles=("Reception Operator",))
		cls.agency_a = make_agency("ZT-DOC-A", "نمایندگی اسناد الف", users=(USER_A, USER_A2))
		cls.agency_b = make_agency("ZT-DOC-B", "نمایندگی اسناد ب", users=(USER_B,))
		make_user(TECH_A)
		make_technician(cls.agency_a, "09390008801", "تکنسین اسناد الف", user=TECH_A)
		yesterday, tomorrow = add_days(nowdate(), -1), add_days(nowdate(), 1)
		cls.for_all = make_document("ZT doc for all", published_on=add_days(nowdate(), -10))
		cls.for_a = make_document("ZT doc for A", "Selected Agencies", [cls.agency_a], yesterday)
		cls.for_b = make_document("ZT doc for B", "Selected Agencies", [cls.agency_b], yesterday)
		cls.for_both = make_document(
			"ZT doc for A and B", "Selected Agencies", [cls.agency_a, cls.agency_b], nowdate()
		)
		cls.unpublished = make_document("ZT doc unpublished", is_published=0)
		cls.future = make_document("ZT doc from tomorrow", published_on=tomorrow)
		cls.visible_to_a = {cls.for_all, cls.for_a, cls.for_both}
		cls.hidden_from_a = {cls.for_b, cls.unpublished, cls.future}
		cls.ours = cls.visible_to_a | cls.hidden_from_a
		frappe.db.commit()  # nosemgrep: the REST requests run in their own transaction

	def tearDown(self):
		frappe.set_user("Administrator")

	def file_url(self, name):
		return frappe.db.get_value(DOCTYPE, name, "file")

	# --- audience rules -----------------------------------------------------------------------

	def test_each_agency_lists_what_is_published_to_it_newest_first(self):
		listed_a = [
			row.name for row in documents.documents_for(self.agency_a, USER_A) if row.name in self.ours
		]
		self.assertEqual(listed_a, [self.for_both, self.for_a, self.for_all])
		listed_b = [
			row.name for row in documents.documents_for(self.agency_b, USER_B) if row.name in self.ours
		]
		self.assertEqual(listed_b, [self.for_both, self.for_b, self.for_all])
		row = next(r for r in documents.documents_for(self.agency_a, USER_A) if r.name == self.for_all)
		self.assertEqual((row.title, row.file_type), ("ZT doc for all", "TXT"))
		self.assertTrue(row.size.endswith("bytes"))

	def test_a_document_dated_tomorrow_appears_tomorrow_and_an_unticked_one_never(self):
		future = frappe.get_doc(DOCTYPE, self.future)
		self.assertFalse(documents.is_visible(future, self.agency_a))
		self.assertTrue(documents.is_visible(future, self.agency_a, on=add_days(nowdate(), 1)))
		unpublished = frappe.get_doc(DOCTYPE, self.unpublished)
		self.assertFalse(documents.is_visible(unpublished, self.agency_a, on=add_days(nowdate(), 365)))
		tomorrow = frappe.db.sql(
			f"select name from `tabAgency Document` where {documents.visible_condition(self.agency_a, add_days(nowdate(), 1))}",
			pluck=True,
		)
		self.assertIn(self.future, tomorrow)
		self.assertNotIn(self.unpublished, tomorrow)

	# --- every read path ----------------------------------------------------------------------

	def test_lists_show_an_agency_only_its_documents(self):
		self.assertEqual(
			self.ours & set(frappe.get_list(DOCTYPE, pluck="name", user=USER_A)), self.visible_to_a
		)
		frappe.set_user(USER_A)
		self.assertEqual(self.ours & set(frappe.get_list(DOCTYPE, pluck="name")), self.visible_to_a)
		self.assertEqual(
			self.ours & set(frappe.get_list(DOCTYPE, {"audience": "All Agencies"}, pluck="name")),
			{self.for_all},
		)
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):  # a technician has no role to read any
			frappe.get_list(DOCTYPE, pluck="name", user=TECH_A)
		self.assertEqual(self.ours & set(frappe.get_list(DOCTYPE, pluck="name", user=OPERATOR)), self.ours)

		query = urlencode({"fields": json.dumps(["name"]), "limit_page_length": 0})
		status, body = get_json(f"/api/resource/{quote(DOCTYPE)}?{query}", USER_B)
		self.assertEqual(status, 200, body)
		self.assertEqual(
			self.ours & {row["name"] for row in body["data"]}, {self.for_all, self.for_b, self.for_both}
		)

	def test_counts_count_only_the_agencys_documents(self):
		frappe.set_user(USER_A)
		mine = set(frappe.get_list(DOCTYPE, pluck="name"))
		self.assertEqual(get_count(DOCTYPE), len(mine))
		self.assertEqual(get_count(DOCTYPE, filters={"name": ("in", list(self.hidden_from_a))}), 0)
		frappe.set_user("Administrator")
		filters = json.dumps([["name", "in", list(self.hidden_from_a)]])
		status, body = get_json(
			f"/api/method/frappe.client.get_count?{urlencode({'doctype': DOCTYPE, 'filters': filters})}",
			USER_A,
		)
		self.assertEqual((status, body.get("message")), (200, 0), body)
		# the audience rows, listed or counted directly, follow their documents
		filters = json.dumps([["parent", "=", self.for_b]])
		query = urlencode({"doctype": "Agency Document Agency", "parent": DOCTYPE, "filters": filters})
		status, body = get_json(f"/api/method/frappe.client.get_count?{query}", USER_A)
		self.assertTrue(status == 403 or body.get("message") == 0, (status, body))

	def test_single_documents_open_only_for_their_audience(self):
		for name in self.visible_to_a:
			self.assertTrue(frappe.has_permission(DOCTYPE, "read", name, user=USER_A), name)
		for name in self.hidden_from_a:
			self.assertFalse(frappe.has_permission(DOCTYPE, "read", name, user=USER_A), name)
		self.assertFalse(frappe.has_permission(DOCTYPE, "write", self.for_a, user=USER_A))
		self.assertFalse(frappe.has_permission(DOCTYPE, "create", user=USER_A))
		self.assertFalse(frappe.has_permission(DOCTYPE, "read", self.for_all, user=TECH_A))
		self.assertTrue(frappe.has_permission(DOCTYPE, "read", self.unpublished, user=OPERATOR))
		self.assertFalse(frappe.has_permission(DOCTYPE, "write", self.unpublished, user=OPERATOR))
		self.assertTrue(frappe.has_permission(DOCTYPE, "write", self.unpublished, user=MANAGER))

		frappe.set_user(USER_A)
		frappe.get_doc(DOCTYPE, self.for_a).check_permission("read")
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(DOCTYPE, self.for_b).check_permission("read")
		frappe.set_user("Administrator")
		for name, expected in ((self.for_a, 200), (self.for_b, 403), (self.future, 403)):
			status, body = get_json(f"/api/resource/{quote(DOCTYPE)}/{name}", USER_A)
			self.assertEqual(status, expected, (name, body))

	def test_nobody_but_head_office_reads_the_download_log(self):
		self.assertFalse(frappe.has_permission(LOG, "read", user=USER_A))
		self.assertFalse(frappe.has_permission(LOG, "create", user=MANAGER))
		self.assertTrue(frappe.has_permission(LOG, "read", user=MANAGER))
		status, _body = get_json(f"/api/resource/{quote(LOG)}", USER_A)
		self.assertEqual(status, 403)

	# --- downloading --------------------------------------------------------------------------

	def test_download_logs_who_and_sends_the_file(self):
		count = frappe.db.get_value(DOCTYPE, self.for_a, "download_count")
		logs = frappe.db.count(LOG, {"agency_document": self.for_a})
		response = call("GET", f"{ENDPOINT}?name={self.for_a}", USER_A)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		self.assertEqual(response.get_data(), b"content of ZT doc for A\n")
		self.assertEqual(response.headers["Content-Disposition"], 'attachment; filename="ZT doc for A.txt"')

		frappe.db.rollback()  # see what the request committed
		self.assertEqual(frappe.db.count(LOG, {"agency_document": self.for_a}), logs + 1)
		last = frappe.get_last_doc(LOG, {"agency_document": self.for_a})
		self.assertEqual(
			(last.agency, last.user, last.document_title), (self.agency_a, USER_A, "ZT doc for A")
		)
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.for_a, "download_count"), count + 1)

		# "downloaded" is per user: the other user of agency A has not downloaded it
		mine = {row.name: row.downloaded_on for row in documents.documents_for(self.agency_a, USER_A)}
		theirs = {row.name: row.downloaded_on for row in documents.documents_for(self.agency_a, USER_A2)}
		self.assertIsNotNone(mine[self.for_a])
		self.assertIsNone(theirs[self.for_a])
		# head office sees it against the agency
		rows = {row.agency: row for row in documents.downloads_by_agency(frappe.get_doc(DOCTYPE, self.for_a))}
		self.assertEqual(set(rows), {self.agency_a})
		self.assertEqual((rows[self.agency_a].downloads, rows[self.agency_a].last_user), (logs + 1, USER_A))

	def test_another_agencys_or_unpublished_document_is_not_found_like_a_missing_one(self):
		logs = frappe.db.count(LOG)

		def answer(name):
			response = call("GET", f"{ENDPOINT}?{urlencode({'name': name})}", USER_A)
			body = response.json or {}
			messages = [json.loads(m)["message"] for m in json.loads(body.get("_server_messages") or "[]")]
			return response.status_code, body.get("exc_type"), [m.replace(name, "<name>") for m in messages]

		missing = answer("no-such-document")
		self.assertEqual(missing[:2], (404, "DoesNotExistError"))
		self.assertIn("was not found", missing[2][0])
		for name in self.hidden_from_a:
			self.assertEqual(answer(name), missing, name)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(LOG), logs)

		# the service says the same
		for user, name in ((USER_B, self.for_a), (USER_A, self.for_b), (USER_A, self.unpublished)):
			with self.assertRaises(frappe.DoesNotExistError):
				documents.download(name, user)
		# a technician has no role to read documents at all: refused at the gate
		self.assertEqual(call("GET", f"{ENDPOINT}?name={self.for_all}", TECH_A).status_code, 403)

	def test_a_browser_following_a_stale_link_is_sent_back_to_the_download_centre(self):
		response = call(
			"GET", f"{ENDPOINT}?name={self.for_b}", USER_A, environ_overrides={"HTTP_ACCEPT": "text/html"}
		)
		self.assertEqual(response.status_code, 302)
		self.assertEqual(response.headers["Location"], "/agency/documents?unavailable=1")

	def test_the_private_file_url_opens_only_for_the_documents_audience(self):
		url = self.file_url(self.for_a)
		self.assertTrue(url.startswith("/private/files/"))
		file = frappe.get_doc("File", {"file_url": url})
		self.assertEqual((file.attached_to_doctype, file.attached_to_name), (DOCTYPE, self.for_a))
		for user, allowed in ((USER_A, True), (USER_B, False), (TECH_A, False), (OPERATOR, True)):
			frappe.set_user(user)
			self.assertEqual(bool(file.is_downloadable()), allowed, user)
		frappe.set_user("Administrator")
		self.assertEqual(call("GET", url, USER_A).status_code, 200)
		self.assertEqual(call("GET", url, USER_B).status_code, 403)
		self.assertEqual(call("GET", self.file_url(self.future), USER_A).status_code, 403)

	def test_a_persian_file_name_reaches_the_browser_intact(self):
		from zhira_after_sales.api.agency_document import content_disposition

		header = content_disposition("راهنمای نصب.pdf")
		self.assertEqual(
			header,
			"attachment; filename=\"document.pdf\"; filename*=UTF-8''"
			"%D8%B1%D8%A7%D9%87%D9%86%D9%85%D8%A7%DB%8C%20%D9%86%D8%B5%D8%A8.pdf",
		)
		header.encode("latin-1")  # a WSGI header must be Latin-1

	# --- bad input ----------------------------------------------------------------------------

	def test_selected_agencies_without_an_agency_is_refused(self):
		doc = frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"title": "ZT doc for nobody",
				"audience": "Selected Agencies",
				"file": private_file("ZT doc for nobody.txt", b"nobody"),
			}
		)
		with self.assertRaisesRegex(AgencyDocumentError, "Choose at least one agency under Agencies"):
			doc.insert(ignore_permissions=True)

	def test_a_public_file_is_refused(self):
		public = (
			frappe.get_doc(
				{"doctype": "File", "file_name": "zt-public.txt", "is_private": 0, "content": b"public"}
			)
			.insert(ignore_permissions=True)
			.file_url
		)
		doc = frappe.get_doc({"doctype": DOCTYPE, "title": "ZT public doc", "file": public})
		with self.assertRaisesRegex(AgencyDocumentError, "private file"):
			doc.insert(ignore_permissions=True)

	def test_all_agencies_drops_picked_agencies_and_duplicates_are_merged(self):
		doc = frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"title": "ZT doc picked twice",
				"audience": "Selected Agencies",
				"agencies": [{"agency": self.agency_a}, {"agency": self.agency_a}],
				"file": private_file("ZT doc picked twice.txt", b"twice"),
			}
		).insert(ignore_permissions=True)
		self.assertEqual([row.agency for row in doc.agencies], [self.agency_a])
		doc.audience = "All Agencies"
		doc.save(ignore_permissions=True)
		self.assertEqual(doc.agencies, [])
