# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The stock now held in the after-sales warehouses (central spare parts, agencies' consignment
and defective warehouses, repair), per item and warehouse from the Bin, with the warehouse's
after-sales type, ERPNext's reorder level and quantity and the maximum stock level beside them.
For movements over a period use ERPNext's Stock Balance with its Warehouse Type filter."""

import frappe
from frappe import _
from frappe.utils import flt

from zhira_after_sales.agency.warehouses import AFTER_SALES_TYPES, after_sales_warehouses


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns():
	return [
		{"fieldname": "item_code", "label": _("Item"), "fieldtype": "Link", "options": "Item", "width": 160},
		{"fieldname": "item_name", "label": _("Item Name"), "fieldtype": "Data", "width": 180},
		{
			"fieldname": "warehouse",
			"label": _("Warehouse"),
			"fieldtype": "Link",
			"options": "Warehouse",
			"width": 200,
		},
		{
			"fieldname": "warehouse_type",
			"label": _("Warehouse Type"),
			"fieldtype": "Link",
			"options": "Warehouse Type",
			"width": 120,
		},
		{"fieldname": "actual_qty", "label": _("Actual Qty"), "fieldtype": "Float", "width": 100},
		{"fieldname": "reserved_qty", "label": _("Reserved Qty"), "fieldtype": "Float", "width": 100},
		{"fieldname": "ordered_qty", "label": _("Ordered Qty"), "fieldtype": "Float", "width": 100},
		{"fieldname": "projected_qty", "label": _("Projected Qty"), "fieldtype": "Float", "width": 100},
		{"fieldname": "reorder_level", "label": _("Reorder Level"), "fieldtype": "Float", "width": 100},
		{"fieldname": "reorder_qty", "label": _("Reorder Qty"), "fieldtype": "Float", "width": 100},
		{"fieldname": "max_qty", "label": _("Maximum Stock Level"), "fieldtype": "Float", "width": 120},
		{"fieldname": "status", "label": _("Level"), "fieldtype": "Data", "width": 110},
		{"fieldname": "valuation_rate", "label": _("Valuation Rate"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "stock_value", "label": _("Stock Value"), "fieldtype": "Currency", "width": 140},
		{"fieldname": "stock_uom", "label": _("UOM"), "fieldtype": "Link", "options": "UOM", "width": 80},
	]


def get_data(filters) -> list[dict]:
	types = [filters.warehouse_type] if filters.warehouse_type else list(AFTER_SALES_TYPES)
	scope = after_sales_warehouses(filters.company, types)
	if filters.warehouse:
		lft, rgt = frappe.db.get_value("Warehouse", filters.warehouse, ["lft", "rgt"])
		inside = set(frappe.get_all("Warehouse", {"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name"))
		scope = [w for w in scope if w in inside]
	if not scope:
		return []
	bin_ = frappe.qb.DocType("Bin")
	item = frappe.qb.DocType("Item")
	query = (
		frappe.qb.from_(bin_)
		.join(item)
		.on(item.name == bin_.item_code)
		.select(
			bin_.item_code,
			item.item_name,
			item.stock_uom,
			bin_.warehouse,
			bin_.actual_qty,
			bin_.reserved_qty,
			bin_.ordered_qty,
			bin_.projected_qty,
			bin_.valuation_rate,
			bin_.stock_value,
		)
		.where(bin_.warehouse.isin(scope))
		.orderby(bin_.item_code)
		.orderby(bin_.warehouse)
	)
	if not filters.show_zero:
		query = query.where(bin_.actual_qty != 0)
	if filters.item_code:
		query = query.where(bin_.item_code == filters.item_code)
	if filters.item_group:
		query = query.where(item.item_group == filters.item_group)
	rows = query.run(as_dict=True)
	if not rows:
		return []

	levels = {
		(r.parent, r.warehouse): r
		for r in frappe.get_all(
			"Item Reorder",
			{"parenttype": "Item", "parent": ("in", {r.item_code for r in rows})},
			["parent", "warehouse", "warehouse_reorder_level", "warehouse_reorder_qty", "zhira_max_qty"],
		)
	}
	types_of = warehouse_types(scope)
	for row in rows:
		level = levels.get((row.item_code, row.warehouse)) or frappe._dict()
		row.warehouse_type = types_of.get(row.warehouse)
		row.reorder_level = level.warehouse_reorder_level
		row.reorder_qty = level.warehouse_reorder_qty
		row.max_qty = level.zhira_max_qty
		row.status = level_status(row.actual_qty, row.reorder_level, row.max_qty)
	return rows


def level_status(actual_qty, reorder_level, max_qty) -> str:
	if flt(max_qty) > 0 and flt(actual_qty) > flt(max_qty):
		return _("Above Maximum")
	if flt(reorder_level) > 0 and flt(actual_qty) <= flt(reorder_level):
		return _("At Reorder Level")
	return ""


def warehouse_types(warehouses: list[str]) -> dict[str, str]:
	"""Each warehouse's after-sales type: its own, else its nearest typed group's."""
	rows = frappe.get_all("Warehouse", {"name": ("in", warehouses)}, ["name", "warehouse_type", "lft", "rgt"])
	groups = frappe.get_all(
		"Warehouse",
		{"is_group": 1, "warehouse_type": ("in", AFTER_SALES_TYPES)},
		["warehouse_type", "lft", "rgt"],
		order_by="lft desc",
	)
	out = {}
	for row in rows:
		if row.warehouse_type:
			out[row.name] = row.warehouse_type
			continue
		group = next((g for g in groups if g.lft < row.lft and g.rgt > row.rgt), None)
		out[row.name] = group.warehouse_type if group else None
	return out
