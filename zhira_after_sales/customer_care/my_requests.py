"""A customer's own receptions as they read them: the customer label of each status, the history
of those labels, and cancelling a request head office has not started on.

    requests(customer, start)          the customer's receptions, newest first
    request_view(customer, name)       one of them with devices and status history
    cancel_request(customer, name, reason)
    public_status(reception_name)      what the tracking page and an SMS reply may tell

Another customer's reception, or none, is "not found" - the same answer either way.
"""

import frappe
from frappe import _
from frappe.utils import cint, escape_html

from zhira_after_sales.after_sales_setup.doctype.service_status.service_status import get_allowed_next
from zhira_after_sales.agency.cartable import display_date
from zhira_after_sales.customer_care.customer_portal import not_found
from zhira_after_sales.service_desk.status_service import apply_status

RECEPTION = "Service Reception"
PAGE_LENGTH = 20
# statuses a customer may cancel from: head office or the agency has not started yet
CANCELLABLE_CATEGORIES = ("Open",)


def status_label(status: str | None) -> frappe._dict:
	"""The customer's wording of a status, its colour and category."""
	row = (
		frappe.get_cached_value(
			"Service Status", status, ["customer_label", "color", "category"], as_dict=True
		)
		if status
		else None
	) or frappe._dict()
	return frappe._dict(
		label=row.get("customer_label") or status or "",
		color=row.get("color") or "#8d99a6",
		category=row.get("category") or "",
	)


def requests(customer: str, start: int = 0) -> list[dict]:
	rows = frappe.get_all(
		RECEPTION,
		{"customer": customer},
		["name", "tracking_code", "status", "received_on", "closed_on", "channel"],
		order_by="received_on desc, name desc",
		start=cint(start),
		page_length=PAGE_LENGTH,
	)
	devices = devices_of([r.name for r in rows])
	for row in rows:
		row.status_info = status_label(row.status)
		row.devices = devices.get(row.name, [])
	return rows


def devices_of(receptions: list[str]) -> dict[str, list]:
	out: dict[str, list] = {}
	if not receptions:
		return out
	for row in frappe.get_all(
		"Service Reception Device",
		{"parent": ("in", receptions), "parenttype": RECEPTION},
		["parent", "item_name", "serial_no", "service_type", "warranty_status"],
		order_by="idx asc",
	):
		out.setdefault(row.parent, []).append(row)
	return out


def own_reception(customer: str, name: str | None):
	if not name or frappe.db.get_value(RECEPTION, name, "customer") != customer:
		not_found(_("Request {0} not found.").format(escape_html(name or "")))
	return frappe.get_doc(RECEPTION, name)


def history(doc) -> list[dict]:
	"""Status changes as the customer reads them (labels and times; no internal notes)."""
	out = []
	for row in doc.status_log:
		info = status_label(row.status)
		out.append(
			{"label": info.label, "color": info.color, "at": row.at, "at_display": display_date(row.at, True)}
		)
	return out


def can_cancel(doc) -> bool:
	return status_label(doc.status).category in CANCELLABLE_CATEGORIES and bool(cancel_status(doc))


def cancel_status(doc) -> str | None:
	"""The Cancelled status this reception may move to from its current one, if any."""
	for target in get_allowed_next(doc.status) if doc.status else []:
		if frappe.get_cached_value("Service Status", target, "category") == "Cancelled":
			return target
	return None


def request_view(customer: str, name: str) -> dict:
	doc = own_reception(customer, name)
	agency = None
	if doc.service_agency:
		agency = frappe.db.get_value(
			"Service Agency", doc.service_agency, ["agency_name", "mobile_no"], as_dict=True
		)
	return {
		"name": doc.name,
		"tracking_code": doc.tracking_code,
		"status": status_label(doc.status),
		"received_on": doc.received_on,
		"closed_on": doc.closed_on,
		"address_line": doc.address_line,
		"city": doc.city,
		"preferred_date": doc.get("preferred_date"),
		"preferred_time": doc.get("preferred_time"),
		"devices": [
			{
				"item_name": d.item_name,
				"serial_no": d.serial_no,
				"service_type": d.service_type,
				"warranty_status": d.warranty_status,
				"description": d.description,
			}
			for d in doc.devices
		],
		"agency": agency,
		"history": history(doc),
		"can_cancel": can_cancel(doc),
	}


def cancel_request(customer: str, name: str, reason: str | None = None) -> dict:
	doc = own_reception(customer, name)
	target = cancel_status(doc) if can_cancel(doc) else None
	if not target:
		frappe.throw(
			_(
				"Request {0} can no longer be cancelled here: work on it has started. Please call us or send a ticket."
			).format(doc.tracking_code),
			title=_("Cannot cancel"),
		)
	note = _("Cancelled by the customer on the site.")
	reason = (reason or "").strip()[:500]
	if reason:
		note += " " + _("Reason: {0}").format(reason)
	apply_status(doc, target, "customer", note)
	return {"name": doc.name, "status": status_label(doc.status)}


def public_status(name: str) -> dict:
	"""What anyone who proved they know the tracking code and the mobile may read: the status in
	the customer's words, when it was received and the devices' names. Nothing personal."""
	doc = frappe.get_doc(RECEPTION, name)
	return {
		"tracking_code": doc.tracking_code,
		"status": status_label(doc.status),
		"received_on": doc.received_on,
		"received_display": display_date(doc.received_on, with_time=True),
		"closed_on": doc.closed_on,
		"devices": [{"item_name": d.item_name, "service_type": d.service_type} for d in doc.devices],
		"history": history(doc),
	}
