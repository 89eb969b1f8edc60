"""The warranty's rows in the device passport (see zhira_after_sales.service_desk.passport)."""

import frappe
from frappe import _

from zhira_after_sales.utils import jalali

INDICATORS = {
	"Issued": "blue",
	"Started": "green",
	"Start Reverted": "orange",
	"Customer Set": "blue",
	"Customer Reverted": "orange",
	"Expired": "gray",
	"Voided": "red",
}


def device_timeline(device) -> list[dict]:
	cards = frappe.get_all(
		"Warranty Card",
		{"item": device.item, "serial_no": device.serial_no},
		["name", "plan", "status", "end_date"],
		order_by="creation asc",
	)
	if not cards:
		return []
	by_name = {card.name: card for card in cards}
	events = frappe.get_all(
		"Warranty Card Event",
		{"parenttype": "Warranty Card", "parent": ("in", list(by_name))},
		["parent", "idx", "event", "event_date", "creation", "reference_doctype", "reference_name", "note"],
	)
	# a card's history is in idx order (child rows' creation changes when the card is saved)
	order = {name: position for position, name in enumerate(by_name)}
	events.sort(key=lambda e: (order[e.parent], e.idx))
	rows = []
	for event in events:
		card = by_name[event.parent]
		rows.append(
			{
				"date": str(event.event_date or event.creation.date()),
				"kind": "warranty",
				"title": _("Warranty card {0}: {1}").format(card.name, _(event.event)),
				"description": describe(event, card),
				"indicator": INDICATORS.get(event.event, "gray"),
				"reference_doctype": "Warranty Card",
				"reference_name": card.name,
			}
		)
	return rows


def describe(event, card) -> str:
	parts = []
	if event.event == "Started" and card.end_date:
		end = jalali.format_date(card.end_date, persian_digits=frappe.local.lang == "fa")
		parts.append(_("Plan {0}, covered until {1}").format(card.plan, end))
	if event.reference_doctype and event.reference_name:
		parts.append(_("by {0} {1}").format(_(event.reference_doctype), event.reference_name))
	if event.note:
		parts.append(event.note)
	return "; ".join(parts)
