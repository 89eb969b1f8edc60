"""Figures of receptions for the desk's workspace charts."""

import frappe
from frappe import _


def open_by_status() -> dict:
	"""The open receptions (no closed date) the user may read, counted per current status, most
	first: a Dashboard Chart's labels and one dataset. (Frappe's own Group By chart cannot say
	"closed date not set": it drops the empty-value handling that filter needs.)"""
	rows = frappe.get_list(
		"Service Reception",
		fields=["status", "count(*) as count"],
		filters={"closed_on": ("is", "not set")},
		group_by="status",
		order_by="count desc",
	)
	return {
		"labels": [row.status or _("Not Set") for row in rows],
		"datasets": [{"name": _("Open Receptions"), "values": [row.count for row in rows]}],
	}
