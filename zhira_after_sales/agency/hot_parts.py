"""Replaced parts an agency must send back (قطعه داغی), created when head office approves the
Service Invoice that replaced them.

    create_returns(invoice)  one Defective Part Return per approved part line marked "must be
                             returned", due `hot_part_return_days` (After Sales Settings) after
                             the approval: the agency learns the part is due when it is approved
    check_returns_awaited(invoice)  before cancelling the approval: one already received, short,
                             rejected or billed stops the cancel
    void_returns(invoice)    on cancel of the approval: the returns still awaited become Void
    returns_of(invoice)      the returns an invoice created
"""

import frappe
from frappe import _
from frappe.utils import add_days, cint, today

from zhira_after_sales.exceptions import ServiceInvoiceError

DOCTYPE = "Defective Part Return"
AWAITING, VOID = "Awaiting Return", "Void"
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
