"""An agency's statement of account: one running balance over the agency's two ERPNext parties,
read from `GL Entry` (is_cancelled = 0) where (party_type, party) is (Customer, the agency's
Customer) or (Supplier, the agency's Supplier). It is right with or without common party netting:
a netting Journal Entry moves an amount between those two accounts and nets to zero here.

    get_statement(agency, from_date, to_date, company=None, show_netting=False) -> dict
        opening, one line per voucher in date order (kind, voucher, debit, credit, running
        balance), closing, totals by kind. Positive balance: the agency owes the company.
        The Agency Statement report and (later) the agency portal both call it.
    balance(agency, to_date=None, company=None) -> float   what the General Ledger says
    check_access(agency, user=None) -> agency               an agency user reads only its own

Kinds of a voucher:
    Purchase Invoice   the wages of a Service Invoice (bill_no = its name, or the Service
                       Invoice whose purchase_invoice it is): Installation / Warranty / Other wages
    Sales Invoice      Part sales if any row is a stock item, else Consignment / hot-part charges
    Payment Entry      Receipt (Receive) or Payment (Pay)
    Journal Entry      Netting when system generated and net zero here; else Other
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import flt, getdate

from zhira_after_sales.access import is_restricted, user_agency

INSTALLATION_WAGES = "Installation wages"
WARRANTY_WAGES = "Warranty wages"
OTHER_WAGES = "Other wages"
PART_SALES = "Part sales"
CHARGES = "Consignment / hot-part charges"
RECEIPT = "Receipt"
PAYMENT = "Payment"
NETTING = "Netting"
OTHER = "Other"
KINDS = (
	INSTALLATION_WAGES,
	WARRANTY_WAGES,
	OTHER_WAGES,
	PART_SALES,
	CHARGES,
	RECEIPT,
	PAYMENT,
	NETTING,
	OTHER,
)
WAGE_KINDS = {"Installation": INSTALLATION_WAGES, "Warranty Repair": WARRANTY_WAGES}


def kind_label(kind: str) -> str:
	"""The kind in the user's language (written out so the catalogue finds each one)."""
	labels = {
		INSTALLATION_WAGES: _("Installation wages"),
		WARRANTY_WAGES: _("Warranty wages"),
		OTHER_WAGES: _("Other wages"),
		PART_SALES: _("Part sales"),
		CHARGES: _("Consignment / hot-part charges"),
		RECEIPT: _("Receipt"),
		PAYMENT: _("Payment"),
		NETTING: _("Netting"),
		OTHER: _("Other"),
	}
	return labels.get(kind, kind)


def check_access(agency: str | None, user: str | None = None) -> str:
	"""The agency whose statement `user` may read: an agency's portal user (or technician) only
	its own (None means its own); head office any, but must name one."""
	user = user or frappe.session.user
	if is_restricted(user):
		own = user_agency(user)
		if not own or (agency and agency != own):
			frappe.throw(_("You may only read the statement of your own agency."), frappe.PermissionError)
		return own
	if not agency:
		frappe.throw(_("{0}: choose an agency.").format(_("Service Agency")))
	if not frappe.db.exists("Service Agency", agency):
		frappe.throw(_("Service Agency {0} does not exist.").format(frappe.bold(agency)))
	return agency


def parties_of(agency: str, company: str | None = None) -> frappe._dict:
	values = frappe.db.get_value(
		"Service Agency", agency, ["name", "agency_name", "company", "customer", "supplier"], as_dict=True
	)
	values.company = (
		company
		or values.company
		or frappe.db.get_single_value("After Sales Settings", "company")
		or frappe.defaults.get_global_default("company")
	)
	values.currency = frappe.get_cached_value("Company", values.company, "default_currency")
	return values


def party_condition(parties) -> tuple[str, dict]:
	"""SQL over the agency's (Customer, customer) and (Supplier, supplier) pairs, of the company."""
	values = {
		"company": parties.company,
		"customer": parties.customer or "",
		"supplier": parties.supplier or "",
	}
	return (
		"""gle.is_cancelled = 0 and gle.company = %(company)s and (
			(gle.party_type = 'Customer' and gle.party = %(customer)s)
			or (gle.party_type = 'Supplier' and gle.party = %(supplier)s))""",
		values,
	)


def balance(agency: str, to_date=None, company: str | None = None) -> float:
	"""Debit minus credit over the agency's two parties up to `to_date` (all dates if None)."""
	parties = parties_of(agency, company)
	condition, values = party_condition(parties)
	if to_date:
		condition += " and gle.posting_date <= %(to_date)s"
		values["to_date"] = getdate(to_date)
	row = frappe.db.sql(
		f"select sum(gle.debit) - sum(gle.credit) from `tabGL Entry` gle where {condition}", values
	)
	return flt(row[0][0])


def get_statement(
	agency: str | None,
	from_date=None,
	to_date=None,
	company: str | None = None,
	show_netting: bool = False,
) -> dict:
	agency = check_access(agency)
	parties = parties_of(agency, company)
	from_date = getdate(from_date) if from_date else None
	to_date = getdate(to_date) if to_date else None
	if from_date and to_date and from_date > to_date:
		frappe.throw(_("{0} must not be after {1}.").format(_("From Date"), _("To Date")))

	opening = (
		balance(agency, from_date and frappe.utils.add_days(from_date, -1), parties.company)
		if from_date
		else 0.0
	)
	vouchers = period_vouchers(parties, from_date, to_date)
	kinds = kinds_of(vouchers, parties)

	lines, running = [], opening
	totals = {kind: frappe._dict(kind=kind, debit=0.0, credit=0.0, count=0) for kind in KINDS}
	for v in vouchers:
		net = flt(v.debit) - flt(v.credit)
		kind, service_invoice = kinds.get((v.voucher_type, v.voucher_no), (OTHER, None))
		if kind == NETTING and abs(net) < 0.005:
			net = 0.0
			if not show_netting:
				continue
		running += net
		line = frappe._dict(
			posting_date=v.posting_date,
			kind=kind,
			voucher_type=v.voucher_type,
			voucher_no=v.voucher_no,
			service_invoice=service_invoice,
			debit=max(net, 0.0),
			credit=max(-net, 0.0),
			balance=running,
		)
		lines.append(line)
		totals[kind].debit += line.debit
		totals[kind].credit += line.credit
		totals[kind].count += 1

	return frappe._dict(
		agency=agency,
		agency_name=parties.agency_name,
		customer=parties.customer,
		supplier=parties.supplier,
		company=parties.company,
		currency=parties.currency,
		from_date=from_date,
		to_date=to_date,
		opening=opening,
		lines=lines,
		debit=sum(line.debit for line in lines),
		credit=sum(line.credit for line in lines),
		closing=running,
		totals=[t for t in totals.values() if t.count],
	)


def period_vouchers(parties, from_date, to_date) -> list[frappe._dict]:
	"""One row per voucher posted in the period on the agency's parties: its date and its debit
	and credit summed over both parties (a netting Journal Entry sums to zero)."""
	if not parties.customer and not parties.supplier:
		return []
	condition, values = party_condition(parties)
	if from_date:
		condition += " and gle.posting_date >= %(from_date)s"
		values["from_date"] = from_date
	if to_date:
		condition += " and gle.posting_date <= %(to_date)s"
		values["to_date"] = to_date
	return frappe.db.sql(
		f"""select gle.voucher_type, gle.voucher_no, min(gle.posting_date) as posting_date,
			sum(gle.debit) as debit, sum(gle.credit) as credit, min(gle.creation) as created
		from `tabGL Entry` gle
		where {condition}
		group by gle.voucher_type, gle.voucher_no
		order by posting_date, created, gle.voucher_no""",
		values,
		as_dict=True,
	)


def kinds_of(vouchers, parties) -> dict:
	"""{(voucher_type, voucher_no): (kind, Service Invoice or None)}."""
	names = defaultdict(list)
	for v in vouchers:
		names[v.voucher_type].append(v.voucher_no)
	kinds = {}
	kinds.update(purchase_invoice_kinds(names.get("Purchase Invoice")))
	kinds.update(sales_invoice_kinds(names.get("Sales Invoice")))
	for name, payment_type in value_map("Payment Entry", names.get("Payment Entry"), "payment_type").items():
		kinds[("Payment Entry", name)] = (
			RECEIPT if payment_type == "Receive" else PAYMENT if payment_type == "Pay" else OTHER,
			None,
		)
	system = value_map("Journal Entry", names.get("Journal Entry"), "is_system_generated")
	for name, generated in system.items():
		kinds[("Journal Entry", name)] = (NETTING if generated else OTHER, None)
	return kinds


def value_map(doctype: str, names, field: str) -> dict:
	if not names:
		return {}
	return dict(
		frappe.get_all(doctype, filters={"name": ("in", names)}, fields=["name", field], as_list=True)
	)


def purchase_invoice_kinds(names) -> dict:
	if not names:
		return {}
	by_pi = {
		row.purchase_invoice: row
		for row in frappe.get_all(
			"Service Invoice",
			filters={"purchase_invoice": ("in", names)},
			fields=["name", "invoice_type", "purchase_invoice"],
		)
	}
	bills = value_map("Purchase Invoice", names, "bill_no")
	by_name = {
		row.name: row
		for row in frappe.get_all(
			"Service Invoice",
			filters={"name": ("in", [b for b in bills.values() if b])},
			fields=["name", "invoice_type", "purchase_invoice"],
		)
	}
	kinds = {}
	for name in names:
		invoice = by_pi.get(name) or by_name.get(bills.get(name))
		kind = WAGE_KINDS.get(invoice.invoice_type, OTHER_WAGES) if invoice else OTHER_WAGES
		kinds[("Purchase Invoice", name)] = (kind, invoice.name if invoice else None)
	return kinds


def sales_invoice_kinds(names) -> dict:
	if not names:
		return {}
	with_stock = {
		row[0]
		for row in frappe.db.sql(
			"""select distinct sii.parent from `tabSales Invoice Item` sii
			join `tabItem` item on item.name = sii.item_code
			where sii.parent in %(names)s and item.is_stock_item = 1""",
			{"names": tuple(names)},
		)
	}
	service_invoices = dict(
		frappe.get_all(
			"Service Invoice",
			filters={"sales_invoice": ("in", names)},
			fields=["sales_invoice", "name"],
			as_list=True,
		)
	)
	return {
		("Sales Invoice", name): (PART_SALES if name in with_stock else CHARGES, service_invoices.get(name))
		for name in names
	}
