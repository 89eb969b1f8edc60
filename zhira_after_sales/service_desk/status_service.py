"""Changing a reception's status: the one service behind the desk, the agency portal, the
technician app (zhira_after_sales.api.status) and SMS commands (registered in hooks.py
`zhira_sms_command_handlers`). Every path obeys Service Status `allowed_next` and leaves a Status
Log row with its source."""

import frappe
from frappe import _
from frappe.utils import cstr, escape_html

from zhira_after_sales.access import is_restricted, user_agency, user_technician
from zhira_after_sales.after_sales_setup.doctype.service_status.service_status import get_allowed_next
from zhira_after_sales.exceptions import InvalidTrackingCodeError, NotAssignedError, StatusTransitionError
from zhira_after_sales.service_desk import tracking
from zhira_after_sales.utils.text import to_latin_digits


def source_for(doc, user: str | None = None) -> str:
	"""Who may change this reception's status, and as which source: head office with write
	permission (desk), a portal user of the referred agency (portal), the assigned technician (app)."""
	user = user or frappe.session.user
	if not is_restricted(user):
		doc.check_permission("write")
		return "desk"
	technician = user_technician(user)
	if technician and doc.technician == technician:
		return "app"
	agency = user_agency(user)
	if agency and doc.service_agency == agency and not technician:
		return "portal"
	raise NotAssignedError(_("Reception {0} is not referred to you.").format(doc.tracking_code))


def head_office_statuses() -> set[str]:
	"""Statuses only head office moves a reception to: back to the referral queue (an agency
	declines instead, with a reason) and to "referred" (head office refers)."""
	names = frappe.db.get_value(
		"After Sales Settings", None, ["declined_status", "referral_status", "default_service_status"]
	)
	return {name for name in names or () if name}


def apply_status(doc, target: str, source: str, note: str | None = None):
	"""Move `doc` once the caller is known to be allowed to (source_for, or a technician's SMS)."""
	if source in ("portal", "app", "sms") and target in head_office_statuses():
		frappe.throw(
			_(
				"Only head office moves a reception to {0}. To hand a referral back, decline it with a reason."
			).format(frappe.bold(target)),
			exc=StatusTransitionError,
		)
	doc.flags.ignore_permissions = True
	doc.change_status(target, source, note)


def change_status(reception: str, status: str, note: str | None = None) -> dict:
	"""Move a reception (by name or tracking code) to `status`."""
	doc = get_reception(reception)
	apply_status(doc, status, source_for(doc), note)
	return {"name": doc.name, "status": doc.status, "allowed_next": get_allowed_next(doc.status)}


def get_allowed_statuses(reception: str) -> list[dict]:
	"""The statuses this reception may move to now, for buttons in the desk, portal and app."""
	doc = get_reception(reception)
	allowed = get_allowed_next(doc.status) or []
	if is_restricted():
		allowed = [name for name in allowed if name not in head_office_statuses()]
	return frappe.get_all(
		"Service Status",
		filters={"name": ("in", allowed or [""]), "is_active": 1},
		fields=["name", "customer_label", "category", "color", "sms_code"],
		order_by="sort_order asc",
	)


def get_reception(reception: str):
	"""The reception named `reception` (its name or tracking code) if the user may read it.

	Permission is checked before anything is loaded, and a reception the user may not see gets
	the same answer as one that does not exist, naming only what was typed."""
	name = find_reception(reception)
	if not name or not frappe.has_permission("Service Reception", "read", doc=name):
		frappe.throw(
			_("Reception {0} not found.").format(frappe.bold(escape_html(cstr(reception)))),
			frappe.DoesNotExistError,
		)
	return frappe.get_doc("Service Reception", name)


def find_reception(reception: str) -> str | None:
	if not reception or not isinstance(reception, str):
		return None
	if frappe.db.exists("Service Reception", reception):
		return reception
	return frappe.db.get_value("Service Reception", {"tracking_code": tracking.normalize(reception)})


def change_status_by_sms(tracking_code: str, sms_code: str, technician: str, sms_message: str) -> str:
	"""An SMS command `<tracking code> <status sms_code>` from a technician's registered mobile.

	Returns the new status; raises a ValidationError whose translated message is the reply."""
	try:
		code = tracking.validate(tracking_code)
	except tracking.TrackingCodeError:
		frappe.throw(
			_(
				"Tracking code {0} is not valid. Send the reception's tracking code and then the status code."
			).format(tracking_code),
			exc=InvalidTrackingCodeError,
		)
	name = frappe.db.get_value("Service Reception", {"tracking_code": code})
	if not name or frappe.db.get_value("Service Reception", name, "technician") != technician:
		# the same reply for a code that does not exist and one assigned to someone else
		frappe.throw(
			_("Reception {0} is not assigned to you, so its status was not changed.").format(code),
			exc=NotAssignedError,
		)
	doc = frappe.get_doc("Service Reception", name)
	target = frappe.db.get_value(
		"Service Status", {"sms_code": to_latin_digits(sms_code).strip(), "is_active": 1}
	)
	if not target:
		frappe.throw(_("Status code {0} is not known.").format(sms_code), exc=StatusTransitionError)
	apply_status(doc, target, "sms", note=_("SMS: {0}").format(sms_message))
	return doc.status
