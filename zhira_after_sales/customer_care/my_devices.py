"""A customer's devices and their warranty cards, and a card to print.

    devices(customer)                 Customer Devices with their cards (status, dates) and the next
                                      visit of their periodic service plan
    card_html(customer, card)         the card's print format, for the customer who owns it

Another customer's device or card, or none, is "not found"."""

import frappe
from frappe import _
from frappe.utils import escape_html

from zhira_after_sales.customer_care.customer_portal import not_found

CARD = "Warranty Card"
INDICATORS = {"Issued": "blue", "Active": "green", "Expired": "gray", "Void": "red"}


def status_label(status: str) -> str:
	return {
		"Issued": _("Issued"),
		"Active": _("Active"),
		"Expired": _("Expired"),
		"Void": _("Void"),
		"In Use": _("In Use"),
		"Replaced": _("Replaced"),
		"Scrapped": _("Scrapped"),
	}.get(status, status or "")


def devices(customer: str) -> list[dict]:
	rows = frappe.get_all(
		"Customer Device",
		{"customer": customer},
		["name", "item", "item_name", "item_group", "serial_no", "status", "installed_on", "sold_on"],
		order_by="status asc, modified desc",
	)
	cards = frappe.get_all(
		CARD,
		{"customer": customer},
		["name", "card_no", "status", "customer_device", "serial_no", "item", "start_date", "end_date"],
		order_by="end_date desc",
	)
	by_device: dict[str, list] = {}
	by_serial: dict[tuple, list] = {}
	for card in cards:
		card.indicator = INDICATORS.get(card.status, "gray")
		card.status_label = status_label(card.status)
		if card.customer_device:
			by_device.setdefault(card.customer_device, []).append(card)
		else:
			by_serial.setdefault((card.item, card.serial_no), []).append(card)
	visits = next_periodic_visits(customer, [row.name for row in rows])
	for row in rows:
		row.status_label = status_label(row.status)
		row.cards = by_device.get(row.name, []) + by_serial.get((row.item, row.serial_no), [])
		row.next_visit = visits.get(row.name)
	return rows


def next_periodic_visits(customer: str, devices: list[str]) -> dict:
	"""{device: its active plan's earliest visit still to do} - due date, service type and, once
	opened, the reception's tracking code - for the customer's own plans only."""
	if not devices:
		return {}
	plans = dict(
		frappe.get_all(
			"Periodic Service Plan",
			{"customer": customer, "customer_device": ("in", devices), "status": "Active"},
			["name", "customer_device"],
			as_list=True,
		)
	)
	if not plans:
		return {}
	found = {}
	for visit in frappe.get_all(
		"Periodic Service Visit",
		{
			"parenttype": "Periodic Service Plan",
			"parent": ("in", list(plans)),
			"status": ("in", ("Planned", "Reminded", "Reception Created", "Overdue")),
		},
		["parent", "due_date", "service_type", "service_reception"],
		order_by="due_date asc, idx asc",
	):
		device = plans[visit.parent]
		if device in found:
			continue
		if visit.service_reception:
			visit.tracking_code = frappe.db.get_value(
				"Service Reception", visit.service_reception, "tracking_code"
			)
		found[device] = visit
	return found


def own_card(customer: str, name: str | None):
	if not name or frappe.db.get_value(CARD, name, "customer") != customer:
		not_found(_("Warranty card {0} not found.").format(escape_html(name or "")))
	return frappe.get_doc(CARD, name)


def card_html(customer: str, name: str) -> str:
	"""The card in the customer's language's print format, as the desk would print it."""
	doc = own_card(customer, name)
	print_format = "Warranty Card Persian" if frappe.local.lang == "fa" else "Warranty Card English"
	if not frappe.db.exists("Print Format", print_format):
		print_format = None
	# the customer owns this card (checked above) but has no desk permission on Warranty Card
	frappe.flags.ignore_print_permissions = True
	try:
		return frappe.get_print(CARD, doc.name, print_format, doc=doc)
	finally:
		frappe.flags.ignore_print_permissions = False
