# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The hot (defective, returnable) parts agencies have not sent back by their due date, as on a day
(today by default): Defective Part Returns still Awaiting Return, Short (part of it arrived) or
Rejected (what arrived was not the part), due before that day, and, unless left out, those already
Billed to the agency for not coming back. A received or voided return is not overdue.

Per agency and part, or per agency:

- Returns: the overdue returns; Qty Due: what did not come back (qty less the qty received).
- Oldest Due Date, Most Days Overdue (the day less the oldest due date) and Average Days Overdue.
- Billed: the returns billed to the agency; Charge Billed: what their Sales Invoices charge
  (the part's selling price, else its valuation).

Grouped "Return", it lists each overdue return, oldest first. The daily job bills an overdue return
after the grace days of After Sales Settings (when automatic billing is on); this report counts it
overdue from the day after its due date. Head office (and Accounts Manager) only."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Min, Sum
from frappe.utils import date_diff, getdate, today
from pypika.terms import Function

from zhira_after_sales.agency import hot_parts
from zhira_after_sales.agency.report import management
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.report_query import add_up

AGENCY_AND_PART, AGENCY, RETURN = "Agency and Part", "Agency", "Return"
GROUPS = (AGENCY_AND_PART, AGENCY, RETURN)
NOT_RETURNED = (hot_parts.AWAITING, hot_parts.SHORT, hot_parts.REJECTED)
SUMS = ("returns", "qty_due", "days_overdue", "billed", "charge_billed")


def execute(filters=None):
	management.require_head_office(money=True)
	filters = frappe._dict(filters or {})
	group_by = filters.group_by or AGENCY_AND_PART
	if group_by not in GROUPS:
		frappe.throw(_("Group By: choose one of {0}.").format(", ".join(_(g) for g in GROUPS)))
	on_date = getdate(filters.on_date or today())
	filters.include_billed = int(filters.include_billed if filters.include_billed is not None else 1)
	message = _("Overdue: not returned by the due date (due before {0}).").format(jalali.format_date(on_date))
	currency = management.company_currency()
	if group_by == RETURN:
		rows = get_returns(filters, on_date)
		for row in rows:
			row.currency = currency
		total = totals(rows, on_date, currency)
		return return_columns(), rows, message, get_chart(rows, RETURN), get_summary(total, currency)
	rows = get_groups(filters, on_date, group_by)
	for row in rows:
		row.currency = currency
	total = totals(rows, on_date, currency)
	data = [*rows, total] if rows else []
	return group_columns(group_by), data, message, get_chart(rows, group_by), get_summary(total, currency)


def agency_columns() -> list[dict]:
	return [
		{
			"fieldname": "agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 120,
		},
		{"fieldname": "agency_name", "label": _("Agency Name"), "fieldtype": "Data", "width": 170},
	]


def part_columns() -> list[dict]:
	return [
		{"fieldname": "item", "label": _("Part"), "fieldtype": "Link", "options": "Item", "width": 140},
		{"fieldname": "item_name", "label": _("Part Name"), "fieldtype": "Data", "width": 170},
	]


def group_columns(group_by: str) -> list[dict]:
	return [
		*agency_columns(),
		*(part_columns() if group_by == AGENCY_AND_PART else []),
		{"fieldname": "returns", "label": _("Returns"), "fieldtype": "Int", "width": 80},
		{"fieldname": "qty_due", "label": _("Qty Due"), "fieldtype": "Float", "precision": 2, "width": 90},
		{"fieldname": "oldest_due_date", "label": _("Oldest Due Date"), "fieldtype": "Date", "width": 120},
		{"fieldname": "most_days_overdue", "label": _("Most Days Overdue"), "fieldtype": "Int", "width": 130},
		{
			"fieldname": "average_days_overdue",
			"label": _("Average Days Overdue"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 140,
		},
		{"fieldname": "billed", "label": _("Billed"), "fieldtype": "Int", "width": 80},
		management.money("charge_billed", _("Charge Billed")),
		management.currency_column(),
	]


def return_columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Defective Part Return"),
			"fieldtype": "Link",
			"options": "Defective Part Return",
			"width": 130,
		},
		*agency_columns(),
		*part_columns(),
		{"fieldname": "qty_due", "label": _("Qty Due"), "fieldtype": "Float", "precision": 2, "width": 90},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 110},
		{"fieldname": "status_label", "label": _("Status"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "service_invoice",
			"label": _("Service Invoice"),
			"fieldtype": "Link",
			"options": "Service Invoice",
			"width": 140,
		},
		{"fieldname": "tracking_code", "label": _("Tracking Code"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "sales_invoice",
			"label": _("Sales Invoice"),
			**management.link("Sales Invoice"),
			"width": 140,
		},
		management.money("charge_billed", _("Charge Billed")),
		management.currency_column(),
	]


def overdue(filters, on_date):
	"""(Defective Part Return table, query) of the returns overdue on `on_date`."""
	ret = frappe.qb.DocType(hot_parts.DOCTYPE)
	statuses = [*NOT_RETURNED, hot_parts.BILLED] if filters.include_billed else list(NOT_RETURNED)
	query = frappe.qb.from_(ret).where(ret.status.isin(statuses) & (ret.due_date < on_date))
	if filters.agency:
		query = query.where(ret.agency == filters.agency)
	if filters.item:
		query = query.where(ret.item == filters.item)
	return ret, query


def measures(ret, on_date) -> tuple:
	return (
		Count("*").as_("returns"),
		Sum(ret.qty - Coalesce(ret.received_qty, 0)).as_("qty_due"),
		Min(ret.due_date).as_("oldest_due_date"),
		Sum(Function("DATEDIFF", on_date, ret.due_date)).as_("days_overdue"),
		Sum(Case().when(ret.status == hot_parts.BILLED, 1).else_(0)).as_("billed"),
		Sum(Coalesce(ret.charge_amount, 0)).as_("charge_billed"),
	)


def get_groups(filters, on_date, group_by: str) -> list[dict]:
	ret, query = overdue(filters, on_date)
	keys = [Coalesce(ret.agency, "").as_("agency")]
	if group_by == AGENCY_AND_PART:
		keys.append(Coalesce(ret.item, "").as_("item"))
	rows = query.select(*keys, *measures(ret, on_date)).groupby(*keys).run(as_dict=True)
	agencies = management.names_of("Service Agency", "agency_name", [r.agency for r in rows])
	items = management.names_of("Item", "item_name", [r.get("item") for r in rows])
	for row in rows:
		row.agency = row.agency or None
		row.agency_name = agencies.get(row.agency) or (None if row.agency else _("Not Set"))
		if group_by == AGENCY_AND_PART:
			row.item = row.item or None
			row.item_name = items.get(row.item) or row.item
		finish(row, on_date)
	# the longest overdue first
	rows.sort(key=lambda r: (-(r.most_days_overdue or 0), -r.returns, r.agency or "", r.get("item") or ""))
	return rows


def finish(row, on_date):
	row.returns = int(row.get("returns") or 0)
	row.billed = int(row.get("billed") or 0)
	row.days_overdue = int(row.get("days_overdue") or 0)
	row.qty_due = float(row.get("qty_due") or 0)
	row.charge_billed = float(row.get("charge_billed") or 0)
	row.most_days_overdue = date_diff(on_date, row.oldest_due_date) if row.get("oldest_due_date") else None
	row.average_days_overdue = round(row.days_overdue / row.returns, 1) if row.returns else None
	return row


def totals(rows: list[dict], on_date, currency) -> frappe._dict:
	total = add_up(rows, SUMS)
	if rows and "returns" not in rows[0]:  # one row per return
		total.returns = len(rows)
	total.oldest_due_date = min(
		(
			r.get("oldest_due_date") or r.get("due_date")
			for r in rows
			if r.get("oldest_due_date") or r.get("due_date")
		),
		default=None,
	)
	total = finish(total, on_date)
	total.update(agency_name=_("Total"), currency=currency, is_total=1)
	return total


def get_returns(filters, on_date) -> list[dict]:
	ret, query = overdue(filters, on_date)
	rows = (
		query.select(
			ret.name,
			ret.agency,
			ret.item,
			ret.item_name,
			ret.status,
			ret.due_date,
			(ret.qty - Coalesce(ret.received_qty, 0)).as_("qty_due"),
			Function("DATEDIFF", on_date, ret.due_date).as_("days_overdue"),
			ret.service_invoice,
			ret.tracking_code,
			ret.sales_invoice,
			Coalesce(ret.charge_amount, 0).as_("charge_billed"),
		)
		.orderby(ret.due_date)
		.orderby(ret.name)
		.run(as_dict=True)
	)
	agencies = management.names_of("Service Agency", "agency_name", [r.agency for r in rows])
	for row in rows:
		row.agency_name = agencies.get(row.agency)
		row.item_name = row.item_name or row.item
		row.status_label = _(row.status)
		row.billed = int(row.status == hot_parts.BILLED)
		row.qty_due = float(row.qty_due or 0)
		row.charge_billed = float(row.charge_billed or 0)
	return rows


def get_chart(rows: list[dict], group_by: str) -> dict | None:
	"""Per agency: the overdue returns not billed and those billed; the most first."""
	if not rows:
		return None
	bars: dict = {}
	for row in rows:
		bar = bars.setdefault(row.agency, frappe._dict(label=row.agency_name or row.agency, open=0, billed=0))
		returns = 1 if group_by == RETURN else row.returns
		bar.billed += row.billed
		bar.open += returns - row.billed
	bars = sorted(bars.values(), key=lambda b: -(b.open + b.billed))[: management.CHART_GROUPS]
	return {
		"data": {
			"labels": [bar.label or _("Not Set") for bar in bars],
			"datasets": [
				{"name": _("Not Billed"), "values": [bar.open for bar in bars]},
				{"name": _("Billed"), "values": [bar.billed for bar in bars]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#f04438", "#98a2b3"],
	}


def get_summary(total: dict, currency: str | None) -> list[dict]:
	return [
		{"label": _("Overdue Returns"), "value": total.returns, "datatype": "Int", "indicator": "Red"},
		{"label": _("Qty Due"), "value": total.qty_due, "datatype": "Float", "indicator": "Orange"},
		{
			"label": _("Most Days Overdue"),
			"value": total.most_days_overdue,
			"datatype": "Int",
			"indicator": "Red",
		},
		{
			"label": _("Not Billed"),
			"value": total.returns - total.billed,
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"label": _("Charge Billed"),
			"value": total.charge_billed,
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Blue",
		},
	]
