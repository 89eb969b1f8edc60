# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Approval of a Service Invoice posts real ERPNext documents, all or nothing; cancelling an
approved invoice reverses them. Balances are read from the GL, the stock ledger and the Bin."""

from unittest.mock import patch

import frappe
from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry
from erpnext.stock.utils import get_stock_balance
from frappe.tests.utils import FrappeTestCase
from frappe.utils import flt, getdate, today

from zhira_after_sales import consts
from zhira_after_sales.agency import invoice_approval, invoice_posting
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	MANAGER,
	PAID_REPAIR,
	WAGE,
	WARRANTY_REPAIR,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.exceptions import HeadOfficeOnlyError, ServiceInvoiceError
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_device,
	make_item,
	make_item_group,
	make_warranty_plan,
)
from zhira_after_sales.tests.rest import call

test_ignore = TEST_IGNORE

INSTALLATION = "نصب"
IN_PROGRESS = "در حال انجام"
DONE = "انجام شده"
VALUATION = 800_000
PRICE = 1_200_000
LEDGERS = ("Purchase Invoice", "Stock Entry", "Sales Invoice", "GL Entry", "Stock Ledger Entry")
COMPLETED_CALLS = []


def record_completion(invoice):
	COMPLETED_CALLS.append(invoice.name)


def stock_up(item, warehouse, qty):
	make_stock_entry(item_code=item, qty=qty, to_warehouse=warehouse, rate=VALUATION)


def party_balance(agency) -> float:
	"""Debit minus credit over the agency's Customer and Supplier: what the agency owes us."""
	customer, supplier = frappe.db.get_value("Service Agency", agency, ["customer", "supplier"])
	rows = frappe.get_all(
		"GL Entry",
		filters={"party": ("in", (customer, supplier)), "is_cancelled": 0},
		fields=["sum(debit) - sum(credit) as balance"],
	)
	return flt(rows[0].balance)


def supplier_balance(agency) -> float:
	supplier = frappe.db.get_value("Service Agency", agency, "supplier")
	rows = frappe.get_all(
		"GL Entry",
		filters={"party_type": "Supplier", "party": supplier, "is_cancelled": 0},
		fields=["sum(credit) - sum(debit) as balance"],
	)
	return flt(rows[0].balance)


def to_in_progress(reception):
	doc = frappe.get_doc("Service Reception", reception)
	doc.flags.ignore_permissions = True
	if doc.status != "ارجاع شده" and "ارجاع شده" in invoice_approval.get_allowed_next(doc.status):
		doc.change_status("ارجاع شده", "system")
	doc.change_status(IN_PROGRESS, "system")


def counts() -> dict:
	return {doctype: frappe.db.count(doctype) for doctype in LEDGERS}


class ApprovalTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = setup_world()
		w.warehouse = frappe.db.get_value("Service Agency", w.agency_a, "consignment_warehouse")
		w.company = frappe.db.get_value("Service Agency", w.agency_a, "company") or (
			frappe.db.get_single_value("After Sales Settings", "company")
		)
		if not frappe.db.exists("Item Price", {"item_code": w.fan, "price_list": "Standard Selling"}):
			frappe.get_doc(
				{
					"doctype": "Item Price",
					"item_code": w.fan,
					"price_list": "Standard Selling",
					"price_list_rate": PRICE,
				}
			).insert(ignore_permissions=True)

	def tearDown(self):
		frappe.set_user("Administrator")

	def submitted_invoice(self, parts, device=None, invoice_type="Warranty Repair", **values):
		device = device or self.w.covered
		service_type = values.pop("service_type", WARRANTY_REPAIR)
		reception = make_reception(self.w, devices=[device], service_type=service_type)
		to_in_progress(reception)
		invoice = new_invoice(
			reception,
			device,
			invoice_type,
			parts=parts,
			services=values.pop("services", [{"service_type": service_type}]),
			**values,
		)
		invoice.insert()
		invoice.submit()
		return invoice

	def approve_as_manager(self, invoice):
		frappe.set_user(MANAGER)
		invoice = frappe.get_doc("Service Invoice", invoice.name)
		invoice_approval.approve(invoice)
		return invoice


class TestApprovalPosting(ApprovalTestCase):
	def test_approval_posts_wages_warranty_and_paid_parts_and_cancel_restores_them(self):
		w = self.w
		stock_up(w.pump, w.warehouse, 3)
		stock_up(w.fan, w.warehouse, 1)
		invoice = self.submitted_invoice(
			[
				{"item": w.pump, "qty": 2, "coverage": "Warranty"},
				{"item": w.fan, "qty": 1, "coverage": "Paid"},
				{"item": w.pump, "qty": 5, "coverage": "Warranty"},
			]
		)
		frappe.set_user(MANAGER)
		invoice.reload()
		invoice.parts[2].line_status = "Void"  # head office voids a line after submit
		invoice.save()
		pump, fan = get_stock_balance(w.pump, w.warehouse), get_stock_balance(w.fan, w.warehouse)
		balance, owed = party_balance(w.agency_a), supplier_balance(w.agency_a)

		hooks = frappe.get_hooks
		with patch(
			"frappe.get_hooks",
			side_effect=lambda hook=None, *a, **kw: (
				[f"{__name__}.record_completion"] if hook == invoice_approval.HOOK else hooks(hook, *a, **kw)
			),
		):
			invoice = self.approve_as_manager(invoice)

		invoice.reload()
		self.assertEqual(invoice.approval_status, "Approved")
		self.assertEqual(invoice.approved_by, MANAGER)
		self.assertEqual([row.line_status for row in invoice.parts], ["Approved", "Approved", "Void"])
		self.assertIn(invoice.name, COMPLETED_CALLS)

		pi = frappe.get_doc("Purchase Invoice", invoice.purchase_invoice)
		self.assertEqual((pi.docstatus, pi.grand_total, pi.bill_no), (1, WAGE, invoice.name))
		self.assertEqual(getdate(pi.bill_date), getdate(invoice.service_date))
		self.assertEqual(pi.supplier, frappe.db.get_value("Service Agency", w.agency_a, "supplier"))
		wages_account = frappe.db.get_value(
			"Account", {"company": w.company, "account_name": consts.WAGES_ACCOUNT}
		)
		self.assertEqual(pi.items[0].expense_account, wages_account)
		self.assertEqual(frappe.db.get_value("Item", pi.items[0].item_code, "is_stock_item"), 0)

		# wages are netted into the agency's one balance (common party accounting)
		self.assertEqual(supplier_balance(w.agency_a), owed)
		self.assertEqual(party_balance(w.agency_a), balance - WAGE + PRICE)

		self.assertEqual(get_stock_balance(w.pump, w.warehouse), pump - 2)
		self.assertEqual(get_stock_balance(w.fan, w.warehouse), fan - 1)
		se = frappe.get_doc("Stock Entry", invoice.stock_entry)
		self.assertEqual((se.docstatus, se.purpose, len(se.items)), (1, "Material Issue", 1))
		cost_account = frappe.db.get_value(
			"Account", {"company": w.company, "account_name": consts.WARRANTY_COST_ACCOUNT}
		)
		self.assertEqual(
			frappe.db.get_value(
				"GL Entry", {"voucher_no": se.name, "account": cost_account, "is_cancelled": 0}, "sum(debit)"
			),
			2 * VALUATION,
		)
		self.assertEqual(
			se.items[0].cost_center, frappe.get_cached_value("Company", w.company, "cost_center")
		)
		si = frappe.get_doc("Sales Invoice", invoice.sales_invoice)
		self.assertEqual((si.docstatus, si.update_stock, si.grand_total), (1, 1, PRICE))
		self.assertEqual(si.customer, frappe.db.get_value("Service Agency", w.agency_a, "customer"))
		self.assertEqual(si.items[0].warehouse, w.warehouse)

		reception = frappe.get_doc("Service Reception", invoice.service_reception)
		self.assertEqual(reception.status, DONE)
		self.assertEqual((reception.status_log[-1].source, reception.status_log[-1].status), ("system", DONE))

		self.assertRaisesRegex(ServiceInvoiceError, "already", invoice_approval.approve, invoice)
		invoice.reload()
		invoice.parts[0].line_status = "Void"
		self.assertRaisesRegex(ServiceInvoiceError, "can no longer change", invoice.save)

		frappe.set_user(AGENCY_A_USER)
		agency_copy = frappe.get_doc("Service Invoice", invoice.name)
		self.assertRaises(frappe.PermissionError, agency_copy.cancel)

		frappe.set_user(MANAGER)
		invoice = frappe.get_doc("Service Invoice", invoice.name)
		invoice.cancel()
		for doctype, name in (
			("Purchase Invoice", pi.name),
			("Stock Entry", se.name),
			("Sales Invoice", si.name),
		):
			self.assertEqual(frappe.db.get_value(doctype, name, "docstatus"), 2, doctype)
		self.assertEqual(party_balance(w.agency_a), balance)
		self.assertEqual(supplier_balance(w.agency_a), owed)
		self.assertEqual(get_stock_balance(w.pump, w.warehouse), pump)
		self.assertEqual(get_stock_balance(w.fan, w.warehouse), fan)
		reception.reload()
		self.assertEqual(reception.status, DONE)  # nothing reopened silently
		self.assertIn(invoice.name, reception.status_log[-1].note)
		self.assertIn("cancelled", reception.status_log[-1].note)

	def test_an_approved_installation_starts_the_warranty_and_cancel_reverts_it(self):
		group = make_item_group("ZT Approval Installed Heaters")
		heater = make_item("ZT-APR-HEATER", group)
		make_warranty_plan("ZT Approval Installation", item_group=group, start_basis="Installation")
		device = make_device(heater, f"ZTAPR-{frappe.generate_hash(length=6)}", self.w.customer)
		invoice = self.submitted_invoice(
			[],
			device=device,
			invoice_type="Installation",
			service_type=INSTALLATION,
			services=[
				{
					"service_type": INSTALLATION,
					"manual_wage": 1,
					"wage": 900_000,
					"manual_reason": "نرخ توافقی",
				}
			],
		)
		balance = party_balance(self.w.agency_a)
		invoice = self.approve_as_manager(invoice)
		invoice.reload()
		self.assertFalse(invoice.stock_entry or invoice.sales_invoice)
		self.assertEqual(party_balance(self.w.agency_a), balance - 900_000)
		card = frappe.db.get_value(
			"Warranty Card", {"customer_device": device}, ["name", "status", "start_date"], as_dict=True
		)
		self.assertEqual((card.status, getdate(card.start_date)), ("Active", getdate(today())))

		invoice.cancel()
		self.assertEqual(frappe.db.get_value("Warranty Card", card.name, "status"), "Issued")
		self.assertEqual(party_balance(self.w.agency_a), balance)

	def test_a_reception_without_an_allowed_completed_status_keeps_its_status_with_a_note(self):
		stock_up(self.w.pump, self.w.warehouse, 1)
		invoice = self.submitted_invoice([{"item": self.w.pump, "qty": 1, "coverage": "Warranty"}])
		reception = frappe.get_doc("Service Reception", invoice.service_reception)
		reception.flags.ignore_permissions = True
		reception.change_status("در انتظار قطعه", "system")
		with patch.object(invoice_approval, "get_allowed_next", return_value=[IN_PROGRESS]):
			self.approve_as_manager(invoice)
		reception.reload()
		self.assertEqual(reception.status, "در انتظار قطعه")
		self.assertIn("allows no completed status", reception.status_log[-1].note)


class TestApprovalAllOrNothing(ApprovalTestCase):
	def test_a_part_the_warehouse_does_not_hold_is_named_and_nothing_is_posted(self):
		w = self.w
		stock_up(w.pump, w.warehouse, 1)
		missing = make_item("ZT-APR-MISSING", make_item_group("ZT Invoice Parts"))
		invoice = self.submitted_invoice(
			[
				{"item": w.pump, "qty": 1, "coverage": "Warranty"},
				{"item": missing, "qty": 1, "coverage": "Paid"},
			]
		)
		before = counts()
		frappe.set_user(MANAGER)
		self.assertRaisesRegex(
			ServiceInvoiceError,
			f"{w.warehouse}.*holds 0 of.*{missing}",
			invoice_approval.approve,
			frappe.get_doc("Service Invoice", invoice.name),
		)
		self.assertEqual(counts(), before)
		self.assertEqual(frappe.db.get_value("Service Invoice", invoice.name, "approval_status"), "Pending")

	def test_a_failure_after_the_first_postings_rolls_everything_back(self):
		"""Without the stock check the last part fails inside ERPNext, after the Purchase Invoice
		and the Stock Entry were submitted: rolling back the transaction (as a request does) must
		leave no row behind, so the approval committed nothing on the way."""
		w = self.w
		stock_up(w.pump, w.warehouse, 1)
		missing = make_item("ZT-APR-MISSING", make_item_group("ZT Invoice Parts"))
		invoice = self.submitted_invoice(
			[
				{"item": w.pump, "qty": 1, "coverage": "Warranty"},
				{"item": missing, "qty": 1, "coverage": "Paid"},
			]
		)
		before = counts()
		frappe.set_user(MANAGER)
		doc = frappe.get_doc("Service Invoice", invoice.name)
		frappe.db.savepoint("before_approval")
		with patch.object(invoice_posting, "check_stock"):
			self.assertRaises(frappe.ValidationError, invoice_approval.approve, doc)
		self.assertGreater(frappe.db.count("Purchase Invoice"), before["Purchase Invoice"])
		frappe.db.rollback(save_point="before_approval")
		self.assertEqual(counts(), before)
		self.assertEqual(frappe.db.get_value("Service Invoice", invoice.name, "approval_status"), "Pending")


class TestApprovalRights(ApprovalTestCase):
	def test_only_head_office_changes_lines_after_submit(self):
		invoice = self.submitted_invoice([{"item": self.w.pump, "qty": 1, "coverage": "Warranty"}])
		frappe.set_user(AGENCY_A_USER)
		doc = frappe.get_doc("Service Invoice", invoice.name)
		doc.parts[0].line_status = "Approved"
		self.assertRaises(HeadOfficeOnlyError, doc.save)
		doc.reload()
		doc.approval_status = "Approved"
		self.assertRaises(HeadOfficeOnlyError, doc.save)
		self.assertRaises(HeadOfficeOnlyError, invoice_approval.approve, doc)

	def test_an_agency_user_gets_403_and_head_office_rejects_through_the_api(self):
		invoice = self.submitted_invoice(
			[{"item": self.w.fan, "qty": 1, "coverage": "Paid"}],
			device=self.w.no_card,
			invoice_type="Paid Repair",
			service_type=PAID_REPAIR,
		)
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction
		base = "/api/method/zhira_after_sales.api.invoice."
		for method, body in (
			("approve_service_invoice", {"name": invoice.name}),
			("reject_service_invoice", {"name": invoice.name, "reason": "x"}),
		):
			response = call("POST", base + method, AGENCY_A_USER, json=body)
			self.assertEqual(response.status_code, 403, response.json)
		self.assertEqual(frappe.db.get_value("Service Invoice", invoice.name, "approval_status"), "Pending")
		response = call(
			"POST", base + "reject_service_invoice", MANAGER, json={"name": invoice.name, "reason": ""}
		)
		self.assertEqual(response.status_code, 417, response.json)
		response = call(
			"POST",
			base + "reject_service_invoice",
			MANAGER,
			json={"name": invoice.name, "reason": "قطعه اشتباه"},
		)
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(response.json["message"]["approval_status"], "Rejected")
		invoice.reload()
		self.assertEqual((invoice.approval_status, invoice.rejection_reason), ("Rejected", "قطعه اشتباه"))
