"""Warranty endpoints: the coverage check for the desk and portals, and the public verification
behind the card's QR code. The rules and services are in zhira_after_sales.warranty."""

import frappe

from zhira_after_sales.api.gate import require_doc, requires
from zhira_after_sales.warranty import api as warranty


@frappe.whitelist()
@requires("Warranty Card", "read")
def check_coverage(
	customer_device: str | None = None,
	serial_no: str | None = None,
	item: str | None = None,
	service_type: str | None = None,
	part: str | None = None,
	on_date: str | None = None,
) -> dict:
	"""Is the device covered by its warranty for `service_type` and `part` on `on_date` (default
	today)? Name the device by `customer_device`, or by `serial_no` (plus `item` when the same
	serial exists for several models).

	Returns a dict:
	    covered        bool
	    reason         stable code: covered, no_card, not_started, expired, service_not_covered,
	                   part_not_covered, void (see zhira_after_sales.warranty.coverage)
	    message        the answer in the user's language, e.g. "The warranty expired on 1405/08/30."
	    card           the Warranty Card judged (None for no_card)
	    item, serial_no, start_date, end_date (ISO), end_date_jalali, labor_covered

	Needs read permission on Warranty Card (Reception Operator, After Sales Manager, agencies and
	technicians have it) and, when a Customer Device is named, on that device. The answer reveals
	no more than the public verification page does for the same serial.
	"""
	if customer_device:
		require_doc("Customer Device", customer_device)
	return warranty.get_coverage(customer_device, serial_no, item, service_type, part, on_date)


@frappe.whitelist(allow_guest=True)
def verify_warranty(serial_no: str, card_no: str | None = None) -> list[dict]:
	"""Public: model and status of a serial's cards; with the card number also its dates. Rate
	limited per client together with the /warranty page."""
	return warranty.verify_public(serial_no, card_no)
