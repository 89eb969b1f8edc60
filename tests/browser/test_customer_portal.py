"""The customer's side of the company site as a customer uses it, on a phone (360 px): signing up
with a mobile number and the code the SMS brings (read from a fake provider on loopback that the
site sends to), a service request that becomes a reception whose tracking code arrives by SMS, my
requests showing a status head office set, a ticket answered by head office, and the guest
tracking page - in Persian and in English.

The site sends SMS from its job queue: after each action that sends one, `deliver()` runs one
burst of a real worker of the bench (ZHIRA_BENCH, which .ci/run sets) so the message reaches the
fake provider. Runs against a site with the demo data (.ci/run loads it).
"""

import os
import random
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.browser.desk import BASE_URL, PHONE, SITE
from zhira_after_sales.messaging.tests.fake_provider import API_KEY, LINE, FakeProviderServer

BENCH = os.environ.get("ZHIRA_BENCH") or os.environ.get("FRAPPE_BENCH") or str(Path.home() / "frappe-bench")
GATEWAY = "ZT Browser Customer SMS"
PRODUCT_GROUP = "آبگرمکن"
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def latin(text: str) -> str:
	return (text or "").translate(PERSIAN_DIGITS)


def new_mobile() -> str:
	return "0915" + "".join(random.choice("0123456789") for _ in range(7))


@pytest.fixture(scope="module")
def sms(admin):
	"""The site's default SMS gateway is, for this module, a fake provider in this process."""
	if not Path(BENCH, "sites", "apps.txt").exists():
		pytest.skip(f"no bench at {BENCH} to run the site's SMS worker (set ZHIRA_BENCH)")
	server = FakeProviderServer().start()
	before = admin.get_list("SMS Gateway", filters={"enabled": 1}, fields=("name", "is_default"))
	settings = admin.get_doc("After Sales Settings", "After Sales Settings")
	values = {
		"provider": "Kavenegar",
		"base_url": server.base_url("Kavenegar"),
		"api_key": API_KEY,
		"sender": LINE,
		"enabled": 1,
		"is_default": 1,
		"rate_limit": 0,
		"timeout": 5,
	}
	if admin.get_list("SMS Gateway", filters={"name": GATEWAY}, fields=("name",)):
		admin.update("SMS Gateway", GATEWAY, values)
	else:
		admin.insert({"doctype": "SMS Gateway", "gateway_name": GATEWAY, **values})
	for row in before:
		if row["name"] != GATEWAY:
			admin.update("SMS Gateway", row["name"], {"is_default": 0, "enabled": 0})
	admin.update("After Sales Settings", "After Sales Settings", {"sms_enabled": 1})
	# the service request page offers the demo's water heaters (whatever tests run before left)
	groups = [row["item_group"] for row in settings.get("request_item_groups") or []]
	if PRODUCT_GROUP not in groups:
		admin.update(
			"After Sales Settings",
			"After Sales Settings",
			{"request_item_groups": [{"item_group": g} for g in [*groups, PRODUCT_GROUP]]},
		)
	yield server
	admin.update("SMS Gateway", GATEWAY, {"enabled": 0, "is_default": 0})
	for row in before:
		if row["name"] != GATEWAY:
			admin.update("SMS Gateway", row["name"], {"enabled": 1, "is_default": row["is_default"]})
	admin.update("After Sales Settings", "After Sales Settings", {"sms_enabled": settings.get("sms_enabled")})
	server.stop()


def deliver():
	"""One burst of a real RQ worker of the bench on the short queue, where the site queues each SMS
	it stores: the site's queued SMS go to the provider."""
	python = Path(BENCH, "env", "bin", "python")
	subprocess.run(
		[
			str(python),
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			SITE,
			"worker",
			"--burst",
			"--queue",
			"short",
		],
		cwd=Path(BENCH, "sites"),
		check=True,
		capture_output=True,
		timeout=180,
	)


def sms_to(server, mobile: str, containing: str | None = None, wait: float = 20) -> str:
	"""The text of the latest SMS the provider accepted for `mobile` (and containing a text)."""
	tail = latin(mobile)[-10:]
	deadline = time.time() + wait
	while time.time() < deadline:
		for row in reversed(server.sent):
			if latin(str(row["to"])).endswith(tail) and (not containing or containing in latin(row["text"])):
				return latin(row["text"])
		deliver()
	raise AssertionError(
		f"no SMS to {mobile}{' with ' + containing if containing else ''}: {server.sent[-3:]}"
	)


def sms_texts(server, mobile: str) -> list[str]:
	tail = latin(mobile)[-10:]
	return [latin(row["text"]) for row in server.sent if latin(str(row["to"])).endswith(tail)]


def new_page(browser, language: str):
	context = browser.new_context(
		viewport=PHONE,
		locale="fa-IR" if language == "fa" else "en-US",
		extra_http_headers={"Accept-Language": language},
	)
	page = context.new_page()
	errors = []
	page.on("pageerror", lambda error: errors.append(str(error)))
	page.js_errors = errors
	return page


def sign_up(page, sms, mobile: str, full_name: str):
	"""A new customer: /service sends a guest to log in; the code comes by SMS; the first login
	asks for a name."""
	page.goto(f"{BASE_URL}/service")
	page.wait_for_url(re.compile(r"/service/login"))
	page.fill("#za-mobile", mobile)
	page.click("#za-send")
	page.locator("#za-code-form").wait_for()
	code = re.search(r"\b(\d{6})\b", sms_to(sms, mobile)).group(1)
	page.fill("#za-code", code)
	page.click("#za-verify")
	page.locator("#za-full-name").wait_for()
	page.fill("#za-full-name", full_name)
	with page.expect_navigation():
		page.click("#za-verify")
	page.wait_for_url(re.compile(r"/service/?$"))


def request_service(page, shot=None) -> str:
	page.click("#za-new-request")
	page.wait_for_url(re.compile(r"/service/new-request"))
	page.select_option("#za-item-group", PRODUCT_GROUP)
	page.select_option("#za-item", index=1)
	page.select_option("#za-service-type", index=1)
	page.fill("#za-address", "تهران، خیابان انقلاب، پلاک ۱۰")
	page.fill("#za-description", "آبگرمکن روشن نمی‌شود و بوی گاز می‌آید")
	page.select_option("#za-preferred-time", "Morning")
	if shot:
		shot(page, "new-request", full_page=True)
	with page.expect_navigation():
		page.click("#za-submit")
	page.locator("#za-sent").wait_for()
	return page.locator("#za-request").get_attribute("data-reception")


def test_sign_up_request_and_follow_it_in_persian(admin, browser, sms, shot):
	mobile = new_mobile()
	page = new_page(browser, "fa")
	sign_up(page, sms, mobile, "زهرا آزمون")
	assert page.locator("html").get_attribute("dir") == "rtl"
	user = admin.get_list(
		"User", filters={"mobile_no": ("like", f"%{mobile[-10:]}")}, fields=("name", "user_type")
	)
	assert user and user[0]["user_type"] == "Website User"
	shot(page, "my-requests-empty-fa")

	reception = request_service(page, shot)
	stored = admin.get_doc("Service Reception", reception)
	assert stored["channel"] == "Web"
	assert stored["customer_name"] == "زهرا آزمون"
	assert stored["preferred_time"] == "Morning"
	# the tracking code reaches the customer's phone
	assert stored["tracking_code"] in sms_to(sms, mobile, stored["tracking_code"])
	shot(page, "request-sent-fa", full_page=True)

	# head office moves it; the customer sees the new status in the customer's words
	allowed = admin.call("zhira_after_sales.api.status.get_allowed_statuses", reception=reception)
	target = next(s for s in allowed if s["category"] not in ("Cancelled",))
	admin.call("zhira_after_sales.api.status.change_status", reception=reception, status=target["name"])
	page.reload()
	assert page.locator("#za-request .za-status").inner_text().strip() == target["customer_label"]
	assert target["customer_label"] in page.locator("#za-history").inner_text()
	page.goto(f"{BASE_URL}/service")
	card = page.locator(f'[data-reception="{reception}"]')
	assert target["customer_label"] in card.inner_text()
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	shot(page, "my-requests-fa", full_page=True)
	assert not page.js_errors


def test_guest_tracking_and_a_ticket_answered_by_head_office_in_english(admin, browser, sms, shot):
	mobile = new_mobile()
	page = new_page(browser, "en")
	sign_up(page, sms, mobile, "Test Customer")
	admin.update(
		"User",
		admin.get_list("User", filters={"mobile_no": ("like", f"%{mobile[-10:]}")})[0]["name"],
		{"language": "en"},
	)
	page.reload()
	assert page.locator("html").get_attribute("dir") == "ltr"
	reception = request_service(page)
	code = admin.get_doc("Service Reception", reception)["tracking_code"]

	# a guest follows the request with the code and the mobile; a wrong mobile learns nothing
	guest = new_page(browser, "en")
	guest.goto(f"{BASE_URL}/track?code={code}")
	guest.fill("#za-mobile", "09350000000")
	guest.click("#za-track")
	guest.locator("#za-alert:not([hidden])").wait_for()
	assert guest.locator("#za-result").is_hidden()
	guest.fill("#za-mobile", mobile)
	guest.click("#za-track")
	guest.locator("#za-result:not([hidden])").wait_for()
	assert latin(guest.locator("#za-result-code").inner_text()) == code
	shot(guest, "track-en", full_page=True)
	assert not guest.js_errors

	# a ticket, answered at head office, with the answer on the customer's page
	page.goto(f"{BASE_URL}/service/new-ticket")
	page.select_option("select[name=category]", "Question")
	page.fill("input[name=subject]", "Where do I find the warranty terms?")
	page.fill("textarea[name=description]", "My card does not say how long the warranty lasts.")
	with page.expect_navigation():
		page.click("#za-open")
	ticket = re.search(r"name=([^&]+)", page.url).group(1)
	texts_before = len(sms_texts(sms, mobile))
	admin.call(
		"zhira_after_sales.api.ticket.reply",
		name=ticket,
		message="The terms are on the back of your card: 24 months from installation.",
	)
	page.reload()
	assert "24 months from installation" in page.locator("main").inner_text()
	# and the customer is told by SMS that the ticket was answered
	deliver()
	assert len(sms_texts(sms, mobile)) > texts_before
	shot(page, "ticket-answered-en", full_page=True)
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	assert not page.js_errors
