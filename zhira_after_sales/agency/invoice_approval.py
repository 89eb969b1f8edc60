"""Head office's decision on a submitted Service Invoice, and its reversal.

    approve(invoice)          in the caller's transaction, all or nothing: stock checked first,
                              then wages (Purchase Invoice), warranty parts (Stock Entry), paid
                              parts (Sales Invoice), the warranty start of an installation, the
                              reception's completed status and the `zhira_service_completed` hook
    reject(invoice, reason)   no posting; the reason is kept on the invoice
    reverse(invoice)          on cancel of an approved invoice: cancels the postings in reverse
                              order, reverts the warranty start, notes it on the reception

Nothing here commits or catches: an exception anywhere leaves nothing behind.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from zhira_after_sales.access import is_manager
from zhira_after_sales.after_sales_setup.doctype.service_status.service_status import get_allowed_next
from zhira_after_sales.agency import invoice_posting
from zhira_after_sales.exceptions import HeadOfficeOnlyError, ServiceInvoiceError
from zhira_after_sales.warranty.api import revert_warranty_start, start_warranty_from_installation

PENDING, APPROVED, REJECTED, VOID = "Pending", "Approved", "Rejected", "Void"
COMPLETED_CATEGORY = "Completed"
HOOK = "zhira_service_completed"


def cancel_refused() -> str:
	return _("Only head office (After Sales Manager) cancels an approved Service Invoice.")


def require_head_office(message: str):
	"""`message` says what only head office may do."""
	if not is_manager():
		frappe.throw(message, exc=HeadOfficeOnlyError)


def require_pending(invoice):
	if invoice.docstatus != 1:
		frappe.throw(
			_("Service Invoice {0}: submit it before head office decides on it.").format(
				frappe.bold(invoice.name)
			),
			exc=ServiceInvoiceError,
		)
	if (invoice.approval_status or PENDING) != PENDING:
		frappe.throw(
			_("Service Invoice {0} is already {1}.").format(
				frappe.bold(invoice.name), _(invoice.approval_status)
			),
			exc=ServiceInvoiceError,
		)


def approve(invoice):
	require_head_office(_("Only head office (After Sales Manager) approves a Service Invoice."))
	require_pending(invoice)
	for row in invoice.parts:
		if row.line_status != VOID:
			row.line_status = APPROVED
	invoice_posting.check_stock(invoice)
	parties = invoice_posting.agency_parties(invoice)
	with invoice_posting.as_system():
		invoice.purchase_invoice = invoice_posting.post_wages(invoice, parties)
		invoice.stock_entry = invoice_posting.post_warranty_parts(invoice, parties)
		invoice.sales_invoice = invoice_posting.post_paid_parts(invoice, parties)
	invoice.approval_status = APPROVED
	invoice.approved_by = frappe.session.user
	invoice.approved_on = now_datetime()
	save_decision(invoice)
	if invoice.invoice_type == "Installation":
		start_warranty_from_installation(
			customer_device=invoice.customer_device,
			installed_on=invoice.service_date,
			source_doctype="Service Invoice",
			source_name=invoice.name,
		)
	complete_reception(invoice)
	for path in frappe.get_hooks(HOOK):
		frappe.get_attr(path)(invoice)


def reject(invoice, reason: str):
	require_head_office(_("Only head office (After Sales Manager) rejects a Service Invoice."))
	require_pending(invoice)
	if not (reason or "").strip():
		frappe.throw(_("Say why the invoice is rejected."), exc=ServiceInvoiceError)
	invoice.approval_status = REJECTED
	invoice.rejection_reason = reason.strip()
	save_decision(invoice)
	invoice.add_comment("Info", _("Rejected by {0}. Reason: {1}").format(frappe.session.user, reason.strip()))


def save_decision(invoice):
	invoice.flags.deciding = True
	invoice.flags.ignore_permissions = True
	invoice.save()
	invoice.flags.deciding = invoice.flags.ignore_permissions = False


def reverse(invoice):
	"""On cancel of an approved invoice (head office only)."""
	require_head_office(cancel_refused())
	with invoice_posting.as_system():
		invoice_posting.cancel_postings(invoice)
	revert_warranty_start("Service Invoice", invoice.name)
	reception = frappe.get_doc("Service Reception", invoice.service_reception)
	reception.flags.ignore_permissions = True
	reception.add_status_note(
		_(
			"Approved Service Invoice {0} was cancelled; its postings and warranty start were reversed."
		).format(invoice.name)
	)


def complete_reception(invoice):
	"""Move the reception to the active Completed status its current status allows, through its
	own change_status (logged with source `system`); if none is allowed, note it and stay."""
	reception = frappe.get_doc("Service Reception", invoice.service_reception)
	reception.flags.ignore_permissions = True
	allowed = get_allowed_next(reception.status) if reception.status else []
	target = next(
		(
			s
			for s in allowed
			if frappe.db.get_value("Service Status", s, ["category", "is_active"]) == (COMPLETED_CATEGORY, 1)
		),
		None,
	)
	if target:
		reception.change_status(target, "system", _("Service Invoice {0} approved").format(invoice.name))
	else:
		reception.add_status_note(
			_("Service Invoice {0} approved; status {1} allows no completed status, so it stays.").format(
				invoice.name, reception.status
			)
		)
