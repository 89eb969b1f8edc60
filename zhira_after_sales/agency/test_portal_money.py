# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The agency portal's money pages on real postings of agency A: an approved warranty invoice
(wages on a Purchase Invoice netted by ERPNext's Journal Entry, a paid part on a Sales Invoice, a
hot part), the hot part billed (a Sales Invoice of the charge) and a payment received (a Payment
Entry). The Excel download has the statement's lines and balances; each voucher opens for agency
A with its lines; agency B's user gets "not found" for every one of them, through the services,
the endpoint and the rendered pages, the same answer as for a voucher that does not exist."""

import io
from urllib.parse import quote

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today
from openpyxl import load_workbook

from zhira_after_sales.agency import hot_parts, portal_money, statement
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	AGENCY_B_USER,
	MANAGER,
	OPERATOR,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import (
	PRICE,
	ApprovalTestCase,
	stock_up,
	to_in_progress,
)
from zhira_after_sales.agency.report.agency_statement.test_agency_statement import cash_account
from zhira_after_sales.agency.test_portal_parts import render
from zhira_after_sales.api import agency_money, agency_payment
from zhira_after_sales.exceptions import PortalInputError
from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.rest import call
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.text import to_persian_digits

test_ignore = TEST_IGNORE

RECEIVED = 2_500_000
HEADER = "Voucher"  # the English header of the voucher column


def post_agency_month(w) -> frappe._dict:
	"""Agency A's postings of this test, named."""
	frappe.set_user("Administrator")
	stock_up(w.fan, w.warehouse, 1)
	reception = make_reception(w, devices=[w.covered])
	to_in_progress(reception)
	frappe.set_user(AGENCY_A_USER)
	invoice = new_invoice(
		reception,
		w.covered,
		"Warranty Repair",
		parts=[{"item": w.fan, "qty": 1, "coverage": "Paid", "hot_part_due": 1}],
	).insert()
	apply_workflow(invoice, "Submit")
	frappe.set_user(MANAGER)
	apply_workflow(frappe.get_doc("Service Invoice", invoice.name), "Approve")
	invoice.reload()
	part_return = frappe.db.get_value("Defective Part Return", {"service_invoice": invoice.name})
	charge = hot_parts.bill(frappe.get_doc("Defective Part Return", part_return)).sales_invoice
	payment = agency_payment.receive_from_agency(
		agency=w.agency_a, amount=RECEIVED, account=cash_account(w.company), reference_no="ZT-REF-77"
	)["name"]
	netting = frappe.db.get_value(
		"Journal Entry Account",
		{"reference_type": "Purchase Invoice", "reference_name": invoice.purchase_invoice},
		"parent",
	)
	frappe.set_user("Administrator")
	return frappe._dict(
		invoice=invoice.name,
		wages=invoice.purchase_invoice,
		part_sale=invoice.sales_invoice,
		# a stock movement of head office's: not on the agency's account
		stock_entry=frappe.get_all(
			"Stock Entry", {"docstatus": 1}, pluck="name", order_by="creation desc", limit=1
		)[0],
		part_return=part_return,
		charge=charge,
		payment=payment,
		netting=netting,
	)


def workbook_rows(content: bytes):
	sheet = load_workbook(io.BytesIO(content)).active
	return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


class PortalMoneyTestCase(ApprovalTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.v = post_agency_month(cls.w)
		cls.from_date, cls.to_date = add_days(today(), -3), add_days(today(), 3)

	def vouchers(self) -> list[tuple[str, str]]:
		v = self.v
		return [
			("Purchase Invoice", v.wages),
			("Sales Invoice", v.part_sale),
			("Sales Invoice", v.charge),
			("Payment Entry", v.payment),
			("Journal Entry", v.netting),
		]


class TestStatementExcel(PortalMoneyTestCase):
	def download(self, user=AGENCY_A_USER, **args) -> bytes:
		frappe.set_user(user)
		frappe.local.response = frappe._dict()
		agency_money.statement_xlsx(**args)
		self.assertEqual(frappe.response.type, "download")
		self.assertTrue(frappe.response.filename.endswith(".xlsx"))
		return frappe.response.filecontent

	def test_the_excel_has_the_statement_lines_and_balances(self):
		frappe.set_user(AGENCY_A_USER)
		data = statement.get_statement(None, self.from_date, self.to_date)
		self.assertTrue({self.v.wages, self.v.charge, self.v.payment} <= {l.voucher_no for l in data.lines})
		content = self.download(
			# Jalali with Persian digits, as a Persian keyboard types it, and an ISO date
			from_date=to_persian_digits(jalali.format_date(self.from_date)),
			to_date=getdate(self.to_date).isoformat(),
		)
		sheet, rows = workbook_rows(content)
		self.assertFalse(sheet.sheet_view.rightToLeft)
		header = next(i for i, row in enumerate(rows) if HEADER in row)
		opening, *lines = rows[header + 1 :]
		total_at = next(i for i, row in enumerate(lines) if row[2] == "Total")
		lines, total, closing = lines[:total_at], lines[total_at], lines[total_at + 1]

		self.assertEqual(opening[2], "Opening Balance")
		self.assertEqual((opening[0], opening[8]), (jalali.format_date(self.from_date), data.opening))
		self.assertEqual(
			[(r[0], r[1].date(), r[2], r[4], r[5], r[6], r[7], r[8]) for r in lines],
			[
				(
					jalali.format_date(l.posting_date),
					getdate(l.posting_date),
					statement.kind_label(l.kind),
					l.voucher_no,
					l.service_invoice,
					l.debit,
					l.credit,
					l.balance,
				)
				for l in data.lines
			],
		)
		for row in lines:
			self.assertTrue(all(isinstance(value, int | float) for value in row[6:9]), row)
		self.assertEqual((total[6], total[7]), (data.debit, data.credit))
		self.assertEqual((closing[2], closing[8]), ("Closing Balance", data.closing))
		self.assertAlmostEqual(closing[8], statement.balance(self.w.agency_a, self.to_date))

	def test_in_persian_the_sheet_runs_right_to_left(self):
		frappe.local.lang = "fa"
		try:
			sheet, rows = workbook_rows(
				self.download(
					from_date=jalali.format_date(self.from_date), to_date=jalali.format_date(self.to_date)
				)
			)
		finally:
			frappe.local.lang = "en"
		self.assertTrue(sheet.sheet_view.rightToLeft)
		self.assertIn(self.v.charge, [row[4] for row in rows])

	def test_a_bad_period_is_refused_naming_the_field(self):
		for args, message in (
			({"from_date": "1405/13/01"}, "From Date: 1405/13/01 is not a date"),
			({"to_date": "tomorrow"}, "To Date: tomorrow is not a date"),
			({"from_date": "1405/09/10", "to_date": "1405/09/01"}, "From Date must not be after To Date"),
		):
			with self.subTest(args):
				self.assertRaisesRegex(PortalInputError, message, self.download, **args)
		status, html = render("/agency/statement", AGENCY_A_USER, from_date="1405/13/01")
		self.assertEqual(status, 200)
		self.assertIn('id="za-period-error"', html)

	def test_only_agency_users_download(self):
		for user in (OPERATOR, MANAGER):
			with self.subTest(user):
				self.assertRaises(frappe.PermissionError, self.download, user)


class TestVoucher(PortalMoneyTestCase):
	def test_each_voucher_opens_with_its_lines(self):
		v, w = self.v, self.w
		frappe.set_user(AGENCY_A_USER)
		wages = portal_money.voucher(w.agency_a, "Purchase Invoice", v.wages)
		self.assertEqual((wages.kind, wages.service_invoice), (statement.WARRANTY_WAGES, v.invoice))
		self.assertEqual((len(wages.lines), wages.credit, wages.debit), (1, wages.total, 0))

		sale = portal_money.voucher(w.agency_a, "Sales Invoice", v.part_sale)
		self.assertEqual(
			(sale.kind, sale.service_invoice, sale.debit), (statement.PART_SALES, v.invoice, PRICE)
		)
		self.assertEqual([(i.qty, i.rate) for i in sale.lines], [(1, PRICE)])

		charge = portal_money.voucher(w.agency_a, "Sales Invoice", v.charge)
		self.assertEqual((charge.kind, charge.part_return), (statement.CHARGES, v.part_return))

		payment = portal_money.voucher(w.agency_a, "Payment Entry", v.payment)
		self.assertEqual(
			(payment.kind, payment.total, payment.credit), (statement.RECEIPT, RECEIVED, RECEIVED)
		)
		self.assertEqual(
			(payment.payment.direction, payment.payment.reference_no), ("Received from you", "ZT-REF-77")
		)

		netting = portal_money.voucher(w.agency_a, "Journal Entry", v.netting)
		self.assertEqual(netting.kind, statement.NETTING)
		self.assertEqual(len(netting.accounts), 2)  # its two lines on the agency; the rest is not shown
		self.assertEqual((netting.debit, netting.credit), (0, 0))
		self.assertEqual(sum(a.debit for a in netting.accounts), sum(a.credit for a in netting.accounts))

		status, html = render("/agency/voucher", AGENCY_A_USER, type="Purchase Invoice", name=v.wages)
		self.assertEqual(status, 200)
		self.assertIn(f'href="/agency/invoice?name={v.invoice}"', html)
		status, html = render(
			"/agency/voucher", AGENCY_A_USER, lang="fa", type="Sales Invoice", name=v.part_sale
		)
		self.assertEqual(status, 200)
		self.assertIn(portal_money.persian_number(f"{PRICE:,}"), html)

	def test_the_statement_page_links_each_voucher(self):
		status, html = render(
			"/agency/statement",
			AGENCY_A_USER,
			from_date=jalali.format_date(self.from_date),
			to_date=jalali.format_date(self.to_date),
		)
		self.assertEqual(status, 200)
		for voucher_type, name in self.vouchers()[:4]:  # netting is hidden: it changes no balance
			self.assertIn(f"/agency/voucher?type={quote(voucher_type)}&name={name}", html)
		self.assertNotIn(self.v.netting, html)
		self.assertIn("statement_xlsx?from_date=", html)


class TestIsolation(PortalMoneyTestCase):
	"""Agency B's user names every voucher of agency A."""

	def test_another_agencys_vouchers_are_not_found(self):
		w = self.w
		frappe.set_user(AGENCY_B_USER)
		missing = self.message_of(w.agency_b, "Sales Invoice", "ACC-SINV-NO-SUCH")
		for voucher_type, name in [
			*self.vouchers(),
			("Stock Entry", self.v.stock_entry),
			("User", AGENCY_A_USER),
		]:
			with self.subTest(voucher_type):
				message = self.message_of(w.agency_b, voucher_type, name)
				self.assertEqual(message.replace(name, "X"), missing.replace("ACC-SINV-NO-SUCH", "X"))
				status, html = render("/agency/voucher", AGENCY_B_USER, type=voucher_type, name=name)
				self.assertEqual(status, 404)
				self.assertNotIn(name, html)
				self.assertIn('id="za-not-found"', html)
		# a Stock Entry moves head office's stock, even agency A's own: not a statement voucher
		self.assertRaises(
			frappe.DoesNotExistError, portal_money.voucher, w.agency_a, "Stock Entry", self.v.stock_entry
		)

	def message_of(self, agency, voucher_type, name) -> str:
		with self.assertRaises(frappe.DoesNotExistError) as caught:
			portal_money.voucher(agency, voucher_type, name)
		frappe.clear_messages()
		return str(caught.exception)

	def test_the_statement_and_excel_of_another_agency_hold_nothing_of_theirs(self):
		names = [name for _type, name in self.vouchers()]
		status, html = render(
			"/agency/statement", AGENCY_B_USER, from_date="1300/01/01", to_date="1500/01/01"
		)
		self.assertEqual(status, 200)
		frappe.set_user(AGENCY_B_USER)
		frappe.local.response = frappe._dict()
		agency_money.statement_xlsx(from_date="1300/01/01", to_date="1500/01/01")
		_sheet, rows = workbook_rows(frappe.response.filecontent)
		cells = {str(value) for row in rows for value in row if value is not None}
		for name in names:
			self.assertNotIn(name, html)
			self.assertNotIn(name, cells)


class TestStatementDownloadOverHTTP(FrappeTestCase):
	"""The download through Frappe's real request handling: GET only, an agency user only."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()
		frappe.db.commit()  # nosemgrep: the request runs in its own transaction

	def test_get_downloads_an_xlsx_and_nothing_else_does(self):
		path = "/api/method/zhira_after_sales.api.agency_money.statement_xlsx?from_date=1405/01/01&to_date=1405/12/29"
		response = call("GET", path, AGENCY_A_USER)
		self.assertEqual(response.status_code, 200, response.status)
		self.assertIn("attachment", response.headers.get("Content-Disposition", ""))
		self.assertIn(".xlsx", response.headers.get("Content-Disposition", ""))
		self.assertEqual(response.mimetype, agency_money.XLSX)
		_sheet, rows = workbook_rows(response.get_data())
		self.assertTrue(any("Opening Balance" in row for row in rows))
		self.assertEqual(call("GET", path, OPERATOR).status_code, 403)
		self.assertIn(call("POST", path, AGENCY_A_USER).status_code, (403, 405))
