"""Service Invoices filed before the approval became a workflow: drafts read Draft and cancelled
invoices Cancelled (they used to keep Pending or their last decision)."""

import frappe

from zhira_after_sales.agency import invoice_workflow


def execute():
	invoice = frappe.qb.DocType("Service Invoice")
	for docstatus, state in ((0, invoice_workflow.DRAFT), (2, invoice_workflow.CANCELLED)):
		frappe.qb.update(invoice).set(invoice.approval_status, state).where(
			invoice.docstatus == docstatus
		).run()
	invoice_workflow.ensure_workflow()
