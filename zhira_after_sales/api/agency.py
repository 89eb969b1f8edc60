"""Endpoints of the agency portal's referrals and invoices (pages in zhira_after_sales/www/agency/).

Every endpoint finds the reception or invoice through the caller's own rights: another agency's
names and ids get the same "not found" as a missing one. The status itself moves through the one
status API (zhira_after_sales.api.status.change_status).
"""

import frappe
from frappe import _

from zhira_after_sales.agency import cartable, portal, portal_invoices
from zhira_after_sales.api.limits import NAME, NOTE, NOTES, check_length, check_rows
from zhira_after_sales.exceptions import NotAssignedError
from zhira_after_sales.service_desk import referral, status_service


def answerable_reception(reception: str):
	"""The reception, if the caller is head office or a portal user of the agency it is referred
	to (a technician answers through /tech, not for the agency)."""
	doc = status_service.get_reception(reception)
	source = status_service.source_for(doc)
	if source not in ("portal", "desk"):
		raise NotAssignedError(_("Only the agency answers for reception {0}.").format(doc.tracking_code))
	return doc, source


def summary(doc) -> dict:
	return {
		"name": doc.name,
		"tracking_code": doc.tracking_code,
		"status": doc.status,
		"service_agency": doc.service_agency,
		"technician": doc.technician,
		"accepted_on": doc.accepted_on,
	}


@frappe.whitelist()
def get_cartable(
	tab: str = cartable.NEW,
	search: str | None = None,
	status: str | None = None,
	service_type: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	start: int = 0,
) -> dict:
	"""The caller's agency's cartable: tab counts and one page of rows."""
	agency = portal.require_agency()
	rows = cartable.receptions(agency, tab, search, status, service_type, from_date, to_date, start)
	return {"counts": cartable.counts(agency), "rows": rows}


@frappe.whitelist(methods=["POST"])
def accept_referral(reception: str) -> dict:
	doc, source = answerable_reception(reception)
	referral.accept(doc, source=source)
	return summary(doc)


@frappe.whitelist(methods=["POST"])
def decline_referral(reception: str, reason: str) -> dict:
	"""Hand the reception back to head office with a reason; it leaves the agency's cartable."""
	doc, source = answerable_reception(reception)
	check_length(reason, _("Decline Reason"), NOTE)
	referral.decline(doc, reason, source=source)
	return summary(doc)


@frappe.whitelist(methods=["POST"])
def assign_technician(reception: str, technician: str | None = None) -> dict:
	"""Give the job to one of the agency's active technicians (empty: to nobody)."""
	doc, _source = answerable_reception(reception)
	referral.assign_technician(doc, technician or None)
	return summary(doc)


@frappe.whitelist(methods=["POST"])
def save_service_invoice(
	reception: str,
	customer_device: str,
	services: str | list | None = None,
	parts: str | list | None = None,
	service_date: str | None = None,
	notes: str | None = None,
	customer_acknowledgement: int | str = 0,
	acknowledged_by_name: str | None = None,
	customer_paid_amount: float | str | None = None,
	submit: int | str = 1,
) -> dict:
	"""File a Service Invoice for a device of one of the agency's referrals, with the photos sent
	in the same multipart request (`serial_plate_photo`, `work_photo`), and submit it for head
	office's approval (`submit`=0 keeps it a draft). All or nothing."""
	agency = portal.require_agency()
	check_length(notes, _("Notes"), NOTES)
	check_length(acknowledged_by_name, _("Acknowledged By (Name)"), NAME)
	check_rows(services, "description", _("Description"), NOTES)
	invoice = portal_invoices.save_invoice(
		agency,
		reception,
		customer_device,
		services=frappe.parse_json(services) if isinstance(services, str) else services,
		parts=frappe.parse_json(parts) if isinstance(parts, str) else parts,
		service_date=service_date,
		notes=notes,
		customer_acknowledgement=frappe.utils.cint(customer_acknowledgement),
		acknowledged_by_name=acknowledged_by_name,
		customer_paid_amount=customer_paid_amount,
		photos=portal_invoices.uploaded_photos(),
		submit=frappe.utils.cint(submit),
	)
	return {"name": invoice.name, "approval_status": invoice.approval_status, "docstatus": invoice.docstatus}


@frappe.whitelist(methods=["POST"])
def submit_service_invoice(name: str) -> dict:
	"""Submit one of the agency's draft invoices for approval."""
	invoice = portal_invoices.submit_draft(portal.require_agency(), name)
	return {"name": invoice.name, "approval_status": invoice.approval_status, "docstatus": invoice.docstatus}
