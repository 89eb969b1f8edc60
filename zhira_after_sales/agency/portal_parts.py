"""The parts side of the agency portal (/agency/parts, /agency/parts-request): what an agency asked
head office for, what it holds on consignment, and the defective (hot) parts it owes back.

    spare_parts()                       the parts an agency may ask for (the request form's picker)
    requests(agency, start, ...)        one page of the agency's parts requests
    request_detail(agency, name)        one request: its lines as head office decided them, its
                                        sends and, when refused, why; another agency's is not found
    create_request(agency, request_type, items, tracking_code, notes)
                                        files and submits a request as the session user, all or
                                        nothing
    hot_parts(agency, show)             the agency's Defective Part Returns: due dates, overdue,
                                        what was billed for the ones that did not come back

Spare parts are the enabled stock items (not templates) of the item groups the after-sales stores
keep: groups with an item stocked in, or reordered for, the central parts warehouse, a Spare Parts
or Consignment warehouse or an agency's consignment warehouse (so a new part of such a group is
offered before its first receipt). Product models (items and item groups that carry a warranty
plan, a service rate or defect codes) are not parts, even when they sit in the same store.

Callers pass the agency of the session user (agency.portal.require_agency), never one from the
request.
"""

import math

import frappe
from frappe import _
from frappe.utils import add_days, cint, cstr, escape_html, flt, getdate, today
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.agency import parts_request
from zhira_after_sales.agency.cartable import display_date
from zhira_after_sales.agency.hot_parts import AWAITING, BILLED, RECEIVED, REJECTED, SHORT, VOID
from zhira_after_sales.agency.warehouses import CONSIGNMENT, SPARE_PARTS
from zhira_after_sales.exceptions import PortalInputError
from zhira_after_sales.service_desk import tracking
from zhira_after_sales.utils.text import to_latin_digits

REQUESTS, STOCK, HOT = "requests", "stock", "hot"
TABS = (REQUESTS, STOCK, HOT)
PAGE_LENGTH = 20
MAX_PARTS = 1000  # the picker's longest list
MAX_LINES = 50  # parts on one request from the portal
NOTES_LENGTH = 1000
OPEN_HOT = (AWAITING, SHORT, REJECTED)  # still owed (a rejected part counts as not returned)

STATUS_COLORS = {
	parts_request.DRAFT: "gray",
	parts_request.PENDING: "orange",
	parts_request.PARTLY_SENT: "blue",
	parts_request.SENT: "green",
	parts_request.REJECTED: "red",
	parts_request.CANCELLED: "gray",
	parts_request.APPROVED: "green",
	parts_request.VOID: "red",
	AWAITING: "orange",
	RECEIVED: "green",
	SHORT: "orange",
	BILLED: "red",
	VOID: "gray",
}


def tab_labels() -> dict:
	return {REQUESTS: _("Parts Requests"), STOCK: _("Consignment Stock"), HOT: _("Hot Parts Due")}


def status_label(status: str) -> str:
	"""A request's, a line's or a return's status in the user's language (written out for the
	catalogue)."""
	return {
		parts_request.DRAFT: _("Draft"),
		parts_request.PENDING: _("Pending"),
		parts_request.PARTLY_SENT: _("Partly Sent"),
		parts_request.SENT: _("Sent"),
		parts_request.REJECTED: _("Rejected"),
		parts_request.CANCELLED: _("Cancelled"),
		parts_request.APPROVED: _("Approved"),
		parts_request.VOID: _("Void"),
		AWAITING: _("Awaiting Return"),
		RECEIVED: _("Received"),
		SHORT: _("Short"),
		BILLED: _("Billed"),
	}.get(status, _(status or ""))


def type_label(request_type: str) -> str:
	return {
		parts_request.WARRANTY: _("Warranty (sent to your consignment stock)"),
		parts_request.PURCHASE: _("Purchase (billed to you)"),
	}.get(request_type, request_type)


# --- spare parts --------------------------------------------------------------------------------


def parts_warehouses() -> list[str]:
	"""The after-sales stores: the central parts warehouse, warehouses typed Spare Parts or
	Consignment, and every agency's consignment warehouse."""
	names = set(
		frappe.get_all("Warehouse", {"warehouse_type": ("in", (SPARE_PARTS, CONSIGNMENT))}, pluck="name")
	)
	names.update(w for w in frappe.get_all("Service Agency", pluck="consignment_warehouse") if w)
	central = frappe.db.get_single_value("After Sales Settings", "parts_warehouse")
	if central:
		names.add(central)
	return sorted(names)


def product_groups() -> list[str]:
	"""Item groups of product models (with their sub-groups): the groups a warranty plan, a service
	rate or a defect code is for. The root group is never one (a rate for every item says nothing)."""
	root = get_root_of("Item Group")
	named = set()
	for doctype in ("Warranty Plan", "Service Rate", "Defect Code"):
		named.update(g for g in frappe.get_all(doctype, {"item_group": ("is", "set")}, pluck="item_group"))
	named.discard(root)
	groups = set()
	for group in named:
		bounds = frappe.db.get_value("Item Group", group, ["lft", "rgt"])
		if bounds:
			groups.update(
				frappe.get_all(
					"Item Group", {"lft": (">=", bounds[0]), "rgt": ("<=", bounds[1])}, pluck="name"
				)
			)
	return sorted(groups)


def product_items() -> list[str]:
	items = set()
	for doctype in ("Warranty Plan", "Service Rate"):
		items.update(frappe.get_all(doctype, {"item": ("is", "set")}, pluck="item"))
	return sorted(items)


def spare_parts(items: list[str] | None = None) -> list[frappe._dict]:
	"""The parts an agency may ask for, by name: item, item_name, item_group, stock_uom and the
	standard selling price (None when unpriced: such a part cannot be bought). `items` narrows the
	list to those codes (to check a request)."""
	warehouses = parts_warehouses()
	if not warehouses:
		return []
	values = {
		"warehouses": tuple(warehouses),
		"groups": tuple(product_groups()) or ("",),
		"models": tuple(product_items()) or ("",),
		"limit": MAX_PARTS,
	}
	only = ""
	if items is not None:
		if not items:
			return []
		values["items"] = tuple(items)
		only = "and i.name in %(items)s"
	rows = frappe.db.sql(
		f"""select i.name as item, i.item_name, i.item_group, i.stock_uom
		from `tabItem` i
		where i.is_stock_item = 1 and i.disabled = 0 and i.has_variants = 0
			and i.item_group not in %(groups)s and i.name not in %(models)s
			and i.item_group in (
				select kept.item_group from `tabItem` kept
				where exists (select 1 from `tabBin` b
						where b.item_code = kept.name and b.warehouse in %(warehouses)s)
					or exists (select 1 from `tabItem Reorder` r where r.parent = kept.name
						and r.parenttype = 'Item' and r.warehouse in %(warehouses)s))
			{only}
		order by i.item_name, i.name
		limit %(limit)s""",
		values,
		as_dict=True,
	)
	prices = standard_prices([row.item for row in rows])
	for row in rows:
		row.price = prices.get(row.item)
	return rows


def standard_prices(items: list[str]) -> dict:
	"""{item: price} by the rule of parts_request.standard_price (the standard selling price list,
	no customer price, valid today, latest first), for the whole list in one query."""
	if not items:
		return {}
	now = getdate(today())
	prices = {}
	for row in frappe.get_all(
		"Item Price",
		filters={
			"item_code": ("in", items),
			"price_list": parts_request.selling_price_list(),
			"selling": 1,
			"customer": ("is", "not set"),
		},
		fields=["item_code", "price_list_rate", "valid_from", "valid_upto"],
		order_by="valid_from desc, creation desc",
	):
		if row.item_code in prices:
			continue
		if row.valid_from and getdate(row.valid_from) > now:
			continue
		if row.valid_upto and getdate(row.valid_upto) < now:
			continue
		prices[row.item_code] = flt(row.price_list_rate)
	return prices


# --- requests -----------------------------------------------------------------------------------


def requests(agency: str, start: int = 0, page_length: int = PAGE_LENGTH) -> list[frappe._dict]:
	rows = frappe.get_list(
		parts_request.DOCTYPE,
		filters={"agency": agency},
		fields=[
			"name",
			"request_type",
			"request_date",
			"status",
			"tracking_code",
			"total_qty",
			"total_approved_qty",
			"total_sent_qty",
			"total_amount",
			"docstatus",
		],
		order_by="creation desc",
		start=max(cint(start), 0),
		page_length=min(max(cint(page_length) or PAGE_LENGTH, 1), 100),
	)
	for row in rows:
		row.date_display = display_date(row.request_date)
		row.status_label = status_label(row.status)
		row.color = STATUS_COLORS.get(row.status, "gray")
		row.type_label = _("Warranty") if row.request_type == parts_request.WARRANTY else _("Purchase")
	return rows


def not_found(name: str | None):
	frappe.throw(
		_("Parts request {0} not found.").format(frappe.bold(escape_html(cstr(name)[:140]))),
		frappe.DoesNotExistError,
	)


def request_detail(agency: str, name: str | None) -> frappe._dict:
	"""One request of the agency as head office left it; another agency's (or none) is not found."""
	if not name or frappe.db.get_value(parts_request.DOCTYPE, name, "agency") != agency:
		not_found(name)
	doc = frappe.get_doc(parts_request.DOCTYPE, name)
	purchase = doc.request_type == parts_request.PURCHASE
	lines = []
	for row in doc.items:
		lines.append(
			frappe._dict(
				idx=row.idx,
				item=row.item,
				item_name=row.item_name,
				uom=row.stock_uom,
				qty=flt(row.qty),
				line_status=row.line_status,
				status_label=status_label(row.line_status),
				color=STATUS_COLORS.get(row.line_status, "gray"),
				approved_qty=flt(row.approved_qty),
				sent_qty=flt(row.sent_qty),
				to_send_qty=flt(row.to_send_qty),
				rate=flt(row.rate),
				amount=flt(row.amount),
				note=line_note(doc, row),
			)
		)
	sends = [
		frappe._dict(
			doctype=row.reference_doctype,
			name=row.reference_name,
			date_display=display_date(row.posting_date),
			qty=flt(row.qty),
			amount=flt(row.amount),
			cancelled=cint(row.is_cancelled),
			# a sale is on the agency's account: its voucher opens; a transfer moves our own stock
			voucher=row.reference_doctype == "Sales Invoice" and not cint(row.is_cancelled),
			what=(
				_("Sent to your consignment stock")
				if row.reference_doctype == "Stock Entry"
				else _("Sold to you (on your account)")
			),
		)
		for row in doc.fulfilments
	]
	reception = (
		doc.service_reception
		if doc.service_reception
		and frappe.db.get_value("Service Reception", doc.service_reception, "service_agency") == agency
		else None
	)
	return frappe._dict(
		doc=doc,
		name=doc.name,
		request_type=doc.request_type,
		type_label=type_label(doc.request_type),
		purchase=purchase,
		status=doc.status,
		status_label=status_label(doc.status),
		color=STATUS_COLORS.get(doc.status, "gray"),
		date_display=display_date(doc.request_date),
		tracking_code=doc.tracking_code,
		reception=reception,
		technician_name=doc.technician
		and frappe.db.get_value("Service Technician", doc.technician, "full_name"),
		notes=doc.notes,
		lines=lines,
		sends=sends,
		total_qty=flt(doc.total_qty),
		total_approved_qty=flt(doc.total_approved_qty),
		total_sent_qty=flt(doc.total_sent_qty),
		total_amount=flt(doc.total_amount),
		approved_on=display_date(doc.approved_on, with_time=True) if doc.approved_on else "",
		rejected=bool(doc.rejected_by),
		rejected_on=display_date(doc.rejected_on, with_time=True) if doc.rejected_on else "",
		rejection_reason=doc.rejection_reason,
	)


def line_note(doc, row) -> str:
	"""What head office's decision on one line means for the agency."""
	if doc.docstatus == 2:
		return _("The request was cancelled.")
	if doc.docstatus == 0:
		return _("Not sent to head office yet.")
	if row.line_status == parts_request.VOID:
		return (
			_("Refused with the whole request.")
			if doc.rejected_by
			else _("Not approved by head office; nothing will be sent for it.")
		)
	if row.line_status == parts_request.PENDING:
		return _("Waiting for head office's decision.")
	if flt(row.approved_qty) < flt(row.qty):
		note = _("Approved {0} of the {1} asked.").format(fmt(row.approved_qty), fmt(row.qty))
	else:
		note = _("Approved in full.")
	if flt(row.to_send_qty) > 0:
		note += " " + _("{0} still to be sent.").format(fmt(row.to_send_qty))
	return note


def fmt(qty) -> str:
	return parts_request.fmt(qty)


# --- a new request ------------------------------------------------------------------------------


def parse_items(items) -> list[dict]:
	"""[{"item", "qty"}] from the form, rows without a part skipped, one row per part (quantities of
	a part listed twice are added); refuses what cannot be used, naming the row."""
	if isinstance(items, str):
		try:
			items = frappe.parse_json(items)
		except ValueError:
			items = None
	if not isinstance(items, list):
		frappe.throw(_("Parts: send a list of parts with their quantities."), exc=PortalInputError)
	merged, order = {}, []
	for index, row in enumerate(items, start=1):
		row = row if isinstance(row, dict) else {}
		item = cstr(row.get("item")).strip()
		qty_text = to_latin_digits(cstr(row.get("qty"))).strip().replace(",", "")
		if not item and not qty_text:
			continue
		label = _("Part row {0}").format(index)
		if not item:
			frappe.throw(
				_("{0}: choose a part for quantity {1}.").format(label, escape_html(qty_text[:20])),
				exc=PortalInputError,
			)
		try:
			qty = float(qty_text)
		except ValueError:
			qty = 0
		if not math.isfinite(qty) or qty <= 0:
			frappe.throw(
				_("{0}: {1} is not a quantity; type a number more than zero.").format(
					label, frappe.bold(escape_html(qty_text[:20]) or _("(empty)"))
				),
				exc=PortalInputError,
			)
		if item not in merged:
			order.append(item)
			merged[item] = {"item": item, "qty": 0.0, "label": label}
		merged[item]["qty"] += qty
	if not order:
		frappe.throw(_("Parts: add at least one part with its quantity."), exc=PortalInputError)
	if len(order) > MAX_LINES:
		frappe.throw(
			_("Parts: at most {0} different parts on one request; send the rest in another.").format(
				MAX_LINES
			),
			exc=PortalInputError,
		)
	known = {row.item: row for row in spare_parts(order)}
	for item in order:
		if item not in known:
			frappe.throw(
				_("{0}: {1} is not a spare part you can request; choose one from the list.").format(
					merged[item]["label"], frappe.bold(escape_html(item[:140]))
				),
				exc=PortalInputError,
			)
	return [{"item": merged[item]["item"], "qty": merged[item]["qty"]} for item in order]


def find_reception(agency: str, tracking_code: str | None) -> str:
	"""The reception with this tracking code referred to the agency; any other is not found."""
	code = tracking.normalize(tracking_code)
	if not code:
		frappe.throw(
			_("{0}: a warranty request is for one reception; type its tracking code.").format(
				_("Tracking Code")
			),
			exc=PortalInputError,
		)
	name = frappe.db.get_value("Service Reception", {"tracking_code": code, "service_agency": agency}, "name")
	if not name:
		frappe.throw(
			_("{0}: no reception with tracking code {1} is referred to your agency. Check the code.").format(
				_("Tracking Code"), frappe.bold(escape_html(code[:20]))
			),
			exc=PortalInputError,
		)
	return name


def create_request(
	agency: str,
	request_type: str,
	items,
	tracking_code: str | None = None,
	notes: str | None = None,
):
	"""File and submit an Agency Parts Request for the agency, as the session user (the DocType's
	permissions and validation decide); nothing is kept when any step refuses."""
	if request_type not in (parts_request.WARRANTY, parts_request.PURCHASE):
		frappe.throw(
			_("{0}: choose {1} or {2}.").format(_("Request Type"), _("Warranty"), _("Purchase")),
			exc=PortalInputError,
		)
	lines = parse_items(items)
	reception = find_reception(agency, tracking_code) if request_type == parts_request.WARRANTY else None
	notes = cstr(notes).strip()
	if len(notes) > NOTES_LENGTH:
		frappe.throw(_("{0}: at most {1} characters.").format(_("Notes"), NOTES_LENGTH), exc=PortalInputError)
	savepoint = "agency_portal_parts_request"
	frappe.db.savepoint(savepoint)
	try:
		doc = frappe.get_doc(
			{
				"doctype": parts_request.DOCTYPE,
				"request_type": request_type,
				"agency": agency,
				"service_reception": reception,
				"notes": notes or None,
				"items": lines,
			}
		)
		doc.insert()
		doc.submit()
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	return doc


# --- hot parts ----------------------------------------------------------------------------------


def hot_parts(agency: str, show: str = "open") -> list[frappe._dict]:
	"""The agency's defective part returns: the ones still owed (`show="open"`, soonest due first)
	or all of them (latest first)."""
	filters = {"agency": agency}
	if show == "open":
		filters["status"] = ("in", OPEN_HOT)
		filters["sales_invoice"] = ("is", "not set")
		order = "due_date asc, creation asc"
	else:
		order = "creation desc"
	rows = frappe.get_list(
		"Defective Part Return",
		filters=filters,
		fields=[
			"name",
			"status",
			"item",
			"item_name",
			"qty",
			"received_qty",
			"due_date",
			"tracking_code",
			"serial_no",
			"service_invoice",
			"replaced_on",
			"rejection_reason",
			"charge_amount",
			"billed_on",
			"sales_invoice",
		],
		order_by=order,
		limit=200,
	)
	grace = cint(frappe.db.get_single_value("After Sales Settings", "hot_part_grace_days"))
	auto_bill = cint(frappe.db.get_single_value("After Sales Settings", "hot_part_auto_bill"))
	now = getdate(today())
	for row in rows:
		owed = row.status in OPEN_HOT and not row.sales_invoice
		row.outstanding_qty = max(flt(row.qty) - flt(row.received_qty), 0)
		row.overdue = bool(owed and row.due_date and getdate(row.due_date) < now)
		row.days_overdue = (now - getdate(row.due_date)).days if row.overdue else 0
		row.due_display = display_date(row.due_date)
		row.replaced_display = display_date(row.replaced_on)
		row.billed_display = display_date(row.billed_on)
		row.status_label = status_label(row.status)
		row.color = "red" if row.overdue else STATUS_COLORS.get(row.status, "gray")
		# the daily job bills what is still owed this many days after the due date
		row.bill_from = (
			display_date(add_days(row.due_date, grace + 1)) if owed and auto_bill and row.due_date else ""
		)
		row.charge_amount = flt(row.charge_amount)
	return rows
