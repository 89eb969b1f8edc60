"""Which Warranty Plan applies to an item, and what it covers (Frappe side of warranty/rules.py)."""

import frappe

from zhira_after_sales.utils.trees import item_group_lineage
from zhira_after_sales.warranty.coverage import Terms
from zhira_after_sales.warranty.rules import PlanScope, choose_plan


def item_groups_of(item: str) -> list[str]:
	"""The item's group followed by its ancestors, nearest first."""
	return item_group_lineage(frappe.get_cached_value("Item", item, "item_group"))


def plan_for_item(item: str) -> str | None:
	"""The enabled plan naming the item, else the one for its nearest item group."""
	plans = [
		PlanScope(p.name, p.item, p.item_group)
		for p in frappe.get_all("Warranty Plan", {"enabled": 1}, ["name", "item", "item_group"])
	]
	return choose_plan(item, item_groups_of(item), plans)


def get_plan(name: str):
	return frappe.get_cached_doc("Warranty Plan", name)


def terms_of(plan_name: str | None) -> Terms:
	"""A plan's coverage as the plain rule expects it. A plan listing no service types covers
	every service type that requires a warranty."""
	if not plan_name or not frappe.db.exists("Warranty Plan", plan_name):
		return Terms(service_types=frozenset(), parts="None", labor_covered=False)
	plan = get_plan(plan_name)
	service_types = {row.service_type for row in plan.covered_service_types}
	if not service_types:
		service_types = set(frappe.get_all("Service Type", {"requires_warranty": 1}, pluck="name"))
	return Terms(
		service_types=frozenset(service_types),
		parts=plan.parts_covered or "All",
		listed_parts=frozenset(row.item for row in plan.parts),
		labor_covered=bool(plan.labor_covered),
	)


def within(warehouse: str | None, ancestor: str | None) -> bool:
	"""True when `warehouse` is `ancestor` or lies under it in the warehouse tree."""
	if not warehouse or not ancestor:
		return False
	if warehouse == ancestor:
		return True
	outer = frappe.get_cached_value("Warehouse", ancestor, ["lft", "rgt"])
	inner = frappe.get_cached_value("Warehouse", warehouse, ["lft", "rgt"])
	return bool(outer and inner and outer[0] <= inner[0] and inner[1] <= outer[1])


def leaves_exit_warehouse(plan_name: str, source: str | None, target: str | None) -> bool:
	"""A move from `source` to `target` (None: out of stock altogether) counts as the plan's
	warehouse exit: out of the exit warehouse (any warehouse when the plan names none) to
	somewhere outside it."""
	exit_warehouse = get_plan(plan_name).exit_warehouse
	if not exit_warehouse:
		return bool(source)
	return within(source, exit_warehouse) and not within(target, exit_warehouse)
