# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The parts agencies used on the Service Invoices head office approved (and did not cancel) in the
date range, by approval time, per agency and part, agency, part or Jalali month:

- Warranty Qty, Warranty Cost: the warranty parts the approvals issued from the agency's
  consignment warehouse (Material Issue), at ERPNext's valuation at the posting: the company's cost.
- Paid Qty, Paid Cost: the paid parts the approvals sold to the agency from its consignment
  warehouse (a Sales Invoice with stock), at the same valuation, so the two costs add up.
- Billed to Agency: what those Sales Invoices charge the agency for the paid parts (net of tax).
- Warranty Share %: Warranty Qty ÷ Total Qty.

Quantities and costs are the stock ledger rows the approvals posted (in the stock unit): lines head
office voided were never posted, and a cancelled invoice's postings are cancelled, so neither is
counted. Every invoice type counts (a paid repair's parts too); the Coverage filter narrows to one.

The database adds up the ledger rows per group (per day for Jalali months, added up per month
here). Head office (and Accounts Manager) only."""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Date, Sum

from zhira_after_sales.agency.report import management
from zhira_after_sales.utils.report_math import jalali_month, month_key, percent
from zhira_after_sales.utils.report_query import add_up, month_label

AGENCY_AND_PART, AGENCY, PART, MONTH = "Agency and Part", "Agency", "Part", "Jalali Month"
GROUPS = (AGENCY_AND_PART, AGENCY, PART, MONTH)
SUMS = ("warranty_qty", "warranty_cost", "paid_qty", "paid_cost", "billed")


def execute(filters=None):
	management.require_head_office(money=True)
	filters = frappe._dict(filters or {})
	group_by = filters.group_by or AGENCY_AND_PART
	if group_by not in GROUPS:
		frappe.throw(_("Group By: choose one of {0}.").format(", ".join(_(g) for g in GROUPS)))
	if filters.coverage and filters.coverage not in management.POSTINGS:
		frappe.throw(_("Coverage: choose Warranty or Paid."))
	rows = get_rows(filters, group_by)
	currency = management.company_currency()
	for row in rows:
		row.currency = currency
	# each ledger row is in exactly one group
	total = finish(add_up(rows, SUMS))
	total.update(group_label=_("Total"), agency_name=_("Total"), currency=currency, is_total=1)
	if group_by == PART:
		total.item_name = _("Total")
	data = [*rows, total] if rows else []
	return get_columns(group_by), data, None, get_chart(rows, group_by), get_summary(total, currency)


def get_columns(group_by: str) -> list[dict]:
	agency = [
		{
			"fieldname": "agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 120,
		},
		{"fieldname": "agency_name", "label": _("Agency Name"), "fieldtype": "Data", "width": 170},
	]
	part = [
		{"fieldname": "item", "label": _("Part"), "fieldtype": "Link", "options": "Item", "width": 140},
		{"fieldname": "item_name", "label": _("Part Name"), "fieldtype": "Data", "width": 170},
	]
	columns = {
		AGENCY_AND_PART: [*agency, *part],
		AGENCY: agency,
		PART: [
			*part,
			{
				"fieldname": "item_group",
				"label": _("Item Group"),
				"fieldtype": "Link",
				"options": "Item Group",
				"width": 130,
			},
		],
		MONTH: [{"fieldname": "group_label", "label": _(MONTH), "fieldtype": "Data", "width": 150}],
	}[group_by]
	return [
		*columns,
		qty("warranty_qty", _("Warranty Qty")),
		qty("paid_qty", _("Paid Qty")),
		qty("total_qty", _("Total Qty")),
		management.money("warranty_cost", _("Warranty Cost")),
		management.money("paid_cost", _("Paid Cost")),
		management.money("total_cost", _("Total Cost")),
		management.money("billed", _("Billed to Agency")),
		{
			"fieldname": "warranty_share",
			"label": _("Warranty Share %"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 130,
		},
		management.currency_column(),
	]


def qty(fieldname: str, label: str) -> dict:
	return {"fieldname": fieldname, "label": label, "fieldtype": "Float", "precision": 2, "width": 110}


def keys_of(invoice, part, group_by: str) -> list:
	"""The GROUP BY expressions (expressions, not bare indexed columns: see report_query.group_key)."""
	agency = Coalesce(invoice.agency, "").as_("agency_key")
	item = Coalesce(part, "").as_("part_key")
	return {
		AGENCY_AND_PART: [agency, item],
		AGENCY: [agency],
		PART: [item],
		MONTH: [Date(invoice.approved_on).as_("day_key")],
	}[group_by]


def narrowed(query, part, filters):
	if filters.item:
		query = query.where(part == filters.item)
	if filters.item_group:
		query = query.where(part.isin(management.items_in_groups(filters.item_group)))
	return query


def posted(filters, coverage: str, group_by: str) -> list[dict]:
	"""Quantity and cost of the `coverage` parts posted, per group."""
	invoice, query = management.approved_invoices(filters)
	sle, query = management.posted_parts(invoice, query, coverage)
	query = narrowed(query, sle.item_code, filters)
	keys = keys_of(invoice, sle.item_code, group_by)
	prefix = "warranty" if coverage == management.WARRANTY else "paid"
	return (
		query.select(
			*keys,
			Sum(sle.actual_qty * -1).as_(f"{prefix}_qty"),
			Sum(sle.stock_value_difference * -1).as_(f"{prefix}_cost"),
		)
		.groupby(*keys)
		.run(as_dict=True)
	)


def billed(filters, group_by: str) -> list[dict]:
	"""What the approvals' Sales Invoices charge the agency for the paid parts, per group."""
	invoice, query = management.approved_invoices(filters)
	line = frappe.qb.DocType("Sales Invoice Item")
	query = query.join(line).on((line.parent == invoice.sales_invoice) & (line.docstatus == 1))
	query = narrowed(query, line.item_code, filters)
	keys = keys_of(invoice, line.item_code, group_by)
	return query.select(*keys, Sum(line.base_net_amount).as_("billed")).groupby(*keys).run(as_dict=True)


def get_rows(filters, group_by: str) -> list[dict]:
	found = []
	if filters.coverage != management.PAID:
		found += posted(filters, management.WARRANTY, group_by)
	if filters.coverage != management.WARRANTY:
		found += posted(filters, management.PAID, group_by) + billed(filters, group_by)
	groups: dict = {}
	for row in found:
		if group_by == MONTH:
			key = jalali_month(row.day_key)
		else:
			key = (row.get("agency_key") or None, row.get("part_key") or None)
		target = groups.setdefault(key, frappe._dict())
		for field in SUMS:
			target[field] = (target.get(field) or 0) + (row.get(field) or 0)
	rows = []
	for key, row in groups.items():
		if group_by == MONTH:
			year, month = key
			row.update(group_key=month_key(year, month), group_label=month_label(year, month))
		else:
			row.update(agency=key[0], item=key[1])
		rows.append(finish(row))
	if group_by == MONTH:
		return sorted(rows, key=lambda r: r.group_key)
	label(rows, group_by)
	if group_by == AGENCY_AND_PART:
		rows.sort(key=lambda r: (r.agency is None, r.agency or "", -r.total_cost, r.item or ""))
	else:
		rows.sort(key=lambda r: (r.agency is None and r.item is None, -r.total_cost, -r.total_qty))
	return rows


def finish(row):
	for field in SUMS:
		row[field] = float(row.get(field) or 0)
	row.total_qty = row.warranty_qty + row.paid_qty
	row.total_cost = row.warranty_cost + row.paid_cost
	row.warranty_share = percent(row.warranty_qty, row.total_qty)
	return row


def label(rows: list[dict], group_by: str):
	agencies = management.names_of("Service Agency", "agency_name", [r.agency for r in rows])
	items = {
		i.name: i
		for i in frappe.get_all(
			"Item",
			filters={"name": ("in", [r.item for r in rows if r.item] or [""])},
			fields=["name", "item_name", "item_group"],
		)
	}
	for row in rows:
		if group_by != PART:
			row.agency_name = agencies.get(row.agency) or (None if row.agency else _("Not Set"))
		if group_by != AGENCY:
			found = items.get(row.item) or frappe._dict()
			row.item_name, row.item_group = found.item_name or row.item, found.item_group


def get_chart(rows: list[dict], group_by: str) -> dict | None:
	if not rows:
		return None
	if group_by == MONTH:
		bars = rows
	else:
		# one bar per agency (the agency's parts added up), or per part; the costliest
		by = "item" if group_by == PART else "agency"
		name = "item_name" if group_by == PART else "agency_name"
		bars: dict = {}
		for row in rows:
			bar = bars.setdefault(
				row[by], frappe._dict(group_label=row.get(name) or row[by], warranty_cost=0, paid_cost=0)
			)
			bar.warranty_cost += row.warranty_cost
			bar.paid_cost += row.paid_cost
		bars = sorted(bars.values(), key=lambda b: -(b.warranty_cost + b.paid_cost))[
			: management.CHART_GROUPS
		]
	return {
		"data": {
			"labels": [bar.group_label or _("Not Set") for bar in bars],
			"datasets": [
				# short names: the legend cuts long ones, and both would read "cost of ..."
				{"name": _("Warranty"), "values": [round(bar.warranty_cost) for bar in bars]},
				{"name": _("Paid"), "values": [round(bar.paid_cost) for bar in bars]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#f79009", "#12b76a"],
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
		{"label": _("Warranty Qty"), "value": total.warranty_qty, "datatype": "Float", "indicator": "Orange"},
		{"label": _("Paid Qty"), "value": total.paid_qty, "datatype": "Float", "indicator": "Green"},
		money(_("Warranty Cost"), total.warranty_cost, "Orange"),
		money(_("Paid Cost"), total.paid_cost, "Green"),
		money(_("Billed to Agency"), total.billed, "Blue"),
	]
