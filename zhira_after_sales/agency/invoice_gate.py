"""The hard warranty gate of a Service Invoice: a Warranty Repair invoice, and every part line
marked Warranty, must be covered by the device's warranty on the service date (the answer of
zhira_after_sales.warranty.api.get_coverage), unless head office overrides the check with a reason.

    check_warranty(invoice, device_service_type) -> list[str]   refusals; raises unless overridden
    check_override(invoice, user)                                 who may override, and the reason
"""

import frappe
from frappe import _
from frappe.utils import now_datetime, strip_html

from zhira_after_sales.access import is_manager
from zhira_after_sales.exceptions import HeadOfficeOnlyError, ServiceInvoiceError, WarrantyNotCoveredError
from zhira_after_sales.warranty.api import get_coverage

WARRANTY_REPAIR = "Warranty Repair"
WARRANTY = "Warranty"


def services_to_check(invoice, device_service_type: str | None) -> list[str | None]:
	"""A Warranty Repair is judged for each service on it (the reception's service type when it
	lists none)."""
	types = [row.service_type for row in invoice.services if row.service_type]
	return list(dict.fromkeys(types)) or [device_service_type]


def check_warranty(invoice, device_service_type: str | None = None) -> list[str]:
	refusals = []
	note = None

	def ask(service_type=None, part=None):
		return get_coverage(
			customer_device=invoice.customer_device,
			service_type=service_type,
			part=part,
			on_date=invoice.service_date,
		)

	part_service_type = None
	if invoice.invoice_type == WARRANTY_REPAIR:
		for service_type in services_to_check(invoice, device_service_type):
			answer = ask(service_type=service_type)
			note = note or strip_html(answer["message"])
			if not answer["covered"]:
				refusals.append(_("{0}: {1}").format(_(WARRANTY_REPAIR), answer["message"]))
				note = strip_html(answer["message"])
		part_service_type = services_to_check(invoice, device_service_type)[0]
	for row in invoice.parts:
		row.warranty_note = None
		if row.coverage != WARRANTY or row.line_status == "Void" or not row.item:
			continue
		answer = ask(service_type=part_service_type, part=row.item)
		row.warranty_note = strip_html(answer["message"])
		if not answer["covered"]:
			refusals.append(_("Parts row {0} ({1}): {2}").format(row.idx, row.item, answer["message"]))
	invoice.warranty_note = note
	if refusals and not invoice.warranty_override:
		frappe.throw(
			"<br>".join(
				[
					*refusals,
					_("Mark the work or the parts as paid, or ask head office to override the check."),
				]
			),
			exc=WarrantyNotCoveredError,
			title=_("Not under warranty"),
		)
	return refusals


def check_override(invoice, user: str) -> bool:
	"""Only head office turns the override on or changes its reason; a reason is required. Returns
	True when the override was set or changed now (to be logged)."""
	before = invoice.get_doc_before_save()
	old = (bool(before.warranty_override), before.override_reason or "") if before else (False, "")
	new = (bool(invoice.warranty_override), invoice.override_reason or "")
	if not invoice.warranty_override:
		invoice.override_reason = invoice.override_by = invoice.override_on = None
	if new == old or (not new[0] and not old[0]):
		return False
	if not is_manager(user):
		frappe.throw(
			_("{0}: only head office (After Sales Manager) may override the warranty check.").format(
				_("Override Warranty Check")
			),
			exc=HeadOfficeOnlyError,
		)
	if not invoice.warranty_override:
		return False
	if not new[1].strip():
		frappe.throw(
			_("{0}: say why the warranty check is overridden.").format(_("Override Reason")),
			exc=ServiceInvoiceError,
		)
	invoice.override_by = user
	invoice.override_on = now_datetime()
	return True


def override_comment(invoice, refusals: list[str]) -> str:
	return _("Warranty check overridden by {0}. Reason: {1}. The check said: {2}").format(
		invoice.override_by, invoice.override_reason, " ".join(strip_html(r) for r in refusals) or "-"
	)
