"""The rate card rule: which Service Rate row applies to a job. Plain Python: no Frappe import.

A row names a service type and, optionally, an item or an item group, a territory and a validity
window. For a job (service type, item, the item's group and its ancestors, the territory and its
ancestors, a date) the most specific valid row wins:

1. a row for the item beats a row for its group, a nearer group beats a farther one, and a group
   row beats a row for no item at all;
2. then a row for the territory beats one for a parent territory, which beats a row for none;
3. then the row that became valid last wins; then the name, so the answer is always the same.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

UNSCOPED = 10_000  # rank of a row that does not name the dimension at all


@dataclass(frozen=True)
class RateRow:
	name: str
	service_type: str
	item: str | None = None
	item_group: str | None = None
	territory: str | None = None
	valid_from: datetime.date | None = None
	valid_to: datetime.date | None = None
	agency_wage: float = 0.0
	customer_price: float = 0.0


def is_valid_on(row: RateRow, on_date: datetime.date) -> bool:
	if row.valid_from and on_date < row.valid_from:
		return False
	if row.valid_to and on_date > row.valid_to:
		return False
	return True


def _item_rank(row: RateRow, item: str | None, item_groups: Sequence[str]) -> int | None:
	if row.item:
		return 0 if row.item == item else None
	if row.item_group:
		if row.item_group in item_groups:
			return 1 + list(item_groups).index(row.item_group)
		return None
	return UNSCOPED


def _territory_rank(row: RateRow, territories: Sequence[str]) -> int | None:
	if row.territory:
		if row.territory in territories:
			return list(territories).index(row.territory)
		return None
	return UNSCOPED


def pick_rate(
	rows: Iterable[RateRow],
	*,
	service_type: str,
	on_date: datetime.date,
	item: str | None = None,
	item_groups: Sequence[str] = (),
	territories: Sequence[str] = (),
) -> RateRow | None:
	"""The winning row, or None when no row applies.

	`item_groups` and `territories` are lineages, nearest first: the item's own group, then its
	parent, ... ; the job's territory, then its parent, ...
	"""
	best_key = None
	best = None
	for row in rows:
		if row.service_type != service_type or not is_valid_on(row, on_date):
			continue
		item_rank = _item_rank(row, item, item_groups)
		territory_rank = _territory_rank(row, territories)
		if item_rank is None or territory_rank is None:
			continue
		valid_from = row.valid_from or datetime.date.min
		# smaller is better; a later valid_from is better, hence the negated ordinal
		key = (item_rank, territory_rank, -valid_from.toordinal(), row.name)
		if best_key is None or key < best_key:
			best_key, best = key, row
	return best


def same_scope(a: RateRow, b: RateRow) -> bool:
	return (a.service_type, a.item or None, a.item_group or None, a.territory or None) == (
		b.service_type,
		b.item or None,
		b.item_group or None,
		b.territory or None,
	)


def periods_overlap(a: RateRow, b: RateRow) -> bool:
	a_from = a.valid_from or datetime.date.min
	b_from = b.valid_from or datetime.date.min
	a_to = a.valid_to or datetime.date.max
	b_to = b.valid_to or datetime.date.max
	return a_from <= b_to and b_from <= a_to


def find_conflicts(row: RateRow, others: Iterable[RateRow]) -> list[RateRow]:
	"""Rows with the same scope whose validity overlaps `row`'s: two such rows would make the
	answer depend on which was entered last, so the second is refused."""
	return [o for o in others if o.name != row.name and same_scope(row, o) and periods_overlap(row, o)]
