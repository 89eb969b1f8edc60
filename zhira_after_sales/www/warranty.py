"""/warranty: public warranty check by serial number; with the card number (the card's QR code
links here with both) also the card's dates. Nothing personal. Rate limited per client, together
with the API, through zhira_after_sales.warranty.api.verify_public."""

import frappe
from frappe import _
from frappe.utils.jinja_globals import is_rtl

from zhira_after_sales.warranty.api import verify_public

no_cache = 1

INDICATORS = {"Issued": "blue", "Active": "green", "Expired": "gray", "Void": "red"}


def get_context(context):
	context.no_cache = 1
	context.show_sidebar = False
	context.title = _("Warranty Check")
	serial = (frappe.form_dict.get("serial") or "").strip()[:140]
	card = (frappe.form_dict.get("card") or "").strip()[:40]
	context.serial, context.card = serial, card
	context.results, context.error = [], None
	context.persian = frappe.local.lang == "fa"
	context.direction = "rtl" if is_rtl() else "ltr"
	context.searched = bool(serial)
	if not serial:
		return context
	try:
		context.results = verify_public(serial, card or None)
	except frappe.RateLimitExceededError as limited:
		frappe.clear_messages()
		context.error = str(limited)  # utils.throttle's translated message
	for row in context.results:
		row["indicator"] = INDICATORS.get(row["status"], "gray")
	return context
