"""Endpoints of head office's payments with an agency (Service Agency → "Receive from Agency" /
"Pay Agency"): a submitted Payment Entry on the agency's Customer (agency/agency_payments.py)."""

import frappe

from zhira_after_sales.agency import agency_payments
from zhira_after_sales.api.gate import require_doc, requires


def record(payment_type: str, agency: str, **values) -> dict:
	require_doc("Service Agency", agency, "write")
	name = agency_payments.record_payment(agency, payment_type, **values)
	pe = frappe.db.get_value(
		"Payment Entry",
		name,
		["name", "payment_type", "party", "paid_amount", "posting_date", "docstatus"],
		as_dict=True,
	)
	return pe


@frappe.whitelist(methods=["POST"])
@requires("Service Agency", "write")
def receive_from_agency(
	agency: str,
	amount: float | str,
	account: str | None = None,
	mode_of_payment: str | None = None,
	posting_date: str | None = None,
	reference_no: str | None = None,
	reference_date: str | None = None,
	remarks: str | None = None,
	invoices: list | str | None = None,
) -> dict:
	"""Head office received `amount` from the agency (Dr Bank/Cash / Cr the agency's Customer)."""
	return record(
		agency_payments.RECEIVE,
		agency,
		amount=amount,
		account=account,
		mode_of_payment=mode_of_payment,
		posting_date=posting_date,
		reference_no=reference_no,
		reference_date=reference_date,
		remarks=remarks,
		invoices=invoices,
	)


@frappe.whitelist(methods=["POST"])
@requires("Service Agency", "write")
def pay_agency(
	agency: str,
	amount: float | str,
	account: str | None = None,
	mode_of_payment: str | None = None,
	posting_date: str | None = None,
	reference_no: str | None = None,
	reference_date: str | None = None,
	remarks: str | None = None,
) -> dict:
	"""Head office paid `amount` to the agency (Dr the agency's Customer / Cr Bank/Cash)."""
	return record(
		agency_payments.PAY,
		agency,
		amount=amount,
		account=account,
		mode_of_payment=mode_of_payment,
		posting_date=posting_date,
		reference_no=reference_no,
		reference_date=reference_date,
		remarks=remarks,
	)


@frappe.whitelist()
@requires("Service Agency", "write")
def payment_defaults(agency: str, mode_of_payment: str | None = None) -> dict:
	"""What the dialog starts from: the agency's company, Customer, its balance (positive: the
	agency owes us) and the Mode of Payment's default account."""
	require_doc("Service Agency", agency, "write")
	values = frappe.db.get_value("Service Agency", agency, ["company", "customer", "supplier"], as_dict=True)
	company = values.company or frappe.db.get_single_value("After Sales Settings", "company")
	balance = None
	parties = [p for p in (values.customer, values.supplier) if p]
	if parties:
		row = frappe.db.sql(
			"""select sum(debit) - sum(credit) from `tabGL Entry`
			where is_cancelled = 0 and company = %(company)s and (
				(party_type = 'Customer' and party = %(customer)s)
				or (party_type = 'Supplier' and party = %(supplier)s))""",
			{"company": company, "customer": values.customer or "", "supplier": values.supplier or ""},
		)
		balance = row[0][0] or 0
	return {
		"company": company,
		"customer": values.customer,
		"balance": balance,
		"currency": frappe.get_cached_value("Company", company, "default_currency") if company else None,
		"account": agency_payments.payment_account(company, mode_of_payment) if company else None,
	}
