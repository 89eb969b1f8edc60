"""The Service Invoice's approval as a Frappe Workflow ("Service Invoice Approval") on the field
`approval_status`:

    Draft (the agency writes it) --Submit--> Pending (head office decides)
    Pending --Approve--> Approved (posted to ERPNext)      Pending --Reject--> Rejected
    Pending / Rejected --Cancel--> Cancelled (the agency withdraws it, then amends)
    Approved --Cancel--> Cancelled (head office only; the postings are reversed)

The desk shows these as the form's Actions and writes each step on the timeline. What a step
does (posting, the warranty start, the reception's completion) lives in the Service Invoice's own
hooks, so the workflow, the API and a bulk approval from the list all do the same thing.

ensure_workflow() creates the workflow, its states and actions when missing and leaves a
workflow a company has edited as it is.
"""

import frappe

from zhira_after_sales.consts import AGENCY_ROLE, MANAGER_ROLE

WORKFLOW = "Service Invoice Approval"
DOCTYPE = "Service Invoice"
FIELD = "approval_status"
DRAFT, PENDING, APPROVED, REJECTED, CANCELLED = "Draft", "Pending", "Approved", "Rejected", "Cancelled"

# state, docstatus, the role that may edit the document in that state, Workflow State style
STATES = (
	(DRAFT, 0, AGENCY_ROLE, ""),
	(DRAFT, 0, MANAGER_ROLE, ""),
	(PENDING, 1, MANAGER_ROLE, "Warning"),
	(APPROVED, 1, MANAGER_ROLE, "Success"),
	(REJECTED, 1, MANAGER_ROLE, "Danger"),
	(CANCELLED, 2, MANAGER_ROLE, "Inverse"),
)
# from, action, to, role
TRANSITIONS = (
	(DRAFT, "Submit", PENDING, AGENCY_ROLE),
	(DRAFT, "Submit", PENDING, MANAGER_ROLE),
	(PENDING, "Approve", APPROVED, MANAGER_ROLE),
	(PENDING, "Reject", REJECTED, MANAGER_ROLE),
	(PENDING, "Cancel", CANCELLED, AGENCY_ROLE),
	(PENDING, "Cancel", CANCELLED, MANAGER_ROLE),
	(REJECTED, "Cancel", CANCELLED, AGENCY_ROLE),
	(REJECTED, "Cancel", CANCELLED, MANAGER_ROLE),
	(APPROVED, "Cancel", CANCELLED, MANAGER_ROLE),
)


def ensure_workflow():
	for state, _docstatus, _role, style in STATES:
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for _from, action, _to, _role in TRANSITIONS:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	if frappe.db.exists("Workflow", WORKFLOW):
		return
	workflow = frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": WORKFLOW,
			"document_type": DOCTYPE,
			"workflow_state_field": FIELD,
			"is_active": 1,
			"send_email_alert": 0,
			"override_status": 1,
			"states": [
				{"state": state, "doc_status": str(docstatus), "allow_edit": role}
				for state, docstatus, role, _style in STATES
			],
			"transitions": [
				{
					"state": from_state,
					"action": action,
					"next_state": to_state,
					"allowed": role,
					"allow_self_approval": 1,
				}
				for from_state, action, to_state, role in TRANSITIONS
			],
		}
	)
	workflow.insert(ignore_permissions=True)


def remove_workflow():
	"""On uninstall: the workflow, and the Workflow Actions Frappe kept for its steps (they name the
	invoices and our roles), go with the DocType."""
	actions = frappe.get_all("Workflow Action", {"reference_doctype": DOCTYPE}, pluck="name")
	if actions:
		frappe.db.delete(
			"Workflow Action Permitted Role", {"parenttype": "Workflow Action", "parent": ("in", actions)}
		)
		frappe.db.delete("Workflow Action", {"name": ("in", actions)})
	if frappe.db.exists("Workflow", WORKFLOW):
		frappe.delete_doc("Workflow", WORKFLOW, ignore_permissions=True, force=True)


def is_active() -> bool:
	from frappe.model.workflow import get_workflow_name

	return bool(get_workflow_name(DOCTYPE))
