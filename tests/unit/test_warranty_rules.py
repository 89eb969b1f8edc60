"""Warranty periods in Jalali months, card status by date, and which plan applies to an item."""

import datetime

import pytest

from zhira_after_sales.utils.jalali import to_gregorian
from zhira_after_sales.warranty.rules import (
	PlanScope,
	add_jalali_months,
	choose_plan,
	status_on,
	warranty_end,
)

D = datetime.date
J = to_gregorian


@pytest.mark.parametrize(
	"start,months,end",
	[
		(J(1405, 1, 15), 24, J(1407, 1, 14)),
		(J(1405, 2, 10), 18, J(1406, 8, 9)),
		(J(1405, 1, 1), 12, J(1405, 12, 29)),  # 1405 is not leap: Esfand has 29 days
		(J(1403, 1, 1), 12, J(1403, 12, 30)),  # 1403 is leap
		(J(1405, 11, 20), 3, J(1406, 2, 19)),  # across Nowruz
	],
)
def test_warranty_end_counts_jalali_months(start, months, end):
	assert warranty_end(start, months) == end


def test_a_day_the_target_month_lacks_becomes_its_last_day():
	assert add_jalali_months(J(1405, 6, 31), 1) == J(1405, 7, 30)
	assert add_jalali_months(J(1404, 11, 30), 1) == J(1404, 12, 29)
	assert add_jalali_months(J(1402, 12, 29), 12) == J(1403, 12, 29)


def test_jalali_months_differ_from_gregorian_months():
	# 1405/07/01 is 2026-09-23; 6 Gregorian months would end on 2027-03-22 (1406/01/02)
	assert warranty_end(D(2026, 9, 23), 6) == J(1405, 12, 29) == D(2027, 3, 20)


def test_a_warranty_lasts_at_least_a_month():
	with pytest.raises(ValueError):
		warranty_end(D(2026, 1, 1), 0)


def test_status_by_dates():
	today = D(2026, 11, 29)
	assert status_on(None, None, today) == "Issued"
	assert status_on(D(2025, 1, 1), D(2026, 11, 29), today) == "Active"  # the last day still counts
	assert status_on(D(2024, 1, 1), D(2026, 11, 28), today) == "Expired"


PLANS = [
	PlanScope("Heaters 24m", item_group="Water Heaters"),
	PlanScope("All appliances 12m", item_group="Appliances"),
	PlanScope("WH80 special", item="ZH-WH80"),
]


def test_item_plan_wins_over_group_plans():
	assert choose_plan("ZH-WH80", ["Water Heaters", "Appliances", "All Item Groups"], PLANS) == "WH80 special"


def test_nearest_group_wins():
	assert choose_plan("ZH-WH50", ["Water Heaters", "Appliances", "All Item Groups"], PLANS) == "Heaters 24m"
	assert choose_plan("ZH-CL35", ["Coolers", "Appliances", "All Item Groups"], PLANS) == "All appliances 12m"


def test_no_plan():
	assert choose_plan("PRT-PUMP", ["Spare Parts", "All Item Groups"], PLANS) is None
