"""Browser checks of the warranty pages on a served site loaded with the demo data (.ci/run serves
the CI site and runs zhira_after_sales.setup.demo.setup first): the public verification page, in Persian
and English, and the device passport on the Customer Device form.

    ZHIRA_BASE_URL=http://127.0.0.1:8201 python -m pytest tests/browser
"""

import os
import re
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

BASE = os.environ.get("ZHIRA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CHROMIUM = os.environ.get("ZHIRA_CHROMIUM", "/usr/bin/chromium")
ADMIN_PASSWORD = os.environ.get("ZHIRA_ADMIN_PASSWORD", "admin")
SHOTS = Path(__file__).parent / "screenshots"
ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
	with playwright.sync_playwright() as p:
		instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
		yield instance
		instance.close()


def new_page(browser, lang: str):
	context = browser.new_context(
		viewport={"width": 1280, "height": 900}, locale=lang, extra_http_headers={"Accept-Language": lang}
	)
	return context.new_page()


def shot(page, name: str):
	SHOTS.mkdir(exist_ok=True)
	page.screenshot(path=str(SHOTS / name), full_page=True)


def demo_card(serial: str) -> str:
	"""The card number printed on the demo device's card (read as Administrator)."""
	from tests.browser.desk import Rest

	admin = Rest("Administrator", ADMIN_PASSWORD)
	rows = admin.request(
		"GET",
		"/api/resource/Warranty%20Card",
		params={"filters": f'[["serial_no","=","{serial.upper()}"]]', "fields": '["name"]'},
	)["data"]
	return rows[0]["name"]


def test_public_page_in_persian_shows_the_card_with_a_jalali_end_date(browser):
	page = new_page(browser, "fa")
	page.goto(f"{BASE}/warranty?serial=wh50-00001", wait_until="networkidle")
	shot(page, "warranty_public_fa_serial_only.png")
	result = page.locator(".warranty-result")
	assert result.count() == 1
	assert result.get_attribute("data-status") == "Active"
	# a serial alone tells the status, not the dates
	assert page.locator(".warranty-end-date").count() == 0
	assert page.locator(".warranty-card-hint").is_visible()

	page.goto(f"{BASE}/warranty?serial=wh50-00001&card={demo_card('wh50-00001')}", wait_until="networkidle")
	shot(page, "warranty_public_fa.png")
	assert (
		page.evaluate("getComputedStyle(document.querySelector('.zhira-warranty-check')).direction") == "rtl"
	)
	result = page.locator(".warranty-result")
	assert result.count() == 1
	assert result.get_attribute("data-status") == "Active"
	assert "آبگرمکن" in result.inner_text()
	assert re.fullmatch(
		r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", result.locator(".warranty-end-date").inner_text().strip()
	)


def test_public_page_in_english_says_when_nothing_is_found(browser):
	page = new_page(browser, "en")
	page.goto(f"{BASE}/warranty", wait_until="networkidle")
	page.fill("#serial", "NO-SUCH-SERIAL")
	page.click("button[type=submit]")
	page.wait_for_load_state("networkidle")
	assert "serial=NO-SUCH-SERIAL" in page.url
	assert page.locator("#warranty-not-found").is_visible()
	shot(page, "warranty_public_en_not_found.png")


def test_device_form_shows_warranty_state_and_passport(browser):
	page = new_page(browser, "en")
	response = page.request.post(
		f"{BASE}/api/method/login", form={"usr": "Administrator", "pwd": ADMIN_PASSWORD}
	)
	assert response.ok, response.text()
	devices = page.request.get(
		f'{BASE}/api/resource/Customer Device?filters=[["serial_no","=","CL35-00001"]]'
	).json()["data"]
	assert devices, "the demo data has a cooler installed with serial CL35-00001"
	page.goto(f"{BASE}/app/customer-device/{devices[0]['name']}", wait_until="networkidle")
	page.wait_for_selector(".zhira-passport", timeout=20000)
	passport = page.locator(".zhira-passport").inner_text()
	assert "Started" in passport and "Issued" in passport
	page.wait_for_selector(".form-dashboard .alert, .form-headline .alert, .form-message", timeout=20000)
	assert "Covered by warranty card" in page.content()
	shot(page, "warranty_device_passport_en.png")
