"""The agency portal's Parts and money pages as an agency uses them, on a phone (360 px) in Persian
and on a desktop in English: request parts through the form (and be told what to fix), follow the
request as head office approves and sends it, open the statement and a voucher, download the
statement as Excel; and another agency trying the same ids.

Runs against a site with the demo data (.ci/run loads it): Tehran's agency TEH-01 (portal user
agency.tehran@demo.zhira.ir, Persian) serves the demo customer مریم حسینی (water heater
WH50-00001) and the spare parts PRT-PUMP and PRT-THERMO are in the central store; Isfahan's agency ISF-01 is the other agency. Head office's
steps (approve, send, a payment) go through REST as Administrator.
"""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.browser.desk import BASE_URL, DESKTOP, PHONE, ensure_user, site_headers

TEHRAN = "agency.tehran@demo.zhira.ir"
ISFAHAN = "agency.isfahan@demo.zhira.ir"
ENGLISH = "agency.money.en@browser.zhira.test"
ENGLISH_PASSWORD = "Browser-Money-1405!"
PUMP = "PRT-PUMP"
THERMO = "PRT-THERMO"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture(scope="module")
def world(admin):
	# an English-speaking portal user of TEH-01, added the way head office adds one in the desk
	ensure_user(admin, ENGLISH, ENGLISH_PASSWORD, "en", roles=(), user_type="Website User")
	agency = admin.get_doc("Service Agency", "TEH-01")
	users = [{"user": row["user"], "is_manager": row.get("is_manager", 0)} for row in agency["portal_users"]]
	users = [row for row in users if row["user"] != ENGLISH] + [{"user": ENGLISH}]
	# saved each run: the agency's save gives the user the Service Agency role (ensure_user reset it)
	admin.update("Service Agency", "TEH-01", {"portal_users": users})
	# a reception of the demo customer referred to TEH-01, for a warranty request
	device = admin.get_list("Customer Device", filters={"serial_no": "WH50-00001"}, fields=("name",))[0]
	reception = admin.insert(
		{
			"doctype": "Service Reception",
			"mobile_no": "+989123456701",
			"customer_name": "مریم حسینی",
			"service_agency": "TEH-01",
			"devices": [{"customer_device": device["name"], "service_type": "تعمیر گارانتی"}],
		}
	)
	company = admin.get_doc("After Sales Settings", "After Sales Settings")["company"]
	cash = admin.get_list(
		"Account",
		filters={"company": company, "account_type": "Cash", "is_group": 0},
		fields=("name",),
		limit=1,
	)[0]["name"]
	return {"reception": reception, "cash": cash}


def fits(page, width: int):
	"""Nothing on the page is wider than the screen."""
	assert page.evaluate("document.documentElement.scrollWidth") <= width


def send_parts(admin, name: str) -> str:
	"""Head office approves every line and sends it all; returns the send's document."""
	admin.call("zhira_after_sales.api.parts_request.approve_lines", name=name)
	rows = admin.get_doc("Agency Parts Request", name)["items"]
	answer = admin.call(
		"zhira_after_sales.api.parts_request.fulfil",
		name=name,
		quantities={row["name"]: row["qty"] for row in rows},
	)
	return answer["document"]


def download_statement(page) -> tuple[str, list]:
	with page.expect_download() as info:
		page.locator("#za-excel").click()
	download = info.value
	book = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
	sheet = book.active
	return download.suggested_filename, sheet


def test_request_parts_follow_them_and_read_the_statement_on_a_phone_in_persian(admin, world, open_as, shot):
	page = open_as(TEHRAN, "/agency/parts")
	assert page.locator("main.za-main").get_attribute("dir") == "rtl"
	fits(page, PHONE["width"])
	shot(page, "parts-fa-phone", full_page=True)

	# nothing chosen: the server says what to fix, the page stays
	page.check('input[name="request_type"][value="Purchase"]')
	page.locator("#za-send-request").click()
	alert = page.locator("#za-alert")
	alert.wait_for()
	assert page.url.endswith("/agency/parts")
	shot(page, "parts-refused-fa-phone")

	rows = page.locator(".za-part-row")
	rows.nth(0).locator("select").select_option(PUMP)
	rows.nth(0).locator("input").fill("2".translate(PERSIAN_DIGITS))  # a Persian keyboard's digits
	page.locator("#za-add-part").click()
	assert rows.count() == 4
	rows.nth(3).locator("select").select_option(THERMO)
	rows.nth(3).locator("input").fill("1")
	page.fill("#za-notes", "برای موجودی انبار نمایندگی")
	shot(page, "parts-form-fa-phone", full_page=True)
	page.locator("#za-send-request").click()
	page.wait_for_url(re.compile(r"/agency/parts-request\?name="))
	page.locator("#za-created").wait_for()
	name = page.url.split("name=")[1].split("&")[0]
	assert page.locator("#za-request-status").get_attribute("data-status") == "Pending"
	stored = admin.get_doc("Agency Parts Request", name)
	assert (stored["docstatus"], stored["agency"], stored["owner"]) == (1, "TEH-01", TEHRAN)
	assert [(row["item"], row["qty"]) for row in stored["items"]] == [(PUMP, 2), (THERMO, 1)]
	fits(page, PHONE["width"])

	sale = send_parts(admin, name)
	page.reload()
	assert page.locator("#za-request-status").get_attribute("data-status") == "Sent"
	assert page.locator(f'[data-send="{sale}"]').count() == 1
	shot(page, "parts-request-fa-phone", full_page=True)
	fits(page, PHONE["width"])

	# the sale is on the agency's account: its voucher opens from the send
	page.locator(f'[data-send="{sale}"] a').click()
	page.wait_for_url(re.compile(r"/agency/voucher\?"))
	assert page.locator("#za-voucher").get_attribute("data-voucher") == sale
	assert page.locator(f'a[href="/agency/parts-request?name={name}"]').count() == 1
	shot(page, "voucher-fa-phone", full_page=True)
	fits(page, PHONE["width"])

	page.goto(f"{BASE_URL}/agency/statement")
	line = page.locator(f'tr.za-line[data-voucher="{sale}"]')
	line.wait_for()
	assert page.locator("#za-statement td.num").first.evaluate("e => getComputedStyle(e).direction") == "ltr"
	shot(page, "statement-fa-phone", full_page=True)
	fits(page, PHONE["width"])
	filename, sheet = download_statement(page)
	assert filename.endswith(".xlsx")
	assert sheet.sheet_view.rightToLeft
	vouchers = [row[4] for row in sheet.iter_rows(values_only=True)]
	assert sale in vouchers
	closing = float(line.get_attribute("data-balance"))
	assert any(row[4] == sale and abs(row[8] - closing) < 0.01 for row in sheet.iter_rows(values_only=True))


def test_a_warranty_request_for_a_reception_by_tracking_code(admin, world, open_as, shot):
	reception = world["reception"]
	page = open_as(TEHRAN, f"/agency/parts?tracking_code={reception['tracking_code']}")
	assert page.locator("#za-tracking").input_value() == reception["tracking_code"]
	page.locator(".za-part-row").nth(0).locator("select").select_option(THERMO)
	page.locator(".za-part-row").nth(0).locator("input").fill("1")
	page.locator("#za-send-request").click()
	page.wait_for_url(re.compile(r"/agency/parts-request\?name="))
	name = page.url.split("name=")[1].split("&")[0]
	stored = admin.get_doc("Agency Parts Request", name)
	assert (stored["request_type"], stored["service_reception"]) == ("Warranty", reception["name"])

	# the other two tabs on the phone
	for tab in ("stock", "hot"):
		page.goto(f"{BASE_URL}/agency/parts?tab={tab}&show=all")
		assert page.locator(f'.za-tab[data-tab="{tab}"]').get_attribute("aria-selected") == "true"
		fits(page, PHONE["width"])
		shot(page, f"{tab}-fa-phone", full_page=True)


def test_the_parts_and_money_pages_in_english_on_a_desktop(admin, world, open_as, shot):
	payment = admin.call(
		"zhira_after_sales.api.agency_payment.receive_from_agency",
		agency="TEH-01",
		amount=1_500_000,
		account=world["cash"],
		reference_no="BRW-MONEY-1",
	)["name"]
	page = open_as(ENGLISH, "/agency/parts", DESKTOP, ENGLISH_PASSWORD)
	assert page.locator("main.za-main").get_attribute("dir") == "ltr"
	assert page.locator("#za-send-request").inner_text().strip() == "Send the request"
	shot(page, "parts-en-desktop", full_page=True)
	page.locator('.za-tab[data-tab="stock"]').click()
	page.wait_for_url(re.compile(r"tab=stock"))
	shot(page, "stock-en-desktop", full_page=True)
	page.locator('.za-tab[data-tab="hot"]').click()
	page.wait_for_url(re.compile(r"tab=hot"))
	shot(page, "hot-parts-en-desktop", full_page=True)

	page.goto(f"{BASE_URL}/agency/statement")
	line = page.locator(f'tr.za-line[data-voucher="{payment}"]')
	line.wait_for()
	assert "Receipt" in line.inner_text()
	shot(page, "statement-en-desktop", full_page=True)
	_filename, sheet = download_statement(page)
	assert not sheet.sheet_view.rightToLeft
	rows = list(sheet.iter_rows(values_only=True))
	assert any(row[4] == payment and row[7] == 1_500_000 for row in rows)
	assert "Opening Balance" in [row[2] for row in rows]

	line.locator("a").first.click()
	page.wait_for_url(re.compile(r"/agency/voucher\?"))
	assert page.locator("#za-voucher").get_attribute("data-voucher") == payment
	assert "Received from you" in page.locator("#za-voucher").inner_text()
	assert "BRW-MONEY-1" in page.locator("#za-voucher").inner_text()
	shot(page, "voucher-en-desktop", full_page=True)

	# a typo in the period is named, not a crash
	page.goto(f"{BASE_URL}/agency/statement?from_date=1405/13/40")
	assert "is not a date" in page.locator("#za-period-error").inner_text()


def test_another_agency_gets_nothing_of_tehrans(admin, world, open_as, shot):
	# Tehran's request and its sale
	tehran = open_as(TEHRAN, "/agency/parts")
	token = tehran.evaluate("frappe.csrf_token")
	response = tehran.request.post(
		f"{BASE_URL}/api/method/zhira_after_sales.api.agency_parts.create_parts_request",
		data={"request_type": "Purchase", "items": [{"item": PUMP, "qty": 1}], "notes": "TEHRAN-ONLY-NOTE"},
		headers={**site_headers(), "X-Frappe-CSRF-Token": token},
	)
	assert response.ok, response.text()
	name = response.json()["message"]["name"]
	sale = send_parts(admin, name)

	page = open_as(ISFAHAN, f"/agency/parts-request?name={name}")
	assert page.locator("#za-not-found").count() == 1
	assert "TEHRAN-ONLY-NOTE" not in page.content()
	shot(page, "parts-request-other-agency-fa-phone")
	page.goto(f"{BASE_URL}/agency/voucher?type=Sales%20Invoice&name={sale}")
	assert page.locator("#za-not-found").count() == 1
	assert page.locator("#za-voucher").count() == 0
	page.goto(f"{BASE_URL}/agency/statement?from_date=1400/01/01&to_date=1410/12/29")
	assert sale not in page.content()
	page.goto(f"{BASE_URL}/agency/parts")
	assert name not in page.content()
	# a warranty request for Tehran's reception, by its tracking code
	token = page.evaluate("frappe.csrf_token")
	response = page.request.post(
		f"{BASE_URL}/api/method/zhira_after_sales.api.agency_parts.create_parts_request",
		data={
			"request_type": "Warranty",
			"items": [{"item": PUMP, "qty": 1}],
			"tracking_code": world["reception"]["tracking_code"],
		},
		headers={**site_headers(), "X-Frappe-CSRF-Token": token},
	)
	# the demo user reads Persian: "... is not referred to your agency", and its type
	assert response.status == 417
	assert "PortalInputError" in response.text() and "ارجاع نشده" in response.json()["exception"]
	# the download is Isfahan's own statement
	response = page.request.get(
		f"{BASE_URL}/api/method/zhira_after_sales.api.agency_money.statement_xlsx?from_date=1400/01/01&to_date=1410/12/29"
	)
	assert response.ok
	cells = {
		str(value)
		for row in load_workbook(io.BytesIO(response.body())).active.iter_rows(values_only=True)
		for value in row
		if value is not None
	}
	assert sale not in cells
