"""What a new Service Agency needs in ERPNext: a Supplier (wages are owed to it), a Customer (it
buys parts), a Party Link between them (primary Customer, so common party accounting nets both
into one balance), a consignment warehouse and a defective-parts warehouse.

Everything runs inside the agency's insert: if any step fails, nothing is left behind.
"""

import frappe
from frappe import _
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.agency.company_setup import ensure_agency_warehouse_groups
from zhira_after_sales.exceptions import AgencySetupError


def settings():
	return frappe.get_cached_doc("After Sales Settings")


def get_company(agency) -> str:
	company = agency.company or settings().company or frappe.defaults.get_global_default("company")
	if not company:
		frappe.throw(
			_("Set a Company in After Sales Settings before creating agencies."), exc=AgencySetupError
		)
	return company


def ensure_customer(agency) -> str:
	if agency.customer:
		assert_party_free(agency, "Customer", agency.customer)
		return agency.customer
	existing = frappe.db.get_value("Customer", {"customer_name": agency.agency_name}, "name")
	if existing and not agency_of_party("customer", existing):
		return existing
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": agency.agency_name,
			"customer_type": "Company",
			"customer_group": settings().agency_customer_group or get_root_of("Customer Group"),
			"territory": first_territory(agency) or get_root_of("Territory"),
			"mobile_no": agency.mobile_no,
		}
	)
	customer.flags.ignore_permissions = True
	customer.insert()
	return customer.name


def ensure_supplier(agency) -> str:
	if agency.supplier:
		assert_party_free(agency, "Supplier", agency.supplier)
		return agency.supplier
	existing = frappe.db.get_value("Supplier", {"supplier_name": agency.agency_name}, "name")
	if existing and not agency_of_party("supplier", existing):
		return existing
	supplier = frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": agency.agency_name,
			"supplier_type": "Company",
			"supplier_group": settings().agency_supplier_group or get_root_of("Supplier Group"),
		}
	)
	supplier.flags.ignore_permissions = True
	supplier.insert()
	return supplier.name


def ensure_party_link(customer: str, supplier: str) -> str:
	existing = frappe.db.get_value(
		"Party Link",
		{"primary_role": "Customer", "primary_party": customer, "secondary_party": supplier},
		"name",
	)
	if existing:
		return existing
	for role, party in (("Customer", customer), ("Supplier", supplier)):
		other = frappe.db.get_value("Party Link", {"primary_party": party}) or frappe.db.get_value(
			"Party Link", {"secondary_party": party}
		)
		if other:
			frappe.throw(
				_(
					"{0} {1} is already joined to another party by Party Link {2}. Remove that link or choose another {0} for the agency."
				).format(_(role), frappe.bold(party), other),
				exc=AgencySetupError,
			)
	link = frappe.get_doc(
		{
			"doctype": "Party Link",
			"primary_role": "Customer",
			"primary_party": customer,
			"secondary_role": "Supplier",
			"secondary_party": supplier,
		}
	)
	link.flags.ignore_permissions = True
	link.insert()
	return link.name


def ensure_warehouse(agency, company: str, parent_field: str, label: str) -> str:
	parent = settings().get(parent_field)
	if not parent or frappe.db.get_value("Warehouse", parent, "company") != company:
		ensure_agency_warehouse_groups(company)
		frappe.clear_document_cache("After Sales Settings", "After Sales Settings")
		parent = frappe.get_cached_doc("After Sales Settings").get(parent_field)
	warehouse_name = f"{label} {agency.agency_code}"
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{warehouse_name} - {abbr}"
	if frappe.db.exists("Warehouse", name):
		return name
	warehouse = frappe.get_doc(
		{
			"doctype": "Warehouse",
			"warehouse_name": warehouse_name,
			"company": company,
			"parent_warehouse": parent,
			"is_group": 0,
		}
	)
	warehouse.flags.ignore_permissions = True
	warehouse.insert()
	return warehouse.name


def setup_agency_parties(agency):
	"""Fill the agency's ERPNext links, creating what is missing."""
	company = get_company(agency)
	agency.company = company
	agency.customer = ensure_customer(agency)
	agency.supplier = ensure_supplier(agency)
	agency.party_link = ensure_party_link(agency.customer, agency.supplier)
	agency.consignment_warehouse = agency.consignment_warehouse or ensure_warehouse(
		agency, company, "consignment_parent_warehouse", "امانی"
	)
	agency.defective_warehouse = agency.defective_warehouse or ensure_warehouse(
		agency, company, "defective_parent_warehouse", "داغی"
	)


def agency_of_party(fieldname: str, party: str, exclude: str | None = None) -> str | None:
	filters = {fieldname: party}
	if exclude:
		filters["name"] = ("!=", exclude)
	return frappe.db.get_value("Service Agency", filters, "name")


def assert_party_free(agency, doctype: str, party: str):
	if not frappe.db.exists(doctype, party):
		frappe.throw(
			_("{0} {1} does not exist.").format(_(doctype), frappe.bold(party)), exc=AgencySetupError
		)
	other = agency_of_party(doctype.lower(), party, exclude=agency.name)
	if other:
		frappe.throw(
			_("{0} {1} already belongs to agency {2}. Each agency needs its own {0}.").format(
				_(doctype), frappe.bold(party), frappe.bold(other)
			),
			exc=AgencySetupError,
		)


def first_territory(agency) -> str | None:
	return agency.territories[0].territory if agency.get("territories") else None
