"""The reception desk and the base data as head office sees them, in Persian (RTL) and English.

Runs against a site with the demo data (.ci/run loads it): the demo customer مریم حسینی
(0912 345 6701, landline in Tehran) owns the water heater WH50-00001, and Tehran's default agency
is TEH-01. Each test checks what the page shows and what the server stored (REST).
Screenshots go to tests/browser/screenshots/.
"""

import re

import pytest

from tests.browser.desk import save_form, wait_for_form

OPERATOR_FA = "reception.fa@browser.zhira.test"
MANAGER_EN = "manager.en@browser.zhira.test"
DEMO_MOBILE_PERSIAN = "۰۹۱۲۳۴۵۶۷۰۱"
DEMO_MOBILE = "+989123456701"


@pytest.fixture(scope="module")
def users(make_user):
	return {
		"fa": make_user(OPERATOR_FA, language="fa", roles=("Reception Operator",)),
		"en": make_user(MANAGER_EN, language="en", roles=("After Sales Manager",)),
	}


def wait_for_new_form(page):
	page.wait_for_function(
		"window.cur_frm && cur_frm.doctype === 'Service Reception' && cur_frm.is_new()"
		" && cur_frm.page.wrapper.is(':visible')"
	)


def receptions_of(admin, mobile: str) -> list[dict]:
	return admin.get_list(
		"Service Reception",
		filters={"mobile_no": mobile},
		fields=("name", "tracking_code", "status", "customer", "territory", "service_agency", "creation"),
		order_by="creation desc",
	)


def test_persian_operator_registers_a_reception_from_the_mobile_number(admin, users, page_as, shot):
	before = {row["name"] for row in receptions_of(admin, DEMO_MOBILE)}
	page = page_as(users["fa"], "service-reception/new")
	wait_for_new_form(page)
	assert page.evaluate("document.documentElement.dir") == "rtl"
	assert (
		page.locator(".frappe-control[data-fieldname='mobile_no'] label").inner_text().strip()
		== "شماره همراه"
	)

	page.locator("input[data-fieldname='mobile_no']").fill(DEMO_MOBILE_PERSIAN)
	page.keyboard.press("Tab")
	dialog = page.locator(".modal.show")
	dialog.wait_for()
	assert "مریم حسینی" in dialog.locator(".modal-title").inner_text()
	assert "WH50-00001" in dialog.inner_text()
	shot(page, "devices-dialog")
	page.wait_for_function("window.cur_dialog && cur_dialog.fields_dict.service_type")
	dialog.locator("input[type=checkbox]").first.evaluate("el => el.click()")
	page.evaluate("cur_dialog.set_value('service_type', 'تعمیر آزاد')")
	page.wait_for_function("cur_dialog.get_value('service_type') === 'تعمیر آزاد'")
	dialog.locator(".btn-primary").evaluate("el => el.click()")
	page.wait_for_function(
		"cur_frm.doc.devices.length === 1 && cur_frm.doc.devices[0].serial_no === 'WH50-00001'"
	)
	assert page.evaluate("cur_frm.doc.customer_name") == "مریم حسینی"
	assert page.evaluate("cur_frm.doc.mobile_no") == DEMO_MOBILE
	shot(page, "filled", full_page=True)

	save_form(page)
	page.wait_for_function("!cur_frm.is_new() && cur_frm.doc.tracking_code")
	shot(page, "saved", full_page=True)
	created = [row for row in receptions_of(admin, DEMO_MOBILE) if row["name"] not in before]
	assert len(created) == 1
	reception = admin.get_doc("Service Reception", created[0]["name"])
	assert re.fullmatch(r"\d{9}", reception["tracking_code"])
	assert reception["territory"] == "تهران"  # from the customer's Tehran landline
	assert reception["service_agency"] == "TEH-01"
	assert reception["status"] == "ارجاع شده"
	assert [(row["status"], row["source"]) for row in reception["status_log"]] == [
		("ثبت شده", "desk"),
		("ارجاع شده", "system"),
	]
	assert reception["devices"][0]["serial_no"] == "WH50-00001"
	# the form shows the stored tracking code
	assert (
		reception["tracking_code"]
		in page.locator(".frappe-control[data-fieldname='tracking_code']").inner_text()
	)


def test_a_wrong_mobile_number_is_refused_in_persian_and_nothing_is_saved(admin, users, page_as, shot):
	before = len(admin.get_list("Service Reception"))
	page = page_as(users["fa"], "service-reception/new")
	wait_for_new_form(page)
	page.locator("input[data-fieldname='mobile_no']").fill("0912 555 00")
	page.keyboard.press("Tab")
	page.locator("input[data-fieldname='customer_name']").fill("مشتری آزمایشی مرورگر")
	page.evaluate(
		"""() => {
			const row = cur_frm.doc.devices && cur_frm.doc.devices[0] || frappe.model.add_child(cur_frm.doc, 'devices');
			row.item = 'ZH-CL35'; row.service_type = 'تعمیر آزاد';
			cur_frm.refresh_field('devices');
		}"""
	)
	page.keyboard.press("Control+s")
	message = page.locator(".modal.show .msgprint")
	message.wait_for()
	text = message.inner_text()
	page.wait_for_timeout(600)  # the dialog's fade-in
	shot(page, "error")
	assert "شماره همراه" in text and "معتبر ایرانی نیست" in text
	assert len(admin.get_list("Service Reception")) == before


def test_list_filtered_by_a_mobile_typed_as_heard(admin, users, page_as, shot):
	page = page_as(users["fa"], "service-reception")
	page.wait_for_selector(".frappe-list .list-row-container")
	mobile_filter = page.locator(".page-form input[data-fieldname='mobile_no']")
	mobile_filter.fill("0912 345 6701")
	mobile_filter.press("Tab")
	page.wait_for_function(
		"cur_list.filter_area.get().some(f => f[1] === 'mobile_no' && String(f[3]).includes('+989123456701'))"
	)
	page.wait_for_timeout(1000)
	shot(page, "filtered")
	names = page.locator(".list-row-container a.ellipsis[data-doctype='Service Reception']").all_inner_texts()
	assert names and all("مریم حسینی" in name for name in names)


def test_base_data_speaks_each_users_language(users, page_as, shot):
	persian = page_as(users["fa"], "service-status")
	persian.wait_for_selector(".frappe-list .list-row-container")
	assert persian.evaluate("document.documentElement.dir") == "rtl"
	assert "وضعیت خدمت" in persian.locator(".page-title").inner_text()
	shot(persian, "statuses-fa")

	english = page_as(users["en"], "service-agency/TEH-01")
	wait_for_form(english, "Service Agency", "TEH-01")
	assert english.evaluate("document.documentElement.dir") == "ltr"
	labels = english.locator(".frappe-control[data-fieldname='agency_name'] label").inner_text()
	assert labels.strip() == "Agency Name"
	assert english.evaluate("cur_frm.doc.supplier") and english.evaluate("cur_frm.doc.consignment_warehouse")
	shot(english, "agency-en")


def test_numbers_read_in_their_national_form(admin, users, page_as, shot):
	"""Stored as E.164, read as Iranian staff read them: 0912 345 6701 in the form, the list's
	register and the Reception Register, which shows Received On once (in Jalali)."""
	reception = receptions_of(admin, DEMO_MOBILE)[0]["name"]
	page = page_as(users["fa"], f"service-reception/{reception}")
	page.wait_for_function(f"window.cur_frm && cur_frm.doc.name === '{reception}'")
	mobile = page.locator(".frappe-control[data-fieldname='mobile_no'] input")
	mobile.wait_for()
	assert mobile.input_value() == "0912 345 6701"
	assert page.evaluate("cur_frm.doc.mobile_no") == DEMO_MOBILE  # what is stored is unchanged
	shot(page, "form")

	page = page_as(users["fa"], "query-report/Reception Register")
	page.wait_for_selector(".dt-row-0")
	page.wait_for_timeout(500)
	headers = page.locator(".dt-header .dt-cell__content").all_inner_texts()
	assert [h.strip() for h in headers].count("زمان پذیرش") == 1
	assert not any("شمسی" in h for h in headers)
	cells = page.locator(".dt-scrollable .dt-cell__content").all_inner_texts()
	assert "0912 345 6701" in [c.strip() for c in cells]
	assert DEMO_MOBILE not in " ".join(cells)
	shot(page, "register")


def test_rials_show_without_decimals(users, page_as):
	page = page_as(users["fa"], "service-reception")
	page.wait_for_selector(".frappe-list")
	shown = page.evaluate(
		"frappe.format(4500000, {fieldtype: 'Currency', options: 'currency'}, {only_value: true},"
		" {currency: 'IRR'})"
	)
	assert "4,500,000" in shown and "." not in shown, shown
	# another currency keeps its cents
	dollars = page.evaluate(
		"frappe.format(12.5, {fieldtype: 'Currency', options: 'currency'}, {only_value: true},"
		" {currency: 'USD'})"
	)
	assert "12.50" in dollars, dollars
