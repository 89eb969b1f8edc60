"""The periodic service figures of the desk's number cards (head office, who reads the plans)."""

import frappe

from zhira_after_sales.api.gate import requires
from zhira_after_sales.service_desk import periodic_reports


@frappe.whitelist()
@requires("Periodic Service Plan", "read")
@frappe.read_only()  # a count over many rows; a replica's few seconds behind do not matter
def due_today(filters: str | dict | None = None) -> dict:
	"""Number Card "Periodic Services Due Today": the visits of active plans due today and not
	finished; the card opens Periodic Services Due for today."""
	return {"value": periodic_reports.due_today(), "fieldtype": "Int", **periodic_reports.today_route()}
