"""Issuing warranty cards for many serials at once (Warranty Card Batch).

The rows are checked in sets (SQL `in` lookups of 1,000 serials), the good ones are written with
`frappe.db.bulk_insert` in chunks of CHUNK cards (names reserved from the naming series in one
step), and every bad row gets its own error; nothing stops the batch but an unreadable input. A
chunk that the database refuses (a card issued meanwhile by someone else) is retried card by card
inside savepoints, so only the offending rows fail.

    run_batch(batch_name, commit=True)        # the background job (frappe.enqueue, queue "long")
    issue_in_bulk(rows, item, plan, batch)    # the engine, also used by the benchmark
"""

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.translate import get_user_lang
from frappe.utils import now_datetime, strip_html, today

from zhira_after_sales.utils.connection import reconnect_if_lost
from zhira_after_sales.warranty import lifecycle
from zhira_after_sales.warranty.plans import get_plan, plan_for_item
from zhira_after_sales.warranty.serials import (
	MAX_ROWS,
	MAX_SERIAL_LENGTH,
	Row,
	SerialInputError,
	check_rows,
	normalize_serial,
	rows_from_file,
	rows_from_range,
	rows_from_text,
)

CHUNK = 2000
LOOKUP = 1000
SYNC_LIMIT = 50  # a batch this small runs in the request

CARD_FIELDS = (
	"name",
	"card_no",
	"naming_series",
	"status",
	"item",
	"item_name",
	"item_group",
	"serial_no",
	"erpnext_serial_no",
	"customer_device",
	"customer",
	"customer_name",
	"territory",
	"plan",
	"start_basis",
	"duration_months",
	"issued_on",
	"batch",
	"open_serial_key",
	"owner",
	"modified_by",
	"creation",
	"modified",
	"docstatus",
	"idx",
)
EVENT_FIELDS = (
	"name",
	"parent",
	"parenttype",
	"parentfield",
	"idx",
	"event",
	"event_date",
	"reference_doctype",
	"reference_name",
	"owner",
	"modified_by",
	"creation",
	"modified",
	"docstatus",
)


@dataclass
class Outcome:
	created: int = 0
	errors: list[tuple[int, str, str | None, str]] = field(default_factory=list)  # row, serial, item, message
	seconds: float = 0.0

	def fail(self, row: Row, item: str | None, message: str):
		self.errors.append((row.row_no, row.serial or row.raw, item, message))


# --- reading the batch's input ------------------------------------------------------------------


def rows_for_batch(batch) -> list[Row]:
	if batch.source == "Range":
		rows = rows_from_range(batch.prefix or "", batch.range_from, batch.range_to, batch.digits)
	elif batch.source == "List":
		rows = rows_from_text(batch.serial_list or "")
	elif batch.source == "File":
		file = frappe.get_doc("File", {"file_url": batch.serial_file})
		rows = rows_from_file(file.file_name or batch.serial_file, file.get_content())
	else:
		entries = frappe.get_all(
			"Serial and Batch Entry",
			{"parent": batch.serial_and_batch_bundle, "serial_no": ("is", "set")},
			pluck="serial_no",
			order_by="idx",
		)
		item = frappe.db.get_value("Serial and Batch Bundle", batch.serial_and_batch_bundle, "item_code")
		rows = check_rows([Row(i, normalize_serial(s), item, raw=s) for i, s in enumerate(entries, 1)])
	for row in rows:
		row.item = row.item or batch.item
	return rows


def input_error_message(error: SerialInputError) -> str:
	return {
		"range_order": _("The range is empty: To Number must not be smaller than From Number."),
		"range_size": _("The range holds {0} serials; one batch takes at most {1}.").format(
			error.detail, MAX_ROWS
		),
		"too_many": _("The input holds {0} serials; one batch takes at most {1}.").format(
			error.detail, MAX_ROWS
		),
		"file_type": _("{0} is not a CSV or Excel (.xlsx) file.").format(error.detail),
		"file_unreadable": _("The file could not be read: save it again as CSV (UTF-8) or .xlsx."),
	}.get(error.reason, str(error))


def row_error_message(code: str) -> str:
	return {
		"empty": _("The serial is empty."),
		"too_long": _("The serial is longer than {0} characters.").format(MAX_SERIAL_LENGTH),
		"bad_characters": _("A serial may contain only Latin letters, digits and - / . _"),
		"duplicate": _("This serial appears earlier in the batch."),
	}.get(code, code)


# --- the job ------------------------------------------------------------------------------------


def run_batch(batch_name: str, commit: bool = True):
	"""Issue the batch's cards. As a background job it commits after every chunk (progress is
	durable and visible); in a request (`commit=False`) it leaves committing to Frappe."""
	batch = frappe.get_doc("Warranty Card Batch", batch_name)
	frappe.local.lang = get_user_lang(batch.modified_by)
	started = now_datetime()
	batch.db_set({"status": "Running", "started_at": started, "failure": None}, notify=True)
	if commit:
		frappe.db.commit()  # nosemgrep: background job: show "Running" at once

	outcome, failure, total = Outcome(), None, 0
	try:
		rows = rows_for_batch(batch)
		total = len(rows)
		batch.db_set("total_rows", total)
		outcome = issue_in_bulk(
			rows,
			batch.item,
			batch.plan,
			batch.name,
			progress=lambda done: report_progress(batch, done, total, commit),
			commit=commit,
		)
	except SerialInputError as e:
		failure = input_error_message(e)
	except Exception as e:
		# a job that lost its database connection (MariaDB restarted) opens a new one to record where
		# it stopped; the chunk it was writing went with the old connection
		lost = commit and reconnect_if_lost(e)
		if commit and not lost:
			frappe.db.rollback()
		frappe.log_error(
			title=f"Warranty Card Batch {batch_name} failed", reference_doctype="Warranty Card Batch"
		)
		if lost:
			failure = _(
				"The batch stopped: the connection to the database was lost. Cards issued before it stay issued; Issue Cards again issues the rest."
			)
		else:
			failure = _(
				"The batch stopped on an unexpected error; see the Error Log. Cards issued before it stay issued."
			)
		outcome.created = frappe.db.count("Warranty Card", {"batch": batch_name})
	save_errors(batch.name, outcome.errors)
	status = "Failed" if failure else ("Completed with Errors" if outcome.errors else "Completed")
	batch.db_set(
		{
			"status": status,
			"failure": failure,
			"total_rows": total,
			"cards_created": outcome.created,
			"rows_failed": len(outcome.errors),
			"finished_at": now_datetime(),
			"cards_per_second": round(outcome.created / outcome.seconds, 1) if outcome.seconds else 0,
		},
		notify=True,
	)
	if commit:
		frappe.db.commit()  # nosemgrep: background job
	frappe.publish_progress(100, title=_("Issuing warranty cards"), doctype=batch.doctype, docname=batch.name)
	return outcome


def report_progress(batch, done: int, total: int, commit: bool):
	batch.db_set("cards_created", done, update_modified=False)
	if commit:
		frappe.db.commit()  # nosemgrep: background job: the chunk and its count show on a reload
	frappe.publish_progress(
		done * 100 / max(total, 1),
		title=_("Issuing warranty cards"),
		doctype=batch.doctype,
		docname=batch.name,
		description=_("{0} of {1} serials").format(done, total),
	)


def save_errors(batch_name: str, errors: list[tuple]):
	frappe.db.delete("Warranty Card Batch Error", {"parent": batch_name, "parenttype": "Warranty Card Batch"})
	if not errors:
		return
	now, user = now_datetime(), frappe.session.user
	frappe.db.bulk_insert(
		"Warranty Card Batch Error",
		("name", "parent", "parenttype", "parentfield", "idx", "row_no", "serial_no", "item", "error",
		 "owner", "modified_by", "creation", "modified", "docstatus"),
		[
			(frappe.generate_hash(length=12), batch_name, "Warranty Card Batch", "errors", idx, row_no,
			 (serial or "")[:140], item if item and frappe.db.exists("Item", item) else None, message,
			 user, user, now, now, 0)
			for idx, (row_no, serial, item, message) in enumerate(sorted(errors, key=lambda e: e[0]), 1)
		],
	)  # fmt: skip


# --- the engine ---------------------------------------------------------------------------------


def issue_in_bulk(
	rows: list[Row],
	default_item: str | None,
	plan: str | None = None,
	batch: str | None = None,
	progress: Callable[[int], None] | None = None,
	commit: bool = False,
) -> Outcome:
	"""Issue one card per good row. `plan` (optional) applies to rows of `default_item`; other
	items get the plan that applies to them."""
	outcome = Outcome()
	clock = time.perf_counter()
	by_item: dict[str, list[Row]] = defaultdict(list)
	for row in rows:
		item = row.item or default_item
		if row.error:
			outcome.fail(row, item, row_error_message(row.error))
		else:
			by_item[item].append(row)

	ready: list[dict] = []
	for item, item_rows in by_item.items():
		ready.extend(check_item_rows(item, item_rows, plan if item == default_item else None, outcome, batch))

	for start in range(0, len(ready), CHUNK):
		chunk = ready[start : start + CHUNK]
		if insert_chunk(chunk, batch):
			outcome.created += len(chunk)
		else:
			insert_one_by_one(chunk, batch, outcome)
		if progress:  # before the commit: a chunk and the count that shows it are durable together
			progress(outcome.created)
		if commit:
			frappe.db.commit()  # nosemgrep: background job: each chunk is durable
	outcome.seconds = time.perf_counter() - clock
	return outcome


def check_item_rows(
	item: str, rows: list[Row], plan: str | None, outcome: Outcome, batch: str | None = None
) -> list[dict]:
	"""The rows of one item that can get a card, as card values; the others fail with a reason.
	A serial already carded by this same batch (a run cut short and run again) counts as issued."""
	details = frappe.db.get_value("Item", item, ["item_name", "item_group", "has_serial_no"], as_dict=True)
	if not details:
		for row in rows:
			outcome.fail(row, item, _("Item {0} does not exist.").format(item))
		return []
	plan = plan or plan_for_item(item)
	if not plan:
		for row in rows:
			outcome.fail(row, item, _("No Warranty Plan covers {0}.").format(item))
		return []
	plan_doc = get_plan(plan)

	ready = []
	for start in range(0, len(rows), LOOKUP):
		part = rows[start : start + LOOKUP]
		serials = [row.serial for row in part]
		known = set(serials)
		if details.has_serial_no:
			known = set(
				frappe.get_all("Serial No", {"item_code": item, "name": ("in", serials)}, pluck="name")
			)
		carded = {
			c.serial_no: c
			for c in frappe.get_all(
				"Warranty Card",
				{"open_serial_key": ("in", [lifecycle.open_key(item, s) for s in serials])},
				["serial_no", "name", "batch"],
			)
		}
		devices = {
			d.serial_no: d
			for d in frappe.get_all(
				"Customer Device",
				{"item": item, "serial_no": ("in", serials)},
				["name", "serial_no", "customer", "territory"],
			)
		}
		customers = {
			c.name: c
			for c in frappe.get_all(
				"Customer",
				{"name": ("in", list({d.customer for d in devices.values() if d.customer}) or [""])},
				["name", "customer_name", "territory"],
			)
		}
		for row in part:
			if row.serial not in known:
				outcome.fail(row, item, _("ERPNext has no Serial No {0} for {1}.").format(row.serial, item))
				continue
			if row.serial in carded:
				if batch and carded[row.serial].batch == batch:
					outcome.created += 1  # issued by an earlier, interrupted run of this batch
				else:
					outcome.fail(
						row, item, _("Already has warranty card {0}.").format(carded[row.serial].name)
					)
				continue
			device = devices.get(row.serial)
			customer = customers.get(device.customer) if device and device.customer else None
			ready.append(
				{
					"row": row,
					"item": item,
					"item_name": details.item_name,
					"item_group": details.item_group,
					"serial_no": row.serial,
					"erpnext_serial_no": row.serial if details.has_serial_no else None,
					"customer_device": device.name if device else None,
					"customer": customer.name if customer else None,
					"customer_name": customer.customer_name if customer else None,
					"territory": (device.territory if device else None)
					or (customer.territory if customer else None),
					"plan": plan,
					"start_basis": plan_doc.start_basis,
					"duration_months": plan_doc.duration_months,
				}
			)
	return ready


def reserve_names(count: int) -> list[str]:
	"""`count` consecutive names from Warranty Card's naming series, taken in one locked step
	(what frappe.model.naming.getseries does for one name)."""
	series = frappe.get_meta("Warranty Card").get_field("naming_series").default or "WC-.########"
	prefix, digits = series.split(".")[0], series.count("#")
	current = frappe.db.sql("select `current` from `tabSeries` where `name` = %s for update", prefix)
	if current and current[0][0] is not None:
		first = int(current[0][0]) + 1
		frappe.db.sql("update `tabSeries` set `current` = `current` + %s where `name` = %s", (count, prefix))
	else:
		first = 1
		frappe.db.sql("insert into `tabSeries` (`name`, `current`) values (%s, %s)", (prefix, count))
	return [f"{prefix}{number:0{digits}d}" for number in range(first, first + count)]


def insert_chunk(chunk: list[dict], batch: str | None) -> bool:
	"""Write a chunk of cards with their "Issued" history rows in two statements. False (and
	nothing written) when the database refuses it."""
	savepoint = "zhira_chunk_" + frappe.generate_hash(length=8)
	frappe.db.savepoint(savepoint)
	try:
		names = reserve_names(len(chunk))
		now, user, issued_on = now_datetime(), frappe.session.user, today()
		series = frappe.get_meta("Warranty Card").get_field("naming_series").default
		cards, events, devices = [], [], []
		for name, card in zip(names, chunk, strict=True):
			cards.append(
				(name, name, series, "Issued", card["item"], card["item_name"], card["item_group"],
				 card["serial_no"], card["erpnext_serial_no"], card["customer_device"], card["customer"],
				 card["customer_name"], card["territory"], card["plan"], card["start_basis"],
				 card["duration_months"], issued_on, batch, lifecycle.open_key(card["item"], card["serial_no"]),
				 user, user, now, now, 0, 0)
			)  # fmt: skip
			events.append(
				(frappe.generate_hash(length=12), name, "Warranty Card", "history", 1, "Issued", issued_on,
				 "Warranty Card Batch" if batch else None, batch, user, user, now, now, 0)
			)  # fmt: skip
			if card["customer_device"]:
				devices.append((name, card["customer_device"]))
		frappe.db.bulk_insert("Warranty Card", CARD_FIELDS, cards)
		frappe.db.bulk_insert("Warranty Card Event", EVENT_FIELDS, events)
		for name, device in devices:
			frappe.db.set_value("Customer Device", device, "warranty_card", name, update_modified=False)
		clear_erpnext_warranty([c for c in chunk if c["erpnext_serial_no"]])
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		return False
	frappe.db.release_savepoint(savepoint)
	return True


def clear_erpnext_warranty(cards: list[dict]):
	"""A serial whose card is only Issued has no warranty running: ERPNext's Serial No must not
	show one (it may, when its Item has a warranty_period)."""
	by_item = defaultdict(list)
	for card in cards:
		by_item[card["item"]].append(card["serial_no"])
	for item, serials in by_item.items():
		serial_no = frappe.qb.DocType("Serial No")
		(
			frappe.qb.update(serial_no)
			.set(serial_no.warranty_expiry_date, None)
			.set(serial_no.warranty_period, 0)
			.set(serial_no.maintenance_status, None)
			.where(serial_no.item_code == item)
			.where(serial_no.name.isin(serials))
			.where(serial_no.warranty_expiry_date.isnotnull())
			.where(serial_no.amc_expiry_date.isnull())
		).run()


def insert_one_by_one(chunk: list[dict], batch: str | None, outcome: Outcome):
	for card in chunk:
		row = card["row"]

		def issue(card=card):
			doc = lifecycle.issue_card(
				card["item"],
				card["serial_no"],
				plan=card["plan"],
				customer=card["customer"],
				customer_device=card["customer_device"],
				reference=("Warranty Card Batch", batch) if batch else None,
			)
			if batch:
				doc.db_set("batch", batch, update_modified=False)

		error = lifecycle.alone(issue)
		if error is None:
			outcome.created += 1
		else:
			frappe.clear_messages()  # the reason goes to the batch's errors, not to a dialog
			outcome.fail(row, card["item"], strip_html(str(error)) or _("The card could not be issued."))
