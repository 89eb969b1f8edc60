"""What the Service Desk management reports share (Turnaround Time by Agency, First-Time Fix and
Repeat Visits, Defect Pareto per Model):

    require_head_office()        the reports are head office's: an agency or a technician is refused
    completed_statuses()         the Service Statuses of the Completed category: a reception in one is done
    cancelled_statuses()         those of the Cancelled category
    item_groups(item_group)      the group and the groups under it
    record_names(...)            {name: title} of the records a report's groups name
    SecondsBetween(start, end)   TIMESTAMPDIFF(SECOND, start, end) in the database
    days(seconds)                seconds as days, rounded to a tenth

A reception is done when its status is of the Completed category (its closed_on is then the moment
it got there); a cancelled reception is closed too, but nothing was done for it."""

import frappe
from frappe import _
from pypika.functions import Function
from pypika.terms import LiteralValue

from zhira_after_sales import access
from zhira_after_sales.consts import CANCELLED_CATEGORY

COMPLETED_CATEGORY = "Completed"
SECONDS_A_DAY = 86400


def require_head_office():
	access.require_head_office(_("Only head office reads the Service Desk management reports."))


def statuses_of(category: str) -> list[str]:
	"""Every Service Status of `category` (an inactive one still marks old receptions); never empty,
	so an IN condition stays valid SQL."""
	return frappe.get_all("Service Status", {"category": category}, pluck="name") or [""]


def completed_statuses() -> list[str]:
	return statuses_of(COMPLETED_CATEGORY)


def cancelled_statuses() -> list[str]:
	return statuses_of(CANCELLED_CATEGORY)


def item_groups(item_group: str) -> list[str]:
	"""The item group and the groups under it."""
	lft, rgt = frappe.db.get_value("Item Group", item_group, ["lft", "rgt"]) or (None, None)
	if lft is None:
		return [item_group]
	return frappe.get_all("Item Group", {"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")


def record_names(doctype: str, fieldname: str, values) -> dict:
	values = [value for value in values if value]
	if not values:
		return {}
	return dict(
		frappe.get_all(doctype, filters={"name": ("in", values)}, fields=["name", fieldname], as_list=1)
	)


class SecondsBetween(Function):
	"""The seconds from `start` to `end` (NULL when either is)."""

	def __init__(self, start, end, alias=None):
		super().__init__("TIMESTAMPDIFF", LiteralValue("SECOND"), start, end, alias=alias)


def days(seconds: float | None, count: int | None = 1) -> float | None:
	"""`seconds` (a sum over `count` receptions) as days per reception, to a tenth; None without any."""
	if seconds is None or not count:
		return None
	return round(float(seconds) / count / SECONDS_A_DAY, 1)
