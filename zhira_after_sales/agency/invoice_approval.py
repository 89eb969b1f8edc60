"""Head office's decision on a submitted Service Invoice, and its reversal.

The decision is a step of the "Service Invoice Approval" workflow (agency/invoice_workflow.py):
the desk's Approve / Reject actions, the API below and a bulk approval from the list all change
`approval_status` from Pending and save; the Service Invoice's own hooks then call

    before_decision(invoice, state)  Approved: stock checked first, then wages (Purchase Invoice),
                                     warranty parts (Stock Entry), paid parts (Sales Invoice),
                                     saved with the decision; Rejected: a reason is required
    after_decision(invoice, state)   Approved: the defective part returns due (hot_parts), the
                                     warranty start of an installation, the
                                     reception's completed status, the `zhira_service_completed`
                                     hook; Rejected: the reason on the timeline
    reverse(invoice)                 on cancel of an approved invoice: voids the awaited returns,
                                     cancels the postings in
                                     reverse order, reverts the warranty start, notes it on the
                                     reception

    approve(invoice) / reject(invoice, reason)   the same step from Python (API, tests)

All of it runs in the caller's transaction: nothing here commits or catches, so an exception
anywhere leaves nothing behind.
"""

import frappe
from frappe import _
from frappe.utils import cstr, now_datetime

from zhira_after_sales.access import require_manager
from zhira_after_sales.after_sales_setup.doctype.service_status.service_status import get_allowed_next
from zhira_after_sales.agency import hot_parts, invoice_posting
from zhira_after_sales.agency.invoice_workflow import APPROVED, PENDING, REJECTED
from zhira_after_sales.exceptions import ServiceInvoiceError
from zhira_after_sales.warranty.api import revert_warranty_start, start_warranty_from_installation

VOID = "Void"
COMPLETED_CATEGORY = "Completed"
HOOK = "zhira_service_completed"
# handler(invoice): an approved invoice was cancelled (after its postings were reversed)
REVERSED_HOOK = "zhira_service_reversed"
DECISIONS = {APPROVED: "Approve", REJECTED: "Reject"}


def cancel_refused() -> str:
	return _("Only head office (After Sales Manager) cancels an approved Service Invoice.")


def require_pending(invoice, state: str | None = None):
	if invoice.docstatus != 1:
		frappe.throw(
			_("Service Invoice {0}: submit it before head office decides on it.").format(
				frappe.bold(invoice.name)
			),
			exc=ServiceInvoiceError,
		)
	state = state or invoice.approval_status or PENDING
	if state != PENDING:
		frappe.throw(
			_("Service Invoice {0} is already {1}.").format(frappe.bold(invoice.name), _(state)),
			exc=ServiceInvoiceError,
		)


def decision_of(invoice) -> str | None:
	"""The state this save moves a submitted invoice to, None if it stays; refuses any move but
	Pending → Approved / Rejected, and any move by someone other than head office."""
	before = invoice.get_doc_before_save()
	old, new = (before.approval_status or PENDING) if before else PENDING, invoice.approval_status
	if old == new:
		return None
	require_manager(_("Only head office (After Sales Manager) approves or rejects a Service Invoice."))
	if new not in DECISIONS:
		frappe.throw(
			_("Service Invoice {0}: {1} cannot be set by hand.").format(frappe.bold(invoice.name), _(new)),
			exc=ServiceInvoiceError,
		)
	require_pending(invoice, old)
	return new


def before_decision(invoice, state: str):
	if state == REJECTED:
		if not cstr(invoice.rejection_reason).strip():
			frappe.throw(_("Say why the invoice is rejected."), exc=ServiceInvoiceError)
		invoice.rejection_reason = invoice.rejection_reason.strip()
		return
	for row in invoice.parts:
		if row.line_status != VOID:
			row.line_status = APPROVED
	invoice_posting.check_stock(invoice)
	parties = invoice_posting.agency_parties(invoice)
	with invoice_posting.as_system():
		invoice.purchase_invoice = invoice_posting.post_wages(invoice, parties)
		invoice.stock_entry = invoice_posting.post_warranty_parts(invoice, parties)
		invoice.sales_invoice = invoice_posting.post_paid_parts(invoice, parties)
	invoice.approved_by = frappe.session.user
	invoice.approved_on = now_datetime()


def after_decision(invoice, state: str):
	if state == REJECTED:
		invoice.add_comment(
			"Info", _("Rejected by {0}. Reason: {1}").format(frappe.session.user, invoice.rejection_reason)
		)
		return
	returns = hot_parts.create_returns(invoice)
	if invoice.invoice_type == "Installation":
		start_warranty_from_installation(
			customer_device=invoice.customer_device,
			installed_on=invoice.service_date,
			source_doctype="Service Invoice",
			source_name=invoice.name,
		)
	complete_reception(invoice, work_summary(invoice, returns))
	for path in frappe.get_hooks(HOOK):
		frappe.get_attr(path)(invoice)


def approve(invoice):
	decide(invoice, APPROVED)


def reject(invoice, reason: str):
	invoice.rejection_reason = reason
	decide(invoice, REJECTED)


def void_parts(invoice, names: list[str]):
	"""Head office refuses these part rows before approving (unsaved: the approval saves them)."""
	rows = {row.name: row for row in invoice.parts}
	for name in names:
		if name not in rows:
			frappe.throw(
				_("Service Invoice {0} has no parts row {1}.").format(frappe.bold(invoice.name), name),
				exc=ServiceInvoiceError,
			)
		rows[name].line_status = VOID


def set_rejection_reason(invoice, reason: str):
	require_manager(_("Only head office (After Sales Manager) writes why an invoice is rejected."))
	require_pending_now(invoice)
	if not cstr(reason).strip():
		frappe.throw(_("Say why the invoice is rejected."), exc=ServiceInvoiceError)
	invoice.rejection_reason = reason.strip()
	invoice.save()


def require_pending_now(invoice):
	"""Take the invoice's row lock, then refuse unless it is still pending as committed now. Of two
	managers deciding at once, the second waits for the first and is told what it decided
	("already Approved"), instead of Frappe's "document has been modified" (the request's copy,
	and its snapshot, may be older than the first decision)."""
	current = frappe.db.get_value(
		"Service Invoice", invoice.name, ["docstatus", "approval_status"], as_dict=True, for_update=True
	)
	require_pending(frappe._dict(name=invoice.name, **(current or {})))


def decide(invoice, state: str):
	"""Move a pending invoice to `state` as the workflow's action does (the same checks, the
	same timeline entry), keeping the head office's unsaved line and wage decisions."""
	require_manager(_("Only head office (After Sales Manager) approves or rejects a Service Invoice."))
	require_pending_now(invoice)
	invoice.approval_status = state
	invoice.save()
	invoice.add_comment("Workflow", _(state))


def reverse(invoice):
	"""On cancel of an approved invoice (head office only)."""
	require_manager(cancel_refused())
	hot_parts.void_returns(invoice)
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
	for path in frappe.get_hooks(REVERSED_HOOK):
		frappe.get_attr(path)(invoice)


def work_summary(invoice, returns: list[str]) -> str:
	"""One line for the reception's timeline: what the approved invoice replaced and owes back."""
	parts = [
		f"{row.item_name or row.item} × {frappe.format(row.qty, {'fieldtype': 'Float'})} ({_(row.coverage)})"
		for row in invoice.parts
		if row.line_status == APPROVED
	]
	text = _("Service Invoice {0} approved").format(invoice.name)
	if parts:
		text += ". " + _("Parts replaced: {0}").format(", ".join(parts))
	if returns:
		text += ". " + _("Defective parts due back: {0}").format(", ".join(returns))
	return text


def open_devices(invoice) -> list[str]:
	"""Devices of the reception that have no approved invoice yet."""
	devices = frappe.get_all(
		"Service Reception Device",
		{"parent": invoice.service_reception, "parenttype": "Service Reception"},
		pluck="customer_device",
		order_by="idx asc",
	)
	done = set(
		frappe.get_all(
			"Service Invoice",
			{"service_reception": invoice.service_reception, "docstatus": 1, "approval_status": APPROVED},
			pluck="customer_device",
		)
	)
	return [d for d in devices if d and d not in done]


def complete_reception(invoice, note: str):
	"""Once every device of the reception has an approved invoice, move the reception to the
	active Completed status its current status allows, through its own change_status (logged with
	source `system`); otherwise, or if no such status is allowed, note it and stay."""
	reception = frappe.get_doc("Service Reception", invoice.service_reception)
	reception.flags.ignore_permissions = True
	remaining = open_devices(invoice)
	if remaining:
		reception.add_status_note(
			note + ". " + _("Devices still without an approved invoice: {0}").format(", ".join(remaining))
		)
		return
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
		reception.change_status(target, "system", note)
	else:
		reception.add_status_note(
			note + ". " + _("Status {0} allows no completed status, so it stays.").format(reception.status)
		)
