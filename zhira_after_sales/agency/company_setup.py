"""What an agency needs from the company, made once per company and kept idempotent: the agencies'
customer and supplier groups, the consignment (امانی) and defective-parts (داغی) warehouse groups
with the consignment stock account, and common party accounting (one running balance per agency).
Called when the setup wizard completes, on install after it, and by an agency whose company lacks
them."""

import frappe
from frappe.utils.nestedset import get_root_of

from zhira_after_sales import consts
from zhira_after_sales.agency.warehouses import setup_warehouses


def setup_company(company: str):
	"""Groups, warehouses and accounting settings agencies need; idempotent."""
	settings = frappe.get_single("After Sales Settings")
	settings.company = settings.company or company
	settings.agency_customer_group = settings.agency_customer_group or ensure_group(
		"Customer Group", consts.AGENCY_CUSTOMER_GROUP
	)
	settings.agency_supplier_group = settings.agency_supplier_group or ensure_group(
		"Supplier Group", consts.AGENCY_SUPPLIER_GROUP
	)
	abbr = frappe.get_cached_value("Company", company, "abbr")
	if not settings.parts_warehouse and frappe.db.exists("Warehouse", f"Stores - {abbr}"):
		settings.parts_warehouse = f"Stores - {abbr}"
	settings.flags.ignore_permissions = True
	settings.save()
	ensure_agency_warehouse_groups(company)
	enable_common_party_accounting()
	setup_warehouses(company)


def ensure_group(doctype: str, name: str) -> str:
	if frappe.db.exists(doctype, name):
		return name
	meta = frappe.get_meta(doctype)
	parent_field = meta.nsm_parent_field
	root = get_root_of(doctype)
	name_field = meta.autoname.replace("field:", "") if (meta.autoname or "").startswith("field:") else None
	name_field = name_field or frappe.scrub(doctype) + "_name"
	doc = frappe.get_doc({"doctype": doctype, name_field: name, parent_field: root, "is_group": 0})
	doc.insert(ignore_permissions=True)
	return doc.name


def ensure_agency_warehouse_groups(company: str):
	"""Group warehouses under which every agency gets its consignment (امانی) and defective (داغی)
	warehouse. The consignment group carries its own stock account, so the balance sheet shows
	stock held at agencies."""
	settings = frappe.get_single("After Sales Settings")
	changed = False
	for fieldname, label, account in (
		("consignment_parent_warehouse", consts.CONSIGNMENT_GROUP, ensure_consignment_account(company)),
		("defective_parent_warehouse", consts.DEFECTIVE_GROUP, None),
	):
		current = settings.get(fieldname)
		if current and frappe.db.get_value("Warehouse", current, "company") == company:
			continue
		settings.set(fieldname, ensure_group_warehouse(company, label, account))
		changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()


def ensure_group_warehouse(company: str, warehouse_name: str, account: str | None) -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{warehouse_name} - {abbr}"
	if frappe.db.exists("Warehouse", name):
		return name
	root = frappe.db.get_value(
		"Warehouse", {"company": company, "is_group": 1, "parent_warehouse": ("in", ("", None))}
	)
	doc = frappe.get_doc(
		{
			"doctype": "Warehouse",
			"warehouse_name": warehouse_name,
			"company": company,
			"is_group": 1,
			"parent_warehouse": root,
			"account": account,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def ensure_consignment_account(company: str) -> str | None:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{consts.CONSIGNMENT_ACCOUNT} - {abbr}"
	if frappe.db.exists("Account", name):
		return name
	parent = frappe.db.get_value(
		"Account", {"company": company, "account_type": "Stock", "is_group": 1}, "name", order_by="lft"
	)
	if not parent:
		return None
	doc = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": consts.CONSIGNMENT_ACCOUNT,
			"parent_account": parent,
			"company": company,
			"account_type": "Stock",
			"is_group": 0,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def enable_common_party_accounting():
	"""One running balance per agency: its Customer and Supplier invoices are netted. Saved as a
	document so ERPNext also writes its system default."""
	accounts = frappe.get_single("Accounts Settings")
	if accounts.enable_common_party_accounting:
		return
	accounts.enable_common_party_accounting = 1
	accounts.flags.ignore_permissions = True
	accounts.save()
