"""What the Agency module's management reports share (Warranty Cost per Model, Parts Consumption by
Agency, Hot Parts Overdue):

    require_head_office(money)  head office only (an agency or a technician is refused even when it
                                calls a report directly); Accounts Manager too for the money reports
    approved_invoices(filters)  the Service Invoices head office approved and did not cancel, by
                                their approval time in the filters' date range
    posted_parts(invoice, ...)  the stock ledger rows an approval posted for the invoice's parts:
                                the warranty parts' Material Issue or the paid parts' Sales Invoice
    item_groups(item_group)     an item group and the groups under it
    names_of(...)               the titles of the records grouped by, one query

An approved invoice's parts are what its approval posted, not what the agency typed: a line head
office voided was never posted, and a cancelled invoice's postings are cancelled (is_cancelled) and
the invoice itself is no longer Approved, so neither is counted. The Service Invoice holds no price
for a part; its cost is the stock value that left the agency's consignment warehouse (ERPNext's
valuation at the posting), which for warranty parts is exactly what the approval debited to the
warranty cost account."""

import frappe
from frappe import _

from zhira_after_sales import access
from zhira_after_sales.utils.report_query import within

APPROVED = "Approved"
WARRANTY, PAID = "Warranty", "Paid"
ACCOUNTS_MANAGER = "Accounts Manager"
# coverage -> (Service Invoice field of the posted document, its voucher type)
POSTINGS = {WARRANTY: ("stock_entry", "Stock Entry"), PAID: ("sales_invoice", "Sales Invoice")}
CHART_GROUPS = 20


def require_head_office(money: bool = False):
	"""Head office; for the money reports (`money`) an Accounts Manager too."""
	if money and ACCOUNTS_MANAGER in frappe.get_roles():
		return
	access.require_head_office(_("Only head office reads the management reports."))


def approved_invoices(filters, invoice_type: str | None = None):
	"""(Service Invoice table, query) of the approved, not cancelled invoices approved in the
	filters' date range, narrowed to the filters' agency."""
	invoice = frappe.qb.DocType("Service Invoice")
	query = frappe.qb.from_(invoice).where(
		(invoice.docstatus == 1) & (invoice.approval_status == APPROVED) & invoice.approved_on.isnotnull()
	)
	if invoice_type:
		query = query.where(invoice.invoice_type == invoice_type)
	if filters.get("agency"):
		query = query.where(invoice.agency == filters.agency)
	return invoice, within(query, invoice.approved_on, filters)


def posted_parts(invoice, query, coverage: str):
	"""(Stock Ledger Entry table, query) joined to the ledger rows of the `coverage` parts the
	approval posted (qty out = -actual_qty, cost = -stock_value_difference)."""
	field, voucher_type = POSTINGS[coverage]
	sle = frappe.qb.DocType("Stock Ledger Entry")
	query = query.join(sle).on(
		(sle.voucher_no == invoice[field]) & (sle.voucher_type == voucher_type) & (sle.is_cancelled == 0)
	)
	return sle, query


def item_groups(item_group: str) -> list[str]:
	"""The item group and the groups under it."""
	lft, rgt = frappe.db.get_value("Item Group", item_group, ["lft", "rgt"]) or (None, None)
	if lft is None:
		return [item_group]
	return frappe.get_all("Item Group", {"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")


def items_in_groups(item_group: str):
	"""A subquery of the items of the item group and the groups under it."""
	item = frappe.qb.DocType("Item")
	return frappe.qb.from_(item).select(item.name).where(item.item_group.isin(item_groups(item_group)))


def names_of(doctype: str, fieldname: str, values) -> dict:
	"""{name: title} of the records named in `values`."""
	values = [v for v in set(values) if v]
	if not values:
		return {}
	return dict(
		frappe.get_all(doctype, filters={"name": ("in", values)}, fields=["name", fieldname], as_list=1)
	)


def company_currency() -> str | None:
	company = frappe.db.get_single_value(
		"After Sales Settings", "company"
	) or frappe.defaults.get_defaults().get("company")
	return frappe.get_cached_value("Company", company, "default_currency") if company else None


def link(doctype: str) -> dict:
	"""A Link column if the user may read `doctype`, else plain text: Frappe checks every row of a
	report against the user's read permission of each linked DocType (an After Sales Manager may
	not read Sales Invoice)."""
	if frappe.has_permission(doctype, "read"):
		return {"fieldtype": "Link", "options": doctype}
	return {"fieldtype": "Data"}


def currency_column() -> dict:
	"""The rows' currency, for the Currency columns (Data, not a Link: Frappe checks every Link
	column against the user's read permission, and head office may not read Currency)."""
	return {"fieldname": "currency", "label": _("Currency"), "fieldtype": "Data", "hidden": 1}


def money(fieldname: str, label: str, width: int = 140) -> dict:
	return {
		"fieldname": fieldname,
		"label": label,
		"fieldtype": "Currency",
		"options": "currency",
		"width": width,
	}
