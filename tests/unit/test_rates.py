"""The rate card's "most specific valid row wins" rule."""

import datetime

from zhira_after_sales.after_sales_setup.rates import RateRow, find_conflicts, pick_rate

D = datetime.date
ON = D(2026, 11, 29)
GROUPS = ["Water Heaters", "Appliances", "All Item Groups"]  # nearest first
TERRITORIES = ["Tehran", "Iran", "All Territories"]


def row(name, **kw):
	kw.setdefault("service_type", "Repair")
	kw.setdefault("valid_from", D(2026, 1, 1))
	return RateRow(name=name, **kw)


def pick(rows, **kw):
	kw.setdefault("service_type", "Repair")
	kw.setdefault("on_date", ON)
	kw.setdefault("item", "WH-50")
	kw.setdefault("item_groups", GROUPS)
	kw.setdefault("territories", TERRITORIES)
	found = pick_rate(rows, **kw)
	return found.name if found else None


def test_item_beats_group_beats_generic():
	rows = [
		row("generic"),
		row("appliances", item_group="Appliances"),
		row("heaters", item_group="Water Heaters"),
	]
	assert pick(rows) == "heaters"
	assert pick([*rows, row("item", item="WH-50")]) == "item"
	assert pick(rows[:2]) == "appliances"
	assert pick(rows[:1]) == "generic"


def test_item_specificity_beats_territory_specificity():
	rows = [
		row("group-tehran", item_group="Water Heaters", territory="Tehran"),
		row("item-anywhere", item="WH-50"),
	]
	assert pick(rows) == "item-anywhere"


def test_nearer_territory_wins_among_equal_items():
	rows = [
		row("any", item_group="Water Heaters"),
		row("iran", item_group="Water Heaters", territory="Iran"),
		row("tehran", item_group="Water Heaters", territory="Tehran"),
	]
	assert pick(rows) == "tehran"
	assert pick(rows, territories=["Isfahan", "Iran", "All Territories"]) == "iran"
	assert pick(rows, territories=[]) == "any"


def test_rows_for_other_items_groups_territories_or_types_never_apply():
	rows = [
		row("other-item", item="WH-80"),
		row("other-group", item_group="Coolers"),
		row("other-territory", territory="Fars"),
		row("other-type", service_type="Installation"),
	]
	assert pick(rows) is None


def test_validity_window_is_inclusive_and_later_start_wins():
	rows = [
		row("old", item_group="Water Heaters", valid_from=D(2026, 1, 1), valid_to=D(2026, 6, 30)),
		row("new", item_group="Water Heaters", valid_from=D(2026, 7, 1)),
	]
	assert pick(rows, on_date=D(2026, 6, 30)) == "old"
	assert pick(rows, on_date=D(2026, 7, 1)) == "new"
	assert pick(rows, on_date=D(2025, 12, 31)) is None
	overlapping = [row("a", valid_from=D(2026, 1, 1)), row("b", valid_from=D(2026, 3, 1))]
	assert pick(overlapping) == "b"


def test_ties_resolve_by_name_so_the_answer_is_stable():
	rows = [row("b"), row("a")]
	assert pick(rows) == "a"
	assert pick(list(reversed(rows))) == "a"


def test_conflicts_are_same_scope_with_overlapping_periods():
	base = row("new", item_group="Water Heaters", valid_from=D(2026, 5, 1), valid_to=D(2026, 8, 1))
	others = [
		row("overlaps", item_group="Water Heaters", valid_from=D(2026, 1, 1), valid_to=D(2026, 5, 1)),
		row("before", item_group="Water Heaters", valid_from=D(2025, 1, 1), valid_to=D(2026, 4, 30)),
		row("open-ended", item_group="Water Heaters", valid_from=D(2026, 9, 1)),
		row("other-territory", item_group="Water Heaters", territory="Tehran", valid_from=D(2026, 1, 1)),
		row("new", item_group="Water Heaters", valid_from=D(2026, 5, 1)),  # itself
	]
	assert [r.name for r in find_conflicts(base, others)] == ["overlaps"]
	open_base = row("x", item_group="Water Heaters", valid_from=D(2026, 1, 1))
	assert "open-ended" in [r.name for r in find_conflicts(open_base, others)]
