"""A warranty card's life: issued, started by an event, reverted when that event is cancelled,
expired by the daily job, or voided. Every change leaves a row in the card's history and keeps
ERPNext's Serial No (`warranty_expiry_date`, `maintenance_status`) and the Customer Device's
`warranty_card` in step."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from zhira_after_sales.warranty.rules import warranty_end

OPEN_STATUSES = ("Issued", "Active")

STARTED_HOOK = "zhira_warranty_started"
START_REVERTED_HOOK = "zhira_warranty_start_reverted"


def open_key(item: str, serial_no: str) -> str:
	"""The value of Warranty Card.open_serial_key (unique) while a card is Issued or Active."""
	return f"{item}|{serial_no}"


def open_card_name(item: str, serial_no: str) -> str | None:
	return frappe.db.get_value("Warranty Card", {"open_serial_key": open_key(item, serial_no)})


def open_card(item: str, serial_no: str):
	name = open_card_name(item, serial_no)
	return frappe.get_doc("Warranty Card", name) if name else None


def current_card_name(item: str, serial_no: str) -> str | None:
	"""The card a device shows: its open card, else its latest card that is not void."""
	return open_card_name(item, serial_no) or frappe.db.get_value(
		"Warranty Card",
		{"item": item, "serial_no": serial_no, "status": ("!=", "Void")},
		"name",
		order_by="end_date desc, creation desc",
	)


def issue_card(
	item: str,
	serial_no: str,
	plan: str | None = None,
	customer: str | None = None,
	customer_device: str | None = None,
	reference: tuple[str, str] | None = None,
):
	"""Insert one Issued card (system code: no permission check). `reference` (doctype, name)
	is what caused the issue, recorded in the card's history."""
	card = frappe.get_doc(
		{
			"doctype": "Warranty Card",
			"item": item,
			"serial_no": serial_no,
			"plan": plan,
			"customer": customer,
			"customer_device": customer_device,
		}
	)
	if reference:
		card.flags.issue_reference = reference
	card.insert(ignore_permissions=True)
	return card


def start_card(card, start_date, source_doctype: str, source_name: str, customer: str | None = None):
	"""Start an Issued card on `start_date`; the source document is what started it."""
	start_date = getdate(start_date)
	previous_customer = card.customer
	if customer:
		card.customer = customer
	card.start_date = start_date
	card.end_date = warranty_end(start_date, card.duration_months)
	card.source_doctype = source_doctype
	card.source_name = source_name
	card.append(
		"history",
		{
			"event": "Started",
			"event_date": start_date,
			"reference_doctype": source_doctype,
			"reference_name": source_name,
			"customer": card.customer if card.customer != previous_customer else None,
			"previous_customer": previous_customer if card.customer != previous_customer else None,
		},
	)
	card.flags.ignore_permissions = True
	card.save()
	run_hooks(STARTED_HOOK, card)
	return card


def run_hooks(hook: str, card):
	"""`zhira_warranty_started` / `zhira_warranty_start_reverted`: handler(card), in the stock
	document's transaction (periodic service plans its device from the warranty's start)."""
	for path in frappe.get_hooks(hook) or []:
		frappe.get_attr(path)(card)


def set_customer(card, customer: str, source_doctype: str, source_name: str, on_date=None):
	"""A sale names the buyer of a card whose warranty starts on another event."""
	if not customer or card.customer == customer:
		return
	card.append(
		"history",
		{
			"event": "Customer Set",
			"event_date": getdate(on_date or today()),
			"reference_doctype": source_doctype,
			"reference_name": source_name,
			"customer": customer,
			"previous_customer": card.customer,
		},
	)
	card.customer = customer
	card.flags.ignore_permissions = True
	card.save()
	if card.start_date:
		# a warranty started on leaving the warehouse: its buyer is known now
		run_hooks(STARTED_HOOK, card)


def revert_source(source_doctype: str, source_name: str) -> list[str]:
	"""Undo what a cancelled document did to cards: starts it caused go back to Issued, customers
	it set go back to the previous one. Returns the names of the cards changed."""
	changed = []
	for name in frappe.get_all(
		"Warranty Card", {"source_doctype": source_doctype, "source_name": source_name}, pluck="name"
	):
		card = frappe.get_doc("Warranty Card", name)
		revert_start(card, source_doctype, source_name)
		changed.append(name)

	customer_events = frappe.get_all(
		"Warranty Card Event",
		{
			"parenttype": "Warranty Card",
			"event": "Customer Set",
			"reference_doctype": source_doctype,
			"reference_name": source_name,
		},
		["parent", "customer", "previous_customer"],
	)
	for event in customer_events:
		card = frappe.get_doc("Warranty Card", event.parent)
		if card.customer == event.customer:
			card.customer = event.previous_customer
		card.append(
			"history",
			{
				"event": "Customer Reverted",
				"event_date": today(),
				"reference_doctype": source_doctype,
				"reference_name": source_name,
				"customer": card.customer,
				"previous_customer": event.customer,
			},
		)
		card.flags.ignore_permissions = True
		card.save()
		changed.append(card.name)
	return changed


def revert_start(card, source_doctype: str, source_name: str):
	started = next(
		(
			row
			for row in reversed(card.history)
			if row.event == "Started"
			and row.reference_doctype == source_doctype
			and row.reference_name == source_name
		),
		None,
	)
	if started and started.customer and card.customer == started.customer:
		card.customer = started.previous_customer
	card.start_date = card.end_date = None
	card.source_doctype = card.source_name = None
	note = None
	if card.status != "Void":
		other = open_card_name(card.item, card.serial_no)
		if other and other != card.name:
			# another card was issued meanwhile: this one cannot be open again
			card.status = "Void"
			card.void_reason = _("Superseded by card {0} when {1} {2} was cancelled.").format(
				other, _(source_doctype), source_name
			)
			note = card.void_reason
	card.append(
		"history",
		{
			"event": "Start Reverted",
			"event_date": today(),
			"reference_doctype": source_doctype,
			"reference_name": source_name,
			"note": note,
		},
	)
	card.flags.ignore_permissions = True
	card.save()
	run_hooks(START_REVERTED_HOOK, card)


def void_card(card, reason: str):
	card.status = "Void"
	card.void_reason = reason
	card.append("history", {"event": "Voided", "event_date": today(), "note": reason})
	card.flags.ignore_permissions = True
	card.save()


def expire_cards(on_date=None) -> int:
	"""Daily: Active cards whose end date has passed become Expired. Each card on its own: one
	failure is logged and the rest go on. Returns how many expired."""
	on_date = getdate(on_date or today())
	names = frappe.get_all(
		"Warranty Card", {"status": "Active", "end_date": ("<", on_date)}, pluck="name", order_by="end_date"
	)
	expired = 0
	for name in names:
		if alone(_expire, name, on_date) is None:
			expired += 1
		else:
			frappe.log_error(
				title=f"Warranty card {name} could not expire", reference_doctype="Warranty Card"
			)
	return expired


def _expire(name: str, on_date):
	card = frappe.get_doc("Warranty Card", name)
	card.append("history", {"event": "Expired", "event_date": card.end_date})
	card.flags.ignore_permissions = True
	card.flags.status_date = on_date
	card.save()


def alone(fn, *args, **kwargs) -> Exception | None:
	"""Run `fn` inside a savepoint. On an exception its writes are undone and the exception is
	returned (None on success), so a loop over many records goes on."""
	savepoint = "zhira_" + frappe.generate_hash(length=10)
	frappe.db.savepoint(savepoint)
	try:
		fn(*args, **kwargs)
	except Exception as e:
		frappe.db.rollback(save_point=savepoint)
		return e
	frappe.db.release_savepoint(savepoint)
	return None


# --- keeping ERPNext's Serial No and the Customer Device in step -------------------------------


def sync_serial_no(item: str, serial_no: str):
	"""ERPNext's Serial No shows the warranty of the serial's current card. ERPNext itself clears
	`warranty_expiry_date` whenever a serial comes back into a warehouse, so this runs after every
	stock document that moves a serial with a card."""
	name = frappe.db.get_value("Serial No", {"name": serial_no, "item_code": item})
	if not name:
		return
	card = current_card_name(item, serial_no)
	start, end = (None, None)
	if card:
		start, end = frappe.db.get_value("Warranty Card", card, ["start_date", "end_date"])
	serial = frappe.get_doc("Serial No", name)
	serial.warranty_expiry_date = end
	serial.warranty_period = (getdate(end) - getdate(start)).days + 1 if start and end else 0
	serial.set_maintenance_status()
	values = {
		"warranty_expiry_date": serial.warranty_expiry_date,
		"warranty_period": serial.warranty_period,
		"maintenance_status": serial.maintenance_status,
	}
	current = frappe.db.get_value("Serial No", name, list(values), as_dict=True)
	if any(str(current[k] or "") != str(v or "") for k, v in values.items()):
		frappe.db.set_value("Serial No", name, values, update_modified=False)


def sync_device(item: str, serial_no: str):
	"""The Customer Device of this serial points at its current card; its cards point at it and,
	when they name no customer yet, take the device's customer and territory."""
	device = frappe.db.get_value(
		"Customer Device",
		{"item": item, "serial_no": serial_no},
		["name", "warranty_card", "customer", "territory"],
		as_dict=True,
	)
	if not device:
		return
	card = current_card_name(item, serial_no)
	if device.warranty_card != card:
		frappe.db.set_value("Customer Device", device.name, "warranty_card", card, update_modified=False)
	for other in frappe.get_all(
		"Warranty Card",
		{"item": item, "serial_no": serial_no},
		["name", "customer_device", "customer", "territory"],
	):
		values = {}
		if not other.customer_device:
			values["customer_device"] = device.name
		if not other.customer and device.customer:
			values["customer"] = device.customer
			values["customer_name"] = frappe.db.get_value("Customer", device.customer, "customer_name")
		if device.territory and (values.get("customer") or not other.territory):
			values["territory"] = device.territory
		if values:
			frappe.db.set_value("Warranty Card", other.name, values, update_modified=False)
