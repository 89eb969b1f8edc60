# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""What each agency holds in its consignment warehouse, per item: quantity and stock value (from
ERPNext's Bin), valuation rate, age and last movement (from the Stock Ledger Entries).

Age is FIFO: the days since the oldest inward movement into the agency's warehouse that later
outward movements (warranty issues, sales, transfers out) have not yet consumed, consuming
inwards oldest first, as ERPNext's Stock Ageing does. Cancelled ledger entries are ignored. Each
row's age falls in a bucket (0-30, 31-90, 91-180 or over 180 days), which the Age filter chooses.

An agency's own user sees only its agency (asking for another is refused); head office sees all,
or the agency and item group it filters on."""

from collections import defaultdict, deque

import frappe
from frappe import _
from frappe.utils import date_diff, flt, getdate, today

from zhira_after_sales.access import is_restricted, user_agency

# (the oldest age in days it holds, the bucket) in order; the last holds every older age
AGE_BUCKETS = ((30, "0-30 Days"), (90, "31-90 Days"), (180, "91-180 Days"), (None, "Over 180 Days"))


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "agency",
			"label": _("Service Agency"),
			"fieldtype": "Link",
			"options": "Service Agency",
			"width": 110,
		},
		{"fieldname": "agency_name", "label": _("Agency Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "warehouse", "label": _("Warehouse"), **link("Warehouse"), "width": 170},
		{"fieldname": "item_code", "label": _("Item"), **link("Item"), "width": 150},
		{"fieldname": "item_name", "label": _("Item Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "item_group", "label": _("Item Group"), **link("Item Group"), "width": 130},
		{"fieldname": "qty", "label": _("Quantity"), "fieldtype": "Float", "width": 90},
		{"fieldname": "stock_uom", "label": _("UOM"), "fieldtype": "Data", "width": 70},
		{
			"fieldname": "valuation_rate",
			"label": _("Valuation Rate"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 130,
		},
		{
			"fieldname": "stock_value",
			"label": _("Stock Value"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 140,
		},
		{"fieldname": "age_days", "label": _("Age (Days)"), "fieldtype": "Int", "width": 90},
		{"fieldname": "age_bucket", "label": _("Age"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "oldest_inward",
			"label": _("Oldest Unconsumed Inward"),
			"fieldtype": "Date",
			"width": 130,
		},
		{"fieldname": "last_movement", "label": _("Last Movement"), "fieldtype": "Date", "width": 120},
		{
			"fieldname": "currency",
			"label": _("Currency"),
			"fieldtype": "Data",
			"hidden": 1,
		},
	]


def link(doctype: str) -> dict:
	"""A Link column if the user may read `doctype`, else plain text: Frappe matches every row of
	a report against the user's read permission of each linked DocType, and an agency's user
	cannot read Warehouse or Item Group."""
	if frappe.has_permission(doctype, "read"):
		return {"fieldtype": "Link", "options": doctype}
	return {"fieldtype": "Data"}


def allowed_agencies(agency: str | None, user: str | None = None) -> dict | None:
	"""{"name": ...} filters for the agencies `user` may see; an agency user only its own."""
	user = user or frappe.session.user
	if is_restricted(user):
		own = user_agency(user)
		if not own or (agency and agency != own):
			frappe.throw(
				_("You may only see the consignment stock of your own agency."), frappe.PermissionError
			)
		return {"name": own}
	return {"name": agency} if agency else {}


def get_data(filters) -> list[dict]:
	agencies = frappe.get_all(
		"Service Agency",
		filters={**allowed_agencies(filters.agency), "consignment_warehouse": ("is", "set")},
		fields=["name", "agency_name", "consignment_warehouse", "company"],
		order_by="name",
	)
	by_warehouse = {a.consignment_warehouse: a for a in agencies}
	if not by_warehouse:
		return []
	bins = frappe.db.sql(
		f"""select bin.item_code, bin.warehouse, bin.actual_qty, bin.stock_value, bin.valuation_rate,
			item.item_name, item.item_group, item.stock_uom
		from `tabBin` bin join `tabItem` item on item.name = bin.item_code
		where bin.warehouse in %(warehouses)s and (bin.actual_qty != 0 or bin.stock_value != 0)
		{item_group_condition(filters.item_group)}
		order by bin.warehouse, bin.item_code""",
		{"warehouses": tuple(by_warehouse)},
		as_dict=True,
	)
	ages = fifo_ages(by_warehouse, {b.item_code for b in bins})
	rows = []
	for b in bins:
		agency = by_warehouse[b.warehouse]
		oldest, last = ages.get((b.item_code, b.warehouse), (None, None))
		age = date_diff(today(), oldest) if oldest else None
		bucket = age_bucket(age)
		if filters.age_bucket and bucket != filters.age_bucket:
			continue
		rows.append(
			{
				"agency": agency.name,
				"agency_name": agency.agency_name,
				"warehouse": b.warehouse,
				"item_code": b.item_code,
				"item_name": b.item_name,
				"item_group": b.item_group,
				"qty": flt(b.actual_qty),
				"stock_uom": b.stock_uom,
				"valuation_rate": flt(b.valuation_rate),
				"stock_value": flt(b.stock_value),
				"age_days": age,
				"age_bucket": _(bucket) if bucket else None,
				"oldest_inward": oldest,
				"last_movement": last,
				"currency": frappe.get_cached_value("Company", agency.company, "default_currency")
				if agency.company
				else None,
			}
		)
	return rows


def age_bucket(age_days: int | None) -> str | None:
	"""The bucket ('0-30 Days' ...) of an age in days; None without an age."""
	if age_days is None:
		return None
	return next(bucket for limit, bucket in AGE_BUCKETS if limit is None or age_days <= limit)


def item_group_condition(item_group: str | None) -> str:
	if not item_group:
		return ""
	lft, rgt = frappe.db.get_value("Item Group", item_group, ["lft", "rgt"]) or (0, 0)
	return f"""and item.item_group in (select name from `tabItem Group`
		where lft >= {int(lft)} and rgt <= {int(rgt)})"""


def fifo_ages(warehouses, items) -> dict:
	"""{(item, warehouse): (oldest unconsumed inward date, last movement date)}."""
	if not items:
		return {}
	entries = frappe.db.sql(
		"""select item_code, warehouse, posting_date, actual_qty
		from `tabStock Ledger Entry`
		where is_cancelled = 0 and warehouse in %(warehouses)s and item_code in %(items)s
		order by posting_date, posting_time, creation""",
		{"warehouses": tuple(warehouses), "items": tuple(items)},
		as_dict=True,
	)
	queues, last = defaultdict(deque), {}
	for e in entries:
		key, qty = (e.item_code, e.warehouse), flt(e.actual_qty)
		last[key] = getdate(e.posting_date)
		queue = queues[key]
		if qty > 0:
			queue.append([getdate(e.posting_date), qty])
			continue
		out = -qty
		while out > 0 and queue:
			if queue[0][1] > out:
				queue[0][1] -= out
				out = 0
			else:
				out -= queue.popleft()[1]
	return {key: (queues[key][0][0] if queues[key] else None, last[key]) for key in last}
