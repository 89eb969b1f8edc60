"""The agency portal's Scores page (/agency/scores) as an agency reads it on a phone (360 px) in
Persian: this month's and last month's score with S, N, P and w beside it, the calculation written
out, the upheld complaint that costs it points, its scorecards; and another agency that sees none
of it.

Runs against a site with the demo data (.ci/run loads it): Tehran's agency TEH-01 (portal user
agency.tehran@demo.zhira.ir, Persian) and Isfahan's ISF-01 (agency.isfahan@demo.zhira.ir). Head
office's part goes through REST as Administrator: a complaint about TEH-01 taken to Closed and
upheld, and the scorecard of an old month through the manager's Recompute endpoint.
"""

import re

import pytest

from tests.browser.desk import PHONE, RestError

TEHRAN, TEHRAN_AGENCY = "agency.tehran@demo.zhira.ir", "TEH-01"
ISFAHAN = "agency.isfahan@demo.zhira.ir"
OLD_MONTH = (1404, 1)
LATE_VISIT = "تاخیر در مراجعه تکنسین"
PERSIAN_DIGIT = re.compile(r"[۰-۹]")
COMPLAINT_API = "zhira_after_sales.api.complaint.change_status"


def stage_status(admin, stage: str) -> str:
	rows = admin.get_list(
		"Complaint Status", filters={"iso_stage": stage, "is_active": 1}, fields=("name",), limit=1
	)
	return rows[0]["name"]


@pytest.fixture(scope="module")
def world(admin) -> dict:
	"""An upheld complaint about TEH-01 closed now, and TEH-01's scorecard of an old month."""
	complaint = admin.insert(
		{
			"doctype": "Complaint",
			"channel": "Phone",
			"customer_name": "مریم حسینی",
			"mobile_no": "09123456701",
			"subject": "تاخیر تکنسین - آزمون صفحه امتیاز",
			"description": "تکنسین دو روز دیر آمد.",
			"service_agency": TEHRAN_AGENCY,
			"factors": [{"complaint_factor": LATE_VISIT}],
		}
	)
	admin.call(COMPLAINT_API, complaint=complaint["name"], status=stage_status(admin, "Assessed"))
	admin.call(
		COMPLAINT_API,
		complaint=complaint["name"],
		status=stage_status(admin, "Closed"),
		resolution="هزینه ایاب و ذهاب بازگردانده شد.",
		decision="Upheld",
	)
	try:
		admin.call(
			"zhira_after_sales.api.agency_score.recompute",
			year=OLD_MONTH[0],
			month=OLD_MONTH[1],
			agency=TEHRAN_AGENCY,
		)
	except RestError as error:  # snapshotted by an earlier run: kept as it is
		assert "snapshotted" in str(error.body)
	return {"complaint": complaint["name"], "scorecard": f"{TEHRAN_AGENCY}-1404-01"}


def fits(page, width: int):
	assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_agency_reads_its_score_on_a_phone_in_persian(world, open_as, shot):
	page = open_as(TEHRAN, "/agency/scores")
	assert page.locator("main.za-main").get_attribute("dir") == "rtl"
	assert page.locator('.za-nav-item[data-page="scores"]').get_attribute("aria-current") == "page"
	current = page.locator("#za-current")
	current.wait_for()
	# this month: P counts the complaint closed today, S N P w beside the score
	assert int(current.get_attribute("data-snapshot")) == 0
	for figure in ("za-s", "za-n", "za-p", "za-w"):
		assert current.locator(f"dd.{figure}").inner_text().strip()
	assert PERSIAN_DIGIT.search(current.locator("dd.za-p").inner_text())
	score = current.get_attribute("data-score")
	if score:  # with surveys this month: the calculation is written out with Persian digits
		assert 0 <= float(score) <= 100
		assert PERSIAN_DIGIT.search(current.locator(".za-calc-text").inner_text())
	else:
		assert current.locator(".za-no-score").is_visible()
	assert page.locator(f'#za-complaints-current tr[data-complaint="{world["complaint"]}"]').is_visible()
	assert "score = S − w × P ÷ max(N, 1)" in page.locator("#za-formula").inner_text()
	assert page.locator(f'#za-history tr[data-scorecard="{world["scorecard"]}"]').count() == 1
	page.locator("#za-previous").wait_for()
	fits(page, PHONE["width"])
	shot(page, "scores", full_page=True)


def test_another_agency_sees_nothing_of_it(world, open_as):
	page = open_as(ISFAHAN, "/agency/scores")
	page.locator("#za-current").wait_for()
	html = page.content()
	assert world["complaint"] not in html
	assert world["scorecard"] not in html
	assert "تاخیر تکنسین - آزمون صفحه امتیاز" not in html
