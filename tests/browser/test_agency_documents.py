"""The agencies' download centre (/agency/documents) as agencies use it, on a phone (360 px) and a
desktop, in Persian and in English: the documents published to the agency, a download that arrives
as a file and is logged for head office, another agency refused the same document (the endpoint and
the private file's own URL), and head office's table of who downloaded it on the desk form.

Runs against a site with the demo data (.ci/run loads it): the installation guide (a PDF with a
Persian file name) is published to all agencies, the wage circular (a text file) to TEH-01 and
ISF-01 only. Tehran's portal user is agency.tehran@demo.zhira.ir; Mashhad's agency MSH-01 is the
agency the circular is not for.
"""

import re
import uuid

import pytest

from tests.browser.desk import (
	BASE_URL,
	DEMO_PASSWORD,
	DESKTOP,
	PHONE,
	Rest,
	ensure_user,
	goto,
	log_in,
	save_form,
	site_headers,
	wait_for_form,
)

TEHRAN = "agency.tehran@demo.zhira.ir"
MASHHAD = "agency.mashhad@demo.zhira.ir"
ENGLISH = "agency.docs.english@browser.zhira.test"
ENGLISH_PASSWORD = "Browser-Docs-1405!"
ENGLISH_AGENCY = "SHZ-01"
MANAGER = "docs.manager@browser.zhira.test"
MANAGER_PASSWORD = "Browser-Docs-1405!"
GUIDE = "راهنمای نصب و سرویس آبگرمکن دیواری"
CIRCULAR = "بخشنامه نرخ دستمزد خدمات ۱۴۰۵"
ENDPOINT = "/api/method/zhira_after_sales.api.agency_document.download"
PERSIAN_DIGIT = re.compile(r"[۰-۹]")


@pytest.fixture(scope="module")
def demo(admin) -> dict:
	"""The demo documents by title: name, file URL, file name; and an English-speaking portal user
	of SHZ-01, added the way head office adds one in the desk."""
	docs = {}
	for title in (GUIDE, CIRCULAR):
		rows = admin.get_list("Agency Document", filters={"title": title}, fields=("name", "file"))
		assert rows, f"demo document {title} missing: run zhira_after_sales.setup.demo.setup"
		docs[title] = rows[0]
	# the role the agency gives its portal users (ensure_user sets the roles it is given, on every run)
	ensure_user(admin, ENGLISH, ENGLISH_PASSWORD, "en", roles=("Service Agency",), user_type="Website User")
	agency = admin.get_doc("Service Agency", ENGLISH_AGENCY)
	users = [{"user": row["user"], "is_manager": row.get("is_manager", 0)} for row in agency["portal_users"]]
	if ENGLISH not in {row["user"] for row in users}:
		admin.update("Service Agency", ENGLISH_AGENCY, {"portal_users": [*users, {"user": ENGLISH}]})
	return docs


def downloads(admin, name: str, user: str) -> list[dict]:
	return admin.get_list(
		"Agency Document Download",
		filters={"agency_document": name, "user": user},
		fields=("name", "agency", "user", "downloaded_on"),
	)


def card(page, name: str):
	return page.locator(f'.za-document[data-document="{name}"]')


def test_an_agency_downloads_a_circular_on_a_phone_in_persian(admin, demo, open_as, shot):
	circular, guide = demo[CIRCULAR]["name"], demo[GUIDE]["name"]
	before = len(downloads(admin, circular, TEHRAN))
	page = open_as(TEHRAN, "/agency/documents")
	assert page.locator("main.za-main").get_attribute("dir") == "rtl"
	assert page.locator('.za-nav-item[data-page="documents"]').get_attribute("aria-current") == "page"
	card(page, circular).wait_for()
	assert card(page, guide).count() == 1
	# newest first: the circular (3 days old) above the guide (20 days old)
	order = page.locator(".za-document").evaluate_all("cards => cards.map(c => c.dataset.document)")
	assert order.index(circular) < order.index(guide)
	published = card(page, circular).locator(".za-published").inner_text()
	assert PERSIAN_DIGIT.search(published) and "۱۴۰" in published, published  # Jalali, Persian digits
	assert card(page, circular).locator(".za-type").inner_text() == "TXT"
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	shot(page, "documents-fa-phone", full_page=True)

	with page.expect_download() as info:
		card(page, circular).locator(".za-download").click()
	download = info.value
	assert download.suggested_filename == "wage-circular-1405.txt"
	with open(download.path(), encoding="utf-8") as f:
		assert "بخشنامه نرخ دستمزد خدمات" in f.read()
	assert card(page, circular).get_attribute("data-downloaded") == "1"  # marked at once

	logged = downloads(admin, circular, TEHRAN)
	assert len(logged) == before + 1
	assert {row["agency"] for row in logged} == {"TEH-01"}

	page.reload()
	assert card(page, circular).get_attribute("data-downloaded") == "1"
	assert card(page, circular).locator(".za-last").is_visible()
	shot(page, "documents-fa-phone-downloaded", full_page=True)
	page.set_viewport_size(DESKTOP)
	shot(page, "documents-fa-desktop", full_page=True)


def test_another_agency_neither_sees_nor_fetches_the_circular(admin, demo, open_as, shot):
	circular, guide = demo[CIRCULAR], demo[GUIDE]["name"]
	before = len(admin.get_list("Agency Document Download", filters={"agency_document": circular["name"]}))
	page = open_as(MASHHAD, "/agency/documents")
	card(page, guide).wait_for()
	assert card(page, circular["name"]).count() == 0

	# the endpoint answers "not found", as for a document that does not exist; the file's own URL 403
	foreign = page.request.get(f"{BASE_URL}{ENDPOINT}?name={circular['name']}")
	missing = page.request.get(f"{BASE_URL}{ENDPOINT}?name=no-such-document")
	assert (foreign.status, missing.status) == (404, 404)
	assert foreign.json()["exc_type"] == missing.json()["exc_type"] == "DoesNotExistError"
	assert page.request.get(f"{BASE_URL}{circular['file']}").status == 403
	# a browser sent to the link is brought back to the download centre with a message
	page.goto(f"{BASE_URL}{ENDPOINT}?name={circular['name']}")
	page.wait_for_url(re.compile(r"/agency/documents\?unavailable=1$"))
	assert page.locator("#za-unavailable").is_visible()
	shot(page, "documents-fa-phone-unavailable", full_page=True)
	assert (
		len(admin.get_list("Agency Document Download", filters={"agency_document": circular["name"]}))
		== before
	)


def test_an_english_user_downloads_the_guide_on_a_desktop(admin, demo, open_as, shot):
	guide = demo[GUIDE]["name"]
	before = len(downloads(admin, guide, ENGLISH))
	page = open_as(ENGLISH, "/agency/documents", DESKTOP, ENGLISH_PASSWORD)
	assert page.locator("main.za-main").get_attribute("dir") == "ltr"
	assert card(page, demo[CIRCULAR]["name"]).count() == 0  # SHZ-01 is not in the circular's audience
	item = card(page, guide)
	assert item.locator(".za-download").inner_text().strip().endswith("Download")
	published = item.locator(".za-published").inner_text()
	assert published.startswith("Published on") and re.search(r"\(\d{4}-\d{2}-\d{2}\)", published), published
	assert item.locator(".za-type").inner_text() == "PDF"
	assert re.fullmatch(r"\d+ KB", item.locator(".za-size").inner_text())
	shot(page, "documents-en-desktop", full_page=True)

	with page.expect_download() as info:
		item.locator(".za-download").click()
	download = info.value
	assert download.suggested_filename == "راهنمای-نصب-آبگرمکن-دیواری.pdf"  # the Persian name survives
	with open(download.path(), "rb") as f:
		assert f.read(5) == b"%PDF-"
	logged = downloads(admin, guide, ENGLISH)
	assert len(logged) == before + 1 and logged[0]["agency"] == ENGLISH_AGENCY

	page.set_viewport_size(PHONE)
	page.reload()
	assert item.get_attribute("data-downloaded") == "1"
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	shot(page, "documents-en-phone", full_page=True)


def test_head_office_sees_who_downloaded_on_the_form(admin, demo, browser, shot):
	circular = demo[CIRCULAR]["name"]
	Rest(TEHRAN, DEMO_PASSWORD).request("GET", ENDPOINT, params={"name": circular})  # one download at least
	ensure_user(admin, MANAGER, MANAGER_PASSWORD, "en", roles=("After Sales Manager",))
	context = browser.new_context(viewport=DESKTOP, base_url=BASE_URL, extra_http_headers=site_headers())
	try:
		log_in(context, MANAGER, MANAGER_PASSWORD)
		page = context.new_page()
		page.set_default_timeout(30_000)
		goto(page, f"agency-document/{circular}")
		wait_for_form(page, "Agency Document", circular)
		table = page.locator('.frappe-control[data-fieldname="downloads_html"] table')
		table.wait_for()
		rows = table.locator("tbody tr")
		assert rows.count() == 2  # TEH-01 and ISF-01, the audience
		tehran = rows.filter(has_text="تهران")
		assert int(tehran.locator("td").nth(1).inner_text()) >= 1
		assert TEHRAN in tehran.locator("td").nth(3).inner_text()
		assert rows.filter(has_text="اصفهان").locator(".indicator-pill").count() == 1  # not yet
		table.scroll_into_view_if_needed()
		shot(page, "agency-document-form-downloads")
	finally:
		context.close()


def test_head_office_publishes_a_document_from_the_desk(admin, demo, browser, open_as, shot):
	"""Upload through the form's Attach field (private by default), pick one agency, save: that
	agency lists it and downloads it, another does not see it."""
	ensure_user(admin, MANAGER, MANAGER_PASSWORD, "en", roles=("After Sales Manager",))
	title = f"Browser circular {uuid.uuid4().hex[:8]}"
	context = browser.new_context(viewport=DESKTOP, base_url=BASE_URL, extra_http_headers=site_headers())
	try:
		log_in(context, MANAGER, MANAGER_PASSWORD)
		page = context.new_page()
		page.set_default_timeout(30_000)
		goto(page, "agency-document/new")
		# a new form is dirty from its defaults: wait for the form itself
		page.wait_for_function(
			"() => window.cur_frm && cur_frm.doctype === 'Agency Document' && cur_frm.is_new()"
		)
		page.evaluate(
			"""([title]) => Promise.all([
				cur_frm.set_value('title', title),
				cur_frm.set_value('audience', 'Selected Agencies'),
			])""",
			[title],
		)
		page.evaluate("() => cur_frm.set_value('agencies', [{agency: 'ISF-01'}])")
		page.locator('.frappe-control[data-fieldname="file"] button').first.click()
		dialog = page.locator(".modal.show .file-uploader")
		dialog.wait_for()
		dialog.locator('input[type="file"]').set_input_files(
			files=[
				{
					"name": "circular.txt",
					"mimeType": "text/plain",
					"buffer": f"بخشنامه آزمایشی {title}".encode(),
				}
			]
		)
		page.locator(".modal.show .btn-modal-primary").click()
		page.wait_for_function("() => cur_frm.doc.file")
		assert page.evaluate("() => cur_frm.doc.file").startswith("/private/files/")
		save_form(page)
		name = page.evaluate("() => cur_frm.doc.name")
		shot(page, "agency-document-form-new")
	finally:
		context.close()

	stored = admin.get_doc("Agency Document", name)
	assert [row["agency"] for row in stored["agencies"]] == ["ISF-01"] and stored["file_type"] == "TXT"
	files = admin.get_list(
		"File",
		filters={"file_url": stored["file"]},
		fields=("attached_to_doctype", "attached_to_name", "is_private"),
	)
	assert {(f["attached_to_doctype"], f["attached_to_name"], f["is_private"]) for f in files} == {
		("Agency Document", name, 1)
	}
	isfahan = open_as("agency.isfahan@demo.zhira.ir", "/agency/documents")
	card(isfahan, name).wait_for()
	assert isfahan.request.get(f"{BASE_URL}{stored['file']}").status == 200
	tehran = open_as(TEHRAN, "/agency/documents")
	card(tehran, demo[GUIDE]["name"]).wait_for()
	assert card(tehran, name).count() == 0
	assert tehran.request.get(f"{BASE_URL}{stored['file']}").status == 403
