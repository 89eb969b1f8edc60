# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""What warranty repairs cost the company, per model (the invoice's Item), item group or Jalali
month: the Warranty Repair Service Invoices head office approved (and did not cancel) in the date
range, by their approval time.

- Invoices: the approved warranty repair invoices.
- Parts Qty, Parts Cost: the warranty parts the approvals issued from the agencies' consignment
  warehouses (their Material Issue), at ERPNext's valuation at the posting: the amount the
  approval debited to the warranty cost account. The invoice holds no price for a part, so the
  stock ledger is the cost. Lines head office voided were never issued; paid parts on a warranty
  invoice are billed to the agency (a Sales Invoice), not a warranty cost.
- Wages: the invoices' approved wages (the total of their service rows, which the approval
  posted to the agency's supplier account).
- Total Cost = Parts Cost + Wages; Cost per Invoice = Total Cost ÷ Invoices; Share of Cost % =
  the group's Total Cost ÷ the Total Cost of all groups.

The database adds up the invoices and the ledger rows per group (per day for Jalali months, whose
days are then added up per month here: a month is at most 31 rows). Head office (and Accounts
Manager) only."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Date, Sum

from zhira_after_sales.agency.report import management
from zhira_after_sales.utils.report_math import jalali_month, month_key, percent
from zhira_after_sales.utils.report_query import add_up, group_key, grouped, month_label

MODEL, ITEM_GROUP, MONTH = "Model", "Item Group", "Jalali Month"
GROUPS = (MODEL, ITEM_GROUP, MONTH)
WARRANTY_REPAIR = "Warranty Repair"
SUMS = ("invoices", "parts_qty", "parts_cost", "wages")


def execute(filters=None):
	management.require_head_office(money=True)
	filters = frappe._dict(filters or {})
	group_by = filters.group_by or MODEL
	if group_by not in GROUPS:
		frappe.throw(_("Group By: choose one of {0}.").format(", ".join(_(g) for g in GROUPS)))
	rows = get_rows(filters, group_by)
	currency = management.company_currency()
	# each invoice and each ledger row is in exactly one group
	total = finish(add_up(rows, SUMS))
	for row in rows:
		row.share = percent(row.total_cost, total.total_cost)
		row.currency = currency
	total.update(group_label=_("Total"), item_name=_("Total"), share=100 if total.total_cost else None)
	total.update(currency=currency, is_total=1)
	data = [*rows, total] if rows else []
	return get_columns(group_by), data, None, get_chart(rows, group_by), get_summary(total, currency)


def get_columns(group_by: str) -> list[dict]:
	if group_by == MODEL:
		columns = [
			{"fieldname": "item", "label": _("Model"), "fieldtype": "Link", "options": "Item", "width": 150},
			{"fieldname": "item_name", "label": _("Model Name"), "fieldtype": "Data", "width": 180},
			{
				"fieldname": "item_group",
				"label": _("Item Group"),
				"fieldtype": "Link",
				"options": "Item Group",
				"width": 140,
			},
		]
	else:
		columns = [{"fieldname": "group_label", "label": _(group_by), "fieldtype": "Data", "width": 180}]
	return [
		*columns,
		{"fieldname": "invoices", "label": _("Invoices"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "parts_qty",
			"label": _("Parts Qty"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
		management.money("parts_cost", _("Parts Cost")),
		management.money("wages", _("Wages")),
		management.money("total_cost", _("Total Cost")),
		management.money("cost_per_invoice", _("Cost per Invoice")),
		{
			"fieldname": "share",
			"label": _("Share of Cost %"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 140,
		},
		management.currency_column(),
	]


def warranty_invoices(filters):
	"""(invoice, item, query): the approved warranty repair invoices the filters choose, with
	their model's Item."""
	invoice, query = management.approved_invoices(filters, WARRANTY_REPAIR)
	item = frappe.qb.DocType("Item")
	query = query.left_join(item).on(item.name == invoice.item)
	if filters.item:
		query = query.where(invoice.item == filters.item)
	if filters.item_group:
		query = query.where(item.item_group.isin(management.item_groups(filters.item_group)))
	return invoice, item, query


def key_of(invoice, item, group_by: str):
	if group_by == MONTH:
		return Date(invoice.approved_on).as_("group_key")
	return group_key(invoice.item if group_by == MODEL else item.item_group)


def get_rows(filters, group_by: str) -> list[dict]:
	invoice, item, query = warranty_invoices(filters)
	key = key_of(invoice, item, group_by)
	counted = grouped(
		query.select(key, Count("*").as_("invoices"), Sum(invoice.total_wage).as_("wages")), key
	)
	invoice, item, query = warranty_invoices(filters)
	sle, query = management.posted_parts(invoice, query, management.WARRANTY)
	key = key_of(invoice, item, group_by)
	parts = grouped(
		query.select(
			key,
			Sum(sle.actual_qty * -1).as_("parts_qty"),
			Sum(sle.stock_value_difference * -1).as_("parts_cost"),
		),
		key,
	)
	groups: dict = {}
	for row in [*counted, *parts]:
		target = groups.setdefault(
			jalali_month(row.group_key) if group_by == MONTH else row.group_key, frappe._dict()
		)
		for field in SUMS:
			target[field] = (target.get(field) or 0) + (row.get(field) or 0)
	rows = [finish(row, key) for key, row in groups.items()]
	if group_by == MONTH:
		for row in rows:
			year, month = row.group_key
			row.group_key, row.group_label = month_key(year, month), month_label(year, month)
		return sorted(rows, key=lambda r: r.group_key)
	label(rows, group_by)
	# the costliest first; Not Set last
	rows.sort(key=lambda r: (r.group_key is None, -r.total_cost, r.group_key or ""))
	return rows


def finish(row, key=None):
	if key is not None or "group_key" not in row:
		row.group_key = key
	row.invoices = int(row.get("invoices") or 0)
	row.parts_qty = float(row.get("parts_qty") or 0)
	row.parts_cost = float(row.get("parts_cost") or 0)
	row.wages = float(row.get("wages") or 0)
	row.total_cost = row.parts_cost + row.wages
	row.cost_per_invoice = row.total_cost / row.invoices if row.invoices else None
	return row


def label(rows: list[dict], group_by: str):
	if group_by == MODEL:
		items = {
			i.name: i
			for i in frappe.get_all(
				"Item",
				filters={"name": ("in", [r.group_key for r in rows if r.group_key] or [""])},
				fields=["name", "item_name", "item_group"],
			)
		}
		for row in rows:
			found = items.get(row.group_key) or frappe._dict()
			row.item = row.group_key
			row.item_name = found.item_name or (None if row.group_key else _("Not Set"))
			row.item_group = found.item_group
			row.group_label = row.item_name or row.item
		return
	for row in rows:
		row.group_label = row.group_key or _("Not Set")


def get_chart(rows: list[dict], group_by: str) -> dict | None:
	if not rows:
		return None
	if group_by != MONTH:
		rows = rows[: management.CHART_GROUPS]  # the costliest
	return {
		"data": {
			"labels": [row.group_label for row in rows],
			"datasets": [
				{"name": _("Parts Cost"), "values": [round(row.parts_cost) for row in rows]},
				{"name": _("Wages"), "values": [round(row.wages) for row in rows]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#f79009", "#2490ef"],
		"fieldtype": "Currency",
		"axisOptions": {"xIsSeries": 1} if group_by == MONTH else {},
	}


def get_summary(total: dict, currency: str | None) -> list[dict]:
	def money(label, value, indicator):
		return {
			"label": label,
			"value": value,
			"datatype": "Currency",
			"currency": currency,
			"indicator": indicator,
		}

	return [
		{"label": _("Invoices"), "value": total.invoices, "datatype": "Int", "indicator": "Blue"},
		money(_("Parts Cost"), total.parts_cost, "Orange"),
		money(_("Wages"), total.wages, "Blue"),
		money(_("Total Cost"), total.total_cost, "Red"),
		money(_("Cost per Invoice"), total.cost_per_invoice, "Grey"),
	]
