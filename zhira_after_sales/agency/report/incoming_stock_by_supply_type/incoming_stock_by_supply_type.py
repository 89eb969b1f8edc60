# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Incoming stock by where it came from: quantity and value per supply type and item over a date
range, from the Stock Ledger Entries that add stock, joined to their voucher's Supply Type
(`zhira_supply_type` on Purchase Receipt and Stock Entry).

What counts as incoming: every Purchase Receipt (no supply type: Purchase), every Stock Entry
marked with a supply type (a Consignment Return is a transfer back from an agency: only its
receiving side counts), and Material Receipts without one ("Not Set"). Returns to supplier and
cancelled entries are left out."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, NullIf, Sum
from frappe.utils import getdate

NOT_SET = "Not Set"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns():
	return [
		{"fieldname": "supply_type", "label": _("Supply Type"), "fieldtype": "Data", "width": 150},
		{"fieldname": "item_code", "label": _("Item"), "fieldtype": "Link", "options": "Item", "width": 160},
		{"fieldname": "item_name", "label": _("Item Name"), "fieldtype": "Data", "width": 180},
		{"fieldname": "qty", "label": _("Qty"), "fieldtype": "Float", "width": 100},
		{"fieldname": "stock_uom", "label": _("UOM"), "fieldtype": "Link", "options": "UOM", "width": 80},
		{"fieldname": "value", "label": _("Value"), "fieldtype": "Currency", "width": 150},
		{"fieldname": "vouchers", "label": _("Vouchers"), "fieldtype": "Int", "width": 90},
	]


def get_data(filters) -> list[dict]:
	sle = frappe.qb.DocType("Stock Ledger Entry")
	se = frappe.qb.DocType("Stock Entry")
	pr = frappe.qb.DocType("Purchase Receipt")
	item = frappe.qb.DocType("Item")
	supply_type = Case()
	supply_type = supply_type.when(
		sle.voucher_type == "Purchase Receipt", Coalesce(NullIf(pr.zhira_supply_type, ""), "Purchase")
	)
	supply_type = supply_type.else_(Coalesce(NullIf(se.zhira_supply_type, ""), NOT_SET))

	is_pr = (sle.voucher_type == "Purchase Receipt") & (pr.is_return == 0)
	is_se = (sle.voucher_type == "Stock Entry") & (
		(Coalesce(se.zhira_supply_type, "") != "") | (se.purpose == "Material Receipt")
	)
	query = (
		frappe.qb.from_(sle)
		.left_join(pr)
		.on((sle.voucher_type == "Purchase Receipt") & (pr.name == sle.voucher_no))
		.left_join(se)
		.on((sle.voucher_type == "Stock Entry") & (se.name == sle.voucher_no))
		.join(item)
		.on(item.name == sle.item_code)
		.select(
			supply_type.as_("supply_type"),
			sle.item_code,
			item.item_name,
			item.stock_uom,
			Sum(sle.actual_qty).as_("qty"),
			Sum(sle.stock_value_difference).as_("value"),
			Count(sle.voucher_no).distinct().as_("vouchers"),
		)
		.where((sle.is_cancelled == 0) & (sle.actual_qty > 0) & (is_pr | is_se))
		.groupby(supply_type, sle.item_code, item.item_name, item.stock_uom)
		.orderby(supply_type)
		.orderby(sle.item_code)
	)
	if filters.company:
		query = query.where(sle.company == filters.company)
	if filters.from_date:
		query = query.where(sle.posting_date >= getdate(filters.from_date))
	if filters.to_date:
		query = query.where(sle.posting_date <= getdate(filters.to_date))
	if filters.item_code:
		query = query.where(sle.item_code == filters.item_code)
	if filters.warehouse:
		lft, rgt = frappe.db.get_value("Warehouse", filters.warehouse, ["lft", "rgt"])
		inside = frappe.get_all("Warehouse", {"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")
		query = query.where(sle.warehouse.isin(inside))
	rows = query.run(as_dict=True)
	if filters.supply_type:
		rows = [r for r in rows if r.supply_type == filters.supply_type]
	return rows
