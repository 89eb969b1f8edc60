"""Money between head office and an agency: a submitted ERPNext Payment Entry, always against the
agency's primary party, its Customer (shared facts "ERPNext agency accounting" §2.4 and §7):

    Receive  the agency pays us:      Dr Bank/Cash / Cr Debtors (Customer)
    Pay      we pay the agency:       Dr Debtors (Customer) / Cr Bank/Cash

Wages owed to the agency are netted into the Customer by common party accounting, so a payment
on the Customer in either direction keeps one running balance; a payment on the Supplier would
split it.

    record_payment(agency, payment_type, amount, ...)  -> Payment Entry name
    payment_account(company, mode_of_payment)           the Mode of Payment's default account

Bad input is refused before anything is posted, naming the field. The Payment Entry is posted as
the system (head office managers need no Accounts role), in the caller's transaction: nothing
here commits or catches.
"""

import frappe
from frappe import _
from frappe.utils import cstr, flt, getdate, today

from zhira_after_sales.agency.invoice_posting import as_system

RECEIVE = "Receive"
PAY = "Pay"
PAYMENT_TYPES = (RECEIVE, PAY)
CASH_ACCOUNT_TYPES = ("Bank", "Cash")


class AgencyPaymentError(frappe.ValidationError):
	pass


def refuse(field: str, message: str):
	"""Refuse with `field: message`, the field's label translated."""
	frappe.throw(_("{0}: {1}").format(_(field), message), exc=AgencyPaymentError, title=_("Agency Payment"))


def agency_of(agency: str) -> frappe._dict:
	values = frappe.db.get_value(
		"Service Agency",
		agency or "",
		["name", "agency_name", "is_active", "company", "customer", "supplier"],
		as_dict=True,
	)
	if not values:
		refuse("Service Agency", _("choose an existing agency."))
	if not values.is_active:
		refuse(
			"Service Agency",
			_("agency {0} is disabled; enable it before recording a payment.").format(
				frappe.bold(values.agency_name)
			),
		)
	if not values.customer or not frappe.db.exists("Customer", values.customer):
		refuse(
			"Customer",
			_(
				"agency {0} has no Customer account. Set up the agency's parties (Customer, Supplier, Party Link) on the Service Agency first."
			).format(frappe.bold(values.agency_name)),
		)
	values.company = (
		values.company
		or frappe.db.get_single_value("After Sales Settings", "company")
		or frappe.defaults.get_global_default("company")
	)
	if not values.company:
		refuse("Company", _("set a Company on the agency or in After Sales Settings."))
	return values


def payment_account(company: str, mode_of_payment: str | None) -> str | None:
	"""The default Bank / Cash account of `mode_of_payment` for `company`, None if it has none."""
	if not mode_of_payment:
		return None
	return frappe.db.get_value(
		"Mode of Payment Account", {"parent": mode_of_payment, "company": company}, "default_account"
	)


def check_account(account: str | None, company: str, mode_of_payment: str | None) -> str:
	account = account or payment_account(company, mode_of_payment)
	if not account:
		refuse(
			"Bank / Cash Account",
			_("choose the bank or cash account (or a Mode of Payment that has a default account)."),
		)
	details = frappe.db.get_value(
		"Account", account, ["company", "account_type", "is_group", "disabled"], as_dict=True
	)
	if not details or details.company != company:
		refuse("Bank / Cash Account", _("{0} is not an account of company {1}.").format(account, company))
	if details.is_group or details.disabled or details.account_type not in CASH_ACCOUNT_TYPES:
		refuse(
			"Bank / Cash Account",
			_("{0} must be an enabled Bank or Cash account (not a group).").format(frappe.bold(account)),
		)
	return account


def check_amount(amount) -> float:
	try:
		value = flt(amount)
	except (TypeError, ValueError):
		value = 0
	if value <= 0:
		refuse("Amount", _("enter an amount greater than zero."))
	return value


def check_references(invoices, payment_type: str, customer: str, amount: float) -> list[dict]:
	"""Receipts may settle Sales Invoices of the agency's Customer, oldest first; each takes
	what is left of the amount, up to its outstanding."""
	names = [
		cstr(n).strip()
		for n in (frappe.parse_json(invoices) if isinstance(invoices, str) else invoices or [])
	]
	names = [n for n in names if n]
	if not names:
		return []
	if payment_type != RECEIVE:
		refuse("Invoices", _("only a receipt from the agency settles Sales Invoices."))
	rows, left = [], amount
	for name in names:
		si = frappe.db.get_value(
			"Sales Invoice", name, ["customer", "docstatus", "outstanding_amount"], as_dict=True
		)
		if not si or si.customer != customer or si.docstatus != 1 or flt(si.outstanding_amount) <= 0:
			refuse(
				"Invoices",
				_("{0} is not a submitted, unpaid Sales Invoice of the agency.").format(frappe.bold(name)),
			)
		allocated = min(left, flt(si.outstanding_amount))
		if allocated <= 0:
			break
		rows.append(
			{"reference_doctype": "Sales Invoice", "reference_name": name, "allocated_amount": allocated}
		)
		left -= allocated
	return rows


def record_payment(
	agency: str,
	payment_type: str,
	amount,
	account: str | None = None,
	mode_of_payment: str | None = None,
	posting_date=None,
	reference_no: str | None = None,
	reference_date=None,
	remarks: str | None = None,
	invoices=None,
) -> str:
	"""A submitted Payment Entry between head office and `agency` on the agency's Customer;
	`posting_date` and `reference_date` are Gregorian (the desk converts what a Jalali user
	types)."""
	if payment_type not in PAYMENT_TYPES:
		refuse("Payment Type", _("must be Receive or Pay."))
	amount = check_amount(amount)
	parties = agency_of(agency)
	if mode_of_payment and not frappe.db.exists("Mode of Payment", mode_of_payment):
		refuse("Mode of Payment", _("{0} does not exist.").format(frappe.bold(mode_of_payment)))
	account = check_account(account, parties.company, mode_of_payment)
	posting_date = getdate(posting_date or today())
	reference_no = cstr(reference_no).strip()
	if frappe.get_cached_value("Account", account, "account_type") == "Bank" and not reference_no:
		refuse("Reference No", _("a bank payment needs the bank's reference (cheque or transfer number)."))
	references = check_references(invoices, payment_type, parties.customer, amount)

	pe = frappe.new_doc("Payment Entry")
	pe.update(
		{
			"payment_type": payment_type,
			"company": parties.company,
			"posting_date": posting_date,
			"mode_of_payment": mode_of_payment,
			"party_type": "Customer",
			"party": parties.customer,
			"paid_amount": amount,
			"received_amount": amount,
			"source_exchange_rate": 1,
			"target_exchange_rate": 1,
			"reference_no": reference_no or None,
			"reference_date": getdate(reference_date) if reference_date else posting_date,
			"cost_center": frappe.get_cached_value("Company", parties.company, "cost_center"),
		}
	)
	pe.set("paid_to" if payment_type == RECEIVE else "paid_from", account)
	for row in references:
		pe.append("references", row)
	note = remarks or (
		_("Receipt from agency {0}") if payment_type == RECEIVE else _("Payment to agency {0}")
	).format(parties.agency_name)
	pe.custom_remarks = 1
	pe.remarks = _("{0} (recorded by {1})").format(note, frappe.session.user)
	pe.flags.ignore_permissions = True
	with as_system():  # ERPNext's account look-ups check the user's Payment Entry permission
		pe.setup_party_account_field()
		pe.set_missing_values()
		pe.insert()
		pe.submit()
	return pe.name
