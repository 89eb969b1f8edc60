"""Complaints in the desk: a Persian operator records one (the factor's points fill in), a manager
moves it through the stage buttons and closes it with the dialog, and the list shows each
complaint in its stage's colour. Needs only the base data install creates."""

import pytest

from tests.browser.desk import save_form, wait_for_form

OPERATOR_FA = "complaints.fa@browser.zhira.test"
MANAGER_EN = "complaints.manager.en@browser.zhira.test"
LATE_VISIT = "تاخیر در مراجعه تکنسین"  # 5 penalty points by default
CLOSED = "بسته شده"


@pytest.fixture(scope="module")
def users(make_user):
	return {
		"fa": make_user(OPERATOR_FA, language="fa", roles=("Reception Operator",)),
		"en": make_user(MANAGER_EN, language="en", roles=("After Sales Manager",)),
	}


def stage_menu_items(page) -> list[str]:
	page.wait_for_function("cur_frm.custom_buttons && Object.keys(cur_frm.custom_buttons).length > 0")
	return page.evaluate(
		"Object.keys(cur_frm.custom_buttons).filter(label => cur_frm.custom_buttons[label].is(':visible') "
		"|| cur_frm.custom_buttons[label].closest('.inner-group-button').length)"
	)


def click_stage(page, label: str):
	# the buttons come after the form, once the server has said which moves are allowed
	page.wait_for_function("(label) => cur_frm.custom_buttons && cur_frm.custom_buttons[label]", arg=label)
	page.evaluate("(label) => cur_frm.custom_buttons[label].trigger('click')", label)


def test_an_operator_records_a_complaint_and_a_manager_closes_it(admin, users, page_as, shot):
	page = page_as(users["fa"], "complaint/new")
	page.wait_for_function("window.cur_frm && cur_frm.doctype === 'Complaint' && cur_frm.is_new()")
	assert page.evaluate("document.documentElement.dir") == "rtl"
	page.locator("input[data-fieldname='customer_name']").fill("شاکی مرورگر")
	page.locator("input[data-fieldname='mobile_no']").fill("۰۹۱۲ ۵۵۵ ۷۳۰۰")
	page.locator(".frappe-control[data-fieldname='description'] textarea").fill("تکنسین دو روز دیر آمد.")
	page.evaluate(
		"""(factor) => {
			const row = frappe.model.add_child(cur_frm.doc, 'factors');
			frappe.model.set_value(row.doctype, row.name, 'complaint_factor', factor);
		}""",
		LATE_VISIT,
	)
	# the factor's default points fill in, and count nothing until the complaint is upheld
	page.wait_for_function("cur_frm.doc.factors[0].penalty_points === 5")
	shot(page, "new", full_page=True)
	save_form(page)
	page.wait_for_function("cur_frm.doc.status && cur_frm.doc.received_on")
	name = page.evaluate("cur_frm.doc.name")
	shot(page, "saved", full_page=True)
	stored = admin.get_doc("Complaint", name)
	assert stored["mobile_no"] == "+989125557300"
	assert stored["iso_stage"] in ("Received", "Acknowledged")  # Acknowledged when an SMS could go
	assert stored["penalty_points"] == 0 and not stored.get("decision")
	assert stored["response_by"] and stored["sla_resolution_by"]

	manager = page_as(users["en"], f"complaint/{name}")
	wait_for_form(manager, "Complaint", name)
	assert "Assess" in stage_menu_items(manager)
	assert "Close" not in stage_menu_items(manager)  # not before an assessment
	click_stage(manager, "Assess")
	manager.wait_for_function("cur_frm.doc.iso_stage === 'Assessed'")
	wait_for_form(manager, "Complaint", name)
	click_stage(manager, "Close")
	dialog = manager.locator(".modal.show")
	dialog.wait_for()
	manager.wait_for_function("window.cur_dialog && cur_dialog.fields_dict.decision")
	manager.evaluate("cur_dialog.set_value('decision', 'Upheld')")
	manager.evaluate("cur_dialog.set_value('resolution', 'هزینه ایاب و ذهاب به مشتری برگردانده شد.')")
	manager.evaluate("cur_dialog.set_value('customer_satisfied', 'Yes')")
	shot(manager, "close-dialog")
	dialog.locator(".btn-primary").evaluate("el => el.click()")
	manager.wait_for_function(f"cur_frm.doc.status === '{CLOSED}'")
	shot(manager, "closed", full_page=True)
	closed = admin.get_doc("Complaint", name)
	assert (closed["iso_stage"], closed["upheld"], closed["penalty_points"]) == ("Closed", 1, 5)
	assert closed["closed_on"] and closed["assessed_on"]
	assert [row["iso_stage"] for row in closed["status_log"]][-2:] == ["Assessed", "Closed"]

	listing = page_as(users["fa"], "complaint")
	listing.wait_for_selector(".frappe-list .list-row-container")
	row = listing.locator(f".list-row-container:has(a[data-name='{name}'])")
	assert "green" in row.locator(".indicator-pill").first.get_attribute("class")
	shot(listing, "list")


def test_closing_without_a_resolution_is_refused_in_the_dialog(admin, users, page_as):
	complaint = admin.insert(
		{"doctype": "Complaint", "customer_name": "شاکی بی‌پاسخ", "description": "پاسخی نگرفتم."}
	)
	admin.call(
		"zhira_after_sales.api.complaint.change_status", complaint=complaint["name"], status="ارزیابی شده"
	)
	page = page_as(users["en"], f"complaint/{complaint['name']}")
	wait_for_form(page, "Complaint", complaint["name"])
	click_stage(page, "Close")
	page.locator(".modal.show").wait_for()
	page.wait_for_function("window.cur_dialog && cur_dialog.fields_dict.resolution")
	page.evaluate("cur_dialog.set_value('decision', 'Not Upheld')")
	page.locator(".modal.show .btn-primary").evaluate("el => el.click()")
	# the dialog asks for the resolution itself; nothing reaches the server
	page.wait_for_timeout(500)
	assert page.evaluate("cur_dialog && cur_dialog.display")
	assert admin.get_doc("Complaint", complaint["name"])["iso_stage"] == "Assessed"
