# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""How the outbound SMS stored in a date range (by the time each was stored) fared, per gateway,
Jalali month or event:

- Messages: the outbound SMS Messages.
- Queued: still waiting to go out (Queued, or Sending when the report ran).
- Sent: accepted by the gateway (it has a sent time: now Sent, Delivered, or Failed afterwards).
- Sent (Tracked): of those, the ones sent through a gateway that tracks delivery (SMS Gateway's
  Track Delivery, as it is set now): only these can ever be reported delivered.
- Delivered: the gateway reported it delivered to the phone.
- Awaiting Report: sent, with no delivery report yet (a gateway that does not track delivery
  leaves every message here).
- Failed: refused by the gateway, failed after the retries, or reported not delivered.
- Unknown: a stopped send whose fate the gateway could not tell.
- Delivery % = Delivered ÷ Sent (Tracked), empty where no message went through a gateway that
  tracks delivery; Failure % = Failed ÷ Messages.

The database counts the messages per group (per day for Jalali months, whose days are then added
up per month here). Head office only."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Date, Sum

from zhira_after_sales import access
from zhira_after_sales.utils.report_math import jalali_month, month_key, percent
from zhira_after_sales.utils.report_query import add_up, group_key, grouped, month_label, within

GATEWAY, MONTH, EVENT = "Gateway", "Jalali Month", "Event"
GROUPS = (GATEWAY, MONTH, EVENT)
# column -> the statuses it counts
STATUSES = {
	"queued": ("Queued", "Sending"),
	"delivered": ("Delivered",),
	"awaiting_report": ("Sent",),
	"failed": ("Failed",),
	"unknown": ("Unknown",),
}
SUMS = ("messages", "sent", "sent_tracked", *STATUSES)
CHART_GROUPS = 20


def require_head_office():
	access.require_head_office(_("Only head office reads the SMS reports."))


def execute(filters=None):
	require_head_office()
	filters = frappe._dict(filters or {})
	group_by = filters.group_by or GATEWAY
	if group_by not in GROUPS:
		frappe.throw(_("Group By: choose one of {0}.").format(", ".join(_(g) for g in GROUPS)))
	rows = by_month(filters) if group_by == MONTH else by_field(filters, group_by)
	# each message is in exactly one group
	total = finish(add_up(rows, SUMS))
	total.update(group_label=_("Total"), is_total=1)
	data = [*rows, total] if rows else []
	return get_columns(group_by), data, None, get_chart(rows, group_by), get_summary(total)


def get_columns(group_by: str) -> list[dict]:
	columns = [{"fieldname": "group_label", "label": _(group_by), "fieldtype": "Data", "width": 190}]
	if group_by == GATEWAY:
		columns += [
			{
				"fieldname": "gateway",
				"label": _("SMS Gateway"),
				"fieldtype": "Link",
				"options": "SMS Gateway",
				"hidden": 1,
			},
			{"fieldname": "provider", "label": _("Provider"), "fieldtype": "Data", "width": 130},
			{
				"fieldname": "track_delivery",
				"label": _("Tracks Delivery"),
				"fieldtype": "Check",
				"width": 110,
			},
		]

	def count(fieldname, label, width=90):
		return {"fieldname": fieldname, "label": label, "fieldtype": "Int", "width": width}

	def share(fieldname, label):
		return {"fieldname": fieldname, "label": label, "fieldtype": "Percent", "precision": 1, "width": 110}

	return [
		*columns,
		count("messages", _("Messages")),
		count("queued", _("Queued")),
		count("sent", _("Sent")),
		count("sent_tracked", _("Sent (Tracked)"), 120),
		count("delivered", _("Delivered")),
		count("awaiting_report", _("Awaiting Report"), 120),
		count("failed", _("Failed")),
		count("unknown", _("Unknown")),
		share("delivery_percent", _("Delivery %")),
		share("failure_percent", _("Failure %")),
	]


def outbound(filters):
	"""(SMS Message, SMS Gateway, query) of the outbound messages the filters choose, each with its
	gateway (the gateways are few: a lookup by primary key)."""
	message = frappe.qb.DocType("SMS Message")
	gateway = frappe.qb.DocType("SMS Gateway")
	query = (
		frappe.qb.from_(message)
		.left_join(gateway)
		.on(gateway.name == message.gateway)
		.where(message.direction == "Out")
	)
	query = within(query, message.creation, filters)
	if filters.gateway:
		query = query.where(message.gateway == filters.gateway)
	if filters.event:
		query = query.where(message.event == filters.event)
	return message, gateway, query


def measures(message, gateway) -> list:
	counts = [
		Sum(Case().when(message.status.isin(statuses), 1).else_(0)).as_(fieldname)
		for fieldname, statuses in STATUSES.items()
	]
	tracked = Case().when(message.sent_on.isnotnull() & (gateway.track_delivery == 1), 1).else_(0)
	return [
		Count("*").as_("messages"),
		Count(message.sent_on).as_("sent"),
		Sum(tracked).as_("sent_tracked"),
		*counts,
	]


def finish(row):
	for field in SUMS:
		row[field] = int(row.get(field) or 0)
	row.delivery_percent = percent(row.delivered, row.sent_tracked)
	row.failure_percent = percent(row.failed, row.messages)
	return row


def by_field(filters, group_by: str) -> list[dict]:
	message, gateway, query = outbound(filters)
	key = group_key(message.gateway if group_by == GATEWAY else message.event)
	rows = grouped(query.select(key, *measures(message, gateway)), key)
	gateways = gateway_details([row.group_key for row in rows]) if group_by == GATEWAY else {}
	for row in rows:
		finish(row)
		if group_by == GATEWAY:
			details = gateways.get(row.group_key) or frappe._dict()
			row.update(
				gateway=row.group_key, provider=details.provider, track_delivery=details.track_delivery
			)
			row.group_label = row.group_key or _("Not Set")
		else:
			row.group_label = _(row.group_key) if row.group_key else _("Not Set")
	# the most messages first; Not Set last
	rows.sort(key=lambda r: (r.group_key is None, -r.messages, r.group_label))
	return rows


def by_month(filters) -> list[dict]:
	"""Counted per day in the database, the days added up per Jalali month here."""
	message, gateway, query = outbound(filters)
	day = Date(message.creation).as_("day")
	months: dict = {}
	for row in grouped(query.select(day, *measures(message, gateway)), day):
		month = months.setdefault(jalali_month(row.day), frappe._dict())
		for field in SUMS:
			month[field] = (month.get(field) or 0) + (row.get(field) or 0)
	rows = []
	for (year, number), month in sorted(months.items()):
		month.update(group_key=month_key(year, number), group_label=month_label(year, number))
		rows.append(finish(month))
	return rows


def gateway_details(names: list) -> dict:
	names = [n for n in names if n]
	if not names:
		return {}
	return {
		g.name: g
		for g in frappe.get_all(
			"SMS Gateway", filters={"name": ("in", names)}, fields=["name", "provider", "track_delivery"]
		)
	}


def get_chart(rows: list[dict], group_by: str) -> dict | None:
	if not rows:
		return None
	if group_by != MONTH:
		rows = rows[:CHART_GROUPS]  # the busiest
	return {
		"data": {
			"labels": [row.group_label for row in rows],
			"datasets": [
				{"name": _("Delivery %"), "values": [round(row.delivery_percent or 0, 1) for row in rows]},
				{"name": _("Failure %"), "values": [round(row.failure_percent or 0, 1) for row in rows]},
			],
		},
		"type": "line" if group_by == MONTH else "bar",
		"colors": ["#12b76a", "#f04438"],
		"fieldtype": "Percent",
		"axisOptions": {"xIsSeries": 1} if group_by == MONTH else {},
	}


def get_summary(total: dict) -> list[dict]:
	def pct(value):
		return round(value, 1) if value is not None else None

	return [
		{"label": _("Messages"), "value": total.messages, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Delivered"), "value": total.delivered, "datatype": "Int", "indicator": "Green"},
		{"label": _("Failed"), "value": total.failed, "datatype": "Int", "indicator": "Red"},
		{
			"label": _("Delivery %"),
			"value": pct(total.delivery_percent),
			"datatype": "Percent",
			"indicator": "Green",
		},
		{
			"label": _("Failure %"),
			"value": pct(total.failure_percent),
			"datatype": "Percent",
			"indicator": "Red",
		},
	]
