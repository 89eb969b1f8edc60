"""The technician app (/tech) on a phone (360 x 800, Android Chrome, Persian unless said otherwise),
against the real server and its API v1 (zhira_after_sales.api.v1.tech): installable (manifest and
service worker), a status change online, three actions taken offline and sent once each in order
when the connection returns, the app opening offline with the jobs it synced, a conflicting action
reported, the SMS fallback, a work report with photos taken offline, English, and new jobs arriving
while the app is open (by the minute's poll, and at once through Frappe realtime).

Runs against a site with the demo data (.ci/run loads it). Each test makes its own reception
through REST, referred to a demo technician (password Zhira-demo-1405) of its own: `login` gives a
new API secret and counts attempts per username, so no two tests share a technician. The network
is cut with Playwright's context.set_offline (the page, its service worker and the API alike).
"""

import hashlib
import hmac
import json
import os
import re
import socket
import struct
import subprocess
import time
import urllib.request
import uuid
import zlib
from pathlib import Path

import pytest

from tests.browser.desk import BASE_URL, DEMO_PASSWORD, logged_in_pages, site_headers, stock_consignment

DEMO_MOBILE = "+989123456701"
DEVICE_SERIAL = "WH50-00001"
PART = "PRT-THERMO"
PAID_REPAIR = "تعمیر آزاد"
REFERRED = "ارجاع شده"
ACCEPTED = "پذیرفته شده"
IN_PROGRESS = "در حال انجام"
WAITING_PARTS = "در انتظار قطعه"
PHONE = {"width": 360, "height": 800}
ANDROID = (
	"Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
	"Chrome/126.0.0.0 Mobile Safari/537.36"
)
ROOT = Path(__file__).resolve().parents[2]
APP_JS = ROOT / "zhira_after_sales" / "public" / "tech" / "app.js"
INDEX_PY = ROOT / "zhira_after_sales" / "www" / "tech" / "index.py"


def technician(admin, user: str) -> dict:
	return admin.get_list(
		"Service Technician", filters={"user": user}, fields=("name", "agency", "full_name", "mobile_no")
	)[0]


def new_job(admin, tech: dict, customer: str = "مریم حسینی", **values) -> dict:
	"""A reception of the demo customer's water heater, referred to `tech`."""
	device = admin.get_list("Customer Device", filters={"serial_no": DEVICE_SERIAL}, fields=("name",))[0]
	return admin.insert(
		{
			"doctype": "Service Reception",
			"mobile_no": DEMO_MOBILE,
			"customer_name": customer,
			"phone_no": "02188776655",
			"city": "تهران",
			"address_line": "خیابان ولیعصر، کوچه نیلوفر، پلاک ۱۲",
			"service_agency": tech["agency"],
			"technician": tech["name"],
			"devices": [
				{
					"customer_device": device["name"],
					"service_type": PAID_REPAIR,
					"declared_defects": "WH-NOFIRE",
				}
			],
			**values,
		}
	)


def app_rows(admin, reception: str) -> list[dict]:
	"""The reception's status log rows that came from the technician app, in order."""
	log = admin.get_doc("Service Reception", reception)["status_log"]
	return [row for row in sorted(log, key=lambda r: r["idx"]) if row.get("source") == "app"]


def actions(admin, reception: str) -> list[dict]:
	return admin.get_list(
		"Technician Action",
		filters={"reception": reception},
		fields=("client_id", "action", "target", "result", "expected_status", "creation"),
		order_by="creation asc",
	)


@pytest.fixture
def phone(browser, request):
	"""phone(locale="fa-IR", clock=False) -> a new page in a phone's browser context with no data
	of its own; with `clock`, the page's timers and Date run on Playwright's clock (page.clock), so
	a test can let minutes pass. JavaScript errors on its pages fail the test."""
	with logged_in_pages(browser, request) as new_page:

		def open_phone(locale: str = "fa-IR", clock: bool = False):
			page = new_page(
				viewport=PHONE,
				screen=PHONE,
				device_scale_factor=2,
				is_mobile=True,
				has_touch=True,
				user_agent=ANDROID,
				locale=locale,
				timezone_id="Asia/Tehran",
				service_workers="allow",
			)
			if clock:
				page.clock.install()
			return page

		yield open_phone


def open_app(page):
	page.goto(f"{BASE_URL}/tech/")
	page.wait_for_function("document.documentElement.dataset.ready === '1'")


def log_in(page, user: str, password: str = DEMO_PASSWORD):
	page.fill("#zt-usr", user)
	page.fill("#zt-pwd", password)
	page.click("#zt-login-button")
	page.locator("#zt-today").wait_for()
	synced(page)


def synced(page):
	"""Wait until the app is not syncing (the outbox and the job list)."""
	page.wait_for_function("window.zhiraTech && !zhiraTech.state.syncing")


def card(page, reception: dict):
	return page.locator(f'.zt-job[data-job="{reception["name"]}"]')


def open_job(page, reception: dict):
	card(page, reception).locator(".zt-job-link").click()
	page.locator("#zt-status-box").wait_for()


def tap_status(page, status: str, note: str = ""):
	if note:
		page.fill("#zt-note", note)
	page.locator(f'.zt-status-button[data-status="{status}"]').click()
	page.locator("#zt-status-go").click()
	page.locator("#zt-status-go").wait_for(state="detached")


def full_shot(shot, page, name: str):
	"""A screenshot of the whole page, from its top (the bar stays where a phone shows it)."""
	page.evaluate("window.scrollTo(0, 0)")
	shot(page, name, full_page=True)


def controlled(page):
	"""Wait until the service worker controls the page."""
	page.wait_for_function(
		"navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === 'activated'"
	)


def png(width: int, height: int) -> bytes:
	"""A real PNG, width x height, a colour gradient (as big as a phone camera's photo)."""
	reds = bytes(x * 255 // width for x in range(width))
	blues = bytes(255 - x * 255 // width for x in range(width))
	rows = bytearray()
	for y in range(height):
		row = bytearray(width * 3)
		row[0::3], row[1::3], row[2::3] = reds, bytes([y * 255 // height]) * width, blues
		rows += b"\x00" + row

	def chunk(kind: bytes, data: bytes) -> bytes:
		return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

	header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
	return (
		b"\x89PNG\r\n\x1a\n"
		+ chunk(b"IHDR", header)
		+ chunk(b"IDAT", zlib.compress(bytes(rows), 6))
		+ chunk(b"IEND", b"")
	)


def jpeg_size(data: bytes) -> tuple[int, int]:
	"""(width, height) of a JPEG, from its start-of-frame marker."""
	assert data[:2] == b"\xff\xd8", "not a JPEG"
	index = 2
	while index < len(data):
		marker, length = data[index + 1], struct.unpack(">H", data[index + 2 : index + 4])[0]
		if marker in (0xC0, 0xC1, 0xC2):
			height, width = struct.unpack(">HH", data[index + 5 : index + 9])
			return width, height
		index += 2 + length
	raise AssertionError("no frame in the JPEG")


# --- the catalogue -------------------------------------------------------------------------------


def test_every_string_of_the_app_reaches_the_catalogue():
	"""Each t("...") in app.js is one of index.py's messages (an `_()` call the catalogue tools
	extract), so Persian users never meet an English string."""
	used = set(re.findall(r'\bt\(\s*"((?:[^"\\]|\\.)*)"', APP_JS.read_text(encoding="utf-8")))
	listed = set(re.findall(r'_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', INDEX_PY.read_text(encoding="utf-8")))
	assert used, "no strings found in app.js"
	assert not used - listed, f"add to index.py messages(): {sorted(used - listed)}"


# --- installing, online --------------------------------------------------------------------------


def test_installable_and_a_status_change_online(admin, phone, shot):
	tech = technician(admin, "tech1.msh-01@demo.zhira.ir")
	reception = new_job(admin, tech)
	page = phone()
	page.goto(f"{BASE_URL}/tech")  # the app lives under /tech/
	assert page.url.rstrip("?").endswith("/tech/")
	page.wait_for_function("document.documentElement.dataset.ready === '1'")
	assert page.evaluate("document.documentElement.dir") == "rtl"
	assert page.locator("#zt-login-button").inner_text().strip() == "ورود"
	shot(page, "login-fa")

	# the manifest: linked, served as JSON, with what Android needs to install the app
	href = page.locator('link[rel="manifest"]').get_attribute("href")
	response = page.request.get(f"{BASE_URL}{href}")
	assert response.ok and "json" in response.headers["content-type"]
	manifest = response.json()
	assert manifest["name"] == "ژیرا - تکنسین"
	assert manifest["short_name"] and manifest["display"] == "standalone"
	assert manifest["start_url"] == "/tech/" and manifest["scope"] == "/tech/"
	assert manifest["theme_color"] and manifest["lang"] == "fa" and manifest["dir"] == "rtl"
	sizes = {icon["sizes"]: icon for icon in manifest["icons"]}
	for size in ("192x192", "512x512"):
		icon = page.request.get(f"{BASE_URL}{sizes[size]['src']}")
		assert icon.ok and icon.headers["content-type"] == "image/png"
		assert icon.body()[:8] == b"\x89PNG\r\n\x1a\n"
		assert struct.unpack(">II", icon.body()[16:24]) == tuple(int(x) for x in size.split("x"))

	# the service worker: JavaScript at /tech/sw.js, controlling the page
	worker = page.request.get(f"{BASE_URL}/tech/sw.js")
	assert worker.ok and "javascript" in worker.headers["content-type"]
	controlled(page)
	registration = page.evaluate(
		"navigator.serviceWorker.getRegistration().then(r => ({scope: r.scope, script: r.active.scriptURL}))"
	)
	assert registration == {"scope": f"{BASE_URL}/tech/", "script": f"{BASE_URL}/tech/sw.js"}
	# what Chrome itself says: the manifest parses and nothing stops the install
	cdp = page.context.new_cdp_session(page)
	parsed = cdp.send("Page.getAppManifest")
	assert parsed["url"].endswith("/tech/manifest.json") and not parsed["errors"], parsed["errors"]
	errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
	# Playwright's contexts are incognito ones, where Chrome installs nothing: that reason aside
	assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []

	log_in(page, "tech1.msh-01@demo.zhira.ir")
	job_card = card(page, reception)
	job_card.wait_for()
	assert job_card.get_attribute("data-status") == REFERRED
	assert job_card.locator('a[href="tel:+989123456701"]').count() == 1
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	shot(page, "jobs-fa")

	open_job(page, reception)
	assert page.locator("#zt-call-mobile").get_attribute("href") == "tel:+989123456701"
	assert page.locator("#zt-call-phone").get_attribute("href") == "tel:+982188776655"
	assert page.locator("#zt-map").get_attribute("href").startswith("geo:0,0?q=")
	device = page.locator(".zt-device").first
	assert "WH-NOFIRE" in device.inner_text()
	assert device.locator("[data-warranty]").count() == 1
	page.locator(".zt-history-row").first.wait_for()  # the history, synced
	full_shot(shot, page, "job-fa")

	tap_status(page, ACCEPTED, "در راه هستم")
	page.wait_for_function(
		"name => !zhiraTech.state.queue.some(i => i.job === name && i.state !== 'applied')",
		arg=reception["name"],
	)
	rows = app_rows(admin, reception["name"])
	assert [(row["status"], row["note"]) for row in rows] == [(ACCEPTED, "در راه هستم")]
	assert rows[0]["client_at"], "the phone's time of the tap is kept beside the server's"
	page.locator(f'#zt-job-status [data-status="{ACCEPTED}"]').wait_for()
	assert page.locator("#zt-job-status .zt-pending-mark").count() == 0
	assert page.locator("#zt-outbox-chip").get_attribute("data-count") == "0"


# --- offline ------------------------------------------------------------------------------------


def test_three_offline_actions_are_applied_once_each_in_order(admin, phone, shot):
	tech = technician(admin, "tech1.shz-01@demo.zhira.ir")
	reception = new_job(admin, tech)
	page = phone()
	open_app(page)
	controlled(page)
	log_in(page, "tech1.shz-01@demo.zhira.ir")
	card(page, reception).wait_for()
	open_job(page, reception)
	page.locator(".zt-history-row").first.wait_for()
	page.goto(f"{BASE_URL}/tech/#/")

	# no network at all: the app opens from the service worker's copy with the synced jobs
	page.context.set_offline(True)
	page.reload()
	page.wait_for_function("document.documentElement.dataset.ready === '1'")
	assert page.locator("#zt-net").get_attribute("data-state") == "offline"
	card(page, reception).wait_for()
	assert "آخرین همگام‌سازی" in page.locator("#zt-synced").inner_text()
	shot(page, "offline-jobs-fa")

	open_job(page, reception)
	tap_status(page, ACCEPTED, "یک")
	tap_status(page, IN_PROGRESS, "دو")
	tap_status(page, WAITING_PARTS, "سه")
	status = page.locator("#zt-job-status")
	assert status.locator(".zt-pill").get_attribute("data-status") == WAITING_PARTS
	assert status.locator(".zt-pending-mark").count() == 1
	assert page.locator("#zt-outbox-chip").get_attribute("data-count") == "3"
	assert page.locator(".zt-history-local").count() == 3
	full_shot(shot, page, "offline-pending-fa")
	page.goto(f"{BASE_URL}/tech/#/")
	assert card(page, reception).get_attribute("data-status") == WAITING_PARTS
	assert card(page, reception).locator(".zt-pending-mark").count() == 1
	page.goto(f"{BASE_URL}/tech/#/outbox")
	assert page.locator(".zt-outbox-item").count() == 3
	assert app_rows(admin, reception["name"]) == []  # nothing reached the server

	page.context.set_offline(False)
	page.wait_for_function(
		"() => zhiraTech.state.queue.length === 3 && zhiraTech.state.queue.every(i => i.state === 'applied')",
		timeout=60_000,
	)
	synced(page)
	rows = app_rows(admin, reception["name"])
	assert [(row["status"], row["note"]) for row in rows] == [
		(ACCEPTED, "یک"),
		(IN_PROGRESS, "دو"),
		(WAITING_PARTS, "سه"),
	]
	assert admin.get_doc("Service Reception", reception["name"])["status"] == WAITING_PARTS
	stored = actions(admin, reception["name"])
	client_ids = page.evaluate("zhiraTech.state.queue.map(i => i.client_id)")
	assert [a["client_id"] for a in stored] == client_ids
	assert [a["result"] for a in stored] == ["Applied"] * 3
	# the phone's clock, not the server's receipt, is each change's client_at, in the order tapped
	assert [row["client_at"] for row in rows] == sorted(row["client_at"] for row in rows)

	# sending again changes nothing: the phone holds nothing more, the server applied each once
	assert page.evaluate("zhiraTech.flushNow().then(o => o.sent)") == 0
	assert len(app_rows(admin, reception["name"])) == 3
	assert page.locator("#zt-outbox-chip").get_attribute("data-count") == "0"
	assert page.locator(".zt-sent-item").count() == 3
	full_shot(shot, page, "outbox-sent-fa")


def test_a_conflicting_action_is_reported_to_the_technician(admin, phone, shot):
	tech = technician(admin, "tech1.isf-01@demo.zhira.ir")
	other = technician(admin, "tech2.isf-01@demo.zhira.ir")
	reception = new_job(admin, tech)
	page = phone()
	open_app(page)
	log_in(page, "tech1.isf-01@demo.zhira.ir")
	open_job(page, reception)
	page.locator(".zt-history-row").first.wait_for()

	page.context.set_offline(True)
	page.wait_for_function("zhiraTech.state.net === 'offline'")
	tap_status(page, IN_PROGRESS, "شروع کار")
	# meanwhile head office refers the job to another technician
	admin.update("Service Reception", reception["name"], {"technician": other["name"]})

	page.context.set_offline(False)
	problem = page.locator('#zt-job-problems .zt-problem[data-state="conflict"]')
	problem.wait_for(timeout=60_000)
	assert reception["tracking_code"] in problem.inner_text()
	assert page.locator("#zt-problems-banner").is_visible()
	# the job left the technician's list; the phone says so and offers no status buttons
	page.locator("#zt-not-listed").wait_for()
	assert page.locator(".zt-status-button").count() == 0
	full_shot(shot, page, "conflict-job-fa")

	stored = admin.get_doc("Service Reception", reception["name"])
	assert stored["status"] == REFERRED and stored["technician"] == other["name"]
	assert app_rows(admin, reception["name"]) == []
	assert [(a["target"], a["result"]) for a in actions(admin, reception["name"])] == [
		(IN_PROGRESS, "Conflict")
	]

	# the problems list keeps it until the technician has read it
	page.goto(f"{BASE_URL}/tech/#/outbox")
	item = page.locator('#zt-problems .zt-problem[data-state="conflict"]')
	item.wait_for()
	full_shot(shot, page, "problems-fa")
	page.reload()  # still there after the app is opened again
	item.wait_for()
	item.locator('[data-action="acknowledge"]').click()
	item.wait_for(state="detached")
	assert page.locator("#zt-problems .zt-problem").count() == 0


# --- SMS fallback --------------------------------------------------------------------------------


@pytest.fixture
def sms_line(admin):
	"""An SMS gateway that reads its inbox (the number technicians text), with a webhook secret
	so the test can push an inbound message the way the provider does. Switched off afterwards."""
	name = "Technician App Test Line"
	values = {
		"provider": "Kavenegar",
		"sender": "10004346",
		"enabled": 1,
		"is_default": 0,
		"receive_inbound": 1,
		"api_key": "not-a-real-key",
		"webhook_secret": "tech-app-browser-test-secret-0123456789",
	}
	if admin.exists("SMS Gateway", name):
		admin.update("SMS Gateway", name, values)
	else:
		admin.insert({"doctype": "SMS Gateway", "gateway_name": name, **values})
	yield {"name": name, **values}
	admin.update("SMS Gateway", name, {"enabled": 0, "receive_inbound": 0})


def push_inbound_sms(gateway: dict, sender: str, text: str):
	"""What the SMS provider does when a message arrives: the signed inbound webhook."""
	body = json.dumps(
		{"messages": [{"id": str(uuid.uuid4()), "from": sender, "to": gateway["sender"], "text": text}]}
	).encode()
	timestamp = str(int(time.time()))
	signature = hmac.new(
		gateway["webhook_secret"].encode(),
		b".".join((timestamp.encode(), gateway["name"].encode(), body)),
		hashlib.sha256,
	).hexdigest()
	request = urllib.request.Request(
		f"{BASE_URL}/api/method/zhira_after_sales.api.sms.inbound?gateway={urllib.request.quote(gateway['name'])}",
		data=body,
		method="POST",
		headers={
			"Content-Type": "application/json",
			"X-Zhira-Timestamp": timestamp,
			"X-Zhira-Signature": f"sha256={signature}",
			**site_headers(),
		},
	)
	with urllib.request.urlopen(request, timeout=60) as response:
		return json.loads(response.read())["message"]


def test_offline_status_sent_by_sms_then_synced_calmly(admin, phone, sms_line, shot):
	tech = technician(admin, "tech2.isf-01@demo.zhira.ir")
	reception = new_job(admin, tech)
	page = phone(clock=True)
	open_app(page)
	log_in(page, "tech2.isf-01@demo.zhira.ir")
	open_job(page, reception)
	page.locator(".zt-history-row").first.wait_for()

	page.context.set_offline(True)
	page.wait_for_function("zhiraTech.state.net === 'offline'")
	tap_status(page, ACCEPTED)
	page.locator("#zt-job-sms").wait_for()  # on demand, on the job
	assert page.locator("#zt-sms-offer").count() == 0
	page.clock.fast_forward("10:30")  # still offline ten minutes later: offered on every page
	page.locator("#zt-sms-offer").wait_for()
	full_shot(shot, page, "sms-banner-fa")
	page.locator("#zt-sms-offer a").click()
	page.wait_for_url(re.compile(r"#/outbox$"))
	link = page.locator(".zt-outbox-item .zt-sms")
	code = next(s["sms_code"] for s in page.evaluate("zhiraTech.state.me.statuses") if s["name"] == ACCEPTED)
	body = f"{reception['tracking_code']} {code}"
	assert link.get_attribute("href") == f"sms:{sms_line['sender']}?body={urllib.request.quote(body)}"
	assert page.locator("#zt-sms-help").is_visible()
	full_shot(shot, page, "sms-offer-fa")
	link.click()  # the phone's SMS app opens with the message; the technician sends it
	page.locator(".zt-sms-sent").wait_for()

	# the SMS reaches the server through the provider and moves the job
	answer = push_inbound_sms(sms_line, tech["mobile_no"], body)
	assert answer["stored"] == 1
	assert admin.get_doc("Service Reception", reception["name"])["status"] == ACCEPTED

	# back online, the queued change is not applied a second time and is no problem
	page.context.set_offline(False)
	sent = page.locator('#zt-sent .zt-sent-item[data-state="sms"]')
	sent.wait_for(timeout=60_000)
	assert "قبلاً با پیامک" in sent.inner_text()
	assert page.locator("#zt-problems .zt-problem").count() == 0
	full_shot(shot, page, "sms-synced-fa")
	log = admin.get_doc("Service Reception", reception["name"])["status_log"]
	assert [row["source"] for row in log if row["status"] == ACCEPTED] == ["sms"]


# --- work report ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def consignment_part(admin):
	"""PRT-THERMO in Tehran's consignment warehouse, as the agency portal's tests stock it."""
	stock_consignment(admin, "TEH-01", PART, 2)
	return PART


def test_a_work_report_with_photos_taken_offline(admin, phone, consignment_part, shot):
	tech = technician(admin, "tech1.teh-01@demo.zhira.ir")
	reception = new_job(admin, tech)
	page = phone()
	open_app(page)
	log_in(page, "tech1.teh-01@demo.zhira.ir")
	open_job(page, reception)
	page.locator(".zt-history-row").first.wait_for()

	page.context.set_offline(True)
	page.wait_for_function("zhiraTech.state.net === 'offline'")
	page.locator("#zt-new-report").click()
	page.locator("#zt-report").wait_for()
	page.fill(".zt-service-description", "تعویض ترموستات")
	# the parts offered are the agency's consignment stock, as last synced
	assert page.locator(f'#zt-stock option[value="{consignment_part}"]').count() == 1
	page.locator("#zt-add-part").click()
	page.fill(".zt-part-item", consignment_part)
	page.select_option(".zt-part-coverage", "Paid")
	photo = png(2400, 1800)  # a camera's photo: resized on the phone
	for field in ("serial_plate_photo", "work_photo"):
		page.set_input_files(
			f"#zt-{field}", files=[{"name": f"{field}.png", "mimeType": "image/png", "buffer": photo}]
		)
		page.locator(f'[data-photo="{field}"] img').wait_for()
	assert "۱۶۰۰×۱۲۰۰" in page.locator('[data-photo="work_photo"]').inner_text()
	page.fill("#zt-paid", "۲۵۰۰۰۰۰")
	page.check("#zt-ack")
	page.fill("#zt-ack-name", "مریم حسینی")
	full_shot(shot, page, "report-fa")
	page.locator("#zt-send-report").click()
	page.locator("#zt-status-box").wait_for()
	item = page.locator("#zt-reports .zt-report-item")
	assert item.get_attribute("data-seq")
	assert page.locator("#zt-outbox-chip").get_attribute("data-count") == "1"

	page.context.set_offline(False)
	page.locator("#zt-reports .zt-invoice").wait_for(timeout=60_000)
	name = page.locator("#zt-reports .zt-invoice").get_attribute("data-invoice")
	full_shot(shot, page, "report-sent-fa")
	invoice = admin.get_doc("Service Invoice", name)
	assert invoice["service_reception"] == reception["name"] and invoice["technician"] == tech["name"]
	assert invoice["docstatus"] == 1 and invoice["approval_status"] == "Pending"
	assert [(p["item"], p["qty"], p["coverage"]) for p in invoice["parts"]] == [(PART, 1, "Paid")]
	assert invoice["customer_acknowledgement"] == 1 and invoice["acknowledged_by_name"] == "مریم حسینی"
	assert float(invoice["customer_paid_amount"]) == 2_500_000
	for field in ("serial_plate_photo", "work_photo"):
		assert invoice[field].startswith("/private/files/")
		content = admin.opener.open(
			urllib.request.Request(f"{BASE_URL}{invoice[field]}", headers=site_headers())
		).read()
		assert jpeg_size(content) == (1600, 1200)
	assert [a["result"] for a in actions(admin, reception["name"])] == ["Applied"]


# --- English, and a new job while the app is open -----------------------------------------------


def test_english_and_a_new_job_while_the_app_is_open(admin, phone, shot):
	user = "tech2.teh-01@demo.zhira.ir"
	tech = technician(admin, user)
	admin.update("User", user, {"language": "en"})
	try:
		first = new_job(admin, tech, customer="Sara Ahmadi")
		page = phone("en-US", clock=True)
		open_app(page)
		assert page.evaluate("document.documentElement.dir") == "ltr"
		assert page.locator("#zt-login-button").inner_text().strip() == "Log in"
		log_in(page, user)
		card(page, first).wait_for()
		assert page.locator(".zt-section h2").first.inner_text().startswith("Today")
		shot(page, "jobs-en")

		# head office refers another job to them: within a minute it shows up, announced, without
		# reloading or touching anything (the app asks for the list every minute while in front)
		second = new_job(admin, tech, customer="Reza Karimi")
		page.clock.fast_forward("01:01")
		banner = page.locator("#zt-new-jobs")
		banner.wait_for()
		assert "New job: Reza Karimi" in banner.inner_text()
		assert card(page, second).locator(".zt-new-mark").count() == 1
		shot(page, "new-job-en")
		open_job(page, second)
		assert page.locator("#zt-status-box h3").inner_text() == "Change status"
		full_shot(shot, page, "job-en")
	finally:
		admin.update("User", user, {"language": "fa"})


# --- a new job at once: Frappe realtime ----------------------------------------------------------


def listening(port: int) -> bool:
	with socket.socket() as probe:
		probe.settimeout(1)
		return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def realtime_server():
	"""Frappe's realtime (socket.io) server where the app looks for it: the bench's own when it runs
	(`bench start`), else one started here from the bench (node apps/frappe/socketio.js) for the
	test - .ci/run starts only the web server."""
	with urllib.request.urlopen(
		urllib.request.Request(f"{BASE_URL}/tech/", headers=site_headers()), timeout=60
	) as response:
		page = response.read().decode()
	config = json.loads(re.search(r'id="zt-config">(.*?)</script>', page, re.S).group(1))
	realtime = config["realtime"]
	assert realtime, "the site has realtime switched off (disable_async)"
	port = realtime["port"]
	if not port or listening(port):
		yield realtime
		return
	bench = Path(os.environ.get("ZHIRA_BENCH") or Path.home() / "frappe-bench")
	script = bench / "apps" / "frappe" / "socketio.js"
	if not script.exists():
		pytest.skip(f"no realtime server on port {port} and no bench at {bench} to start one")
	server = subprocess.Popen(
		["node", str(script)],
		cwd=bench,
		env={**os.environ, "FRAPPE_BENCH_ROOT": str(bench), "FRAPPE_SOCKETIO_PORT": str(port)},
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	try:
		for _ in range(100):
			if listening(port):
				break
			time.sleep(0.1)
		else:
			pytest.fail(f"the realtime server did not start on port {port}")
		yield realtime
	finally:
		server.terminate()
		server.wait(timeout=10)


def test_a_new_job_arrives_at_once_through_realtime(admin, phone, realtime_server, shot):
	user = "tech1.tbz-01@demo.zhira.ir"
	tech = technician(admin, user)
	page = phone()
	open_app(page)
	log_in(page, user)
	page.wait_for_function("zhiraTech.state.realtime === 'connected'", timeout=30_000)

	# head office refers a job: the server's event reaches the app, which syncs (well within the
	# minute after which the list would be asked for anyway)
	reception = new_job(admin, tech, customer="سارا احمدی")
	banner = page.locator("#zt-new-jobs")
	banner.wait_for(timeout=20_000)
	assert "سارا احمدی" in banner.inner_text()
	assert card(page, reception).locator(".zt-new-mark").count() == 1
	shot(page, "realtime-new-job-fa")
