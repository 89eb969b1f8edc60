# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""An agency's statement of account: opening balance, one line per voucher over the agency's
Customer and Supplier (wages, part sales, charges, receipts, payments), running balance (positive:
the agency owes the company), closing balance (equal to the General Ledger's) and totals by kind.

The data comes from agency/statement.py `get_statement`, which also decides who may read which
agency: an agency's user only its own (the filter is fixed to it; another agency is refused)."""

import frappe
from frappe import _

from zhira_after_sales.agency import statement


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = statement.get_statement(
		filters.agency,
		filters.from_date,
		filters.to_date,
		company=filters.company,
		show_netting=bool(frappe.utils.cint(filters.show_netting)),
	)
	return get_columns(), get_rows(data), None, None, get_summary(data)


def get_columns() -> list[dict]:
	money = {"fieldtype": "Currency", "options": "currency", "width": 170}
	return [
		{"fieldname": "posting_date", "label": _("Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "kind_label", "label": _("Kind"), "fieldtype": "Data", "width": 230},
		# Data, not Link to DocType: the report's rows are matched against the user's read permission
		# of every linked DocType, and agency users cannot read DocType
		{"fieldname": "voucher_type", "label": _("Voucher Type"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "voucher_no",
			"label": _("Voucher No"),
			"fieldtype": "Dynamic Link",
			"options": "voucher_type",
			"width": 190,
		},
		{
			"fieldname": "service_invoice",
			"label": _("Service Invoice"),
			"fieldtype": "Link",
			"options": "Service Invoice",
			"width": 175,
		},
		{"fieldname": "debit", "label": _("Debit (agency owes)"), **money},
		{"fieldname": "credit", "label": _("Credit (we owe)"), **money},
		{"fieldname": "balance", "label": _("Balance"), **money, "width": 160},
		{
			"fieldname": "currency",
			"label": _("Currency"),
			"fieldtype": "Data",
			"hidden": 1,
		},
	]


def get_rows(data) -> list[dict]:
	currency = data.currency
	rows = [
		{
			"posting_date": data.from_date,
			"kind_label": _("Opening Balance"),
			"balance": data.opening,
			"currency": currency,
			"is_total": 1,
		}
	]
	for line in data.lines:
		rows.append({**line, "kind_label": statement.kind_label(line.kind), "currency": currency})
	rows.append(
		{
			"posting_date": data.to_date,
			"kind_label": _("Closing Balance"),
			"debit": data.debit,
			"credit": data.credit,
			"balance": data.closing,
			"currency": currency,
			"is_total": 1,
		}
	)
	return rows


def get_summary(data) -> list[dict]:
	currency = data.currency

	def card(label, value, indicator=None):
		return {
			"label": label,
			"value": value,
			"datatype": "Currency",
			"currency": currency,
			"indicator": indicator or ("Red" if value > 0 else "Green" if value < 0 else "Blue"),
		}

	cards = [card(_("Opening Balance"), data.opening, "Blue")]
	for total in data.totals:
		if total.kind == statement.NETTING:
			continue
		cards.append(card(statement.kind_label(total.kind), total.debit - total.credit))
	cards.append(card(_("Closing Balance"), data.closing))
	return cards
