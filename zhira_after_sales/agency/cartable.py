"""The agency's cartable: the receptions referred to it now, in four tabs, with search and filters.

    TABS                         new (not yet accepted), accepted (accepted, work not started),
                                 in_progress (work started, not closed), done (completed or cancelled)
    counts(agency)               {tab: number} for the tab badges, one query
    receptions(agency, tab, search, status, service_type, from_date, to_date, start, page_length)
                                 one page of rows for the list
    referral(agency, name)       one reception as the agency sees it: devices with their warranty
                                 state, the status history, the technicians it may assign, the
                                 statuses it may move to, its invoices

Only receptions whose current agency is `agency` are ever read: a declined or re-referred reception
leaves the old agency's cartable (its history stays on the reception, with head office). Callers
pass the agency of the user (agency.portal.require_agency), never one from the request.
"""

import frappe
from frappe import _
from frappe.utils import cint, getdate

from zhira_after_sales.consts import CLOSED_CATEGORIES
from zhira_after_sales.exceptions import PortalInputError
from zhira_after_sales.service_desk import status_service, tracking
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.phone import try_parse
from zhira_after_sales.utils.text import normalize_persian, normalize_serial, to_latin_digits

NEW, ACCEPTED, IN_PROGRESS, DONE = "new", "accepted", "in_progress", "done"
TABS = (NEW, ACCEPTED, IN_PROGRESS, DONE)
PAGE_LENGTH = 20
MAX_PAGE_LENGTH = 100


def tab_labels() -> dict:
	return {NEW: _("New"), ACCEPTED: _("Accepted"), IN_PROGRESS: _("In Progress"), DONE: _("Done")}


def accepted_status() -> str:
	return frappe.db.get_single_value("After Sales Settings", "accepted_status") or ""


def tab_condition(tab: str) -> str:
	"""SQL over `r` (the reception) and `s` (its status) for one tab."""
	closed = ", ".join(frappe.db.escape(c) for c in CLOSED_CATEGORIES)
	accepted = frappe.db.escape(accepted_status())
	return {
		NEW: f"r.accepted_on is null and ifnull(s.category, '') not in ({closed})",
		ACCEPTED: f"r.accepted_on is not null and r.status = {accepted} and ifnull(s.category, '') not in ({closed})",
		IN_PROGRESS: f"r.accepted_on is not null and r.status != {accepted} and ifnull(s.category, '') not in ({closed})",
		DONE: f"s.category in ({closed})",
	}[tab]


def counts(agency: str) -> dict:
	cases = ", ".join(f"sum(case when {tab_condition(tab)} then 1 else 0 end) as `{tab}`" for tab in TABS)
	row = frappe.db.sql(
		f"""select {cases} from `tabService Reception` r
		left join `tabService Status` s on s.name = r.status
		where r.service_agency = %(agency)s""",
		{"agency": agency},
		as_dict=True,
	)[0]
	return {tab: cint(row.get(tab)) for tab in TABS}


def parse_filter_date(value, label: str):
	if not value:
		return None
	try:
		return jalali.parse_date(value)
	except jalali.JalaliParseError:
		frappe.throw(
			_("{0}: {1} is not a date. Type it as 1405/09/01 (or 2026-11-22).").format(label, value),
			exc=PortalInputError,
		)


def search_condition(search: str, values: dict) -> str:
	"""Tracking code, mobile or landline, serial number, or the customer's name."""
	text = to_latin_digits(search).strip()
	if not text:
		return ""
	parts = ["r.customer_name like %(name_like)s"]
	values["name_like"] = f"%{normalize_persian(search).strip()}%"
	code = tracking.normalize(text)
	if code and code.isdigit():
		parts.append("r.tracking_code = %(code)s")
		values["code"] = code
	phone = try_parse(text)
	if phone:
		parts.append("r.phone_search like %(phone)s")
		values["phone"] = f"%{phone.compact_national}%"
	serial = normalize_serial(text)
	if serial:
		parts.append(
			"""exists (select 1 from `tabService Reception Device` d where d.parent = r.name
			and d.parenttype = 'Service Reception' and d.serial_no = %(serial)s)"""
		)
		values["serial"] = serial
	return "(" + " or ".join(parts) + ")"


def receptions(
	agency: str,
	tab: str = NEW,
	search: str | None = None,
	status: str | None = None,
	service_type: str | None = None,
	from_date=None,
	to_date=None,
	start: int = 0,
	page_length: int = PAGE_LENGTH,
) -> list[dict]:
	if tab not in TABS:
		frappe.throw(
			_("Unknown tab {0}. Choose one of: {1}.").format(tab, ", ".join(TABS)), exc=PortalInputError
		)
	values = {"agency": agency}
	conditions = ["r.service_agency = %(agency)s", tab_condition(tab)]
	if search:
		conditions.append(search_condition(search, values))
	if status:
		conditions.append("r.status = %(status)s")
		values["status"] = status
	if service_type:
		conditions.append(
			"""exists (select 1 from `tabService Reception Device` d where d.parent = r.name
			and d.parenttype = 'Service Reception' and d.service_type = %(service_type)s)"""
		)
		values["service_type"] = service_type
	from_date = parse_filter_date(from_date, _("From Date"))
	to_date = parse_filter_date(to_date, _("To Date"))
	if from_date and to_date and from_date > to_date:
		frappe.throw(
			_("{0} must not be after {1}.").format(_("From Date"), _("To Date")), exc=PortalInputError
		)
	if from_date:
		conditions.append("r.received_on >= %(from_date)s")
		values["from_date"] = from_date
	if to_date:
		conditions.append("r.received_on < date_add(%(to_date)s, interval 1 day)")
		values["to_date"] = to_date
	values["start"] = max(cint(start), 0)
	values["page_length"] = min(max(cint(page_length) or PAGE_LENGTH, 1), MAX_PAGE_LENGTH)
	order = "r.modified desc" if tab == DONE else "r.referred_on asc, r.received_on asc"
	rows = frappe.db.sql(
		f"""select r.name, r.tracking_code, r.customer_name, r.mobile_no, r.phone_no, r.city,
			r.address_line, r.status, s.color as status_color, s.category as status_category,
			r.received_on, r.referred_on, r.accepted_on, r.technician, r.closed_on
		from `tabService Reception` r
		left join `tabService Status` s on s.name = r.status
		where {" and ".join(c for c in conditions if c)}
		order by {order}
		limit %(start)s, %(page_length)s""",
		values,
		as_dict=True,
	)
	add_devices(rows)
	add_technician_names(rows)
	for row in rows:
		row.received_display = display_date(row.received_on)
		row.referred_display = display_date(row.referred_on)
	return rows


def add_devices(rows):
	if not rows:
		return
	devices = frappe.get_all(
		"Service Reception Device",
		filters={"parent": ("in", [r.name for r in rows]), "parenttype": "Service Reception"},
		fields=["parent", "item", "item_name", "serial_no", "service_type", "warranty_status"],
		order_by="idx asc",
	)
	by_parent = {}
	for device in devices:
		by_parent.setdefault(device.parent, []).append(device)
	for row in rows:
		row.devices = by_parent.get(row.name, [])


def add_technician_names(rows):
	names = {r.technician for r in rows if r.technician}
	if not names:
		return
	full = dict(
		frappe.get_all(
			"Service Technician", {"name": ("in", list(names))}, ["name", "full_name"], as_list=True
		)
	)
	for row in rows:
		row.technician_name = full.get(row.technician)


def display_date(value, with_time: bool = False) -> str:
	"""A date as the user reads it: Jalali with Persian digits for Persian, Jalali and ISO otherwise."""
	if not value:
		return ""
	persian = frappe.local.lang == "fa"
	if with_time:
		text = jalali.format_datetime(value, persian_digits=persian)
	else:
		text = jalali.format_date(value, persian_digits=persian)
	return text if persian else f"{text} ({getdate(value).isoformat()})"


def technicians(agency: str) -> list[dict]:
	return frappe.get_all(
		"Service Technician",
		{"agency": agency, "is_active": 1},
		["name", "full_name", "mobile_no"],
		order_by="full_name asc",
	)


def referral(agency: str, name: str) -> dict:
	"""One reception of the agency's cartable; another agency's reception (or none) is not found."""
	if not name or frappe.db.get_value("Service Reception", name, "service_agency") != agency:
		frappe.throw(_("Reception {0} not found.").format(frappe.bold(name or "")), frappe.DoesNotExistError)
	doc = frappe.get_doc("Service Reception", name)
	status_row = (
		frappe.get_cached_value(
			"Service Status", doc.status, ["customer_label", "color", "category"], as_dict=True
		)
		or frappe._dict()
	)
	history = [
		{
			"status": row.status,
			"previous_status": row.previous_status,
			"at": display_date(row.at, with_time=True),
			"source": _(row.source) if row.source else "",
			"note": row.note,
		}
		for row in reversed(doc.status_log)
	]
	invoices = frappe.get_all(
		"Service Invoice",
		{"service_reception": doc.name, "agency": agency},
		["name", "customer_device", "invoice_type", "approval_status", "docstatus", "total_wage"],
		order_by="creation asc",
	)
	closed = status_row.category in CLOSED_CATEGORIES
	return {
		"doc": doc,
		"status": status_row,
		"closed": closed,
		"devices": [
			{
				"row": row.name,
				"item": row.item,
				"item_name": row.item_name,
				"serial_no": row.serial_no,
				"service_type": row.service_type,
				"declared_defects": row.declared_defects,
				"warranty_status": row.warranty_status,
				"warranty_note": row.warranty_note,
				"customer_device": row.customer_device,
				"invoiced": any(
					i.customer_device == row.customer_device and i.docstatus < 2 for i in invoices
				),
			}
			for row in doc.devices
		],
		"history": history,
		"invoices": invoices,
		"technicians": technicians(agency),
		"allowed_statuses": [] if closed else status_service.get_allowed_statuses(doc.name),
		"received": display_date(doc.received_on, with_time=True),
		"referred": display_date(doc.referred_on, with_time=True),
		"accepted": display_date(doc.accepted_on, with_time=True),
	}
