"""Warranty dates and plan choice. Plain Python: no Frappe import.

Warranty periods are counted in Jalali months, the way the card states them and the customer
reads them: 18 months from 1405/02/10 ends on 1406/08/09, whatever the Gregorian months hold.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jdatetime

from zhira_after_sales.utils.jalali import month_length, to_gregorian, to_jalali

START_BASES = ("Installation", "Sale", "Warehouse Exit")


def add_jalali_months(start: datetime.date, months: int) -> datetime.date:
	"""The same Jalali day `months` later; a day the target month lacks becomes its last day
	(1405/06/31 + 1 month -> 1405/07/30)."""
	jd = to_jalali(start)
	if isinstance(jd, jdatetime.datetime):
		jd = jd.date()
	index = jd.year * 12 + (jd.month - 1) + int(months)
	year, month = divmod(index, 12)
	month += 1
	return to_gregorian(year, month, min(jd.day, month_length(year, month)))


def warranty_end(start: datetime.date, months: int) -> datetime.date:
	"""The last covered day: a 24-month warranty from 1405/01/15 covers up to 1407/01/14."""
	if int(months) <= 0:
		raise ValueError("a warranty lasts at least one month")
	return add_jalali_months(start, months) - datetime.timedelta(days=1)


def status_on(start: datetime.date | None, end: datetime.date | None, today: datetime.date) -> str:
	"""Issued (not started), Active or Expired for a card that is not void."""
	if not start or not end:
		return "Issued"
	return "Expired" if end < today else "Active"


@dataclass(frozen=True)
class PlanScope:
	"""What a Warranty Plan applies to: one item, or an item group (and its sub-groups)."""

	name: str
	item: str | None = None
	item_group: str | None = None


def choose_plan(item: str, item_groups: Sequence[str], plans: Iterable[PlanScope]) -> str | None:
	"""The plan for an item: one naming the item wins; else the one for the nearest of its groups.

	`item_groups` is the item's group followed by its ancestors, nearest first."""
	plans = list(plans)
	for plan in plans:
		if plan.item and plan.item == item:
			return plan.name
	by_group = {plan.item_group: plan.name for plan in plans if plan.item_group and not plan.item}
	for group in item_groups:
		if group in by_group:
			return by_group[group]
	return None
