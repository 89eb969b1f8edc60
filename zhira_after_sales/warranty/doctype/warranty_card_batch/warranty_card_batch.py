# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.exceptions import WarrantyBatchError
from zhira_after_sales.warranty.batch import SYNC_LIMIT, run_batch
from zhira_after_sales.warranty.plans import item_groups_of
from zhira_after_sales.warranty.serials import MAX_ROWS

RUNNABLE = ("Draft", "Failed")
INPUT_FIELDS = (
	"item",
	"plan",
	"source",
	"prefix",
	"digits",
	"range_from",
	"range_to",
	"serial_list",
	"serial_file",
	"serial_and_batch_bundle",
)


class WarrantyCardBatch(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.warranty.doctype.warranty_card_batch_error.warranty_card_batch_error import (
			WarrantyCardBatchError,
		)

		cards_created: DF.Int
		cards_per_second: DF.Float
		digits: DF.Int
		errors: DF.Table[WarrantyCardBatchError]
		failure: DF.SmallText | None
		finished_at: DF.Datetime | None
		item: DF.Link
		naming_series: DF.Literal["WCB-.#####"]
		plan: DF.Link | None
		prefix: DF.Data | None
		range_from: DF.Int
		range_to: DF.Int
		rows_failed: DF.Int
		serial_and_batch_bundle: DF.Link | None
		serial_file: DF.Attach | None
		serial_list: DF.LongText | None
		source: DF.Literal["Range", "List", "File", "Serial and Batch Bundle"]
		started_at: DF.Datetime | None
		status: DF.Literal["Draft", "Queued", "Running", "Completed", "Completed with Errors", "Failed"]
		total_rows: DF.Int
	# end: auto-generated types

	def onload(self):
		self.set_onload("interrupted", self.was_interrupted())

	def validate(self):
		self.validate_not_running()
		self.validate_source()
		self.validate_plan()

	def validate_not_running(self):
		if self.is_new() or self.status in RUNNABLE:
			return
		previous = self.get_doc_before_save()
		if previous and any(previous.get(f) != self.get(f) for f in INPUT_FIELDS):
			frappe.throw(
				_(
					"Batch {0} has been run ({1}): its serials can no longer change. Create a new batch."
				).format(self.name, _(self.status)),
				exc=WarrantyBatchError,
			)

	def validate_source(self):
		if self.source == "Range":
			if self.range_from is None or not self.range_to:
				frappe.throw(_("Give the range: From Number and To Number."), exc=WarrantyBatchError)
			if self.range_to < self.range_from:
				frappe.throw(
					_("The range is empty: To Number must not be smaller than From Number."),
					exc=WarrantyBatchError,
				)
			if self.range_to - self.range_from + 1 > MAX_ROWS:
				frappe.throw(
					_("The range holds {0} serials; one batch takes at most {1}.").format(
						self.range_to - self.range_from + 1, MAX_ROWS
					),
					exc=WarrantyBatchError,
				)
		elif self.source == "List" and not (self.serial_list or "").strip():
			frappe.throw(_("Paste the serials into Serials, one per line."), exc=WarrantyBatchError)
		elif self.source == "File":
			if not self.serial_file:
				frappe.throw(_("Attach a CSV or Excel (.xlsx) file of serials."), exc=WarrantyBatchError)
			if not self.serial_file.lower().endswith((".csv", ".xlsx", ".txt")):
				frappe.throw(
					_("{0} is not a CSV or Excel (.xlsx) file.").format(self.serial_file),
					exc=WarrantyBatchError,
				)
		elif self.source == "Serial and Batch Bundle":
			if not self.serial_and_batch_bundle:
				frappe.throw(_("Choose the Serial and Batch Bundle."), exc=WarrantyBatchError)
			bundle_item = frappe.db.get_value(
				"Serial and Batch Bundle", self.serial_and_batch_bundle, "item_code"
			)
			if bundle_item != self.item:
				frappe.throw(
					_("Serial and Batch Bundle {0} holds serials of {1}, not {2}.").format(
						self.serial_and_batch_bundle, bundle_item, self.item
					),
					exc=WarrantyBatchError,
				)

	def validate_plan(self):
		if not self.plan:
			return
		plan = frappe.db.get_value(
			"Warranty Plan", self.plan, ["item", "item_group", "enabled"], as_dict=True
		)
		if not plan.enabled:
			frappe.throw(_("Warranty Plan {0} is disabled.").format(self.plan), exc=WarrantyBatchError)
		if plan.item != self.item and plan.item_group not in item_groups_of(self.item):
			frappe.throw(
				_("Warranty Plan {0} does not apply to {1}.").format(self.plan, self.item),
				exc=WarrantyBatchError,
			)

	def row_estimate(self) -> int | None:
		if self.source == "Range":
			return self.range_to - self.range_from + 1
		if self.source == "List":
			return len((self.serial_list or "").split())
		return None

	def job_id(self) -> str:
		return f"warranty_card_batch::{self.name}"

	def was_interrupted(self) -> bool:
		"""Queued or Running with no job left to finish it (its worker was killed or restarted):
		running it again issues the rest; the cards it already issued stay and are counted."""
		from frappe.utils.background_jobs import is_job_enqueued

		return self.status in ("Queued", "Running") and not is_job_enqueued(self.job_id())

	@frappe.whitelist()
	def issue_cards(self) -> str:
		"""Run the batch: in this request when it is small, else as a background job."""
		self.check_permission("write")
		if self.status not in RUNNABLE and not self.was_interrupted():
			frappe.throw(
				_("Batch {0} is {1}: it cannot run again. Create a new batch.").format(
					self.name, _(self.status)
				),
				exc=WarrantyBatchError,
			)
		self.db_set({"status": "Queued", "cards_created": 0, "rows_failed": 0, "finished_at": None})
		estimate = self.row_estimate()
		if estimate is not None and estimate <= SYNC_LIMIT:
			run_batch(self.name, commit=False)
			return "done"
		frappe.enqueue(
			"zhira_after_sales.warranty.batch.run_batch",
			queue="long",
			timeout=3600,
			job_id=self.job_id(),
			deduplicate=True,
			enqueue_after_commit=True,
			batch_name=self.name,
		)
		return "queued"
