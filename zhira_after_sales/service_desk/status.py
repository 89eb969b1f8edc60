"""Service statuses of a reception: the one rule (only transitions a status allows), and the log.

Statuses are base data (Service Status): names, categories and `allowed_next` are the user's, not
the code's. Every change, from any source, goes through `move()` and leaves a Status Log row.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from zhira_after_sales.after_sales_setup.doctype.service_status.service_status import get_initial_status
from zhira_after_sales.consts import CLOSED_CATEGORIES
from zhira_after_sales.exceptions import StatusTransitionError

SOURCES = ("desk", "portal", "app", "sms", "customer", "system")
SETTINGS = "After Sales Settings"


# Statuses and the settings are base data read by every save of a reception: they are read from
# Frappe's document cache, which Frappe empties for a record when it is saved, renamed or deleted
# (and for the settings also on frappe.db.set_single_value).


def setting(fieldname: str):
	"""A field of After Sales Settings."""
	return frappe.get_cached_doc(SETTINGS).get(fieldname)


def initial_status() -> str | None:
	"""get_initial_status(), with the settings read from the cache."""
	return setting("default_service_status") or get_initial_status()


def status_exists(status: str | None) -> bool:
	return bool(status) and bool(frappe.get_cached_value("Service Status", status, "name"))


def allowed_next(status: str | None) -> list[str]:
	"""The statuses `status` may move to, in the order they are listed on it."""
	if not status_exists(status):
		return []
	return [row.status for row in frappe.get_cached_doc("Service Status", status).allowed_next]


def category_of(status: str | None) -> str | None:
	return frappe.get_cached_value("Service Status", status, "category") if status else None


def check_transition(current: str | None, target: str):
	if not status_exists(target):
		frappe.throw(_("Status {0} does not exist.").format(frappe.bold(target)), exc=StatusTransitionError)
	if not frappe.get_cached_value("Service Status", target, "is_active"):
		frappe.throw(_("Status {0} is inactive.").format(frappe.bold(target)), exc=StatusTransitionError)
	if current and target not in allowed_next(current):
		allowed = ", ".join(allowed_next(current)) or _("none")
		frappe.throw(
			_("A reception in status {0} cannot move to {1}. Allowed next statuses: {2}.").format(
				frappe.bold(current), frappe.bold(target), allowed
			),
			exc=StatusTransitionError,
			title=_("Status not allowed"),
		)


def move(
	doc,
	target: str,
	source: str = "desk",
	note: str | None = None,
	previous: str | None = None,
	client_at=None,
):
	"""Set `doc.status` to `target` if the current status allows it, log it and set closed_on.
	`previous` is the status the change starts from when doc.status was already overwritten;
	`client_at` is when the change was made on a technician's phone (logged beside `at`)."""
	if source not in SOURCES:
		frappe.throw(_("Unknown status source {0}.").format(source))
	current = previous if previous is not None else doc.status
	if current == target:
		return
	check_transition(current, target)
	doc.status = target
	doc.append(
		"status_log",
		{
			"status": target,
			"previous_status": current,
			"at": now_datetime(),
			"client_at": client_at,
			"by": frappe.session.user,
			"source": source,
			"note": note,
		},
	)
	doc.closed_on = now_datetime() if category_of(target) in CLOSED_CATEGORIES else None
	doc.flags.status_changed = (current, target, source)


def log_note(doc, note: str, source: str = "system"):
	"""A Status Log row with the status unchanged: something the reception's history must say."""
	if source not in SOURCES:
		frappe.throw(_("Unknown status source {0}.").format(source))
	doc.append(
		"status_log",
		{
			"status": doc.status,
			"previous_status": doc.status,
			"at": now_datetime(),
			"by": frappe.session.user,
			"source": source,
			"note": note,
		},
	)
