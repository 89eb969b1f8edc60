"""/agency/referral?name=<reception>: one referral of the agency's cartable: the customer (call),
devices with warranty state and passport, the answer (accept / decline), the technician, the
status buttons, invoices and history. Another agency's reception is not found."""

import frappe
from frappe import _

from zhira_after_sales.agency import cartable
from zhira_after_sales.agency.portal import page_context
from zhira_after_sales.service_desk import passport
from zhira_after_sales.service_desk.visits import time_label
from zhira_after_sales.utils.phone import try_parse
from zhira_after_sales.utils.typed_text import plain, typed_fields

no_cache = 1


def get_context(context):
	agency = page_context(context, "cartable", _("Referral"))
	name = (frappe.form_dict.get("name") or "").strip()[:140]
	try:
		context.ref = cartable.referral(agency, name)
	except frappe.DoesNotExistError:
		frappe.clear_messages()
		raise frappe.PageDoesNotExistError
	doc = context.ref["doc"]
	context.title = _("Referral {0}").format(doc.tracking_code)
	context.time_label = time_label
	context.phones = [p for p in (try_parse(doc.mobile_no), try_parse(doc.phone_no)) if p]
	context.map_query = " ".join(plain(v) for v in (doc.address_line, doc.city) if v)
	# what the customer, head office and technicians typed, shown as typed (utils.typed_text)
	typed_fields(doc, "customer_name", "city", "address_line")
	for device in context.ref["devices"]:
		typed_fields(device, "serial_no", "declared_defects", "warranty_note")
	for row in context.ref["history"]:
		typed_fields(row, "note")
	context.passports = {
		row["customer_device"]: passport.get_passport(
			frappe.get_doc("Customer Device", row["customer_device"])
		)[:10]
		for row in context.ref["devices"]
		if row["customer_device"]
	}
	return context
