"""Endpoints of the fast reception form and the device passport."""

import frappe

from zhira_after_sales.after_sales_setup.doctype.defect_code.defect_code import (
	get_defect_codes_for_item_group,
)
from zhira_after_sales.api.gate import require_doc, requires
from zhira_after_sales.service_desk import passport, reception_stats
from zhira_after_sales.service_desk.customers import customer_devices, find_customers_by_mobile
from zhira_after_sales.utils.phone import try_parse


@frappe.whitelist()
@requires("Service Reception", "create")
def lookup_mobile(mobile_no: str) -> dict:
	"""What the operator sees after typing a mobile number: its E.164 form, the matching customer
	(most recent first) and their devices, and their open receptions."""
	phone = try_parse(mobile_no)
	result = {
		"valid": bool(phone and phone.is_mobile),
		"e164": phone.e164 if phone else None,
		"customers": [],
	}
	if not result["valid"]:
		return result
	for customer in find_customers_by_mobile(phone.e164)[:5]:
		details = frappe.db.get_value(
			"Customer",
			customer,
			["name", "customer_name", "territory", "customer_primary_address"],
			as_dict=True,
		)
		details["devices"] = customer_devices(customer)
		details["open_receptions"] = frappe.get_all(
			"Service Reception",
			filters={"customer": customer, "closed_on": ("is", "not set")},
			fields=["name", "tracking_code", "status", "received_on"],
			order_by="received_on desc",
			limit=5,
		)
		if details.customer_primary_address:
			details["address"] = frappe.db.get_value(
				"Address", details.customer_primary_address, ["address_line1", "city", "phone"], as_dict=True
			)
		result["customers"].append(details)
	return result


@frappe.whitelist()
@requires("Defect Code", "read")
def defects_for_item(item: str) -> list[dict]:
	"""Defect codes a device of this model can be declared with."""
	return get_defect_codes_for_item_group(frappe.db.get_value("Item", item, "item_group"))


@frappe.whitelist()
def get_passport(customer_device: str) -> list[dict]:
	"""Every timeline row of the device, newest first, with a Jalali date for display."""
	return passport.get_passport(require_doc("Customer Device", customer_device))


@frappe.whitelist()
@requires("Service Reception", "read")
@frappe.read_only()  # a count over many rows; a replica's few seconds behind do not matter
def open_receptions_by_status(**_chart_args) -> dict:
	"""Dashboard Chart source "Open Receptions by Status" (the workspace's donut)."""
	return reception_stats.open_by_status()


@frappe.whitelist(methods=["POST"])
def export_reception_register(filters=None) -> dict:
	"""Queue the Reception Register (with these filters) as an Excel file for the current user: the
	rows they may read, streamed in the background; they are notified when it is ready."""
	from zhira_after_sales.service_desk import register_export

	return register_export.start(filters)
