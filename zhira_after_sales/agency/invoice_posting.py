"""What an approved Service Invoice posts to ERPNext, in one transaction with the approval (no
commit, no try/except: any exception rolls everything back, see
shared facts "Workflow approval posting several documents"):

    check_stock(invoice)          every approved part line's warehouse holds it (before posting)
    post_wages(invoice)           submitted Purchase Invoice of the wages to the agency's Supplier
    post_warranty_parts(invoice)  submitted Stock Entry (Material Issue) of approved Warranty parts
    post_paid_parts(invoice)      submitted Sales Invoice (update_stock) of approved Paid parts
                                  to the agency's Customer, from the consignment warehouse
    cancel_postings(invoice)      cancels them in reverse order

Head office approves, not an accountant: the documents are posted as the system (`as_system`),
as ERPNext's own common-party netting Journal Entry checks the user's permission itself.
"""

from collections import defaultdict
from contextlib import contextmanager

import frappe
from erpnext.stock.utils import get_stock_balance
from frappe import _
from frappe.utils import flt

from zhira_after_sales.agency import posting_setup
from zhira_after_sales.exceptions import ServiceInvoiceError

APPROVED = "Approved"
WARRANTY = "Warranty"
PAID = "Paid"


@contextmanager
def as_system():
	"""Run the block as Administrator and give the session back to the approver (also when the
	block raises: the exception still propagates and the transaction is rolled back)."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		yield
	finally:
		frappe.set_user(user)


def approved_parts(invoice, coverage: str | None = None) -> list:
	return [
		row
		for row in invoice.parts
		if row.line_status == APPROVED and (coverage is None or row.coverage == coverage)
	]


def agency_parties(invoice) -> frappe._dict:
	agency = frappe.db.get_value(
		"Service Agency", invoice.agency, ["company", "customer", "supplier"], as_dict=True
	)
	agency.company = agency.company or frappe.db.get_single_value("After Sales Settings", "company")
	agency.cost_center = frappe.get_cached_value("Company", agency.company, "cost_center")
	return agency


def check_stock(invoice):
	"""Refuse, naming item and warehouse, when a warehouse holds less than the approved lines take
	from it (ERPNext itself would only refuse at submit, with a less helpful message)."""
	needed = defaultdict(float)
	for row in approved_parts(invoice):
		if frappe.get_cached_value("Item", row.item, "is_stock_item"):
			needed[(row.item, row.source_warehouse)] += flt(row.qty)
	for (item, warehouse), qty in needed.items():
		if not warehouse:
			frappe.throw(
				_("Parts: {0} has no source warehouse.").format(frappe.bold(item)), exc=ServiceInvoiceError
			)
		available = flt(get_stock_balance(item, warehouse))
		if available < qty:
			frappe.throw(
				_(
					"Warehouse {0} holds {1} of {2}; the approved lines need {3}. Move the parts there first."
				).format(frappe.bold(warehouse), f"{available:g}", frappe.bold(item), f"{qty:g}"),
				exc=ServiceInvoiceError,
				title=_("Not enough stock"),
			)


def submit_new(doctype: str, header: dict, items: list[dict], set_missing_values: bool = False) -> str:
	"""Insert and submit one ERPNext document of `doctype` dated on the service date."""
	doc = frappe.new_doc(doctype)
	doc.update({"set_posting_time": 1, **header})
	for item in items:
		doc.append("items", item)
	doc.flags.ignore_permissions = True
	if set_missing_values:
		doc.set_missing_values()
	doc.insert()
	doc.submit()
	return doc.name


def post_wages(invoice, parties) -> str | None:
	rows = [row for row in invoice.services if flt(row.wage) > 0]
	if not rows:
		return None
	return submit_new(
		"Purchase Invoice",
		{
			"supplier": parties.supplier,
			"company": parties.company,
			"posting_date": invoice.service_date,
			"bill_no": invoice.name,
			"bill_date": invoice.service_date,
			"remarks": _("Agency wages of Service Invoice {0}").format(invoice.name),
		},
		[
			{
				"item_code": posting_setup.wage_item(row.service_type, parties.company),
				"qty": 1,
				"rate": flt(row.wage),
				"expense_account": posting_setup.wages_account(parties.company),
				"cost_center": parties.cost_center,
			}
			for row in rows
		],
	)


def post_warranty_parts(invoice, parties) -> str | None:
	rows = approved_parts(invoice, WARRANTY)
	if not rows:
		return None
	account = posting_setup.warranty_cost_account(parties.company)
	return submit_new(
		"Stock Entry",
		{
			"stock_entry_type": "Material Issue",
			"purpose": "Material Issue",
			"company": parties.company,
			"posting_date": invoice.service_date,
			"remarks": _("Warranty parts of Service Invoice {0}").format(invoice.name),
		},
		[
			{
				"item_code": row.item,
				"qty": flt(row.qty),
				"s_warehouse": row.source_warehouse,
				"expense_account": account,
				"cost_center": parties.cost_center,
			}
			for row in rows
		],
	)


def post_paid_parts(invoice, parties) -> str | None:
	rows = approved_parts(invoice, PAID)
	if not rows:
		return None
	return submit_new(
		"Sales Invoice",
		{
			"customer": parties.customer,
			"company": parties.company,
			"posting_date": invoice.service_date,
			"update_stock": 1,
			"remarks": _("Paid parts of Service Invoice {0}").format(invoice.name),
		},
		[
			{
				"item_code": row.item,
				"qty": flt(row.qty),
				"warehouse": row.source_warehouse,
				"cost_center": parties.cost_center,
			}
			for row in rows
		],
		set_missing_values=True,
	)


def cancel_postings(invoice):
	for doctype, fieldname in (
		("Sales Invoice", "sales_invoice"),
		("Stock Entry", "stock_entry"),
		("Purchase Invoice", "purchase_invoice"),
	):
		name = invoice.get(fieldname)
		if not name or frappe.db.get_value(doctype, name, "docstatus") != 1:
			continue
		doc = frappe.get_doc(doctype, name)
		doc.flags.ignore_permissions = True
		doc.cancel()
