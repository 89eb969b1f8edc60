"""What every report of the app shares, whatever module it is in: the date range the filters
ask for (the end exclusive), grouping by an expression (fast at a million rows), the total of
grouped rows and the Jalali month labels. Frappe's query builder only: no app DocType.

The arithmetic (percentages, Jalali month keys) is plain in `utils.report_math`."""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce
from frappe.utils import add_days, get_datetime, getdate

from zhira_after_sales.utils.jalali import MONTHS_EN

TOTAL = "total"


def date_range(filters) -> tuple:
	"""(start, end) datetimes of the filters' from_date and to_date, the end exclusive (the day
	after to_date at midnight) so every moment of to_date is in; None where a date is not set.
	A range that ends before it starts is refused."""
	start = get_datetime(getdate(filters.from_date)) if filters.get("from_date") else None
	end = get_datetime(add_days(getdate(filters.to_date), 1)) if filters.get("to_date") else None
	if start and end and end <= start:
		frappe.throw(_("To Date must not be before From Date."), title=_("Dates"))
	return start, end


def within(query, column, filters):
	"""`query` narrowed to rows whose `column` is in the filters' date range."""
	start, end = date_range(filters)
	if start:
		query = query.where(column >= start)
	if end:
		query = query.where(column < end)
	return query


def group_key(column):
	"""`column` as the GROUP BY key `group_key`, an expression rather than the bare column. Grouped
	by an indexed column, MariaDB walks that index over the whole table and fetches every row by
	its primary key (minutes at a million rows, whatever the date range); grouped by an expression
	it reads the date range, or the table once, and sorts (seconds). Empty and missing values are
	one group, Not Set."""
	return Coalesce(column, "").as_("group_key")


def grouped(query, key) -> list[dict]:
	"""Run `query` grouped by `key` (an aliased expression, as from `group_key`); a group's ''
	key (Not Set) comes back as None. (No WITH ROLLUP for the total: MariaDB then sorts every row
	rather than the groups, minutes for a million rows.)"""
	rows = query.groupby(key).run(as_dict=True)
	alias = key.alias
	for row in rows:
		row[alias] = row[alias] or None
	return rows


def add_up(rows: list[dict], fields) -> frappe._dict:
	"""The total of `fields` over `rows`, for groups each record is in exactly one of."""
	return frappe._dict({field: sum(row.get(field) or 0 for row in rows) for field in fields})


def month_label(year: int, month: int) -> str:
	"""'Azar 1405' in the user's language ('آذر 1405')."""
	return f"{_(MONTHS_EN[int(month) - 1])} {year}"
