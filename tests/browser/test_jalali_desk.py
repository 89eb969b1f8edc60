"""The Jalali calendar in the desk (issue 6), as a Persian user and as an English user sees it.

Each test checks what is shown and what the server stored (REST) or received (the request the
page sent). Known days: 1403/12/30 = 2025-03-20 (a leap Esfand), 1405/01/01 = 2026-03-21
(Nowruz). Screenshots go to tests/browser/screenshots/.
"""

import datetime
import json
import re
import urllib.parse
import uuid
from zoneinfo import ZoneInfo

import pytest

from tests.browser.desk import BASE_URL, save_form, set_route, wait_for_form

PERSIAN = "jalali.fa@browser.zhira.test"
ENGLISH = "jalali.en@browser.zhira.test"
NEW_YORK = "jalali.ny@browser.zhira.test"  # Persian, time zone America/New_York
PREFERS_JALALI = "jalali.pref@browser.zhira.test"  # English, Calendar preference Jalali
RUN = uuid.uuid4().hex[:6]
# desk roles for the surfaces used here: Holiday List (a child table of dates), Stock Ledger
ROLES = ("System Manager", "HR Manager", "Stock User")


@pytest.fixture(scope="module")
def users(make_user):
	return {
		"fa": make_user(PERSIAN, language="fa", roles=ROLES),
		"en": make_user(ENGLISH, language="en", roles=ROLES),
		"ny": make_user(NEW_YORK, language="fa", roles=ROLES, time_zone="America/New_York"),
		"pref": make_user(PREFERS_JALALI, language="en", roles=ROLES, zhira_calendar="Jalali"),
	}


@pytest.fixture(scope="module")
def system(admin):
	settings = admin.get_doc("System Settings", "System Settings")
	return {"time_zone": settings["time_zone"], "date_format": settings["date_format"] or "dd-mm-yyyy"}


def gregorian_text(iso: str, date_format: str) -> str:
	"""What Frappe shows for a date in the system's date format (dd-mm-yyyy, mm-dd-yyyy, ...)."""
	y, m, d = iso.split("-")
	return date_format.replace("yyyy", y).replace("mm", m).replace("dd", d)


def todo(admin, date: str, label: str, **values) -> str:
	return admin.insert({"doctype": "ToDo", "description": f"jalali-{RUN} {label}", "date": date, **values})[
		"name"
	]


# --- helpers for the picker --------------------------------------------------------------------


def picker(page):
	return page.locator(".zhira-jalali-picker")


def pick_day(page, jalali: str):
	"""With the picker open: show the month of `jalali` (1405/01/01) and click its day."""
	jy, jm, _jd = (int(part) for part in jalali.split("/"))
	root = picker(page)
	root.wait_for()
	root.locator(".zjp-month").select_option(str(jm))
	year = root.locator(".zjp-year")
	year.fill(str(jy))
	year.dispatch_event("change")
	root.locator(f".zjp-day[data-jalali='{jalali}']").click()


def request_params(request) -> dict:
	"""A frappe.call's arguments, from a GET query or a form-encoded POST body."""
	params = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(request.url).query))
	if request.post_data:
		try:
			params.update(json.loads(request.post_data))
		except ValueError:
			params.update(dict(urllib.parse.parse_qsl(request.post_data)))
	return params


def is_call(method: str):
	return lambda request: f"/api/method/{method}" in request.url


def wait_for_model(page, fieldname: str, value: str):
	"""The form's model has taken what was typed (before saving)."""
	page.wait_for_function("([f, v]) => cur_frm.doc[f] === v", arg=[fieldname, value])


# --- forms: Date -------------------------------------------------------------------------------


def test_form_date_persian(users, admin, page_as, shot):
	name = todo(admin, "2025-03-20", "form", allocated_to=PERSIAN)
	page = page_as(users["fa"], f"todo/{name}")
	wait_for_form(page, "ToDo", name)
	date = page.locator(".form-layout .frappe-control[data-fieldname='date'] input")
	assert date.input_value() == "1403/12/30"
	assert date.get_attribute("data-jalali") == "date"

	# typing with Persian digits
	date.fill("۱۴۰۵/۰۱/۰۱")
	date.press("Tab")
	wait_for_model(page, "date", "2026-03-21")
	save_form(page)
	assert admin.get_doc("ToDo", name)["date"] == "2026-03-21"
	assert date.input_value() == "1405/01/01"

	# picking: the grid of Esfand 1403 has a 30th
	date.click()
	pick_day(page, "1403/12/30")
	assert date.input_value() == "1403/12/30"
	save_form(page)
	assert admin.get_doc("ToDo", name)["date"] == "2025-03-20"

	# the picker: Persian month names, Saturday first on the right, Friday marked
	date.click()
	root = picker(page)
	root.wait_for()
	assert root.get_attribute("dir") == "rtl"
	assert root.locator(".zjp-month option:checked").inner_text() == "اسفند"
	headers = root.locator("thead th")
	assert headers.first.get_attribute("title") == "شنبه"
	assert headers.last.get_attribute("title") == "جمعه"
	assert "zjp-friday" in headers.last.get_attribute("class")
	assert headers.first.bounding_box()["x"] > headers.last.bounding_box()["x"]  # Saturday right-most
	thirtieth = root.locator(".zjp-day[data-jalali='1403/12/30']")
	assert "zjp-selected" in thirtieth.get_attribute("class")
	assert root.locator(".zjp-day").count() == 30
	shot(page, "picker-esfand-1403")
	page.keyboard.press("Escape")
	root.wait_for(state="detached")

	# "t" is today, in the user's time zone
	date.click()
	date.press("t")
	today = page.evaluate("() => frappe.datetime.nowdate()")
	assert date.input_value() == page.evaluate("(d) => frappe.jalali.format_date(d)", today)
	save_form(page)
	assert admin.get_doc("ToDo", name)["date"] == today

	# a Gregorian ISO date typed by someone who prefers it
	date.fill("2025-03-20")
	date.press("Tab")
	wait_for_model(page, "date", "2025-03-20")
	save_form(page)
	assert admin.get_doc("ToDo", name)["date"] == "2025-03-20"
	assert date.input_value() == "1403/12/30"
	shot(page, "form")


def test_form_date_impossible_day_persian(users, admin, page_as, shot):
	name = todo(admin, "2025-03-20", "invalid", allocated_to=PERSIAN)
	page = page_as(users["fa"], f"todo/{name}")
	wait_for_form(page, "ToDo", name)
	date = page.locator(".form-layout .frappe-control[data-fieldname='date'] input")
	date.fill("1404/12/30")  # 1404 is a common year: Esfand has 29 days
	date.press("Tab")
	dialog = page.locator(".modal.show .msgprint")
	dialog.wait_for()
	text = dialog.inner_text()
	assert "1404/12/30" in text
	assert "اسفند 1404" in text and "29" in text
	assert "سال/ماه/روز" in text  # says the format expected
	shot(page, "message")
	page.keyboard.press("Escape")
	assert admin.get_doc("ToDo", name)["date"] == "2025-03-20"  # nothing stored


def test_form_date_english(users, admin, page_as, system, shot):
	name = todo(admin, "2025-03-20", "form-en", allocated_to=ENGLISH)
	page = page_as(users["en"], f"todo/{name}")
	wait_for_form(page, "ToDo", name)
	assert page.evaluate("() => frappe.jalali.is_active()") is False
	date = page.locator(".form-layout .frappe-control[data-fieldname='date'] input")
	assert date.input_value() == gregorian_text("2025-03-20", system["date_format"])
	assert date.get_attribute("data-jalali") is None

	date.fill(gregorian_text("2026-03-21", system["date_format"]))
	date.press("Tab")
	page.wait_for_function("() => cur_frm.doc.date === '2026-03-21'")
	save_form(page)
	assert admin.get_doc("ToDo", name)["date"] == "2026-03-21"

	# (typing while Frappe's air-datepicker is open races with it on blur: hence typing first)
	date.click()
	page.locator(".datepicker.active").wait_for()  # Frappe's own air-datepicker
	assert picker(page).count() == 0
	page.wait_for_timeout(400)  # its fade-in, for the screenshot
	shot(page, "air-datepicker")


def test_gate_off_is_frappe_untouched(users, page_as, system):
	"""An English user's datetime functions answer exactly as Frappe's do, even Frappe's quirks."""
	page = page_as(users["en"])
	result = page.evaluate(
		"""() => ({
			str_to_user: frappe.datetime.str_to_user("2025-03-20"),
			user_to_str: frappe.datetime.user_to_str(frappe.datetime.str_to_user("2026-03-21")),
			iso_typed: frappe.datetime.user_to_str("2025-03-20"),
			jalali_typed: frappe.datetime.user_to_str("1405/01/01"),
			global: frappe.datetime.global_date_format("2025-03-20"),
			formatted: frappe.format("2025-03-20", {fieldtype: "Date"}),
			datetime: frappe.format("2025-03-20 10:00:00", {fieldtype: "Datetime"}),
			picker_patched: !!document.querySelector(".zhira-jalali-picker"),
		})"""
	)
	assert result["str_to_user"] == gregorian_text("2025-03-20", system["date_format"])
	assert result["user_to_str"] == "2026-03-21"
	assert result["global"] == "20th March 2025"
	assert result["formatted"] == result["str_to_user"]
	assert result["datetime"].startswith(result["str_to_user"])
	assert not result["jalali_typed"].startswith("2026")  # Jalali text means nothing to Frappe
	if system["date_format"] == "dd-mm-yyyy":
		assert result["iso_typed"] == "2020-03-20"  # Frappe's own lenient parse, left as it is
	assert result["picker_patched"] is False


def test_conversion_layer_in_the_desk(users, page_as):
	page = page_as(users["fa"])
	result = page.evaluate(
		"""() => ({
			str_to_user: frappe.datetime.str_to_user("2025-03-20"),
			nowruz: frappe.datetime.user_to_str("1405/01/01"),
			compact: frappe.datetime.user_to_str("14051225"),
			dashes: frappe.datetime.user_to_str("1405-1-1"),
			iso: frappe.datetime.user_to_str("2025-03-20"),
			invalid: frappe.datetime.user_to_str("1404/12/30"),
			garbage: frappe.datetime.user_to_str("hello"),
			obj_to_user: frappe.datetime.obj_to_user(new Date(2026, 2, 21)),
			user_to_obj: moment(frappe.datetime.user_to_obj("1403/12/30")).format("YYYY-MM-DD"),
			global: frappe.datetime.global_date_format("2025-03-20"),
			date_cell: frappe.format("2026-03-21", {fieldtype: "Date"}),
			bad_cell: frappe.format("not a date", {fieldtype: "Date"}),
			range: frappe.format(["2026-03-21", "2026-04-02"], {fieldtype: "DateRange"}),
			time_untouched: frappe.datetime.str_to_user("10:30:00", true),
			month_start: frappe.jalali.month_start(),
		})"""
	)
	assert result["str_to_user"] == "1403/12/30"
	assert result["nowruz"] == "2026-03-21"
	assert result["compact"] == "2027-03-16"
	assert result["dashes"] == "2026-03-21"
	assert result["iso"] == "2025-03-20"
	assert result["invalid"] == "Invalid date"
	assert result["garbage"] == "Invalid date"
	assert result["obj_to_user"] == "1405/01/01"
	assert result["user_to_obj"] == "2025-03-20"
	assert result["global"] == "30 اسفند 1403"
	assert result["date_cell"] == "1405/01/01"
	assert result["bad_cell"] == ""
	assert result["range"] == "1405/01/01 تا 1405/01/13"
	assert result["time_untouched"].startswith("10:30")
	assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", result["month_start"])


# --- forms: Datetime and time zones ------------------------------------------------------------


def event(admin, starts_on: str, label: str) -> str:
	return admin.insert(
		{
			"doctype": "Event",
			"subject": f"jalali-{RUN} {label}",
			"event_type": "Public",
			"starts_on": starts_on,
		}
	)["name"]


def test_datetime_across_time_zones(users, admin, page_as, system, shot):
	"""System time zone (Asia/Tehran on these sites) differs from the user's (America/New_York)."""
	stored = "2026-11-30 02:00:00"
	system_tz, user_tz = ZoneInfo(system["time_zone"]), ZoneInfo("America/New_York")
	wall = (
		datetime.datetime.fromisoformat(stored).replace(tzinfo=system_tz).astimezone(user_tz)
	)  # 2026-11-29 17:30 in New York when the system is in Tehran
	name = event(admin, stored, "tz")
	page = page_as(users["ny"], f"event/{name}")
	wait_for_form(page, "Event", name)
	starts_on = page.locator(".form-layout .frappe-control[data-fieldname='starts_on'] input")
	expected = page.evaluate("(iso) => frappe.jalali.format_date(iso)", wall.date().isoformat())
	assert starts_on.input_value() == f"{expected} {wall:%H:%M:%S}"
	if system["time_zone"] == "Asia/Tehran":
		assert starts_on.input_value() == "1405/09/08 17:30:00"  # the Jalali day moves back too

	# typed in the user's time zone, stored in the system's
	starts_on.fill("1405/09/09 10:00:00")
	starts_on.press("Tab")
	typed = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=user_tz).astimezone(system_tz)
	wait_for_model(page, "starts_on", f"{typed:%Y-%m-%d %H:%M:%S}")
	save_form(page)
	assert admin.get_doc("Event", name)["starts_on"] == f"{typed:%Y-%m-%d %H:%M:%S}"

	# picking a day keeps the time
	starts_on.click()
	pick_day(page, "1405/09/10")
	assert starts_on.input_value() == "1405/09/10 10:00:00"
	save_form(page)
	picked = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=user_tz).astimezone(system_tz)
	assert admin.get_doc("Event", name)["starts_on"] == f"{picked:%Y-%m-%d %H:%M:%S}"
	shot(page, "datetime-form")


def test_datetime_persian(users, admin, page_as, shot):
	name = event(admin, "2026-11-29 23:30:00", "datetime")
	page = page_as(users["fa"], f"event/{name}")
	wait_for_form(page, "Event", name)
	starts_on = page.locator(".form-layout .frappe-control[data-fieldname='starts_on'] input")
	assert starts_on.input_value() == "1405/09/08 23:30:00"
	# left to right, so the date stays before the time on a right-to-left page
	assert starts_on.evaluate("(el) => getComputedStyle(el).direction") == "ltr"

	starts_on.fill("۱۴۰۵/۰۹/۱۰ ۹:۱۵")
	starts_on.press("Tab")
	wait_for_model(page, "starts_on", "2026-12-01 09:15:00")
	save_form(page)
	assert admin.get_doc("Event", name)["starts_on"] == "2026-12-01 09:15:00"

	# picking the day and the time
	starts_on.click()
	root = picker(page)
	root.wait_for()
	root.locator(".zjp-hour").fill("14")
	root.locator(".zjp-hour").dispatch_event("change")
	root.locator(".zjp-minute").fill("45")
	root.locator(".zjp-minute").dispatch_event("change")
	shot(page, "datetime-picker")
	root.locator(".zjp-day[data-jalali='1405/09/15']").click()
	assert starts_on.input_value().startswith("1405/09/15 14:45")
	save_form(page)
	assert admin.get_doc("Event", name)["starts_on"] == "2026-12-06 14:45:00"

	# read-only display and list cells: date before time even in a right-to-left line
	cell = page.evaluate("() => frappe.format('2026-03-21 08:05:00', {fieldtype: 'Datetime'})")
	assert cell == "\u20661405/01/01 08:05:00\u2069"


# --- child tables ------------------------------------------------------------------------------


def holiday_list(admin, user_label: str) -> str:
	return admin.insert(
		{
			"doctype": "Holiday List",
			"holiday_list_name": f"jalali-{RUN}-{user_label}",
			"from_date": "2025-03-01",
			"to_date": "2026-03-31",
			"holidays": [
				{"holiday_date": "2025-03-20", "description": "Esfand 30"},
				{"holiday_date": "2026-03-21", "description": "Nowruz"},
			],
		}
	)["name"]


def grid_cell(page, row: int, fieldname: str):
	return page.locator(
		f".frappe-control[data-fieldname='holidays'] .grid-body .grid-row[data-idx='{row}']"
		f" .grid-static-col[data-fieldname='{fieldname}']"
	)


def holidays(admin, name: str) -> list:
	return sorted(row["holiday_date"] for row in admin.get_doc("Holiday List", name)["holidays"])


def test_child_table_persian(users, admin, page_as, shot):
	name = holiday_list(admin, "fa")
	page = page_as(users["fa"], f"holiday-list/{name}")
	wait_for_form(page, "Holiday List", name)
	assert grid_cell(page, 1, "holiday_date").inner_text().strip() == "1403/12/30"
	assert grid_cell(page, 2, "holiday_date").inner_text().strip() == "1405/01/01"
	shot(page, "grid-static")

	# inline editing: typing
	grid_cell(page, 1, "holiday_date").click()
	editor = grid_cell(page, 1, "holiday_date").locator("input")
	editor.wait_for()
	assert editor.input_value() == "1403/12/30"
	editor.fill("1403/12/29")
	editor.press("Tab")
	save_form(page)
	assert holidays(admin, name) == ["2025-03-19", "2026-03-21"]

	# inline editing: picking
	grid_cell(page, 2, "holiday_date").click()
	editor = grid_cell(page, 2, "holiday_date").locator("input")
	editor.wait_for()
	editor.click()
	picker(page).wait_for()
	shot(page, "grid-picker")
	pick_day(page, "1405/01/10")
	save_form(page)
	assert holidays(admin, name) == ["2025-03-19", "2026-03-30"]

	# a new row typed with Persian digits
	page.locator(".frappe-control[data-fieldname='holidays'] .grid-add-row").click()
	new_row = page.locator(".frappe-control[data-fieldname='holidays'] .grid-row[data-idx='3']")
	new_row.locator(".grid-static-col[data-fieldname='holiday_date']").click()
	new_input = new_row.locator(".grid-static-col[data-fieldname='holiday_date'] input")
	new_input.wait_for()
	new_input.fill("۱۴۰۴/۰۱/۱۳")
	new_input.evaluate("(el) => el.blur()")  # Tab out of the last row would add another one
	page.evaluate(
		"""() => {
			const row = cur_frm.doc.holidays.find((r) => r.idx === 3);
			return frappe.model.set_value(row.doctype, row.name, "description", "Sizdah Bedar");
		}"""
	)
	save_form(page)
	assert holidays(admin, name) == ["2025-03-19", "2025-04-02", "2026-03-30"]

	# a tap on a date cell: Frappe's grid then reaches for an air-datepicker element (without the
	# stand-in this throws "Cannot read properties of undefined (reading 'classList')")
	page.evaluate(
		"""() => {
			const col = document.querySelector(".frappe-control[data-fieldname='holidays']"
				+ " .grid-row[data-idx='1'] .grid-static-col[data-fieldname='holiday_date']");
			const box = col.getBoundingClientRect();
			const touch = new Touch({identifier: 1, target: col, clientX: box.x + 5, clientY: box.y + 5});
			const options = {bubbles: true, cancelable: true, changedTouches: [touch]};
			col.dispatchEvent(new TouchEvent("touchstart", {...options, touches: [touch], targetTouches: [touch]}));
			col.dispatchEvent(new TouchEvent("touchend", {...options, touches: [], targetTouches: []}));
			col.dispatchEvent(new PointerEvent("click", {bubbles: true, cancelable: true, pointerType: "touch"}));
		}"""
	)
	page.wait_for_timeout(700)  # page_as fails the test on any JavaScript error


def test_child_table_english(users, admin, page_as, system):
	name = holiday_list(admin, "en")
	page = page_as(users["en"], f"holiday-list/{name}")
	wait_for_form(page, "Holiday List", name)
	assert grid_cell(page, 1, "holiday_date").inner_text().strip() == gregorian_text(
		"2025-03-20", system["date_format"]
	)
	grid_cell(page, 2, "holiday_date").click()
	editor = grid_cell(page, 2, "holiday_date").locator("input")
	editor.wait_for()
	editor.fill(gregorian_text("2026-03-30", system["date_format"]))
	editor.evaluate("(el) => el.blur()")
	save_form(page)
	assert holidays(admin, name) == ["2025-03-20", "2026-03-30"]


# --- list view, filters ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def listed_todos(admin, users):
	"""Two ToDos per user, marked so the list can be narrowed to them."""
	made = {}
	for key in ("fa", "en"):
		made[key] = {
			"esfand": todo(admin, "2025-03-20", f"list-{key}", allocated_to=users[key]),
			"nowruz": todo(admin, "2026-03-21", f"list-{key}", allocated_to=users[key]),
		}
	return made


def wait_for_list(page, view: str = "List"):
	page.wait_for_function(
		"(view) => window.cur_list && cur_list.doctype === 'ToDo' && cur_list.view_name === view"
		" && cur_list.filter_area && cur_list.data",
		arg=view,
	)


def open_todo_list(page, key: str):
	set_route(page, "List", "ToDo", "List")
	wait_for_list(page)
	page.evaluate(
		"(marker) => cur_list.filter_area.clear(false).then(() => cur_list.filter_area.add("
		"[['ToDo', 'description', 'like', '%' + marker + '%']]))",
		f"jalali-{RUN} list-{key}",
	)
	page.wait_for_load_state("networkidle")
	page.wait_for_function("() => cur_list.data.length === 2")


def list_dates(page) -> list:
	return sorted(
		cell.strip()
		for cell in page.locator(".list-row-container .list-row-col [data-filter^='date,']").all_inner_texts()
	)


def test_list_view_and_filters_persian(users, listed_todos, page_as, shot):
	page = page_as(users["fa"])
	open_todo_list(page, "fa")
	assert list_dates(page) == ["1403/12/30", "1405/01/01"]
	shot(page, "list")

	# the standard filter in the list's filter bar
	standard = page.locator(".page-form .frappe-control[data-fieldname='date'] input")
	with page.expect_request(is_call("frappe.desk.reportview.get")) as request:
		standard.click()
		pick_day(page, "1405/01/01")
	filters = json.loads(request_params(request.value)["filters"])
	assert ["ToDo", "date", "=", "2026-03-21"] in filters
	page.wait_for_function("() => cur_list.data.length === 1")
	assert list_dates(page) == ["1405/01/01"]
	page.evaluate("() => cur_list.filter_area.remove('date')")
	page.wait_for_function("() => cur_list.data.length === 2")

	# the filter popover's Between: a range picked across the new year
	page.locator(".filter-selector .filter-button").click()
	page.locator(".filter-popover").wait_for()
	page.evaluate("() => cur_list.filter_area.filter_list.add_filter('ToDo', 'date', 'Between')")
	between = page.locator(".filter-popover .filter-field input[data-jalali='range']").last
	between.click()
	root = picker(page)
	root.wait_for()
	root.locator(".zjp-month").select_option("12")
	year = root.locator(".zjp-year")
	year.fill("1404")
	year.dispatch_event("change")
	root.locator(".zjp-day[data-jalali='1404/12/01']").click()
	root.locator(".zjp-next").click()  # to Farvardin 1405: the popover must stay open
	assert page.locator(".filter-popover").is_visible()
	shot(page, "between-picker")
	with page.expect_request(is_call("frappe.desk.reportview.get")) as request:
		root.locator(".zjp-day[data-jalali='1405/01/10']").click()
		assert between.input_value() == "1404/12/01 تا 1405/01/10"
		page.locator(".filter-popover .apply-filters").click()
	filters = json.loads(request_params(request.value)["filters"])
	assert ["ToDo", "date", "Between", ["2026-02-20", "2026-03-30"]] in filters
	page.wait_for_function("() => cur_list.data.length === 1")
	assert list_dates(page) == ["1405/01/01"]
	# the applied filter reads in Jalali when the popover opens again
	page.locator(".filter-selector .filter-button").click()
	page.locator(".filter-popover").wait_for()
	applied = page.locator(".filter-popover .filter-field input[data-jalali='range']").last
	assert applied.input_value() == "1404/12/01 تا 1405/01/10"
	assert applied.evaluate("(el) => getComputedStyle(el).direction") == "rtl"
	page.wait_for_timeout(300)  # the popover's fade-in, for the screenshot
	shot(page, "between-applied")


def test_list_view_english(users, listed_todos, page_as, system):
	page = page_as(users["en"])
	open_todo_list(page, "en")
	assert list_dates(page) == sorted(
		gregorian_text(d, system["date_format"]) for d in ("2025-03-20", "2026-03-21")
	)


def test_timespan_filter_is_the_jalali_month(users, admin, page_as):
	"""'This month' is the Jalali month for a Persian user and the Gregorian one for an English user
	(the server computes the range from the same request)."""
	page = page_as(users["fa"])
	bounds = page.evaluate(
		"""() => {
			const today = moment(frappe.datetime.nowdate());
			return {
				jalali: [frappe.jalali.month_start(), frappe.jalali.month_end()],
				gregorian: [today.clone().startOf("month"), today.clone().endOf("month")].map(
					(m) => m.locale("en").format("YYYY-MM-DD")),
			};
		}"""
	)
	(j_start, j_end), (g_start, g_end) = bounds["jalali"], bounds["gregorian"]
	# a Jalali month always straddles two Gregorian ones: each has a day the other lacks
	only_jalali = next(d for d in (j_start, j_end) if not g_start <= d <= g_end)
	only_gregorian = next(d for d in (g_start, g_end) if not j_start <= d <= j_end)
	marker = f"jalali-{RUN} timespan"
	names = {
		"jalali": todo(admin, only_jalali, "timespan"),
		"gregorian": todo(admin, only_gregorian, "timespan"),
	}

	def listed(page) -> set:
		set_route(page, "List", "ToDo", "List")
		wait_for_list(page)
		page.evaluate(
			"(marker) => cur_list.filter_area.clear(false).then(() => cur_list.filter_area.add(["
			"['ToDo', 'description', 'like', '%' + marker + '%'], ['ToDo', 'date', 'Timespan', 'this month']]))",
			marker,
		)
		page.wait_for_function(
			"(marker) => cur_list.data.length && cur_list.data.every((d) => d.description.includes(marker))",
			arg=marker,
		)
		return set(page.evaluate("() => cur_list.data.map((d) => d.name)"))

	assert listed(page) == {names["jalali"]}
	assert listed(page_as(users["en"])) == {names["gregorian"]}


# --- Report View -------------------------------------------------------------------------------


def test_report_view_persian(users, listed_todos, page_as, shot):
	page = page_as(users["fa"])
	set_route(page, "List", "ToDo", "Report")
	wait_for_list(page, "Report")
	page.evaluate(
		"(marker) => cur_list.filter_area.clear(false).then(() => cur_list.filter_area.add("
		"[['ToDo', 'description', 'like', '%' + marker + '%']]))",
		f"jalali-{RUN} list-fa",
	)
	page.wait_for_function("() => cur_list.data.length === 2")
	if not page.evaluate("() => cur_list.columns.some((c) => c.docfield && c.docfield.fieldname === 'date')"):
		page.evaluate("() => cur_list.add_column_to_table('date', 'ToDo')")
		page.wait_for_load_state("networkidle")
	column = page.evaluate(
		"() => cur_list.datatable.getColumns().find((c) => c.docfield && c.docfield.fieldname === 'date').colIndex"
	)
	cells = page.locator(f".dt-scrollable .dt-cell__content--col-{column}")
	assert sorted(t.strip() for t in cells.all_inner_texts()) == ["1403/12/30", "1405/01/01"]

	# the datatable's inline filter on the date column
	page.evaluate("() => cur_list.datatable.showFilter && cur_list.datatable.showFilter()")
	inline = page.locator(f".dt-filter.dt-input[data-col-index='{column}']")
	inline.press_sequentially("1405/01/01")
	page.wait_for_function(
		"(col) => document.querySelectorAll(`.dt-scrollable .dt-row:not(.dt-row--hide) .dt-cell__content--col-${col}`).length === 1",
		arg=column,
	)
	visible = page.locator(f".dt-scrollable .dt-row:not(.dt-row--hide) .dt-cell__content--col-{column}")
	assert visible.inner_text().strip() == "1405/01/01"
	inline.fill("")
	inline.press_sequentially(">1404/06/01")
	page.wait_for_function(
		"(col) => document.querySelectorAll(`.dt-scrollable .dt-row:not(.dt-row--hide) .dt-cell__content--col-${col}`).length === 1",
		arg=column,
	)
	assert visible.inner_text().strip() == "1405/01/01"
	shot(page, "report-view")


# --- query reports -----------------------------------------------------------------------------


def test_query_report_persian(users, page_as, shot):
	page = page_as(users["fa"], "query-report/Stock Ledger")
	page.wait_for_function(
		"() => window.frappe.query_report && frappe.query_report.report_name === 'Stock Ledger'"
	)
	page.wait_for_load_state("networkidle")
	from_date = page.locator(".page-form .frappe-control[data-fieldname='from_date'] input")
	to_date = page.locator(".page-form .frappe-control[data-fieldname='to_date'] input")
	assert re.fullmatch(r"14\d\d/\d\d/\d\d", from_date.input_value())

	with page.expect_request(is_call("frappe.desk.query_report.run")) as request:
		from_date.fill("1405/01/01")
		from_date.press("Tab")
	assert json.loads(request_params(request.value)["filters"])["from_date"] == "2026-03-21"

	with page.expect_request(is_call("frappe.desk.query_report.run")) as request:
		to_date.click()
		pick_day(page, "1405/01/02")
	assert json.loads(request_params(request.value)["filters"])["to_date"] == "2026-03-22"

	# back to a range with the demo's stock entries (today) and look at the cells
	today = page.evaluate("() => frappe.datetime.nowdate()")
	with page.expect_request(is_call("frappe.desk.query_report.run")):
		page.evaluate("(d) => frappe.query_report.set_filter_value('to_date', d)", today)
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(500)
	rows = page.evaluate("() => frappe.query_report.data.length")
	if rows:
		column = page.evaluate(
			"() => frappe.query_report.datatable.getColumns().find((c) => ['Date', 'Datetime'].includes(c.fieldtype)).colIndex"
		)
		first = page.locator(f".dt-scrollable .dt-cell__content--col-{column}").first.inner_text()
		assert re.match(r"\u2066?14\d\d/\d\d/\d\d", first.strip()), first
	shot(page, "query-report")


# --- dialogs -----------------------------------------------------------------------------------


def test_dialog_persian(users, page_as, shot):
	page = page_as(users["fa"])
	page.evaluate(
		"""() => {
			window.__prompt = null;
			frappe.prompt(
				[
					{fieldname: "day", fieldtype: "Date", label: "Day", reqd: 1},
					{fieldname: "at", fieldtype: "Datetime", label: "At", reqd: 1},
				],
				(values) => (window.__prompt = values),
				"Jalali"
			);
		}"""
	)
	dialog = page.locator(".modal.show")
	dialog.wait_for()
	day = dialog.locator(".frappe-control[data-fieldname='day'] input")
	day.click()
	root = picker(page)
	root.wait_for()
	# above the modal: the picker is what is under the mouse at its centre
	box = root.bounding_box()
	on_top = page.evaluate(
		"([x, y]) => !!document.elementFromPoint(x, y).closest('.zhira-jalali-picker')",
		[box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
	)
	assert on_top
	shot(page, "dialog-picker")
	# Escape closes the picker, not the dialog
	page.keyboard.press("Escape")
	root.wait_for(state="detached")
	assert dialog.is_visible()

	day.click()
	pick_day(page, "1405/09/20")
	at = dialog.locator(".frappe-control[data-fieldname='at'] input")
	at.fill("1405/09/08 08:00")
	at.press("Tab")
	dialog.locator(".btn-primary").click()
	page.wait_for_function("() => window.__prompt")
	assert page.evaluate("() => window.__prompt") == {"day": "2026-12-11", "at": "2026-11-29 08:00:00"}


def test_keyboard_in_the_picker(users, page_as):
	page = page_as(users["fa"], "todo/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'ToDo' && cur_frm.is_new()")
	date = page.locator(".form-layout .frappe-control[data-fieldname='date'] input")
	date.fill("1405/01/01")
	date.press("Tab")
	date.click()
	date.press("ArrowDown")  # into the grid, on the selected day
	focused = lambda: page.evaluate("() => document.activeElement.dataset.jalali")  # noqa: E731
	assert focused() == "1405/01/01"
	page.keyboard.press("ArrowLeft")  # right to left: left is the next day
	assert focused() == "1405/01/02"
	page.keyboard.press("ArrowDown")
	assert focused() == "1405/01/09"
	page.keyboard.press("PageUp")
	assert focused() == "1404/12/09"
	page.keyboard.press("Enter")
	assert date.input_value() == "1404/12/09"
	assert page.evaluate("() => cur_frm.doc.date") == "2026-02-28"


# --- calendar view, print view -----------------------------------------------------------------


def test_calendar_titles(users, page_as, shot):
	for key, expected in (("fa", "اسفند 1404 – فروردین 1405"), ("en", "March 2026")):
		page = page_as(users[key], "event/view/calendar/default")
		page.wait_for_selector(".fc-toolbar h2")
		page.evaluate("() => $('.fc').fullCalendar('gotoDate', '2026-03-15')")
		page.wait_for_function(
			"(title) => document.querySelector('.fc-toolbar h2').textContent.includes(title)", arg=expected
		)
		if key == "fa":
			nowruz = page.locator(".fc-day-top[data-date='2026-03-21']")
			assert nowruz.locator(".fc-day-number").inner_text() == "1 فروردین"
			assert page.locator(".fc-day-top[data-date='2026-03-20'] .fc-day-number").inner_text() == "29"
			page.locator(".fc-agendaWeek-button").click()
			page.wait_for_function(
				"() => document.querySelector('.fc-toolbar h2').textContent.includes('اسفند 1404')"
				" && document.querySelector('.fc-day-header .zhira-jalali-day')"
			)
			headers = page.locator(".fc-day-header .zhira-jalali-day").all_inner_texts()
			assert "جمعه 29 اسفند" in headers, headers
			shot(page, "calendar-fa-week")
			page.locator(".fc-month-button").click()
		else:
			assert page.locator(".zhira-jalali-day, .zhira-gregorian-day").count() == 0
		shot(page, f"calendar-{key}")


def test_print_view(users, admin, page_as, system, shot):
	name = todo(admin, "2026-03-21", "print")
	for key, expected in (("fa", "1405/01/01"), ("en", gregorian_text("2026-03-21", system["date_format"]))):
		page = page_as(users[key])
		page.goto(f"{BASE_URL}/printview?doctype=ToDo&name={name}&format=Standard&no_letterhead=1")
		page.wait_for_load_state("networkidle")
		assert expected in page.locator("body").inner_text()
		shot(page, f"print-{key}")


# --- a user who prefers Jalali in English ------------------------------------------------------


def test_preference_jalali_in_english(users, admin, page_as, shot):
	name = todo(admin, "2025-03-20", "pref", allocated_to=PREFERS_JALALI)
	page = page_as(users["pref"], f"todo/{name}")
	wait_for_form(page, "ToDo", name)
	date = page.locator(".form-layout .frappe-control[data-fieldname='date'] input")
	assert date.input_value() == "1403/12/30"
	date.click()
	root = picker(page)
	root.wait_for()
	assert root.get_attribute("dir") == "ltr"
	assert root.locator(".zjp-month option:checked").inner_text() == "Esfand"
	headers = root.locator("thead th")
	assert headers.first.inner_text() == "Sa"
	assert headers.first.bounding_box()["x"] < headers.last.bounding_box()["x"]  # Saturday first, on the left
	shot(page, "picker-english")
	pick_day(page, "1405/01/01")
	save_form(page)
	assert admin.get_doc("ToDo", name)["date"] == "2026-03-21"
