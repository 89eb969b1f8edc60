"""The ERPNext masters an approved Service Invoice posts with, made idempotently on first use:
the agency wages expense account and the warranty cost account (both under Direct Expenses) and
one non-stock wage item per Service Type whose Item Default sends the wage to the wages account
(without it ERPNext would post wages to Cost of Goods Sold)."""

import frappe
from frappe.utils.nestedset import get_root_of

from zhira_after_sales import consts


def wages_account(company: str) -> str:
	return ensure_expense_account(company, consts.WAGES_ACCOUNT)


def warranty_cost_account(company: str) -> str:
	return ensure_expense_account(company, consts.WARRANTY_COST_ACCOUNT)


def unreturned_part_account(company: str) -> str:
	return ensure_expense_account(company, consts.UNRETURNED_PART_ACCOUNT, root_type="Income")


def part_repair_account(company: str) -> str:
	return ensure_expense_account(company, consts.PART_REPAIR_ACCOUNT)


def ensure_expense_account(company: str, account_name: str, root_type: str = "Expense") -> str:
	"""A ledger account under Direct Expenses (or Direct Income for an Income account)."""
	existing = frappe.db.get_value("Account", {"company": company, "account_name": account_name})
	if existing:
		return existing
	direct = "Direct Income" if root_type == "Income" else "Direct Expenses"
	parent = frappe.db.get_value(
		"Account", {"company": company, "account_name": direct, "is_group": 1}
	) or frappe.db.get_value(
		"Account", {"company": company, "root_type": root_type, "is_group": 1}, order_by="lft"
	)
	doc = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": account_name,
			"parent_account": parent,
			"company": company,
			"root_type": root_type,
			"report_type": "Profit and Loss",
			"is_group": 0,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def wage_item(service_type: str, company: str) -> str:
	"""The non-stock wage item of `service_type`, its Item Default for `company` set to the wages
	account."""
	code = f"{consts.WAGE_ITEM_PREFIX} {service_type}"
	account = wages_account(company)
	if not frappe.db.exists("Item", code):
		group = "Services" if frappe.db.exists("Item Group", "Services") else get_root_of("Item Group")
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": group,
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"is_purchase_item": 1,
				"is_sales_item": 0,
				"include_item_in_manufacturing": 0,
				"item_defaults": [{"company": company, "expense_account": account}],
			}
		).insert(ignore_permissions=True)
		return code
	if not frappe.db.exists("Item Default", {"parent": code, "company": company}):
		item = frappe.get_doc("Item", code)
		item.append("item_defaults", {"company": company, "expense_account": account})
		item.save(ignore_permissions=True)
	return code


def unreturned_part_item(company: str) -> str:
	"""The non-stock item an unreturned defective part is billed with; its Item Default sends the
	charge to the unreturned-part income account (not to Sales)."""
	code = consts.UNRETURNED_PART_ITEM
	account = unreturned_part_account(company)
	if not frappe.db.exists("Item", code):
		group = "Services" if frappe.db.exists("Item Group", "Services") else get_root_of("Item Group")
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": group,
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"is_purchase_item": 0,
				"is_sales_item": 1,
				"include_item_in_manufacturing": 0,
				"item_defaults": [{"company": company, "income_account": account}],
			}
		).insert(ignore_permissions=True)
	elif not frappe.db.exists("Item Default", {"parent": code, "company": company}):
		item = frappe.get_doc("Item", code)
		item.append("item_defaults", {"company": company, "income_account": account})
		item.save(ignore_permissions=True)
	return code
