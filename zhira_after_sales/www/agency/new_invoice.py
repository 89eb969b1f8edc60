"""/agency/new-invoice?reception=<name>&device=<Customer Device>: file a work report (Service
Invoice) for a device of one of the agency's referrals: services, parts from the agency's
consignment stock, photos from the phone's camera, the customer's acknowledgement."""

import frappe
from frappe import _

from zhira_after_sales.agency import portal_invoices
from zhira_after_sales.agency.portal import page_context
from zhira_after_sales.exceptions import ServiceInvoiceError

no_cache = 1


def get_context(context):
	agency = page_context(context, "invoices", _("New work report"))
	reception = (frappe.form_dict.get("reception") or "").strip()[:140]
	device = (frappe.form_dict.get("device") or "").strip()[:140] or None
	try:
		context.form = portal_invoices.new_invoice_form(agency, reception, device)
	except (frappe.DoesNotExistError, ServiceInvoiceError):
		frappe.clear_messages()
		raise frappe.PageDoesNotExistError
	context.today = portal_invoices.service_date_default()
	context.max_photo_mb = portal_invoices.MAX_PHOTO_BYTES // (1024 * 1024)
	context.texts = {
		"remove": _("Remove"),
		"choose_part": _("Choose a part"),
		"paid": _("Paid"),
		"warranty": _("Warranty"),
		"saving": _("Sending..."),
		"on_hand": _("on hand"),
	}
	return context
