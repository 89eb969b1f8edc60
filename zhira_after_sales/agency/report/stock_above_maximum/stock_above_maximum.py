# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Stock above its maximum: per item and warehouse, the actual quantity (Bin) against the maximum
stock level set beside ERPNext's reorder level on the item (Item Reorder `zhira_max_qty`), the
excess and its value at the warehouse's valuation rate. By default only the after-sales warehouses
(of the types Spare Parts, Consignment, Defective, Repair, and what lies under a typed group)."""

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
		{"fieldname": "actual_qty", "label": _("Actual Qty"), "fieldtype": "Float", "width": 110},
		{"fieldname": "max_qty", "label": _("Maximum Stock Level"), "fieldtype": "Float", "width": 130},
		{"fieldname": "excess_qty", "label": _("Excess Qty"), "fieldtype": "Float", "width": 110},
		{"fieldname": "valuation_rate", "label": _("Valuation Rate"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "excess_value", "label": _("Excess Value"), "fieldtype": "Currency", "width": 140},
		{"fieldname": "stock_value", "label": _("Stock Value"), "fieldtype": "Currency", "width": 140},
		{"fieldname": "stock_uom", "label": _("UOM"), "fieldtype": "Link", "options": "UOM", "width": 80},
	]


def warehouses_in_scope(filters) -> list[str] | None:
	"""The warehouses the report may show; None: all of them."""
	if filters.all_warehouses and not filters.warehouse_type:
		return None
	types = [filters.warehouse_type] if filters.warehouse_type else list(AFTER_SALES_TYPES)
	return after_sales_warehouses(filters.company, types)


def get_data(filters) -> list[dict]:
	reorder = frappe.qb.DocType("Item Reorder")
	bin_ = frappe.qb.DocType("Bin")
	item = frappe.qb.DocType("Item")
	warehouse = frappe.qb.DocType("Warehouse")
	query = (
		frappe.qb.from_(reorder)
		.join(bin_)
		.on((bin_.item_code == reorder.parent) & (bin_.warehouse == reorder.warehouse))
		.join(item)
		.on(item.name == reorder.parent)
		.join(warehouse)
		.on(warehouse.name == reorder.warehouse)
		.select(
			reorder.parent.as_("item_code"),
			item.item_name,
			item.stock_uom,
			reorder.warehouse,
			warehouse.warehouse_type,
			bin_.actual_qty,
			reorder.zhira_max_qty.as_("max_qty"),
			bin_.valuation_rate,
			bin_.stock_value,
		)
		.where(
			(reorder.parenttype == "Item")
			& (reorder.zhira_max_qty > 0)
			& (bin_.actual_qty > reorder.zhira_max_qty)
		)
		.orderby(reorder.parent)
		.orderby(reorder.warehouse)
	)
	if filters.company:
		query = query.where(warehouse.company == filters.company)
	if filters.warehouse:
		lft, rgt = frappe.db.get_value("Warehouse", filters.warehouse, ["lft", "rgt"])
		query = query.where((warehouse.lft >= lft) & (warehouse.rgt <= rgt))
	if filters.item_code:
		query = query.where(reorder.parent == filters.item_code)
	if filters.item_group:
		query = query.where(item.item_group == filters.item_group)
	scope = warehouses_in_scope(filters)
	if scope is not None:
		if not scope:
			return []
		query = query.where(reorder.warehouse.isin(scope))
	rows = query.run(as_dict=True)
	for row in rows:
		row.excess_qty = flt(row.actual_qty) - flt(row.max_qty)
		row.excess_value = flt(row.excess_qty * flt(row.valuation_rate))
	return rows
