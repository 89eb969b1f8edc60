# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Which defects a model (Item) or an item group suffers most: a Pareto table. Head office only.

- Count: the defects declared on the receptions received in the date range, one per device and
  defect code (the reception's Defects rows), for the chosen model, or for the models of the
  chosen item group and the groups under it (every model when neither is chosen). Cancelled
  receptions are left out.
- %: the defect's share of all the counted defects; Cumulative %: the shares of this defect and of
  every defect above it. Defects are sorted by count, most first (equal counts by code).
- Vital Few: the defects that make up the first 80% of the count: every row whose cumulative % is
  at most 80, and the row that crosses 80.

The database counts the defect rows per defect code; the shares are worked out here over the
codes (a few hundred at most)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count

from zhira_after_sales.service_desk.report import management_reports as reports
from zhira_after_sales.utils import report_math, report_query

VITAL_SHARE = 80
CHART_DEFECTS = 20


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	rows = pareto(counted(filters))
	total = frappe._dict(
		defect_name=_("Total"),
		is_total=1,
		count=sum(row["count"] for row in rows),
		percent=100.0 if rows else None,
	)
	data = [*rows, total] if rows else []
	return get_columns(), data, None, get_chart(rows), get_summary(rows, total)


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "defect_code",
			"label": _("Defect Code"),
			"fieldtype": "Link",
			"options": "Defect Code",
			"width": 160,
		},
		{"fieldname": "defect_name", "label": _("Defect Name"), "fieldtype": "Data", "width": 240},
		{"fieldname": "count", "label": _("Count"), "fieldtype": "Int", "width": 100},
		{"fieldname": "percent", "label": _("Share %"), "fieldtype": "Percent", "precision": 1, "width": 100},
		{
			"fieldname": "cumulative_percent",
			"label": _("Cumulative %"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 130,
		},
		{"fieldname": "vital_few", "label": _("Vital Few"), "fieldtype": "Data", "width": 100},
	]


def counted(filters) -> list[dict]:
	"""[{defect_code, count}] of the defect rows the filters choose."""
	defect = frappe.qb.DocType("Service Reception Defect")
	reception = frappe.qb.DocType("Service Reception")
	query = (
		frappe.qb.from_(defect)
		.join(reception)
		.on(
			(reception.name == defect.parent)
			& (defect.parenttype == "Service Reception")
			& (defect.parentfield == "defects")
		)
		.where(reception.status.notin(reports.cancelled_statuses()))
	)
	query = report_query.within(query, reception.received_on, filters)
	if filters.item:
		query = query.where(defect.item == filters.item)
	elif filters.item_group:
		query = query.where(defect.item_group.isin(reports.item_groups(filters.item_group)))
	key = report_query.group_key(defect.defect_code)
	return report_query.grouped(query.select(key, Count("*").as_("count")), key)


def pareto(counts: list[dict]) -> list[dict]:
	"""The rows sorted by count with their shares, cumulative shares and the vital few flag."""
	counts = sorted(counts, key=lambda r: (-r["count"], r["group_key"] or ""))
	whole = sum(int(r["count"]) for r in counts)
	names = reports.record_names("Defect Code", "defect_name", [r["group_key"] for r in counts])
	rows, before = [], 0
	for r in counts:
		count = int(r["count"])
		rows.append(
			frappe._dict(
				defect_code=r["group_key"],
				defect_name=names.get(r["group_key"]) or (None if r["group_key"] else _("Not Set")),
				count=count,
				percent=report_math.percent(count, whole),
				cumulative_percent=report_math.percent(before + count, whole),
				# the rows up to 80% and the one that crosses it: those that start below 80%
				vital_few=_("Yes") if before * 100 < VITAL_SHARE * whole else "",
			)
		)
		before += count
	return rows


def get_chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	rows = rows[:CHART_DEFECTS]
	return {
		"data": {
			"labels": [row.defect_name or row.defect_code for row in rows],
			"datasets": [{"name": _("Count"), "values": [row["count"] for row in rows]}],
		},
		"type": "bar",
		"colors": ["#f04438"],
		"fieldtype": "Int",
	}


def get_summary(rows: list[dict], total: dict) -> list[dict]:
	vital = [row for row in rows if row.vital_few]
	vital_count = sum(row["count"] for row in vital)
	share = report_math.percent(vital_count, total["count"])
	return [
		{"label": _("Defects"), "value": total["count"], "datatype": "Int", "indicator": "Blue"},
		{"label": _("Defect Codes"), "value": len(rows), "datatype": "Int", "indicator": "Blue"},
		{"label": _("Vital Few"), "value": len(vital), "datatype": "Int", "indicator": "Red"},
		{
			"label": _("Share of the Vital Few"),
			"value": round(share, 1) if share is not None else None,
			"datatype": "Percent",
			"indicator": "Red",
		},
	]
