# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The approval as a Frappe Workflow: the agency submits, head office approves (posting) or rejects
with a reason, adjusts wages and voids lines before deciding; defective parts due back; the device
passport; a reception with several devices; the migration of older invoices."""

import frappe
from frappe.model.workflow import (
	WorkflowTransitionError,
	apply_workflow,
	get_transitions,
)
from frappe.utils import add_days, flt, getdate, today

from zhira_after_sales.agency import invoice_approval, invoice_workflow
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	AGENCY_B_USER,
	MANAGER,
	PAID_REPAIR,
	TECH_USER,
	WAGE,
	WARRANTY_REPAIR,
	make_reception,
	new_invoice,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import (
	ApprovalTestCase,
	party_balance,
	stock_up,
	to_in_progress,
)
from zhira_after_sales.exceptions import HeadOfficeOnlyError, ServiceInvoiceError
from zhira_after_sales.service_desk.passport import get_passport
from zhira_after_sales.tests.factories import TEST_IGNORE, make_device

test_ignore = TEST_IGNORE


class WorkflowTestCase(ApprovalTestCase):
	def draft(self, parts, device=None, reception=None):
		"""A draft invoice filed by agency A's user for a reception in progress."""
		device = device or self.w.covered
		if not reception:
			reception = make_reception(self.w, devices=[device])
			to_in_progress(reception)
		frappe.set_user(AGENCY_A_USER)
		invoice = new_invoice(reception, device, "Warranty Repair", parts=parts)
		invoice.insert()
		return invoice

	def act(self, user, invoice, action):
		frappe.set_user(user)
		return apply_workflow(frappe.get_doc("Service Invoice", invoice.name), action)

	def actions(self, user, invoice) -> list[str]:
		frappe.set_user(user)
		return sorted({t.action for t in get_transitions(frappe.get_doc("Service Invoice", invoice.name))})

	def comments(self, invoice, comment_type) -> list[str]:
		return frappe.get_all(
			"Comment",
			{
				"reference_doctype": "Service Invoice",
				"reference_name": invoice.name,
				"comment_type": comment_type,
			},
			pluck="content",
			order_by="creation asc",
		)


class TestApprovalWorkflow(WorkflowTestCase):
	def test_the_workflow_is_installed_on_approval_status(self):
		workflow = frappe.get_doc("Workflow", invoice_workflow.WORKFLOW)
		self.assertTrue(workflow.is_active)
		self.assertEqual(
			(workflow.document_type, workflow.workflow_state_field), ("Service Invoice", "approval_status")
		)
		moves = {(t.state, t.action, t.next_state, t.allowed) for t in workflow.transitions}
		self.assertIn(("Pending", "Approve", "Approved", "After Sales Manager"), moves)
		self.assertNotIn(("Pending", "Approve", "Approved", "Service Agency"), moves)

	def test_agency_submits_head_office_approves_and_it_posts(self):
		w = self.w
		stock_up(w.pump, w.warehouse, 1)
		invoice = self.draft([{"item": w.pump, "qty": 1, "coverage": "Warranty"}])
		self.assertEqual(invoice.approval_status, "Draft")
		self.assertEqual(self.actions(AGENCY_A_USER, invoice), ["Submit"])

		submitted = self.act(AGENCY_A_USER, invoice, "Submit")
		self.assertEqual((submitted.docstatus, submitted.approval_status), (1, "Pending"))
		# the agency may only withdraw it; head office decides
		self.assertEqual(self.actions(AGENCY_A_USER, invoice), ["Cancel"])
		self.assertRaises(WorkflowTransitionError, self.act, AGENCY_A_USER, invoice, "Approve")
		self.assertEqual(self.actions(MANAGER, invoice), ["Approve", "Cancel", "Reject"])

		balance = party_balance(w.agency_a)
		approved = self.act(MANAGER, invoice, "Approve")
		self.assertEqual(approved.approval_status, "Approved")
		self.assertEqual(approved.approved_by, MANAGER)
		self.assertEqual(frappe.db.get_value("Purchase Invoice", approved.purchase_invoice, "docstatus"), 1)
		self.assertEqual(frappe.db.get_value("Stock Entry", approved.stock_entry, "docstatus"), 1)
		self.assertEqual(balance - party_balance(w.agency_a), WAGE)  # wages netted into one balance
		self.assertEqual([row.line_status for row in approved.parts], ["Approved"])
		self.assertIn("Approved", self.comments(invoice, "Workflow"))

		# head office cancels through the workflow: the postings are reversed
		cancelled = self.act(MANAGER, invoice, "Cancel")
		self.assertEqual((cancelled.docstatus, cancelled.approval_status), (2, "Cancelled"))
		self.assertEqual(frappe.db.get_value("Purchase Invoice", approved.purchase_invoice, "docstatus"), 2)
		self.assertEqual(party_balance(w.agency_a), balance)

	def test_rejection_needs_a_reason_and_the_agency_withdraws_and_amends(self):
		invoice = self.draft([{"item": self.w.pump, "qty": 1, "coverage": "Warranty"}])
		self.act(AGENCY_A_USER, invoice, "Submit")
		self.assertRaisesRegex(ServiceInvoiceError, "why", self.act, MANAGER, invoice, "Reject")
		self.assertEqual(frappe.db.get_value("Service Invoice", invoice.name, "approval_status"), "Pending")

		# the agency cannot write the reason; head office does (the desk's Reject action does this first)
		frappe.set_user(AGENCY_A_USER)
		doc = frappe.get_doc("Service Invoice", invoice.name)
		doc.rejection_reason = "بی‌دلیل"
		self.assertRaises(HeadOfficeOnlyError, doc.save)
		frappe.set_user(MANAGER)
		invoice_approval.set_rejection_reason(
			frappe.get_doc("Service Invoice", invoice.name), " قطعه اشتباه "
		)
		rejected = self.act(MANAGER, invoice, "Reject")
		self.assertEqual((rejected.approval_status, rejected.rejection_reason), ("Rejected", "قطعه اشتباه"))
		self.assertFalse(rejected.purchase_invoice)
		self.assertTrue(any("قطعه اشتباه" in c for c in self.comments(invoice, "Info")))

		withdrawn = self.act(AGENCY_A_USER, invoice, "Cancel")
		self.assertEqual(withdrawn.approval_status, "Cancelled")
		frappe.set_user(AGENCY_A_USER)
		amended = frappe.copy_doc(withdrawn, ignore_no_copy=False)  # as the desk's Amend
		amended.update({"amended_from": withdrawn.name, "docstatus": 0})
		amended.insert()
		self.assertEqual(
			(amended.docstatus, amended.approval_status, amended.rejection_reason), (0, "Draft", None)
		)

	def test_head_office_voids_a_line_and_sets_a_wage_before_approving(self):
		w = self.w
		stock_up(w.pump, w.warehouse, 1)
		invoice = self.draft(
			[
				{"item": w.pump, "qty": 1, "coverage": "Warranty"},
				{"item": w.fan, "qty": 1, "coverage": "Paid"},
			]
		)
		self.act(AGENCY_A_USER, invoice, "Submit")

		# the agency cannot raise its own wage after submitting
		frappe.set_user(AGENCY_A_USER)
		doc = frappe.get_doc("Service Invoice", invoice.name)
		doc.services[0].wage = WAGE * 3
		doc.save()
		self.assertEqual(flt(doc.services[0].wage), WAGE)
		doc.services[0].manual_wage, doc.services[0].manual_reason = 1, "مسیر دور"
		self.assertRaises(HeadOfficeOnlyError, doc.save)

		frappe.set_user(MANAGER)
		doc = frappe.get_doc("Service Invoice", invoice.name)
		doc.services[0].update({"manual_wage": 1, "wage": WAGE + 500_000, "manual_reason": "مسیر دور"})
		doc.parts[1].line_status = "Void"
		doc.save()
		self.assertEqual(flt(doc.total_wage), WAGE + 500_000)
		self.assertTrue(any("مسیر دور" in c for c in self.comments(invoice, "Info")))

		balance = party_balance(w.agency_a)
		approved = self.act(MANAGER, invoice, "Approve")
		self.assertEqual([row.line_status for row in approved.parts], ["Approved", "Void"])
		self.assertFalse(approved.sales_invoice, "a void paid part is not billed")
		self.assertEqual(balance - party_balance(w.agency_a), WAGE + 500_000)

		# decided: nothing changes any more, not even by head office
		doc = frappe.get_doc("Service Invoice", invoice.name)
		doc.services[0].wage = 1
		self.assertRaisesRegex(ServiceInvoiceError, "no longer change", doc.save)


class TestDefectivePartReturns(WorkflowTestCase):
	def test_an_approved_hot_part_is_due_back_read_by_its_agency_only_and_voided_on_cancel(self):
		w = self.w
		stock_up(w.pump, w.warehouse, 1)
		frappe.db.set_single_value("After Sales Settings", "hot_part_return_days", 12)
		invoice = self.draft([{"item": w.pump, "qty": 1, "coverage": "Warranty", "hot_part_due": 1}])
		self.act(AGENCY_A_USER, invoice, "Submit")
		self.act(MANAGER, invoice, "Approve")

		returns = frappe.get_all(
			"Defective Part Return",
			{"service_invoice": invoice.name},
			["name", "agency", "item", "qty", "status", "due_date", "serial_no", "technician"],
		)
		self.assertEqual(len(returns), 1)
		due = returns[0]
		self.assertEqual(
			(due.agency, due.item, flt(due.qty), due.status), (w.agency_a, w.pump, 1, "Awaiting Return")
		)
		self.assertEqual(getdate(due.due_date), getdate(add_days(today(), 12)))
		self.assertEqual(due.serial_no, "ZTINV-COVERED")

		# the reception's timeline says what was replaced and what is due back
		notes = frappe.get_all(
			"Service Reception Status Log",
			{"parent": invoice.service_reception},
			pluck="note",
			order_by="idx desc",
			limit=1,
		)
		self.assertIn(due.name, notes[0])

		frappe.set_user(AGENCY_A_USER)
		self.assertEqual(
			frappe.get_list("Defective Part Return", pluck="name", filters={"name": due.name}), [due.name]
		)
		doc = frappe.get_doc("Defective Part Return", due.name)
		self.assertFalse(doc.has_permission("write"))
		frappe.set_user(TECH_USER)
		self.assertTrue(frappe.get_doc("Defective Part Return", due.name).has_permission("read"))
		frappe.set_user(AGENCY_B_USER)
		self.assertEqual(
			frappe.get_list("Defective Part Return", pluck="name", filters={"name": due.name}), []
		)
		self.assertRaises(
			frappe.PermissionError, frappe.get_doc("Defective Part Return", due.name).check_permission
		)

		# a return already received stops the cancel; an awaited one is voided by it
		frappe.set_user("Administrator")
		frappe.db.set_value("Defective Part Return", due.name, "status", "Received")
		self.assertRaisesRegex(ServiceInvoiceError, due.name, self.act, MANAGER, invoice, "Cancel")
		frappe.set_user("Administrator")
		frappe.db.set_value("Defective Part Return", due.name, "status", "Awaiting Return")
		self.act(MANAGER, invoice, "Cancel")
		self.assertEqual(frappe.db.get_value("Defective Part Return", due.name, "status"), "Void")

	def test_the_passport_shows_the_invoice_the_part_and_the_part_due_back(self):
		w = self.w
		stock_up(w.pump, w.warehouse, 1)
		device = make_device(w.heater, "ZTINV-PASSPORT", w.customer)
		frappe.set_user("Administrator")
		if not frappe.db.exists("Warranty Card", {"serial_no": "ZTINV-PASSPORT"}):
			card = {"doctype": "Warranty Card", "item": w.heater, "serial_no": "ZTINV-PASSPORT"}
			frappe.get_doc({**card, "start_date": add_days(today(), -30)}).insert(ignore_permissions=True)
		invoice = self.draft(
			[{"item": w.pump, "qty": 1, "coverage": "Warranty", "hot_part_due": 1}], device=device
		)
		self.act(AGENCY_A_USER, invoice, "Submit")
		self.act(MANAGER, invoice, "Approve")

		frappe.set_user(AGENCY_A_USER)
		rows = get_passport(frappe.get_doc("Customer Device", device))
		kinds = {row["kind"]: row for row in rows}
		self.assertIn(invoice.name, kinds["service_invoice"]["title"])
		self.assertIn("ZT-INV-PUMP", kinds["part"]["title"])
		self.assertEqual(kinds["hot_part"]["reference_doctype"], "Defective Part Return")
		frappe.set_user(AGENCY_B_USER)
		self.assertFalse(
			[
				r
				for r in get_passport(frappe.get_doc("Customer Device", device))
				if r["kind"] == "service_invoice"
			]
		)


class TestReceptionCompletion(WorkflowTestCase):
	def test_a_reception_with_two_devices_completes_when_both_are_approved(self):
		w = self.w
		second = make_device(w.heater, "ZTINV-SECOND", w.customer)
		reception = make_reception(w, devices=[w.covered, second])
		to_in_progress(reception)
		first = self.draft([], device=w.covered, reception=reception)
		self.act(AGENCY_A_USER, first, "Submit")
		self.act(MANAGER, first, "Approve")
		status = frappe.db.get_value("Service Reception", reception, "status")
		self.assertNotEqual(frappe.db.get_value("Service Status", status, "category"), "Completed")
		last_note = frappe.get_all(
			"Service Reception Status Log", {"parent": reception}, pluck="note", order_by="idx desc", limit=1
		)[0]
		self.assertIn(second, last_note)

		frappe.set_user(AGENCY_A_USER)
		invoice = new_invoice(reception, second, "Paid Repair", services=[{"service_type": PAID_REPAIR}])
		invoice.insert()
		self.act(AGENCY_A_USER, invoice, "Submit")
		self.act(MANAGER, invoice, "Approve")
		status = frappe.db.get_value("Service Reception", reception, "status")
		self.assertEqual(frappe.db.get_value("Service Status", status, "category"), "Completed")


class TestMigration(WorkflowTestCase):
	def test_older_invoices_get_the_workflow_states(self):
		from zhira_after_sales.patches.v1_0 import service_invoice_workflow

		invoice = self.draft([])
		frappe.db.set_value("Service Invoice", invoice.name, "approval_status", "Pending")
		service_invoice_workflow.execute()
		self.assertEqual(frappe.db.get_value("Service Invoice", invoice.name, "approval_status"), "Draft")
