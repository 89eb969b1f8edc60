"""Periodic service in the desk: a Persian head office operator opens a customer's device, creates
its periodic service plan, sees the visits in Jalali dates with their status colours and skips one
with a reason; an English manager sees the same plan in Gregorian dates and, in a Service Guide, the
parts' Task column offers the guide's own tasks. Sets up its own item, guide, customer and device
(the install's base data gives the service type).

Known days: 1405/01/01 = 2026-03-21; a guide "every 6 months" from it plans 1405/07/01 (2026-09-23),
1406/01/01 (2027-03-21) and 1406/07/01 (2027-09-23)."""

import uuid

import pytest

from tests.browser.desk import wait_for_form

OPERATOR_FA = "periodic.fa@browser.zhira.test"
MANAGER_EN = "periodic.manager.en@browser.zhira.test"
MANAGER_FA = "periodic.manager.fa@browser.zhira.test"
ITEM = "BT-PERIODIC-HEATER"
GUIDE = "راهنمای آزمون مرورگر آبگرمکن"
TASK = "تعویض میله آند"
SECOND_TASK = "بازدید شیر اطمینان"
SERVICE_TYPE = "سرویس دوره ای"  # base data (setup/default_data.py)
SOLD_ON = "2026-03-21"  # 1405/01/01
DUE = ["2026-09-23", "2027-03-21", "2027-09-23"]
DUE_JALALI = ["1405/07/01", "1406/01/01", "1406/07/01"]
CUSTOMER = "مشتری آزمون سرویس دوره‌ای"
SKIP_REASON = "مشتری تا پایان سال در سفر است."
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


@pytest.fixture(scope="module")
def users(make_user):
	return {
		"fa": make_user(OPERATOR_FA, language="fa", roles=("Reception Operator",)),
		"manager_en": make_user(MANAGER_EN, language="en", roles=("After Sales Manager",)),
		"manager_fa": make_user(MANAGER_FA, language="fa", roles=("After Sales Manager",)),
	}


@pytest.fixture(scope="module")
def guide(admin):
	"""An item with its own active Service Guide: two tasks every 6 months from the start date."""
	if not admin.exists("Item", ITEM):
		group = admin.get_list("Item Group", filters={"is_group": 0}, limit=1)[0]["name"]
		admin.insert(
			{
				"doctype": "Item",
				"item_code": ITEM,
				"item_name": "آبگرمکن آزمون سرویس دوره‌ای",
				"item_group": group,
				"stock_uom": "Nos",
				"is_stock_item": 0,
			}
		)
	values = {
		"is_active": 1,
		"applies_to": "Item",
		"item": ITEM,
		"tasks": [
			{
				"task": TASK,
				"service_type": SERVICE_TYPE,
				"every_months": 6,
				"occurrences": 3,
				"schedule_from": "Start Date",
			},
			{
				"task": SECOND_TASK,
				"service_type": SERVICE_TYPE,
				"every_months": 12,
				"occurrences": 1,
				"schedule_from": "Start Date",
			},
		],
		"parts": [],
	}
	# another active guide for the item (an earlier run, other tests) would refuse this one
	for other in admin.get_list("Service Guide", filters={"item": ITEM, "is_active": 1}):
		if other["name"] != GUIDE:
			admin.update("Service Guide", other["name"], {"is_active": 0})
	if admin.exists("Service Guide", GUIDE):
		stored = admin.get_doc("Service Guide", GUIDE)
		if not stored["is_active"] or [row["task"] for row in stored["tasks"]] != [TASK, SECOND_TASK]:
			admin.update("Service Guide", GUIDE, values)
	else:
		admin.insert({"doctype": "Service Guide", "guide_name": GUIDE, **values})
	return GUIDE


@pytest.fixture
def device(admin, guide):
	"""A new device of the customer (sold on 1405/01/01), with no plan yet."""
	customers = admin.get_list("Customer", filters={"customer_name": CUSTOMER})
	customer = (
		customers[0]["name"]
		if customers
		else admin.insert(
			{
				"doctype": "Customer",
				"customer_name": CUSTOMER,
				"customer_type": "Individual",
				"mobile_no": "+989125557410",
			}
		)["name"]
	)
	return admin.insert(
		{
			"doctype": "Customer Device",
			"item": ITEM,
			"serial_no": f"BT-PSP-{uuid.uuid4().hex[:8].upper()}",
			"customer": customer,
			"sold_on": SOLD_ON,
		}
	)["name"]


def click_custom_button(page, label: str):
	# the device's plan button comes after the form, once the server has said it has no plan
	page.wait_for_function("(label) => cur_frm.custom_buttons && cur_frm.custom_buttons[label]", arg=label)
	page.evaluate("(label) => cur_frm.custom_buttons[label].trigger('click')", label)


def grid_cells(page, fieldname: str) -> list[str]:
	return [
		text.strip().translate(PERSIAN_DIGITS)
		for text in page.locator(
			f".frappe-control[data-fieldname='visits'] .grid-body .grid-row "
			f".grid-static-col[data-fieldname='{fieldname}']"
		).all_inner_texts()
	]


def test_head_office_creates_a_devices_plan_and_skips_a_visit(admin, users, device, page_as, shot):
	page = page_as(users["fa"], f"customer-device/{device}")
	wait_for_form(page, "Customer Device", device)
	assert page.evaluate("document.documentElement.dir") == "rtl"
	label = page.evaluate("__('Create Periodic Service Plan')")
	click_custom_button(page, label)
	page.wait_for_function(
		"window.cur_frm && cur_frm.doctype === 'Periodic Service Plan' && !cur_frm.is_new()"
	)
	wait_for_form(page, "Periodic Service Plan")
	plan = page.evaluate("cur_frm.doc.name")
	stored = admin.get_doc("Periodic Service Plan", plan)
	assert (stored["customer_device"], stored["service_guide"], stored["status"]) == (device, GUIDE, "Active")
	visits = sorted(stored["visits"], key=lambda row: (row["due_date"], row["task"]))
	assert [(row["due_date"], row["task"]) for row in visits] == [
		(DUE[0], TASK),
		(DUE[1], SECOND_TASK),
		(DUE[1], TASK),
		(DUE[2], TASK),
	]

	# the visits in Jalali dates, each status in its colour
	page.wait_for_selector(".frappe-control[data-fieldname='visits'] .grid-body .grid-row")
	assert grid_cells(page, "due_date") == [DUE_JALALI[0], DUE_JALALI[1], DUE_JALALI[1], DUE_JALALI[2]]
	planned = page.evaluate("__('Planned')")
	pills = page.locator(".frappe-control[data-fieldname='visits'] .grid-body .indicator-pill")
	assert pills.all_inner_texts() == [planned] * 4
	assert "light-blue" in pills.first.get_attribute("class")
	# the headline names the next visit
	assert DUE_JALALI[0] in page.evaluate("cur_frm.layout.message.text()").translate(PERSIAN_DIGITS)
	shot(page, "plan-fa", full_page=True)

	# the grid's visit buttons show once one visit is ticked; the third is skipped with a reason
	skip = page.evaluate("__('Skip Visit')")
	grid_button = page.locator(
		f".frappe-control[data-fieldname='visits'] .grid-buttons .btn-custom:text-is('{skip}')"
	)
	assert grid_button.is_hidden()
	third = visits[2]["name"]
	page.locator(f".grid-row[data-name='{third}'] .grid-row-check").click()
	grid_button.wait_for(state="visible")
	grid_button.click()
	page.wait_for_function("window.cur_dialog && cur_dialog.display && cur_dialog.fields_dict.reason")
	page.evaluate("window.skip_dialog = cur_dialog")
	assert DUE_JALALI[1] in page.evaluate("skip_dialog.$wrapper.text()").translate(PERSIAN_DIGITS)
	page.evaluate("skip_dialog.get_primary_btn().trigger('click')")
	# no reason: the dialog asks for it and nothing reaches the server
	page.wait_for_function("window.cur_dialog && cur_dialog !== skip_dialog && cur_dialog.display")
	page.evaluate("cur_dialog.hide()")
	assert page.evaluate("skip_dialog.display")
	assert [
		row["status"]
		for row in admin.get_doc("Periodic Service Plan", plan)["visits"]
		if row["name"] == third
	] == ["Planned"]
	skip_dialog = page.locator(".modal.show:has(textarea[data-fieldname='reason'])")
	skip_dialog.locator("textarea[data-fieldname='reason']").fill(SKIP_REASON)
	shot(page, "skip-dialog-fa")
	page.evaluate("skip_dialog.get_primary_btn().trigger('click')")
	skipped = page.evaluate("__('Skipped')")
	page.wait_for_function(
		"(name) => (cur_frm.doc.visits || []).some(row => row.name === name && row.status === 'Skipped')",
		arg=third,
	)
	wait_for_form(page, "Periodic Service Plan", plan)
	row = page.locator(f".grid-row[data-name='{third}'] .indicator-pill")
	assert row.inner_text().strip() == skipped
	assert "gray" in row.get_attribute("class")
	stored = admin.get_doc("Periodic Service Plan", plan)
	by_name = {row["name"]: row for row in stored["visits"]}
	assert (by_name[third]["status"], by_name[third]["skip_reason"]) == ("Skipped", SKIP_REASON)
	assert sorted(row["status"] for row in stored["visits"]) == ["Planned", "Planned", "Planned", "Skipped"]
	assert stored["next_due_date"] == DUE[0]
	shot(page, "plan-skipped-fa", full_page=True)

	# the device now leads to its plan instead of offering another
	page.evaluate("(name) => frappe.set_route('Form', 'Customer Device', name)", device)
	wait_for_form(page, "Customer Device", device)
	label = page.evaluate("__('Periodic Service Plan')")
	page.wait_for_function("(label) => cur_frm.custom_buttons && cur_frm.custom_buttons[label]", arg=label)
	assert not page.evaluate(
		"(label) => Boolean(cur_frm.custom_buttons[label])",
		page.evaluate("__('Create Periodic Service Plan')"),
	)

	# in English: Gregorian dates, and the plan cannot be given a second active one
	english = page_as(users["manager_en"], f"periodic-service-plan/{plan}")
	wait_for_form(english, "Periodic Service Plan", plan)
	english.wait_for_selector(".frappe-control[data-fieldname='visits'] .grid-body .grid-row")
	assert not any("140" in text for text in grid_cells(english, "due_date"))
	assert "Skipped" in english.locator(".frappe-control[data-fieldname='visits']").inner_text()
	shot(english, "plan-en", full_page=True)

	# the first visit's reception opened before its day, from the visit's own form
	first = visits[0]["name"]
	english.locator(f".grid-row[data-name='{first}'] .btn-open-row").click()
	english.locator(".grid-row-open .zhira-visit-actions button:text-is('Open Reception Now')").click()
	english.wait_for_function("window.cur_dialog && cur_dialog.display")
	english.evaluate("cur_dialog.get_primary_btn().trigger('click')")
	english.wait_for_function(
		"(name) => (cur_frm.doc.visits || []).some(row => row.name === name && row.service_reception)",
		arg=first,
	)
	wait_for_form(english, "Periodic Service Plan", plan)
	opened = next(
		row for row in admin.get_doc("Periodic Service Plan", plan)["visits"] if row["name"] == first
	)
	assert opened["status"] == "Reception Created"
	reception = admin.get_doc("Service Reception", opened["service_reception"])
	assert (reception["channel"], reception["devices"][0]["customer_device"]) == ("Periodic", device)
	# the visit links its reception, and the form offers it under Receptions
	assert opened["service_reception"] in grid_cells(english, "service_reception")
	assert english.evaluate(
		"(name) => Object.keys(cur_frm.custom_buttons).some(label => label.startsWith(name))",
		opened["service_reception"],
	)

	# cancelling asks why; the reason is kept on the plan
	english.evaluate("cur_frm.custom_buttons['Cancel Plan'].trigger('click')")
	english.wait_for_function("window.cur_dialog && cur_dialog.display && cur_dialog.fields_dict.reason")
	english.locator(".modal.show textarea[data-fieldname='reason']").fill("The customer sold the heater.")
	english.locator(".modal.show .btn-modal-primary.btn-danger").click()
	english.wait_for_function("cur_frm.doc.status === 'Cancelled'")
	assert admin.get_doc("Periodic Service Plan", plan)["status"] == "Cancelled"
	assert not english.evaluate(
		"Boolean(cur_frm.custom_buttons['Cancel Plan'] && cur_frm.custom_buttons['Cancel Plan'].is(':visible'))"
	)


def test_a_guides_parts_offer_its_own_tasks(users, guide, page_as, shot):
	for user, name in ((users["manager_en"], "guide-en"), (users["manager_fa"], "guide-fa")):
		page = page_as(user, f"service-guide/{guide}")
		wait_for_form(page, "Service Guide", guide)
		page.evaluate(
			"""(task) => {
				const row = frappe.model.add_child(cur_frm.doc, 'parts');
				row.task = task;
				row.qty = 1;
				cur_frm.refresh_field('parts');
			}""",
			TASK,
		)
		grid = ".frappe-control[data-fieldname='parts']"
		page.locator(f"{grid} .grid-body .grid-row .grid-static-col[data-fieldname='task']").first.click()
		select = page.locator(f"{grid} .grid-body .grid-row select[data-fieldname='task']").first
		select.wait_for()
		options = [text.strip() for text in select.locator("option").all_inner_texts()]
		assert options == ["", TASK, SECOND_TASK]
		assert select.input_value() == TASK
		# a task added to the guide is offered at once
		page.evaluate(
			"""(task) => {
				const row = frappe.model.add_child(cur_frm.doc, 'tasks');
				frappe.model.set_value(row.doctype, row.name, 'task', task);
			}""",
			"شست‌وشوی مخزن",
		)
		page.wait_for_function(
			"(grid) => [...document.querySelectorAll(grid + ' select[data-fieldname=task] option')]"
			".some(option => option.value === 'شست‌وشوی مخزن')",
			arg=grid,
		)
		assert select.input_value() == TASK
		shot(page, name, full_page=True)
