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


def closed_statuses() -> list[str]:
	"""The statuses of CLOSED_CATEGORIES: a reception in one of them is closed."""
	return frappe.get_all("Service Status", {"category": ("in", CLOSED_CATEGORIES)}, pluck="name")


def open_condition(closed: list[str]) -> str:
	"""SQL over `r`: the reception is open (its status is not one of `closed`)."""
	return f"(r.status is null or r.status not in {sql_list(closed)})" if closed else "1 = 1"


def sql_list(names: list[str]) -> str:
	return "(" + ", ".join(frappe.db.escape(name) for name in names) + ")"


def tab_condition(tab: str, closed: list[str]) -> str:
	"""SQL over `r` (the reception) for one tab; `closed` is closed_statuses(). The conditions name
	the statuses rather than join their category, so that the index on (service_agency, status)
	reads only the tab's receptions."""
	is_open = open_condition(closed)
	accepted = frappe.db.escape(accepted_status())
	return {
		NEW: f"r.accepted_on is null and {is_open}",
		ACCEPTED: f"r.accepted_on is not null and r.status = {accepted} and {is_open}",
		IN_PROGRESS: f"r.accepted_on is not null and r.status != {accepted} and {is_open}",
		DONE: f"r.status in {sql_list(closed)}" if closed else "1 = 0",
	}[tab]


def counts(agency: str) -> dict:
	"""The tab badges in one query. The closed receptions (most of them) are counted from the index
	on (service_agency, status) alone; only the open ones are read, for their acceptance."""
	closed = closed_statuses()
	cases = ", ".join(
		f"sum(case when {tab_condition(tab, closed)} then 1 else 0 end) as `{tab}`"
		for tab in (NEW, ACCEPTED, IN_PROGRESS)
	)
	row = frappe.db.sql(
		f"""select o.*, (select count(*) from `tabService Reception` r
				where r.service_agency = %(agency)s and {tab_condition(DONE, closed)}) as `{DONE}`
		from (select {cases} from `tabService Reception` r
			where r.service_agency = %(agency)s and {open_condition(closed)}) o""",
		{"agency": agency},
		as_dict=True,
	)[0]
	return {tab: cint(row.get(tab)) for tab in TABS}


def parse_filter_date(value, label: str):
	if not value:
		return None
	try:
		return jalali.parse_date(value, today=getdate())
	except jalali.JalaliParseError:
		frappe.throw(
			_("{0}: {1} is not a date. Type it as 1405/09/01 (or 2026-11-22).").format(label, value),
			exc=PortalInputError,
		)


# a search whose name part matches more of the agency's receptions than this is filtered while the
# tab is read in order (it soon finds a page); a rarer one is looked up first by name
MAX_SEARCH_NAMES = 500


def search_condition(agency: str, search: str, values: dict) -> str:
	"""Tracking code, mobile or landline, serial number, or the customer's name (a part of it).

	The receptions a search can match are looked up first, each part through its own index: the
	tracking code, the mobile and landline (phone_search holds exactly these two numbers), the
	device's serial, and the agency's customer names through the (service_agency, customer_name)
	index alone. The page is then read from these few receptions instead of walking all the tab's
	receptions to test each one."""
	text = to_latin_digits(search).strip()
	if not text:
		return ""
	name_like = f"%{normalize_persian(search).strip()}%"
	exact = set()
	code = tracking.normalize(text)
	if code and code.isdecimal():
		exact.update(frappe.get_all("Service Reception", {"tracking_code": code}, pluck="name"))
	phone = try_parse(text)
	if phone:
		exact.update(
			frappe.db.sql(
				"""select name from `tabService Reception` where service_agency = %(agency)s
				and (mobile_no = %(phone)s or phone_no = %(phone)s)""",
				{"agency": agency, "phone": phone.e164},
				pluck=True,
			)
		)
	serial = normalize_serial(text)
	if serial:
		exact.update(
			frappe.get_all(
				"Service Reception Device",
				{"serial_no": serial, "parenttype": "Service Reception"},
				pluck="parent",
			)
		)
	by_name = frappe.db.sql(
		"""select name from `tabService Reception` where service_agency = %(agency)s
		and customer_name like %(name_like)s limit %(limit)s""",
		{"agency": agency, "name_like": name_like, "limit": MAX_SEARCH_NAMES + 1},
		pluck=True,
	)
	if len(by_name) > MAX_SEARCH_NAMES:
		values["name_like"] = name_like
		if not exact:
			return "r.customer_name like %(name_like)s"
		values["search_names"] = tuple(exact)
		return "(r.customer_name like %(name_like)s or r.name in %(search_names)s)"
	names = exact.union(by_name)
	if not names:
		return "1 = 0"
	values["search_names"] = tuple(names)
	return "r.name in %(search_names)s"


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
	conditions = ["r.service_agency = %(agency)s", tab_condition(tab, closed_statuses())]
	if search:
		conditions.append(search_condition(agency, search, values))
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
	if tab == DONE:
		# newest change first. The index on (service_agency, modified) reads a page in that order; the
		# hint keeps the optimizer off the table's own `modified` index, where it would pass over the
		# other agencies' rows. With a date filter the agency's receptions of those dates are read
		# through (service_agency, received_on) and sorted instead (an order no index gives): walking
		# the newest changes first would pass over every reception after those dates.
		order = "r.modified + interval 0 second desc" if from_date or to_date else "r.modified desc"
		hint = "ignore index (modified)"
	else:
		order, hint = "r.referred_on asc, r.received_on asc", ""
	rows = frappe.db.sql(
		f"""select r.name, r.tracking_code, r.customer_name, r.mobile_no, r.phone_no, r.city,
			r.address_line, r.status, s.color as status_color, s.category as status_category,
			r.received_on, r.referred_on, r.accepted_on, r.technician, r.closed_on
		from `tabService Reception` r {hint}
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
