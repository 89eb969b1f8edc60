"""A customer texts a tracking code to the company's SMS line and gets the status back, in the
customer's words (registered in hooks.py under `zhira_sms_command_handlers`, after the
technicians' command). The status is told only to the mobile the reception was registered with;
any other number gets one and the same "not found", so nobody learns which codes exist. At most
REPLY_LIMIT replies per number in REPLY_WINDOW seconds: beyond that the message is kept, unanswered."""

import frappe
from frappe import _

from zhira_after_sales.messaging.processing import Handled
from zhira_after_sales.service_desk import tracking
from zhira_after_sales.utils.phone import number_variants, try_parse

RECEPTION = "Service Reception"
REPLY_LIMIT = 5
REPLY_WINDOW = 60 * 60


def tracking_status_reply(inbound) -> Handled | None:
	code = tracking.normalize(inbound.body)
	if not code or not tracking.is_valid(code):
		return None
	phone = try_parse(inbound.from_number)
	if not phone or over_limit(phone.e164):
		return Handled(
			status="Processed",
			note=_("A tracking code from {0}; not answered (too many in the last hour).").format(
				inbound.from_number
			),
		)
	reception = frappe.db.get_value(
		RECEPTION,
		{"tracking_code": code, "mobile_no": ("in", number_variants(phone))},
		["name", "status"],
		as_dict=True,
	)
	if not reception:
		return Handled(
			reply=_("No request with tracking code {0} is registered to your mobile number.").format(code),
			note=_("Tracking code {0} asked from a number it is not registered to: told 'not found'.").format(
				code
			),
		)
	label = frappe.get_cached_value("Service Status", reception.status, "customer_label") or reception.status
	return Handled(
		reply=_("Request {0}: {1}").format(code, label),
		reply_about=(RECEPTION, reception.name),
		note=_("The customer asked for the status of {0} and was told: {1}").format(code, label),
		values={"reference_doctype": RECEPTION, "reference_name": reception.name},
	)


def over_limit(number: str) -> bool:
	key = frappe.cache.make_key(f"zhira:sms-tracking:{number}")
	count = frappe.cache.incrby(key, 1)
	if count == 1:
		frappe.cache.expire(key, REPLY_WINDOW)
	return count > REPLY_LIMIT
