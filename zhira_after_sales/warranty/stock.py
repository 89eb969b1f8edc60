"""Warranty start triggers from ERPNext stock documents (wired in hooks.py `doc_events`).

- Delivery Note, and Sales Invoice with Update Stock, submitted: a *sale* of every serial it
  delivers, and a *warehouse exit* as well.
- Stock Entry submitted: a *warehouse exit* of every serial it takes out of a warehouse.
- Cancelling any of them reverts what it started (`lifecycle.revert_source`).

Serials are read from the document's submitted Serial and Batch Bundles, so it does not matter
whether the user typed them into the row's serial_no or picked a bundle. These handlers run after
ERPNext's own on_submit/on_cancel (doc_events follow the controller method), that is after ERPNext
has updated the Serial No records, so the card's dates can be written back over ERPNext's.
"""

from dataclasses import dataclass

import frappe

from zhira_after_sales.warranty import lifecycle
from zhira_after_sales.warranty.plans import get_plan, leaves_exit_warehouse, plan_for_item

SALE_DOCTYPES = ("Delivery Note", "Sales Invoice")
SALE = "Sale"
WAREHOUSE_EXIT = "Warehouse Exit"


@dataclass(frozen=True)
class Move:
	item: str
	serial_no: str
	source: str | None  # warehouse the serial left
	target: str | None  # warehouse it went to (a Stock Entry transfer), None when it left stock


def moves_stock(doc) -> bool:
	return doc.doctype != "Sales Invoice" or bool(doc.get("update_stock"))


def bundle_serials(doc, transaction: str | None = None, submitted_only: bool = True) -> list[dict]:
	"""(item_code, serial_no, warehouse, voucher_detail_no) of the document's bundles."""
	bundle = frappe.qb.DocType("Serial and Batch Bundle")
	entry = frappe.qb.DocType("Serial and Batch Entry")
	query = (
		frappe.qb.from_(bundle)
		.join(entry)
		.on(entry.parent == bundle.name)
		.select(
			bundle.item_code,
			entry.serial_no,
			entry.warehouse,
			bundle.voucher_detail_no,
			bundle.type_of_transaction,
		)
		.where((bundle.voucher_type == doc.doctype) & (bundle.voucher_no == doc.name))
		.where(entry.serial_no.isnotnull() & (entry.serial_no != ""))
	)
	if transaction:
		query = query.where(bundle.type_of_transaction == transaction)
	if submitted_only:
		query = query.where((bundle.docstatus == 1) & (bundle.is_cancelled == 0))
	return query.run(as_dict=True)


def outward_moves(doc) -> list[Move]:
	targets = {row.name: row.get("t_warehouse") for row in doc.get("items") or []}
	return [
		Move(row.item_code, row.serial_no, row.warehouse, targets.get(row.voucher_detail_no))
		for row in bundle_serials(doc, "Outward")
	]


def on_submit(doc, method=None):
	if not moves_stock(doc):
		return
	if not doc.get("is_return"):
		kinds = {SALE, WAREHOUSE_EXIT} if doc.doctype in SALE_DOCTYPES else {WAREHOUSE_EXIT}
		customer = doc.get("customer") if doc.doctype in SALE_DOCTYPES else None
		for move in outward_moves(doc):
			start_on_move(doc, move, kinds, customer)
	sync_serials(doc)


def on_cancel(doc, method=None):
	if not moves_stock(doc):
		return
	lifecycle.revert_source(doc.doctype, doc.name)
	sync_serials(doc)


def start_on_move(doc, move: Move, kinds: set[str], customer: str | None):
	"""Start (issuing first, when the plan says so) the serial's card if this move is the event
	its plan waits for; a sale also names the buyer of a card that is already running."""
	card = lifecycle.open_card(move.item, move.serial_no)
	if card is None:
		plan = plan_for_item(move.item)
		if not plan or not get_plan(plan).auto_issue or not is_start_event(plan, move, kinds):
			return
		# the buyer is recorded by the start below, so that a cancellation takes it back too
		card = lifecycle.issue_card(move.item, move.serial_no, plan=plan, reference=(doc.doctype, doc.name))
	if card.status == "Issued" and is_start_event(card.plan, move, kinds, card.start_basis):
		lifecycle.start_card(card, doc.posting_date, doc.doctype, doc.name, customer=customer)
	elif customer and not card.customer:
		lifecycle.set_customer(card, customer, doc.doctype, doc.name, doc.posting_date)


def is_start_event(plan: str, move: Move, kinds: set[str], basis: str | None = None) -> bool:
	basis = basis or get_plan(plan).start_basis
	if basis not in kinds:
		return False
	if basis == WAREHOUSE_EXIT:
		return leaves_exit_warehouse(plan, move.source, move.target)
	return True


def sync_serials(doc):
	"""ERPNext rewrites a moved serial's warranty_expiry_date (it clears it on every inward
	movement): put back what the serial's card says, for every serial of the document that has
	a card."""
	pairs = {(row.item_code, row.serial_no) for row in bundle_serials(doc, submitted_only=False)}
	if not pairs:
		return
	with_cards = {
		(row.item, row.serial_no)
		for row in frappe.get_all(
			"Warranty Card",
			{"serial_no": ("in", [serial for _item, serial in pairs])},
			["item", "serial_no"],
		)
	}
	for item, serial_no in pairs & with_cards:
		lifecycle.sync_serial_no(item, serial_no)
