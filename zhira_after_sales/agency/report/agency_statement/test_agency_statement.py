# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Agency Statement and agency payments, on real documents of a fresh agency (so its ledger holds
only what this test posts, worked out by hand):

    today-20  Pay 2,000,000 to the agency (before the period: the opening balance)   +2,000,000
    today-5   Receipt 700,000 from the agency                                          1,300,000
    today     approved Warranty Repair invoice: wages 1,500,000 (Purchase Invoice,
              netted by ERPNext's Journal Entry)                                         -200,000
              and a Paid part at 1,200,000 (Sales Invoice)                              1,000,000
    today+1   hot-part charge 300,000 (Sales Invoice of a non-stock item)             1,300,000
    today+3   Pay 400,000 to the agency                                                1,700,000

Payments go through the endpoints of api/agency_payment.py as head office. Another agency's user
is refused; bad payments post nothing (Payment Entry and GL Entry counted before and after)."""

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, flt, today
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.agency import invoice_approval, statement
from zhira_after_sales.agency.agency_payments import AgencyPaymentError
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_B_USER,
	MANAGER,
	WAGE,
	WARRANTY_REPAIR,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import (
	PRICE,
	stock_up,
	to_in_progress,
)
from zhira_after_sales.api import agency_payment
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_item

test_ignore = TEST_IGNORE

REPORT = "Agency Statement"
CHARGE = 300_000


def gl_balance(agency, to_date) -> float:
	"""What the General Ledger says, computed independently of the statement."""
	customer, supplier = frappe.db.get_value("Service Agency", agency, ["customer", "supplier"])
	total = 0.0
	for party_type, party in (("Customer", customer), ("Supplier", supplier)):
		row = frappe.get_all(
			"GL Entry",
			filters={
				"party_type": party_type,
				"party": party,
				"is_cancelled": 0,
				"posting_date": ("<=", to_date),
			},
			fields=["sum(debit) - sum(credit) as balance"],
		)
		total += flt(row[0].balance)
	return total


def ledger_counts() -> tuple[int, int]:
	return frappe.db.count("Payment Entry"), frappe.db.count("GL Entry")


def cash_account(company) -> str:
	return frappe.db.get_value(
		"Account", {"company": company, "account_type": "Cash", "is_group": 0, "disabled": 0}, "name"
	)


class TestAgencyStatement(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = setup_world()
		code = f"ZT-STM-{frappe.generate_hash(length=5).upper()}"
		cls.agency = make_agency(code, f"نمایندگی صورتحساب {code}")
		w.company = frappe.db.get_value("Service Agency", cls.agency, "company")
		w.warehouse = frappe.db.get_value("Service Agency", cls.agency, "consignment_warehouse")
		w.cash = cash_account(w.company)
		if not frappe.db.exists("Item Price", {"item_code": w.fan, "price_list": "Standard Selling"}):
			frappe.get_doc(
				{
					"doctype": "Item Price",
					"item_code": w.fan,
					"price_list": "Standard Selling",
					"price_list_rate": PRICE,
				}
			).insert(ignore_permissions=True)
		cls.from_date, cls.to_date = add_days(today(), -10), add_days(today(), 10)

	def tearDown(self):
		frappe.set_user("Administrator")

	def pay(self, endpoint, amount, days, **values):
		frappe.set_user(MANAGER)
		try:
			return endpoint(
				agency=self.agency,
				amount=amount,
				account=self.w.cash,
				posting_date=add_days(today(), days),
				**values,
			)["name"]
		finally:
			frappe.set_user("Administrator")

	def approved_invoice(self):
		w = self.w
		stock_up(w.fan, w.warehouse, 1)
		reception = make_reception(w, agency=self.agency, devices=[w.covered])
		to_in_progress(reception)
		invoice = new_invoice(
			reception,
			w.covered,
			"Warranty Repair",
			services=[{"service_type": WARRANTY_REPAIR}],
			parts=[{"item": w.fan, "qty": 1, "coverage": "Paid", "source_warehouse": w.warehouse}],
		)
		invoice.insert()
		invoice.submit()
		frappe.set_user(MANAGER)
		invoice = frappe.get_doc("Service Invoice", invoice.name)
		invoice_approval.approve(invoice)
		frappe.set_user("Administrator")
		invoice.reload()
		self.assertTrue(invoice.purchase_invoice and invoice.sales_invoice)
		return invoice

	def charge(self, days) -> str:
		item = make_item("ZT-STM-HOT-CHARGE", get_root_of("Item Group"), is_stock_item=0)
		customer = frappe.db.get_value("Service Agency", self.agency, "customer")
		si = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"customer": customer,
				"company": self.w.company,
				"set_posting_time": 1,
				"posting_date": add_days(today(), days),
				"due_date": add_days(today(), days),
				"items": [{"item_code": item, "qty": 1, "rate": CHARGE}],
			}
		)
		si.set_missing_values()
		si.insert(ignore_permissions=True)
		si.submit()
		return si.name

	def test_a_crafted_month(self):
		opening_pay = self.pay(agency_payment.pay_agency, 2_000_000, -20, remarks="opening")
		receipt = self.pay(agency_payment.receive_from_agency, 700_000, -5)
		invoice = self.approved_invoice()
		charge = self.charge(1)
		payment = self.pay(agency_payment.pay_agency, 400_000, 3)

		# the payments are on the agency's Customer, in the right direction
		customer = frappe.db.get_value("Service Agency", self.agency, "customer")
		for name, payment_type, debit_party in ((receipt, "Receive", False), (payment, "Pay", True)):
			pe = frappe.get_doc("Payment Entry", name)
			self.assertEqual((pe.docstatus, pe.payment_type), (1, payment_type))
			self.assertEqual((pe.party_type, pe.party), ("Customer", customer))
			party_gl = frappe.get_all(
				"GL Entry",
				filters={"voucher_no": name, "party": customer, "is_cancelled": 0},
				fields=["debit", "credit"],
			)
			self.assertEqual(len(party_gl), 1)
			self.assertEqual(flt(party_gl[0].debit if debit_party else party_gl[0].credit), pe.paid_amount)
		self.assertTrue(opening_pay)

		data = statement.get_statement(self.agency, self.from_date, self.to_date)
		self.assertEqual(data.opening, 2_000_000)
		got = [
			(line.kind, line.voucher_type, line.voucher_no, line.debit, line.credit, line.balance)
			for line in data.lines
		]
		self.assertEqual(
			got,
			[
				(statement.RECEIPT, "Payment Entry", receipt, 0, 700_000, 1_300_000),
				(
					statement.WARRANTY_WAGES,
					"Purchase Invoice",
					invoice.purchase_invoice,
					0,
					WAGE,
					1_300_000 - WAGE,
				),
				(
					statement.PART_SALES,
					"Sales Invoice",
					invoice.sales_invoice,
					PRICE,
					0,
					1_300_000 - WAGE + PRICE,
				),
				(statement.CHARGES, "Sales Invoice", charge, CHARGE, 0, 1_300_000 - WAGE + PRICE + CHARGE),
				(statement.PAYMENT, "Payment Entry", payment, 400_000, 0, 1_700_000),
			],
		)
		self.assertEqual(data.lines[1].service_invoice, invoice.name)
		self.assertEqual(data.lines[2].service_invoice, invoice.name)
		self.assertEqual(data.closing, 1_700_000)
		self.assertEqual(data.closing, gl_balance(self.agency, self.to_date))
		self.assertEqual(statement.balance(self.agency, self.to_date), 1_700_000)
		totals = {t.kind: (t.debit, t.credit) for t in data.totals}
		self.assertEqual(
			totals,
			{
				statement.WARRANTY_WAGES: (0, WAGE),
				statement.PART_SALES: (PRICE, 0),
				statement.CHARGES: (CHARGE, 0),
				statement.RECEIPT: (0, 700_000),
				statement.PAYMENT: (400_000, 0),
			},
		)

		# the wages were netted by ERPNext: shown on request, with no effect on the balance
		shown = statement.get_statement(self.agency, self.from_date, self.to_date, show_netting=True)
		netting = [line for line in shown.lines if line.kind == statement.NETTING]
		self.assertEqual(len(netting), 1)
		self.assertEqual((netting[0].debit, netting[0].credit), (0, 0))
		self.assertEqual(shown.closing, data.closing)

		# the report, as head office runs it
		frappe.set_user(MANAGER)
		result = run(
			REPORT,
			filters={"agency": self.agency, "from_date": self.from_date, "to_date": self.to_date},
			ignore_prepared_report=True,
		)
		frappe.set_user("Administrator")
		rows = result["result"]
		self.assertEqual(len(rows), 7)
		self.assertEqual((rows[0]["balance"], rows[-1]["balance"]), (2_000_000, 1_700_000))
		self.assertEqual([row["balance"] for row in rows[1:-1]], [line[-1] for line in got])
		summary = {card["label"]: card["value"] for card in result["report_summary"]}
		self.assertEqual(summary["Closing Balance"], 1_700_000)
		self.assertEqual(summary["Warranty wages"], -WAGE)

		# another agency's user: refused for this agency, its own statement holds none of it
		frappe.set_user(AGENCY_B_USER)
		self.assertRaises(
			frappe.PermissionError,
			run,
			REPORT,
			filters={"agency": self.agency},
			ignore_prepared_report=True,
		)
		self.assertRaises(frappe.PermissionError, statement.get_statement, self.agency)
		own_rows = run(REPORT, filters={"agency": self.w.agency_b}, ignore_prepared_report=True)["result"]
		self.assertEqual(own_rows[0]["kind_label"], "Opening Balance")
		own = statement.get_statement(None, self.from_date, self.to_date)
		self.assertEqual(own.agency, self.w.agency_b)
		vouchers = {line.voucher_no for line in own.lines}
		self.assertFalse(
			vouchers & {receipt, payment, charge, invoice.sales_invoice, invoice.purchase_invoice}
		)
		# and may not record payments
		self.assertRaises(
			frappe.PermissionError,
			agency_payment.pay_agency,
			agency=self.w.agency_b,
			amount=1000,
			account=self.w.cash,
		)

	def assert_refused(self, message, **values):
		before = ledger_counts()
		args = {"agency": self.agency, "amount": 1000, "account": self.w.cash, **values}
		frappe.set_user(MANAGER)
		try:
			self.assertRaisesRegex(AgencyPaymentError, message, agency_payment.receive_from_agency, **args)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(ledger_counts(), before)

	def test_bad_payments_post_nothing(self):
		self.assert_refused("Amount", amount=0)
		self.assert_refused("Amount", amount=-500)
		self.assert_refused("Bank / Cash Account", account=None)
		self.assert_refused("Bank / Cash Account", account="No Such Account")
		stock_account = frappe.db.get_value(
			"Account", {"company": self.w.company, "account_type": "Stock", "is_group": 0}
		)
		self.assert_refused("Bank / Cash Account", account=stock_account)

		customer = frappe.db.get_value("Service Agency", self.agency, "customer")
		frappe.db.set_value("Service Agency", self.agency, "customer", None)
		try:
			self.assert_refused("Set up the agency's parties")
		finally:
			frappe.db.set_value("Service Agency", self.agency, "customer", customer)

		frappe.db.set_value("Service Agency", self.agency, "is_active", 0)
		try:
			self.assert_refused("disabled")
		finally:
			frappe.db.set_value("Service Agency", self.agency, "is_active", 1)

		# and a good one does post
		before = ledger_counts()
		self.pay(agency_payment.receive_from_agency, 1000, 0)
		after = ledger_counts()
		self.assertEqual(after[0], before[0] + 1)
		self.assertGreater(after[1], before[1])
