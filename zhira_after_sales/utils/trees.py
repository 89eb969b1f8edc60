"""Lineage in ERPNext's trees (Item Group, Territory): rules scoped to a node - defect codes,
warranty plans, rates, default agencies - apply to its sub-nodes, so they look a record's node up
the tree."""

from frappe.utils.nestedset import get_ancestors_of


def lineage(doctype: str, name: str | None) -> list[str]:
	"""The node itself, then its parents, nearest first."""
	if not name:
		return []
	return [name, *get_ancestors_of(doctype, name, order_by="lft desc")]


def item_group_lineage(item_group: str | None) -> list[str]:
	return lineage("Item Group", item_group)
