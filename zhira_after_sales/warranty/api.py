"""The warranty's public surface for other parts of the app and for the desk.

Coverage (receptions show it per device; Service Invoices use it as a hard gate):

    get_coverage(customer_device=None, serial_no=None, item=None, service_type=None,
                 part=None, on_date=None) -> dict            # for system code; the desk's
                                                              # endpoint is api.warranty.check_coverage
    require_coverage(...) -> dict                             # raises WarrantyNotCoveredError

Installation start (the Service Invoice approval calls it; its cancellation calls the revert):

    start_warranty_from_installation(customer_device=None, serial_no=None, item=None,
                                     installed_on=None, source_doctype=None, source_name=None) -> dict
    revert_warranty_start(source_doctype, source_name) -> list[str]

Receptions (service_desk.warranty_status) call coverage_for_reception_devices(rows, on_date).

Public verification (the guest endpoint api.warranty.verify_warranty, the /warranty page and the
card's QR code use it):

    lookup_public(serial_no, card_no=None) -> list[dict]
    verify_public(serial_no, card_no=None) -> list[dict]     # the same, rate limited per client
"""

import frappe
from frappe import _
from frappe.utils import get_url, getdate, strip_html, today

from zhira_after_sales.exceptions import WarrantyCardError, WarrantyNotCoveredError
from zhira_after_sales.utils import jalali, throttle
from zhira_after_sales.utils.text import normalize_serial
from zhira_after_sales.warranty import coverage as rule
from zhira_after_sales.warranty import lifecycle
from zhira_after_sales.warranty.plans import get_plan, plan_for_item, terms_of

INSTALLATION = "Installation"


# --- coverage -----------------------------------------------------------------------------------


def get_coverage(
	customer_device: str | None = None,
	serial_no: str | None = None,
	item: str | None = None,
	service_type: str | None = None,
	part: str | None = None,
	on_date=None,
) -> dict:
	"""`check_coverage` without the permission check, for system code (e.g. the Service Invoice
	gate running as the agency user)."""
	item, serial_no = identify(customer_device, serial_no, item)
	cards = cards_of([(item, serial_no)]).get((item, serial_no), [])  # none without a model
	return coverage_answer(cards, item, serial_no, service_type, part, getdate(on_date or today()))


def cards_of(devices: list[tuple[str, str]]) -> dict[tuple[str, str], list]:
	"""The warranty cards of each (item, serial_no), oldest first, in one query."""
	devices = [(item, serial) for item, serial in devices if item and serial]
	found = {}
	if not devices:
		return found
	card = frappe.qb.DocType("Warranty Card")
	condition = None
	for item, serial in dict.fromkeys(devices):
		pair = (card.item == item) & (card.serial_no == serial)
		condition = pair if condition is None else condition | pair
	for row in (
		frappe.qb.from_(card)
		.select(card.name, card.item, card.serial_no, card.status, card.start_date, card.end_date, card.plan)
		.where(condition)
		.orderby(card.creation)
		.run(as_dict=True)
	):
		found.setdefault((row.item, row.serial_no), []).append(row)
	return found


def coverage_answer(cards: list, item, serial_no, service_type, part, on_date) -> dict:
	answer = rule.check(
		[
			rule.Card(c.name, c.status, getdate(c.start_date) if c.start_date else None,
			          getdate(c.end_date) if c.end_date else None, terms_of(c.plan))
			for c in cards
		],
		on_date,
		service_type or None,
		part or None,
	)  # fmt: skip
	return {
		"covered": answer.covered,
		"reason": answer.reason.value,
		"message": coverage_message(answer, serial_no, service_type, part),
		"card": answer.card,
		"item": item,
		"serial_no": serial_no,
		"on_date": str(on_date),
		"start_date": str(answer.start_date) if answer.start_date else None,
		"end_date": str(answer.end_date) if answer.end_date else None,
		"end_date_jalali": jalali.format_date(answer.end_date) if answer.end_date else None,
		"labor_covered": answer.labor_covered,
	}


def require_coverage(
	customer_device: str | None = None,
	serial_no: str | None = None,
	item: str | None = None,
	service_type: str | None = None,
	part: str | None = None,
	on_date=None,
) -> dict:
	"""The hard gate: the coverage answer when covered, else WarrantyNotCoveredError with the
	reason as its message."""
	answer = get_coverage(customer_device, serial_no, item, service_type, part, on_date)
	if not answer["covered"]:
		frappe.throw(answer["message"], exc=WarrantyNotCoveredError, title=_("Not under warranty"))
	return answer


def coverage_for_reception_devices(rows: list, on_date=None) -> list[frappe._dict]:
	"""The warranty state a Service Reception shows for each of its devices (called from
	zhira_after_sales.service_desk.warranty_status while the reception is saved; no permission
	check). Each row is a Service Reception Device (customer_device, or item + serial_no, and
	service_type); each answer is `get_coverage`'s as a frappe._dict, with a plain-text message.
	The cards of all the rows are read in one query."""
	on_date = getdate(on_date or today())
	named = [
		identify(row.get("customer_device") or None, row.get("serial_no"), row.get("item")) for row in rows
	]
	cards = cards_of(named)
	answers = []
	for row, (item, serial_no) in zip(rows, named, strict=True):
		answer = coverage_answer(
			cards.get((item, serial_no), []), item, serial_no, row.get("service_type"), None, on_date
		)
		answer["message"] = strip_html(answer["message"])
		answers.append(frappe._dict(answer))
	return answers


def identify(customer_device: str | None, serial_no: str | None, item: str | None) -> tuple[str, str]:
	"""(item, serial_no) of a device named by its Customer Device or by its serial."""
	if customer_device:
		device = frappe.db.get_value("Customer Device", customer_device, ["item", "serial_no"], as_dict=True)
		if not device:
			frappe.throw(
				_("Customer Device {0} does not exist.").format(frappe.bold(customer_device)),
				exc=frappe.DoesNotExistError,
			)
		return device.item, device.serial_no
	serial_no = normalize_serial(serial_no)
	if not serial_no:
		frappe.throw(_("Give a Customer Device or a Serial No."), exc=WarrantyCardError)
	if item:
		return item, serial_no
	items = set(frappe.get_all("Warranty Card", {"serial_no": serial_no}, pluck="item"))
	items |= set(frappe.get_all("Customer Device", {"serial_no": serial_no}, pluck="item"))
	if len(items) > 1:
		frappe.throw(
			_("Serial No {0} exists for several models ({1}): choose the model too.").format(
				frappe.bold(serial_no), ", ".join(sorted(items))
			),
			exc=WarrantyCardError,
		)
	return (items.pop() if items else None), serial_no


def display_date(value) -> str:
	return jalali.format_date(value, persian_digits=frappe.local.lang == "fa") if value else ""


def coverage_message(
	answer: rule.Coverage, serial_no: str, service_type: str | None, part: str | None
) -> str:
	card = frappe.bold(answer.card) if answer.card else ""
	reason = answer.reason
	if reason is rule.Reason.COVERED:
		if answer.labor_covered is False:
			return _("Covered by warranty card {0} until {1} (parts only: the labour is charged).").format(
				card, display_date(answer.end_date)
			)
		return _("Covered by warranty card {0} until {1}.").format(card, display_date(answer.end_date))
	if reason is rule.Reason.NO_CARD:
		return _("Serial No {0} has no warranty card.").format(frappe.bold(serial_no))
	if reason is rule.Reason.NOT_STARTED:
		if answer.start_date:
			return _("The warranty on card {0} starts on {1}.").format(card, display_date(answer.start_date))
		return _("The warranty on card {0} has not started yet.").format(card)
	if reason is rule.Reason.EXPIRED:
		return _("The warranty expired on {0} (card {1}).").format(display_date(answer.end_date), card)
	if reason is rule.Reason.SERVICE_NOT_COVERED:
		return _("Warranty card {0} does not cover the service {1}.").format(card, frappe.bold(service_type))
	if reason is rule.Reason.PART_NOT_COVERED:
		part_name = frappe.get_cached_value("Item", part, "item_name") or part
		return _("Warranty card {0} does not cover the part {1}.").format(card, frappe.bold(part_name))
	return _("Warranty card {0} is void.").format(card)


# --- installation -------------------------------------------------------------------------------


def start_warranty_from_installation(
	customer_device: str | None = None,
	serial_no: str | None = None,
	item: str | None = None,
	installed_on=None,
	source_doctype: str | None = None,
	source_name: str | None = None,
) -> dict:
	"""Start the warranty of a device whose installation was approved (the Service Invoice
	approval calls this; system code, no permission check). Name the device by `customer_device`
	or by `serial_no` (+ `item`). `source_doctype`/`source_name` (the approved invoice) are
	recorded as what started the card; cancelling it must call `revert_warranty_start` with them.

	When the serial has no card and its plan issues cards automatically, a card is issued first.
	The device's `installed_on` is filled when empty.

	Returns {"card", "started", "reason", "start_date", "end_date"}; `reason` is one of
	started, already_started (kept as it was), other_basis (the plan starts on sale or warehouse
	exit: not started here), no_plan (no card and no plan for the model), void.
	"""
	if not installed_on:
		frappe.throw(_("The installation date is missing."), exc=WarrantyCardError)
	if not (source_doctype and source_name):
		frappe.throw(_("Name the document that approved the installation."), exc=WarrantyCardError)
	installed_on = getdate(installed_on)
	item, serial_no = identify(customer_device, serial_no, item)
	if not item:
		frappe.throw(
			_("Serial No {0}: choose the model too.").format(frappe.bold(serial_no)), exc=WarrantyCardError
		)
	device = frappe.db.get_value(
		"Customer Device",
		{"item": item, "serial_no": serial_no},
		["name", "customer", "installed_on"],
		as_dict=True,
	)
	if device and not device.installed_on:
		frappe.db.set_value("Customer Device", device.name, "installed_on", installed_on)
	customer = device.customer if device else None

	card = lifecycle.open_card(item, serial_no)
	if card is None:
		plan = plan_for_item(item)
		if not plan or not get_plan(plan).auto_issue or get_plan(plan).start_basis != INSTALLATION:
			last = lifecycle.current_card_name(item, serial_no)
			return _installation_result(last, False, "no_plan" if not plan else "other_basis")
		card = lifecycle.issue_card(
			item,
			serial_no,
			plan=plan,
			customer=customer,
			customer_device=device.name if device else None,
			reference=(source_doctype, source_name),
		)
	if card.start_basis != INSTALLATION:
		return _installation_result(card.name, False, "other_basis")
	if card.status != "Issued":
		return _installation_result(card.name, False, "already_started")
	lifecycle.start_card(card, installed_on, source_doctype, source_name, customer=customer)
	return _installation_result(card.name, True, "started")


def _installation_result(card: str | None, started: bool, reason: str) -> dict:
	start, end = (
		frappe.db.get_value("Warranty Card", card, ["start_date", "end_date"]) if card else (None, None)
	)
	return {
		"card": card,
		"started": started,
		"reason": reason,
		"start_date": str(start) if start else None,
		"end_date": str(end) if end else None,
	}


def revert_warranty_start(source_doctype: str, source_name: str) -> list[str]:
	"""Undo the starts (and customers) `source_doctype`/`source_name` caused: call it when an
	approved installation invoice is cancelled. Returns the cards changed."""
	cards = lifecycle.revert_source(source_doctype, source_name)
	for name in set(cards):
		item, serial_no = frappe.db.get_value("Warranty Card", name, ["item", "serial_no"])
		lifecycle.sync_serial_no(item, serial_no)
	return cards


# --- public verification ------------------------------------------------------------------------

VERIFY_LIMIT = 30  # lookups per client (utils.throttle.client_address)
VERIFY_WINDOW = 10 * 60  # seconds


def verification_url(serial_no: str, card_no: str | None = None) -> str:
	from urllib.parse import urlencode

	query = {"serial": serial_no}
	if card_no:
		query["card"] = card_no
	return get_url("/warranty?" + urlencode(query))


def verify_public(serial_no: str, card_no: str | None = None) -> list[dict]:
	"""Anyone may check a serial: model and status, nothing personal (no customer, address or
	document). Dates, the card number and the start basis only with the card's number, so
	walking serial ranges tells nobody when devices were sold or installed. At most VERIFY_LIMIT
	checks per client in VERIFY_WINDOW seconds, counted together for the API (REST v1 and v2) and
	the /warranty page."""
	throttle.hit("warranty-verify", VERIFY_LIMIT, VERIFY_WINDOW)
	return lookup_public(serial_no, card_no)


def lookup_public(serial_no: str, card_no: str | None = None) -> list[dict]:
	serial_no = normalize_serial(serial_no)
	if not serial_no:
		return []
	card_no = normalize_serial(card_no) if card_no else None
	cards = frappe.get_all(
		"Warranty Card",
		{"serial_no": serial_no},
		["name", "item", "item_name", "status", "start_date", "end_date", "start_basis", "duration_months"],
		order_by="creation desc",
		ignore_permissions=True,
	)
	if card_no:
		cards = [card for card in cards if card.name == card_no]
	shown, seen_items = [], set()
	for card in sorted(cards, key=lambda c: (c.status == "Void", c.status not in lifecycle.OPEN_STATUSES)):
		if card.item in seen_items:
			continue  # one card per model: the one in force, else the latest
		seen_items.add(card.item)
		row = {
			"item": card.item,
			"model": card.item_name or card.item,
			"serial_no": serial_no,
			"status": card.status,
			"status_label": _(card.status),
			"duration_months": card.duration_months,
			"with_dates": bool(card_no),
		}
		if card_no:
			row.update(
				{
					"card_no": card.name,
					"start_basis": _(card.start_basis) if card.start_basis else "",
					"start_date": display_date(card.start_date),
					"end_date": display_date(card.end_date),
					"start_date_iso": str(card.start_date) if card.start_date else None,
					"end_date_iso": str(card.end_date) if card.end_date else None,
				}
			)
		shown.append(row)
	return shown
