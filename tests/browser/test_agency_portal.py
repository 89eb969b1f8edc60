"""The agency portal's referrals and work reports as an agency uses them, on a phone (360 px) in
Persian and on a desktop in English: the cartable, accept, assign a technician, change the status,
file a work report with a photo, decline with a reason; and another agency trying the same ids.

Runs against a site with the demo data (.ci/run loads it): the demo customer مریم حسینی owns the
water heater WH50-00001, Tehran's agency TEH-01 (portal user agency.tehran@demo.zhira.ir) has two
technicians, Isfahan's agency ISF-01 is the other agency, and PRT-THERMO is in the central parts
store. Each test makes its own reception through REST and checks what the page shows and what the
server stored.
"""

import re

import pytest

from tests.browser.desk import BASE_URL, DESKTOP, PHONE, ensure_user, site_headers, stock_consignment

TEHRAN = "agency.tehran@demo.zhira.ir"
ISFAHAN = "agency.isfahan@demo.zhira.ir"
ENGLISH = "agency.english@browser.zhira.test"
ENGLISH_PASSWORD = "Browser-Agency-1405!"
DEMO_MOBILE = "+989123456701"
DEVICE_SERIAL = "WH50-00001"
PART = "PRT-THERMO"
PAID_REPAIR = "تعمیر آزاد"
IN_PROGRESS = "در حال انجام"


@pytest.fixture(scope="module")
def world(admin):
	device = admin.get_list("Customer Device", filters={"serial_no": DEVICE_SERIAL}, fields=("name",))[0]
	stock_consignment(admin, "TEH-01", PART, 3)
	# an English-speaking portal user of TEH-01, added the way head office adds one in the desk
	ensure_user(admin, ENGLISH, ENGLISH_PASSWORD, "en", roles=(), user_type="Website User")
	agency = admin.get_doc("Service Agency", "TEH-01")
	users = [{"user": row["user"], "is_manager": row.get("is_manager", 0)} for row in agency["portal_users"]]
	users = [row for row in users if row["user"] != ENGLISH] + [{"user": ENGLISH}]
	# saved each run: the agency's save gives the user the Service Agency role (ensure_user reset it)
	admin.update("Service Agency", "TEH-01", {"portal_users": users})
	return {"device": device["name"]}


def new_referral(admin, world) -> dict:
	return admin.insert(
		{
			"doctype": "Service Reception",
			"mobile_no": DEMO_MOBILE,
			"customer_name": "مریم حسینی",
			"service_agency": "TEH-01",
			"devices": [{"customer_device": world["device"], "service_type": PAID_REPAIR}],
		}
	)


def test_accept_assign_and_move_on_a_phone_in_persian(admin, world, open_as, shot):
	reception = new_referral(admin, world)
	page = open_as(TEHRAN, f"/agency?q={reception['tracking_code']}")
	assert page.locator("main.za-main").get_attribute("dir") == "rtl"
	card = page.locator(f'[data-reception="{reception["name"]}"]')
	card.wait_for()
	assert page.locator('.za-tab[data-tab="new"]').get_attribute("aria-selected") == "true"
	shot(page, "cartable-fa-phone", full_page=True)
	# nothing wider than the phone
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

	card.click()
	page.wait_for_url(re.compile(r"/agency/referral"))
	assert page.locator('a[href^="tel:+98912"]').count() == 1
	with page.expect_navigation():
		page.locator("#za-accept").click()
	page.locator("#za-accepted").wait_for()
	stored = admin.get_doc("Service Reception", reception["name"])
	assert stored["accepted_on"] and stored["accepted_by"] == TEHRAN
	assert stored["referrals"][-1]["accepted_by"] == TEHRAN

	technician = page.locator("#za-technician option").nth(1)
	technician_name = technician.get_attribute("value")
	page.select_option("#za-technician", technician_name)
	with page.expect_navigation():
		page.locator("#za-assign").click()
	assert page.locator("#za-technician").input_value() == technician_name
	assert admin.get_doc("Service Reception", reception["name"])["technician"] == technician_name

	page.fill("#za-status-note", "قطعه همراه تکنسین است")
	with page.expect_navigation():
		page.locator(f'.za-status-button[data-status="{IN_PROGRESS}"]').click()
	assert page.locator("#za-status").inner_text().strip() == IN_PROGRESS
	shot(page, "referral-fa-phone", full_page=True)
	stored = admin.get_doc("Service Reception", reception["name"])
	assert stored["status"] == IN_PROGRESS
	last = stored["status_log"][-1]
	assert (last["source"], last["note"]) == ("portal", "قطعه همراه تکنسین است")

	# it moved from the New tab to In Progress
	page.goto(f"{BASE_URL}/agency?tab=in_progress&q={reception['tracking_code']}")
	page.locator(f'[data-reception="{reception["name"]}"]').wait_for()


def test_file_a_work_report_with_a_photo_from_the_phone(admin, world, open_as, shot):
	reception = new_referral(admin, world)
	admin.call("zhira_after_sales.api.agency.accept_referral", reception=reception["name"])
	page = open_as(TEHRAN, f"/agency/referral?name={reception['name']}")
	page.locator(".za-new-invoice").click()
	page.wait_for_url(re.compile(r"/agency/new-invoice"))
	page.locator("#za-add-part").click()
	page.select_option(".za-part-item", PART)
	page.select_option(".za-part-coverage", "Paid")
	photo = page.screenshot()  # a real PNG, as the camera would give a JPEG
	page.set_input_files(
		"#za-photo-work", files=[{"name": "work.png", "mimeType": "image/png", "buffer": photo}]
	)
	page.check("#za-ack")
	page.fill("#za-ack-name", "مریم حسینی")
	shot(page, "new-invoice-fa-phone", full_page=True)
	page.locator("#za-file").click()
	page.wait_for_url(re.compile(r"/agency/invoice\?name="))
	name = page.locator("#za-invoice").get_attribute("data-invoice")
	assert page.locator("#za-state").inner_text().strip() == "در انتظار"
	shot(page, "invoice-fa-phone", full_page=True)

	stored = admin.get_doc("Service Invoice", name)
	assert stored["docstatus"] == 1 and stored["approval_status"] == "Pending"
	assert stored["agency"] == "TEH-01" and stored["customer_acknowledgement"] == 1
	assert [(p["item"], p["qty"]) for p in stored["parts"]] == [(PART, 1)]
	assert stored["work_photo"].startswith("/private/files/")
	files = admin.get_list(
		"File",
		filters={"attached_to_doctype": "Service Invoice", "attached_to_name": name},
		fields=("file_url", "is_private", "file_size"),
	)
	assert files and files[0]["is_private"] == 1 and files[0]["file_size"] > 1000

	# the photo is the agency's to see, and nobody else's
	assert page.request.get(f"{BASE_URL}{stored['work_photo']}").status == 200
	other = open_as(ISFAHAN, "/agency")
	assert other.request.get(f"{BASE_URL}{stored['work_photo']}").status in (403, 404)


def test_decline_with_a_reason_in_english_on_a_desktop(admin, world, open_as, shot):
	reception = new_referral(admin, world)
	page = open_as(ENGLISH, f"/agency/referral?name={reception['name']}", DESKTOP, ENGLISH_PASSWORD)
	assert page.locator("main.za-main").get_attribute("dir") == "ltr"
	assert page.locator("#za-accept").inner_text().strip() == "Accept"
	page.locator("#za-decline").click()
	page.fill("#za-decline-reason", "no")
	page.locator("#za-decline-confirm").click()  # the browser refuses a reason under 5 characters
	assert page.evaluate("document.querySelector('#za-decline-reason').validity.tooShort")
	page.fill("#za-decline-reason", "  no   ")  # long enough for the browser, not for the server
	page.locator("#za-decline-confirm").click()
	alert = page.locator("#za-alert")
	alert.wait_for()
	assert "at least 5 characters" in alert.inner_text()
	assert admin.get_doc("Service Reception", reception["name"]).get("service_agency") == "TEH-01"

	page.fill("#za-decline-reason", "Our only technician for this model is on leave this week")
	page.locator("#za-decline-confirm").click()
	page.wait_for_url(re.compile(r"/agency$"))
	shot(page, "cartable-en-desktop", full_page=True)
	assert page.locator(f'[data-reception="{reception["name"]}"]').count() == 0

	stored = admin.get_doc("Service Reception", reception["name"])
	assert not stored.get("service_agency") and not stored.get("technician")
	assert stored["decline_reason"] == "Our only technician for this model is on leave this week"
	assert stored["referrals"][-1].get("declined_on") and stored["referrals"][-1].get("ended_on")
	# gone from the agency's pages, kept with head office
	page.goto(f"{BASE_URL}/agency/referral?name={reception['name']}")
	assert page.locator("#za-referral").count() == 0


def test_another_agency_gets_nothing_of_tehrans(admin, world, open_as):
	reception = new_referral(admin, world)
	page = open_as(ISFAHAN, f"/agency/referral?name={reception['name']}")
	assert page.locator("#za-referral").count() == 0
	assert reception["customer_name"] not in page.content()
	page.goto(f"{BASE_URL}/agency?q={reception['tracking_code']}")
	assert page.locator(f'[data-reception="{reception["name"]}"]').count() == 0
	token = page.evaluate("frappe.csrf_token")
	for method in ("accept_referral", "decline_referral", "assign_technician"):
		response = page.request.post(
			f"{BASE_URL}/api/method/zhira_after_sales.api.agency.{method}",
			data={"reception": reception["name"], "reason": "not ours at all"},
			headers={**site_headers(), "X-Frappe-CSRF-Token": token},
		)
		assert response.status in (403, 404), (method, response.status)
	stored = admin.get_doc("Service Reception", reception["name"])
	assert stored.get("service_agency") == "TEH-01" and not stored.get("accepted_on")
