"""Replaced parts an agency must send back (قطعه داغی), created when head office approves the
Service Invoice that replaced them.

    create_returns(invoice)  one Defective Part Return per approved part line marked "must be
                             returned", due `hot_part_return_days` (After Sales Settings) after
                             the approval: the agency learns the part is due when it is approved
    check_returns_awaited(invoice)  before cancelling the approval: one already received, short,
                             rejected or billed stops the cancel
    void_returns(invoice)    on cancel of the approval: the returns still awaited become Void
    returns_of(invoice)      the returns an invoice created

What head office does with a return (each posts to ERPNext in the caller's transaction, all or
nothing, as the system, like an invoice approval):

    receive(ret, qty, rate=0)       the part arrives: Stock Entry "Material Receipt" into the
                                    agency's defective warehouse, at zero value unless head
                                    office gives a rate; Received, or Short while some is due
    reject(ret, reason)             what arrived is not the part (or is unusable): nothing
                                    enters stock; the part counts as unreturned
    bill(ret)                       the agency is billed once for what did not come back: a
                                    Sales Invoice of the unreturned-part charge item to its
                                    Customer, at the part's selling price (else valuation)
    bill_overdue(on_date)           the daily job: bills every return overdue by the grace days
    route(ret, outcome, ...)        a received part: Scrap or Return to Supplier (a Material
                                    Issue from the defective warehouse), or Repair; then
    repaired(ret, cost)             the repaired part goes back to the spare-parts warehouse with
                                    its repair cost (Material Transfer with an additional cost)
"""

import frappe
from frappe import _
from frappe.utils import add_days, cint, cstr, flt, getdate, now_datetime, today

from zhira_after_sales.access import require_manager
from zhira_after_sales.agency import posting_setup
from zhira_after_sales.agency.invoice_posting import as_system, submit_new
from zhira_after_sales.exceptions import ServiceInvoiceError

DOCTYPE = "Defective Part Return"
AWAITING, RECEIVED, SHORT, REJECTED, BILLED, VOID = (
	"Awaiting Return",
	"Received",
	"Short",
	"Rejected",
	"Billed",
	"Void",
)
SCRAP, REPAIR, TO_SUPPLIER, REPAIRED = "Scrap", "Repair", "Return to Supplier", "Repaired"
DEFAULT_DAYS = 30


def return_days() -> int:
	return cint(frappe.db.get_single_value("After Sales Settings", "hot_part_return_days")) or DEFAULT_DAYS


def create_returns(invoice) -> list[str]:
	due = add_days(today(), return_days())
	company = frappe.db.get_single_value("After Sales Settings", "company")
	names = []
	for row in invoice.parts:
		if not row.hot_part_due or row.line_status != "Approved":
			continue
		doc = frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"agency": invoice.agency,
				"technician": invoice.technician,
				"company": company,
				"due_date": due,
				"item": row.item,
				"qty": row.qty,
				"service_invoice": invoice.name,
				"service_invoice_part": row.name,
				"service_reception": invoice.service_reception,
				"tracking_code": invoice.tracking_code,
				"customer_device": invoice.customer_device,
				"serial_no": invoice.serial_no,
				"replaced_on": invoice.service_date,
			}
		)
		doc.insert(ignore_permissions=True)
		names.append(doc.name)
	return names


def returns_of(invoice_name: str) -> list[frappe._dict]:
	return frappe.get_all(
		DOCTYPE,
		{"service_invoice": invoice_name},
		["name", "status", "item", "qty", "due_date"],
		order_by="creation",
	)


def check_returns_awaited(invoice):
	"""Before cancelling an approval: every return it created is still awaited (or void)."""
	moved = [r for r in returns_of(invoice.name) if r.status not in (AWAITING, VOID)]
	if moved:
		frappe.throw(
			_(
				"Service Invoice {0}: defective part return {1} is already {2}; settle it before cancelling the invoice."
			).format(frappe.bold(invoice.name), frappe.bold(moved[0].name), _(moved[0].status)),
			exc=ServiceInvoiceError,
		)


def void_returns(invoice):
	check_returns_awaited(invoice)
	for r in returns_of(invoice.name):
		if r.status == AWAITING:
			frappe.db.set_value(DOCTYPE, r.name, "status", VOID)


# --- head office's handling of a return --------------------------------------------------------


def require_head_office():
	require_manager(_("Only head office (After Sales Manager) handles defective part returns."))


def refuse(ret, message: str):
	frappe.throw(
		_("Defective part return {0}: {1}").format(frappe.bold(ret.name), message), exc=ServiceInvoiceError
	)


def agency_of(ret) -> frappe._dict:
	agency = frappe.db.get_value(
		"Service Agency", ret.agency, ["company", "customer", "defective_warehouse"], as_dict=True
	)
	agency.company = (
		agency.company or ret.company or frappe.db.get_single_value("After Sales Settings", "company")
	)
	agency.cost_center = frappe.get_cached_value("Company", agency.company, "cost_center")
	return agency


def stock_entry(purpose: str, company: str, row: dict, remarks: str) -> str:
	header = {"stock_entry_type": purpose, "purpose": purpose, "company": company, "remarks": remarks}
	return submit_new("Stock Entry", header, [row])


def save(ret, **values):
	ret.update(values)
	ret.flags.ignore_permissions = True
	ret.save()
	return ret


def receive(ret, qty: float, rate: float = 0):
	require_head_office()
	qty, rate = flt(qty), flt(rate)
	if ret.status not in (AWAITING, SHORT):
		refuse(ret, _("it is {0}; only an awaited part can be received.").format(_(ret.status)))
	if qty <= 0:
		refuse(ret, _("{0} must be more than zero.").format(_("Qty Received")))
	due = flt(ret.qty) - flt(ret.received_qty)
	if qty > due:
		refuse(ret, _("{0} of {1} arrived but only {2} is still due.").format(qty, ret.item, due))
	if rate < 0:
		refuse(ret, _("{0} cannot be negative.").format(_("Received At (Rate)")))
	agency = agency_of(ret)
	if not agency.defective_warehouse:
		refuse(
			ret,
			_("agency {0} has no defective parts warehouse; set up its parties and warehouses first.").format(
				ret.agency
			),
		)
	row = {
		"item_code": ret.item,
		"qty": qty,
		"t_warehouse": agency.defective_warehouse,
		"cost_center": agency.cost_center,
	}
	row.update({"basic_rate": rate} if rate else {"allow_zero_valuation_rate": 1})
	with as_system():
		entry = stock_entry(
			"Material Receipt",
			agency.company,
			row,
			_("Defective part returned by agency {0} (return {1}, Service Invoice {2})").format(
				ret.agency, ret.name, ret.service_invoice
			),
		)
	received = flt(ret.received_qty) + qty
	return save(
		ret,
		received_qty=received,
		status=RECEIVED if received >= flt(ret.qty) else SHORT,
		received_on=now_datetime(),
		received_by=frappe.session.user,
		valuation_rate=rate,
		stock_entry=entry,
	)


def reject(ret, reason: str):
	require_head_office()
	if ret.status != AWAITING:
		refuse(ret, _("it is {0}; only an awaited part can be rejected.").format(_(ret.status)))
	if not cstr(reason).strip():
		refuse(ret, _("say why the returned part is rejected."))
	return save(ret, status=REJECTED, rejection_reason=reason.strip(), received_by=frappe.session.user)


def charge_rate(item: str, company: str) -> float:
	price = frappe.db.get_value(
		"Item Price", {"item_code": item, "price_list": "Standard Selling"}, "price_list_rate"
	)
	if flt(price):
		return flt(price)
	return flt(
		frappe.db.get_value("Bin", {"item_code": item}, "valuation_rate", order_by="valuation_rate desc")
	) or flt(frappe.db.get_value("Item", item, "valuation_rate"))


def bill(ret):
	"""Bill the agency once for what did not come back."""
	require_head_office()
	if ret.sales_invoice and frappe.db.get_value("Sales Invoice", ret.sales_invoice, "docstatus") == 1:
		refuse(ret, _("it was already billed to the agency by {0}.").format(ret.sales_invoice))
	if ret.status not in (AWAITING, SHORT, REJECTED):
		refuse(ret, _("it is {0}; nothing is left to bill.").format(_(ret.status)))
	qty = flt(ret.qty) - flt(ret.received_qty)
	agency = agency_of(ret)
	if not agency.customer:
		refuse(ret, _("agency {0} has no customer account; set up its parties first.").format(ret.agency))
	rate = charge_rate(ret.item, agency.company)
	if rate <= 0:
		refuse(
			ret,
			_(
				"part {0} has no selling price or valuation to charge; give it a Standard Selling price."
			).format(ret.item),
		)
	item = posting_setup.unreturned_part_item(agency.company)
	with as_system():
		invoice = frappe.new_doc("Sales Invoice")
		invoice.update(
			{
				"customer": agency.customer,
				"company": agency.company,
				"set_posting_time": 1,
				"posting_date": today(),
				"due_date": today(),
				"remarks": _(
					"Defective part {0} × {1} not returned (return {2}, Service Invoice {3})"
				).format(ret.item, qty, ret.name, ret.service_invoice),
			}
		)
		invoice.append(
			"items",
			{
				"item_code": item,
				"item_name": _("Unreturned defective part {0}").format(ret.item_name or ret.item),
				"description": _("Unreturned defective part {0} ({1}), return {2}").format(
					ret.item_name or ret.item, ret.item, ret.name
				),
				"qty": qty,
				"rate": rate,
				"cost_center": agency.cost_center,
			},
		)
		invoice.flags.ignore_permissions = True
		invoice.set_missing_values()
		invoice.insert()
		invoice.submit()
	return save(
		ret, status=BILLED, sales_invoice=invoice.name, charge_amount=invoice.grand_total, billed_on=today()
	)


def overdue_returns(on_date=None) -> list[str]:
	grace = cint(frappe.db.get_single_value("After Sales Settings", "hot_part_grace_days"))
	limit = add_days(getdate(on_date or today()), -grace)
	return frappe.get_all(
		DOCTYPE,
		{
			"status": ("in", (AWAITING, SHORT, REJECTED)),
			"due_date": ("<", limit),
			"sales_invoice": ("is", "not set"),
		},
		pluck="name",
		order_by="due_date asc",
	)


def bill_overdue(on_date=None) -> list[str]:
	"""The daily job: each overdue return is billed in its own transaction; one that fails is
	logged and retried the next day, the others go on."""
	if not cint(frappe.db.get_single_value("After Sales Settings", "hot_part_auto_bill")):
		return []
	billed = []
	for name in overdue_returns(on_date):
		frappe.db.savepoint("bill_overdue")
		try:
			with as_system():
				bill(frappe.get_doc(DOCTYPE, name))
			frappe.db.commit()  # nosemgrep: a scheduled job, one return per transaction
			billed.append(name)
		except Exception:
			frappe.db.rollback(save_point="bill_overdue")
			frappe.log_error(
				title=_("Billing defective part return {0} failed").format(name),
				reference_doctype=DOCTYPE,
				reference_name=name,
			)
	return billed


def route(ret, outcome: str, supplier: str | None = None):
	"""What happens to a received part: Scrap, Repair or Return to Supplier."""
	require_head_office()
	if flt(ret.received_qty) <= 0:
		refuse(ret, _("nothing of it was received; only a received part can be routed."))
	if ret.outcome:
		refuse(ret, _("it was already routed: {0}.").format(_(ret.outcome)))
	if outcome not in (SCRAP, REPAIR, TO_SUPPLIER):
		refuse(ret, _("choose Scrap, Repair or Return to Supplier."))
	if outcome == TO_SUPPLIER and not supplier:
		refuse(ret, _("choose the supplier the part goes back to."))
	values = {
		"outcome": outcome,
		"outcome_on": today(),
		"supplier": supplier if outcome == TO_SUPPLIER else None,
	}
	if outcome in (SCRAP, TO_SUPPLIER):
		agency = agency_of(ret)
		remarks = (
			_("Defective part scrapped (return {0})").format(ret.name)
			if outcome == SCRAP
			else _("Defective part returned to supplier {0} (return {1})").format(supplier, ret.name)
		)
		row = {
			"item_code": ret.item,
			"qty": flt(ret.received_qty),
			"s_warehouse": agency.defective_warehouse,
			"cost_center": agency.cost_center,
			"allow_zero_valuation_rate": 1,
		}
		with as_system():
			values["outcome_entry"] = stock_entry("Material Issue", agency.company, row, remarks)
	return save(ret, **values)


def repaired(ret, cost: float):
	"""A part routed to repair is fixed: it leaves the defective warehouse (Material Issue, at its
	zero value) and enters the spare-parts warehouse valued at its repair cost (Material Receipt,
	Dr stock / Cr part repair cost). ERPNext spreads a transfer's additional costs by value, so a
	zero-valued part cannot carry its cost through one Material Transfer."""
	require_head_office()
	cost = flt(cost)
	if ret.outcome != REPAIR:
		refuse(ret, _("it is not waiting for repair."))
	if cost < 0:
		refuse(ret, _("{0} cannot be negative.").format(_("Repair Cost")))
	agency = agency_of(ret)
	stores = frappe.db.get_single_value("After Sales Settings", "parts_warehouse")
	if not stores:
		refuse(ret, _("set the spare parts warehouse in After Sales Settings first."))
	qty = flt(ret.received_qty)
	out = {
		"item_code": ret.item,
		"qty": qty,
		"s_warehouse": agency.defective_warehouse,
		"cost_center": agency.cost_center,
		"allow_zero_valuation_rate": 1,
	}
	back = {"item_code": ret.item, "qty": qty, "t_warehouse": stores, "cost_center": agency.cost_center}
	if cost:
		back.update(
			{"basic_rate": cost / qty, "expense_account": posting_setup.part_repair_account(agency.company)}
		)
	else:
		back["allow_zero_valuation_rate"] = 1
	with as_system():
		issue = stock_entry(
			"Material Issue",
			agency.company,
			out,
			_("Defective part sent to repair (return {0})").format(ret.name),
		)
		entry = stock_entry(
			"Material Receipt",
			agency.company,
			back,
			_("Repaired defective part back to spare stock (return {0}, out by {1})").format(ret.name, issue),
		)
	return save(ret, outcome=REPAIRED, outcome_entry=entry, outcome_on=today(), repair_cost=cost)
