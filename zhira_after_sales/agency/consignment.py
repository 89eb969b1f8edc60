"""Consignment stock (امانی) an agency holds: what head office takes back, and what it bills the
agency for when the agency cannot return it. ERPNext's own documents, posted as the system in the
caller's transaction, all or nothing, stock checked first (ERPNext checks only at submit):

    return_stock(agency, items)   Stock Entry "Material Transfer" from the agency's consignment
                                  warehouse back to the central spare-parts warehouse
    bill_stock(agency, items)     Sales Invoice (update_stock) to the agency's Customer from its
                                  consignment warehouse, at the Standard Selling price

`items`: [{"item": code, "qty": n}, ...]
"""

from collections import defaultdict

import frappe
from erpnext.stock.utils import get_stock_balance
from frappe import _
from frappe.utils import flt, today

from zhira_after_sales.access import require_manager
from zhira_after_sales.agency.invoice_posting import as_system
from zhira_after_sales.exceptions import ServiceInvoiceError


def agency_stock_setup(agency: str) -> frappe._dict:
	values = frappe.db.get_value(
		"Service Agency",
		agency,
		["name", "company", "customer", "consignment_warehouse"],
		as_dict=True,
	)
	if not values:
		frappe.throw(
			_("Service Agency {0} does not exist.").format(frappe.bold(agency)), exc=ServiceInvoiceError
		)
	values.company = values.company or frappe.db.get_single_value("After Sales Settings", "company")
	values.cost_center = frappe.get_cached_value("Company", values.company, "cost_center")
	if not values.consignment_warehouse:
		frappe.throw(
			_("Agency {0} has no consignment warehouse; set up its parties and warehouses first.").format(
				agency
			),
			exc=ServiceInvoiceError,
		)
	return values


def checked_items(agency: frappe._dict, items) -> list[tuple[str, float]]:
	"""Merge the rows by item and refuse, naming item and warehouse, what cannot be taken."""
	items = frappe.parse_json(items) if isinstance(items, str) else items
	if not items:
		frappe.throw(_("Choose at least one part and its quantity."), exc=ServiceInvoiceError)
	wanted = defaultdict(float)
	for index, row in enumerate(items, 1):
		item, qty = row.get("item"), flt(row.get("qty"))
		if not item or not frappe.db.exists("Item", item):
			frappe.throw(_("Row {0}: choose a part.").format(index), exc=ServiceInvoiceError)
		if not frappe.get_cached_value("Item", item, "is_stock_item"):
			frappe.throw(
				_("Row {0}: {1} is not a stock item.").format(index, frappe.bold(item)),
				exc=ServiceInvoiceError,
			)
		if qty <= 0:
			frappe.throw(
				_("Row {0}: {1} must be more than zero.").format(index, _("Qty")), exc=ServiceInvoiceError
			)
		wanted[item] += qty
	for item, qty in wanted.items():
		held = flt(get_stock_balance(item, agency.consignment_warehouse))
		if held < qty:
			frappe.throw(
				_("Warehouse {0} holds {1} of {2}, not {3}.").format(
					frappe.bold(agency.consignment_warehouse), f"{held:g}", frappe.bold(item), f"{qty:g}"
				),
				exc=ServiceInvoiceError,
				title=_("Not enough stock"),
			)
	return list(wanted.items())


def require_head_office():
	require_manager(_("Only head office (After Sales Manager) moves or bills consignment stock."))


def return_stock(agency: str, items) -> str:
	require_head_office()
	setup = agency_stock_setup(agency)
	rows = checked_items(setup, items)
	stores = frappe.db.get_single_value("After Sales Settings", "parts_warehouse")
	if not stores:
		frappe.throw(
			_("Set the spare parts warehouse in After Sales Settings first."), exc=ServiceInvoiceError
		)
	entry = frappe.new_doc("Stock Entry")
	entry.update(
		{
			"stock_entry_type": "Material Transfer",
			"purpose": "Material Transfer",
			"company": setup.company,
			"remarks": _("Consignment stock returned by agency {0}").format(agency),
		}
	)
	if entry.meta.has_field("zhira_supply_type"):
		entry.zhira_supply_type = "Consignment Return"
	for item, qty in rows:
		entry.append(
			"items",
			{
				"item_code": item,
				"qty": qty,
				"s_warehouse": setup.consignment_warehouse,
				"t_warehouse": stores,
				"cost_center": setup.cost_center,
			},
		)
	entry.flags.ignore_permissions = True
	with as_system():
		entry.insert()
		entry.submit()
	return entry.name


def bill_stock(agency: str, items) -> str:
	require_head_office()
	setup = agency_stock_setup(agency)
	if not setup.customer:
		frappe.throw(
			_("Agency {0} has no customer account; set up its parties first.").format(agency),
			exc=ServiceInvoiceError,
		)
	rows = checked_items(setup, items)
	invoice = frappe.new_doc("Sales Invoice")
	invoice.update(
		{
			"customer": setup.customer,
			"company": setup.company,
			"set_posting_time": 1,
			"posting_date": today(),
			"update_stock": 1,
			"remarks": _("Consignment stock agency {0} could not return").format(agency),
		}
	)
	for item, qty in rows:
		invoice.append(
			"items",
			{
				"item_code": item,
				"qty": qty,
				"warehouse": setup.consignment_warehouse,
				"cost_center": setup.cost_center,
			},
		)
	invoice.flags.ignore_permissions = True
	with as_system():
		invoice.set_missing_values()
		invoice.insert()
		invoice.submit()
	return invoice.name
