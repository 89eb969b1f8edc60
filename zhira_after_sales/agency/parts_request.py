"""An Agency Parts Request (درخواست قطعه نمایندگی) after the agency submits it: head office's
decisions on its lines, the sending of parts, and the reversal on cancel.

    approve_lines(request, lines)   approve lines (at the requested or a lower quantity)
    void_lines(request, rows)       refuse lines that nothing was sent for
    reject(request, reason)         refuse the whole request while nothing is sent
    fulfil(request, quantities)     send {row name: qty}: one submitted ERPNext document per send,
                                    Warranty: Stock Entry "Material Transfer" central → the
                                    agency's consignment warehouse; Purchase: Sales Invoice
                                    (update_stock) to the agency's Customer from the central
                                    warehouse at the request's rates
    check_update(request)           every change of a submitted request (desk or API) goes here
    before_cancel / reverse         the agency withdraws a request nothing was sent for; head
                                    office cancels one with sends, which cancels them in reverse order

Everything runs in the caller's transaction: nothing commits or catches, so an error anywhere
(the central stock check first, then ERPNext's own) leaves nothing posted. ERPNext's documents are
posted as the system (`invoice_posting.as_system`), like the Service Invoice's approval.
"""

from collections import defaultdict

import frappe
from erpnext.stock.utils import get_stock_balance
from frappe import _
from frappe.utils import cstr, flt, now_datetime, today

from zhira_after_sales.access import require_manager
from zhira_after_sales.agency import invoice_posting
from zhira_after_sales.exceptions import HeadOfficeOnlyError, PartsRequestError

DOCTYPE = "Agency Parts Request"
WARRANTY, PURCHASE = "Warranty", "Purchase"
PENDING, APPROVED, VOID = "Pending", "Approved", "Void"
DRAFT, PARTLY_SENT, SENT, REJECTED, CANCELLED = "Draft", "Partly Sent", "Sent", "Rejected", "Cancelled"
DECISION_FIELDS = ("approved_by", "approved_on", "rejected_by", "rejected_on", "rejection_reason")


def fmt(qty) -> str:
	return f"{flt(qty):g}"


def row_label(row) -> str:
	return _("Parts row {0}").format(row.idx)


def require_head_office(message: str | None = None):
	require_manager(
		message or _("Only head office (After Sales Manager) decides on and sends an Agency Parts Request.")
	)


def central_warehouse() -> str:
	warehouse = frappe.db.get_single_value("After Sales Settings", "parts_warehouse")
	if not warehouse:
		frappe.throw(
			_("After Sales Settings: set the {0} parts are sent from.").format(_("Central Parts Warehouse")),
			exc=PartsRequestError,
		)
	return warehouse


# --- totals and status ------------------------------------------------------------------------


def set_line_values(request):
	for row in request.items:
		if row.line_status != APPROVED:
			row.approved_qty = 0
		row.to_send_qty = (
			max(flt(row.approved_qty) - flt(row.sent_qty), 0) if row.line_status == APPROVED else 0
		)
		qty = flt(row.qty) if row.line_status == PENDING else flt(row.approved_qty)
		row.amount = flt(row.rate) * qty if request.request_type == PURCHASE else 0


def set_totals(request):
	set_line_values(request)
	request.total_qty = sum(flt(row.qty) for row in request.items)
	request.total_approved_qty = sum(flt(row.approved_qty) for row in request.items)
	request.total_sent_qty = sum(flt(row.sent_qty) for row in request.items)
	request.total_amount = sum(flt(row.amount) for row in request.items)


def status_of(request) -> str:
	if request.docstatus == 2:
		return CANCELLED
	if request.docstatus == 0:
		return DRAFT
	if request.rejected_by:
		return REJECTED
	sent = any(flt(row.sent_qty) > 0 for row in request.items)
	if not sent:
		return REJECTED if all(row.line_status == VOID for row in request.items) else PENDING
	still_open = any(
		row.line_status == PENDING or (row.line_status == APPROVED and flt(row.to_send_qty) > 0)
		for row in request.items
	)
	return PARTLY_SENT if still_open else SENT


def refresh(request):
	set_totals(request)
	request.status = status_of(request)


# --- decisions ----------------------------------------------------------------------------------


def require_open(request, doing: str):
	"""`doing` names the action refused ("send parts of", "approve lines of"...)."""
	if request.docstatus != 1:
		frappe.throw(
			_("Agency Parts Request {0}: submit it before head office can {1} it.").format(
				frappe.bold(request.name), doing
			),
			exc=PartsRequestError,
		)
	if request.rejected_by:
		frappe.throw(
			_("Agency Parts Request {0} is {1}; it can no longer change.").format(
				frappe.bold(request.name), _(REJECTED)
			),
			exc=PartsRequestError,
		)


def rows_by_name(request, names) -> list:
	rows = {row.name: row for row in request.items}
	missing = [name for name in names if name not in rows]
	if missing:
		frappe.throw(
			_("Agency Parts Request {0} has no parts row {1}.").format(frappe.bold(request.name), missing[0]),
			exc=PartsRequestError,
		)
	return [rows[name] for name in names]


def approve_lines(request, lines: dict | list | None = None, void: list | None = None):
	"""Approve `lines` ({row name: approved qty or None for the requested qty}, or a list of row
	names; all pending lines when empty) and void the rows in `void`, then save once."""
	require_head_office()
	require_open(request, _("approve lines of"))
	if isinstance(lines, list | tuple):
		lines = dict.fromkeys(lines)
	if not lines and not void:
		lines = {row.name: None for row in request.items if row.line_status == PENDING}
		if not lines:
			frappe.throw(
				_("Agency Parts Request {0} has no pending lines to approve.").format(
					frappe.bold(request.name)
				),
				exc=PartsRequestError,
			)
	for row in rows_by_name(request, list(lines or {})):
		qty = lines[row.name]
		row.line_status = APPROVED
		row.approved_qty = flt(qty) if qty not in (None, "") else flt(row.qty)
	for row in rows_by_name(request, list(void or [])):
		row.line_status = VOID
	request.save()


def void_lines(request, rows: list):
	if not rows:
		frappe.throw(_("Choose the lines to void."), exc=PartsRequestError)
	approve_lines(request, {}, void=rows)


def reject(request, reason: str):
	require_head_office()
	require_open(request, _("reject"))
	if not cstr(reason).strip():
		frappe.throw(
			_("{0}: say why the request is rejected.").format(_("Rejection Reason")), exc=PartsRequestError
		)
	if any(flt(row.sent_qty) for row in request.items):
		frappe.throw(
			_(
				"Agency Parts Request {0}: parts were already sent, so it cannot be rejected. Void the open lines or lower their approved quantities instead."
			).format(frappe.bold(request.name)),
			exc=PartsRequestError,
		)
	for row in request.items:
		row.line_status = VOID
	request.rejection_reason = reason.strip()
	request.rejected_by = frappe.session.user
	request.rejected_on = now_datetime()
	request.flags.deciding = True
	request.save()
	request.add_comment(
		"Info", _("Rejected by {0}. Reason: {1}").format(frappe.session.user, request.rejection_reason)
	)


def check_lines(request):
	"""Each line's decision is consistent with what was already sent."""
	for row in request.items:
		label = row_label(row)
		if row.line_status == APPROVED:
			if not flt(row.approved_qty):
				row.approved_qty = flt(row.qty)
			if flt(row.approved_qty) <= 0:
				frappe.throw(
					_("{0}: {1} must be more than zero.").format(label, _("Approved Qty")),
					exc=PartsRequestError,
				)
			if flt(row.approved_qty) > flt(row.qty):
				frappe.throw(
					_("{0}: {1} ({2}) cannot be more than the requested {3}.").format(
						label, _("Approved Qty"), fmt(row.approved_qty), fmt(row.qty)
					),
					exc=PartsRequestError,
				)
			if flt(row.approved_qty) < flt(row.sent_qty):
				frappe.throw(
					_("{0}: {1} ({2}) cannot be less than the {3} already sent.").format(
						label, _("Approved Qty"), fmt(row.approved_qty), fmt(row.sent_qty)
					),
					exc=PartsRequestError,
				)
		elif flt(row.sent_qty) > 0:
			frappe.throw(
				_(
					"{0}: {1} of {2} were already sent, so the line stays approved; lower its approved quantity to {1} to close it."
				).format(label, fmt(row.sent_qty), frappe.bold(row.item)),
				exc=PartsRequestError,
			)


def check_update(request):
	"""before_update_after_submit: who may change what on a submitted request."""
	before = request.get_doc_before_save()
	old_rows = {row.name: row for row in before.items}
	if len(request.items) != len(before.items) or any(row.name not in old_rows for row in request.items):
		frappe.throw(
			_("The parts of a submitted request cannot be added or removed; cancel and amend it."),
			exc=PartsRequestError,
		)
	for row in request.items:
		old = old_rows[row.name]
		if row.item != old.item or flt(row.qty) != flt(old.qty) or flt(row.rate) != flt(old.rate):
			frappe.throw(
				_("{0}: the part, its quantity and rate cannot change after submit.").format(row_label(row)),
				exc=PartsRequestError,
			)
	posting = request.flags.posting
	sent_changed = any(flt(row.sent_qty) != flt(old_rows[row.name].sent_qty) for row in request.items) or len(
		request.fulfilments
	) != len(before.fulfilments)
	if sent_changed and not posting:
		frappe.throw(
			_("Sent quantities are set by sending parts (the Send action), not by hand."),
			exc=HeadOfficeOnlyError,
		)
	decided = any(cstr(request.get(f)) != cstr(before.get(f)) for f in ("rejected_by", "rejection_reason"))
	if decided and not request.flags.deciding:
		frappe.throw(_("Reject the request with its Reject action."), exc=HeadOfficeOnlyError)
	lines_changed = any(
		row.line_status != old_rows[row.name].line_status
		or flt(row.approved_qty) != flt(old_rows[row.name].approved_qty)
		for row in request.items
	)
	if lines_changed:
		require_head_office(
			_("Only head office (After Sales Manager) approves or voids the lines of a parts request.")
		)
		if before.rejected_by and not request.flags.deciding:
			require_open(before, _("approve lines of"))
		check_lines(request)
		if not request.approved_by and any(row.line_status == APPROVED for row in request.items):
			request.approved_by = frappe.session.user
			request.approved_on = now_datetime()
	elif cstr(request.approved_by) != cstr(before.approved_by):
		frappe.throw(_("Approve lines with the Approve Lines action."), exc=HeadOfficeOnlyError)
	refresh(request)


# --- sending ------------------------------------------------------------------------------------


def parse_quantities(request, quantities: dict) -> list[tuple]:
	"""[(row, qty)] to send, refusing a line that is not approved or has less left to send."""
	rows = {row.name: row for row in request.items}
	sends = []
	for name, qty in (quantities or {}).items():
		if name not in rows:
			frappe.throw(
				_("Agency Parts Request {0} has no parts row {1}.").format(frappe.bold(request.name), name),
				exc=PartsRequestError,
			)
		row, qty = rows[name], flt(qty)
		label = row_label(row)
		if qty < 0:
			frappe.throw(
				_("{0}: the quantity to send cannot be negative.").format(label), exc=PartsRequestError
			)
		if not qty:
			continue
		if row.line_status != APPROVED:
			frappe.throw(
				_("{0}: {1} is {2}; only approved lines are sent.").format(
					label, frappe.bold(row.item), _(row.line_status)
				),
				exc=PartsRequestError,
			)
		left = flt(row.approved_qty) - flt(row.sent_qty)
		if qty > left:
			frappe.throw(
				_(
					"{0}: only {1} of {2} are left to send (approved {3}, already sent {4}); {5} asked."
				).format(
					label,
					fmt(left),
					frappe.bold(row.item),
					fmt(row.approved_qty),
					fmt(row.sent_qty),
					fmt(qty),
				),
				exc=PartsRequestError,
				title=_("More than approved"),
			)
		sends.append((row, qty))
	if not sends:
		frappe.throw(
			_("Agency Parts Request {0}: give a quantity to send for at least one approved line.").format(
				frappe.bold(request.name)
			),
			exc=PartsRequestError,
		)
	return sends


def check_central_stock(sends: list[tuple], warehouse: str):
	"""Refuse, naming item and warehouse, when the central warehouse holds less than this send."""
	needed = defaultdict(float)
	for row, qty in sends:
		needed[row.item] += qty
	for item, qty in needed.items():
		available = flt(get_stock_balance(item, warehouse))
		if available < qty:
			frappe.throw(
				_(
					"Warehouse {0} holds {1} of {2}; this send needs {3}. Receive the parts there first."
				).format(frappe.bold(warehouse), fmt(available), frappe.bold(item), fmt(qty)),
				exc=PartsRequestError,
				title=_("Not enough stock"),
			)


def agency_accounts(request) -> frappe._dict:
	"""The agency's company, cost center, Customer and consignment warehouse; refuses what the
	request type needs and the agency lacks."""
	parties = invoice_posting.agency_parties(request)
	parties.consignment_warehouse = frappe.db.get_value(
		"Service Agency", request.agency, "consignment_warehouse"
	)
	if request.request_type == PURCHASE and not parties.customer:
		frappe.throw(
			_(
				"Agency {0} has no customer account, so parts cannot be billed to it. Head office sets its {1}."
			).format(frappe.bold(request.agency), _("Customer")),
			exc=PartsRequestError,
		)
	if request.request_type == WARRANTY and not parties.consignment_warehouse:
		frappe.throw(
			_(
				"Agency {0} has no consignment warehouse to send warranty parts to. Head office sets its {1}."
			).format(frappe.bold(request.agency), _("Consignment Warehouse")),
			exc=PartsRequestError,
		)
	return parties


def lock(request):
	"""Two sends of one request are made one after the other, each on the other's result."""
	frappe.db.sql(f"select name from `tab{DOCTYPE}` where name = %s for update", request.name)
	request.reload()


def fulfil(request, quantities: dict) -> str:
	"""Send parts; returns the name of the submitted Stock Entry or Sales Invoice."""
	require_head_office()
	lock(request)
	require_open(request, _("send parts of"))
	sends = parse_quantities(request, quantities)
	parties = agency_accounts(request)
	warehouse = central_warehouse()
	check_central_stock(sends, warehouse)
	with invoice_posting.as_system():
		if request.request_type == WARRANTY:
			doctype, name = "Stock Entry", post_transfer(request, sends, parties, warehouse)
		else:
			doctype, name = "Sales Invoice", post_sale(request, sends, parties, warehouse)
	for row, qty in sends:
		row.sent_qty = flt(row.sent_qty) + qty
	request.append(
		"fulfilments",
		{
			"reference_doctype": doctype,
			"reference_name": name,
			"posting_date": today(),
			"qty": sum(qty for _row, qty in sends),
			"amount": sum(qty * flt(row.rate) for row, qty in sends) if doctype == "Sales Invoice" else 0,
			"sent_by": frappe.session.user,
		},
	)
	request.flags.posting = True
	request.save()
	return name


def post_transfer(request, sends, parties, warehouse) -> str:
	return invoice_posting.submit_new(
		"Stock Entry",
		{
			"stock_entry_type": "Material Transfer",
			"purpose": "Material Transfer",
			"company": parties.company,
			"posting_date": today(),
			"from_warehouse": warehouse,
			"to_warehouse": parties.consignment_warehouse,
			"remarks": _("Warranty parts of Agency Parts Request {0} for reception {1}").format(
				request.name, request.service_reception
			),
		},
		[
			{
				"item_code": row.item,
				"qty": qty,
				"s_warehouse": warehouse,
				"t_warehouse": parties.consignment_warehouse,
				"cost_center": parties.cost_center,
			}
			for row, qty in sends
		],
	)


def post_sale(request, sends, parties, warehouse) -> str:
	return invoice_posting.submit_new(
		"Sales Invoice",
		{
			"customer": parties.customer,
			"company": parties.company,
			"posting_date": today(),
			"update_stock": 1,
			"ignore_pricing_rule": 1,
			"selling_price_list": selling_price_list(),
			"remarks": _("Parts bought by the agency: Agency Parts Request {0}").format(request.name),
		},
		[
			{
				"item_code": row.item,
				"qty": qty,
				"rate": flt(row.rate),
				"warehouse": warehouse,
				"cost_center": parties.cost_center,
			}
			for row, qty in sends
		],
		set_missing_values=True,
	)


# --- prices -------------------------------------------------------------------------------------


def selling_price_list() -> str:
	return frappe.db.get_single_value("Selling Settings", "selling_price_list") or "Standard Selling"


def standard_price(item: str) -> float | None:
	"""The item's current price in the standard selling price list (no customer-specific price)."""
	prices = frappe.get_all(
		"Item Price",
		filters={"item_code": item, "price_list": selling_price_list(), "selling": 1},
		fields=["price_list_rate", "customer", "valid_from", "valid_upto"],
		order_by="valid_from desc, creation desc",
	)
	now = frappe.utils.getdate(today())
	for price in prices:
		if price.customer:
			continue
		if price.valid_from and frappe.utils.getdate(price.valid_from) > now:
			continue
		if price.valid_upto and frappe.utils.getdate(price.valid_upto) < now:
			continue
		return flt(price.price_list_rate)
	return None


# --- cancel -------------------------------------------------------------------------------------


def posted_fulfilments(request) -> list:
	return [
		row
		for row in request.fulfilments
		if not row.is_cancelled
		and frappe.db.get_value(row.reference_doctype, row.reference_name, "docstatus") == 1
	]


def before_cancel(request):
	"""An agency withdraws a request nothing was sent for; once parts were sent only head office
	cancels it, and that cancels the sends (checked here, done in `reverse`)."""
	posted = posted_fulfilments(request)
	if posted:
		require_head_office(
			_(
				"Agency Parts Request {0} was already sent with {1}; only head office (After Sales Manager) can cancel it, which cancels those documents."
			).format(frappe.bold(request.name), ", ".join(row.reference_name for row in posted))
		)
		check_consignment_holds(request, posted)
	request._posted_to_cancel = [(row.reference_doctype, row.reference_name) for row in posted]
	for row in request.fulfilments:
		row.is_cancelled = 1
	for row in request.items:
		row.sent_qty = 0
	set_totals(request)
	request.status = CANCELLED


def check_consignment_holds(request, posted):
	"""The parts transferred must still be at the agency to be taken back (ERPNext would refuse
	too, with a less helpful message)."""
	needed = defaultdict(float)
	for row in posted:
		if row.reference_doctype != "Stock Entry":
			continue
		for item in frappe.get_all(
			"Stock Entry Detail", {"parent": row.reference_name}, ["item_code", "t_warehouse", "qty"]
		):
			needed[(item.item_code, item.t_warehouse)] += flt(item.qty)
	for (item, warehouse), qty in needed.items():
		available = flt(get_stock_balance(item, warehouse))
		if available < qty:
			frappe.throw(
				_(
					"Warehouse {0} holds {1} of {2}, less than the {3} this request sent there (some were used); the sends cannot be cancelled."
				).format(frappe.bold(warehouse), fmt(available), frappe.bold(item), fmt(qty)),
				exc=PartsRequestError,
				title=_("Not enough stock"),
			)


def reverse(request):
	"""on_cancel: the sends, last first, and a note of them on the timeline."""
	posted = getattr(request, "_posted_to_cancel", [])
	with invoice_posting.as_system():
		for doctype, name in reversed(posted):
			doc = frappe.get_doc(doctype, name)
			doc.flags.ignore_permissions = True
			doc.cancel()
	if posted:
		request.add_comment(
			"Info",
			_("Cancelled by {0} with its sends: {1}").format(
				frappe.session.user, ", ".join(f"{_(doctype)} {name}" for doctype, name in reversed(posted))
			),
		)
