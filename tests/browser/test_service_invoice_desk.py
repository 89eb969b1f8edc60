"""The Service Invoice's approval workflow in the desk, as head office uses it, in English and in
Persian (RTL): submit, approve (posting to ERPNext), reject with a reason, and the printed work
report.

Runs against a site with the demo data (.ci/run loads it): the demo customer مریم حسینی
(0912 345 6701) owns the water heater WH50-00001, Tehran's agency is TEH-01 and the part
PRT-THERMO is in the central parts store. Each test makes its own reception for that device (paid
repair: no warranty gate), moves the part into TEH-01's consignment warehouse through REST, and
checks what the page shows and what the server stored.
"""

import pytest

from tests.browser.desk import BASE_URL, stock_consignment, wait_for_form

MANAGER_EN = "invoice.manager.en@browser.zhira.test"
MANAGER_FA = "invoice.manager.fa@browser.zhira.test"
DEMO_MOBILE = "+989123456701"
DEVICE_SERIAL = "WH50-00001"
PART = "PRT-THERMO"
PAID_REPAIR = "تعمیر آزاد"


@pytest.fixture(scope="module")
def users(make_user):
	return {
		"en": make_user(MANAGER_EN, language="en", roles=("After Sales Manager",)),
		"fa": make_user(MANAGER_FA, language="fa", roles=("After Sales Manager",)),
	}


@pytest.fixture(scope="module")
def world(admin):
	device = admin.get_list("Customer Device", filters={"serial_no": DEVICE_SERIAL}, fields=("name",))[0]
	consignment = stock_consignment(admin, "TEH-01", PART, 4)
	return {"device": device["name"], "consignment": consignment}


def draft_invoice(admin, world) -> dict:
	"""A new reception of the demo device referred to TEH-01, and a draft paid-repair invoice for it."""
	reception = admin.insert(
		{
			"doctype": "Service Reception",
			"mobile_no": DEMO_MOBILE,
			"customer_name": "مریم حسینی",
			"service_agency": "TEH-01",
			"devices": [{"customer_device": world["device"], "service_type": PAID_REPAIR}],
		}
	)
	return admin.insert(
		{
			"doctype": "Service Invoice",
			"invoice_type": "Paid Repair",
			"service_reception": reception["name"],
			"customer_device": world["device"],
			"services": [{"service_type": PAID_REPAIR}],
			"parts": [{"item": PART, "qty": 1, "coverage": "Paid"}],
			"customer_paid_amount": 12_700_000,
		}
	)


def open_invoice(page_as, user, name):
	page = page_as(user, f"service-invoice/{name}")
	wait_for_form(page, "Service Invoice", name)
	return page


def workflow_action(page, action: str):
	"""Click a workflow action in the form's Actions menu by its (translated) label."""
	label = page.evaluate("(action) => __(action)", action)
	page.locator(".actions-btn-group > button").click()
	page.locator(".actions-btn-group .dropdown-menu .dropdown-item", has_text=label).first.click()


def wait_for_state(page, state: str):
	page.wait_for_function(
		"(state) => cur_frm && cur_frm.doc.approval_status === state && !document.querySelector('#freeze.in')",
		arg=state,
		timeout=60_000,
	)


def test_head_office_submits_and_approves_in_english_and_it_posts(admin, users, world, page_as, shot):
	invoice = draft_invoice(admin, world)
	page = open_invoice(page_as, users["en"], invoice["name"])
	assert page.evaluate("document.documentElement.dir") != "rtl"
	assert page.locator(".indicator-pill", has_text="Draft").first.is_visible()
	shot(page, "draft-en", full_page=True)

	workflow_action(page, "Submit")
	wait_for_state(page, "Pending")
	assert page.locator(".indicator-pill", has_text="Pending").first.is_visible()

	workflow_action(page, "Approve")
	dialog = page.locator(".modal.show")
	dialog.wait_for()
	assert "posted to the accounts and stock" in dialog.inner_text()
	shot(page, "approve-confirm-en")
	dialog.locator(".btn-primary", has_text="Yes").click()
	wait_for_state(page, "Approved")
	page.wait_for_load_state("networkidle")
	shot(page, "approved-en", full_page=True)

	stored = admin.get_doc("Service Invoice", invoice["name"])
	assert stored["approval_status"] == "Approved"
	assert stored["approved_by"] == users["en"]
	assert stored["parts"][0]["line_status"] == "Approved"
	purchase = admin.get_doc("Purchase Invoice", stored["purchase_invoice"])
	sales = admin.get_doc("Sales Invoice", stored["sales_invoice"])
	assert (purchase["docstatus"], purchase["grand_total"]) == (1, stored["total_wage"])
	assert sales["docstatus"] == 1 and sales["items"][0]["item_code"] == PART
	assert sales["items"][0]["warehouse"] == world["consignment"]
	# the form shows what was posted
	for fieldname in ("purchase_invoice", "sales_invoice"):
		control = page.locator(f".frappe-control[data-fieldname='{fieldname}']").first
		assert stored[fieldname] in control.inner_text()


def test_head_office_rejects_in_persian_with_a_reason(admin, users, world, page_as, shot):
	invoice = draft_invoice(admin, world)
	admin.call("frappe.model.workflow.apply_workflow", doc=invoice, action="Submit")
	page = open_invoice(page_as, users["fa"], invoice["name"])
	assert page.evaluate("document.documentElement.dir") == "rtl"
	shot(page, "pending-fa", full_page=True)

	workflow_action(page, "Reject")
	dialog = page.locator(".modal.show")
	dialog.wait_for()
	assert dialog.locator("textarea").count() == 1
	dialog.locator("textarea").fill("قطعه با ایراد ثبت شده؛ سریال را اصلاح کنید")
	shot(page, "reject-reason-fa")
	dialog.locator(".btn-primary").click()
	wait_for_state(page, "Rejected")
	page.wait_for_load_state("networkidle")
	shot(page, "rejected-fa", full_page=True)

	stored = admin.get_doc("Service Invoice", invoice["name"])
	assert stored["approval_status"] == "Rejected"
	assert stored["rejection_reason"] == "قطعه با ایراد ثبت شده؛ سریال را اصلاح کنید"
	assert not stored.get("purchase_invoice") and not stored.get("sales_invoice")
	assert "قطعه با ایراد" in page.locator(".frappe-control[data-fieldname='rejection_reason']").inner_text()


def test_the_printed_work_report_in_persian_and_english(admin, users, world, page_as, shot):
	invoice = draft_invoice(admin, world)
	formats = admin.get_list("Print Format", filters={"doc_type": "Service Invoice"}, fields=("name",))
	names = sorted(f["name"] for f in formats)
	assert len(names) >= 2, names
	page = page_as(users["en"], f"service-invoice/{invoice['name']}")
	for name in names:
		page.goto(
			f"{BASE_URL}/printview?doctype=Service%20Invoice&name={invoice['name']}&format={name}&no_letterhead=1"
		)
		page.wait_for_load_state("networkidle")
		text = page.locator("body").inner_text()
		assert DEVICE_SERIAL in text.replace("۰", "0").replace("۱", "1").replace("۵", "5"), name
		shot(page, f"print-{name}", full_page=True)
