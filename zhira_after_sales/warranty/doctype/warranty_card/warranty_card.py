# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from zhira_after_sales.exceptions import DuplicateWarrantyCardError, WarrantyCardError
from zhira_after_sales.utils.text import normalize_serial
from zhira_after_sales.warranty import lifecycle
from zhira_after_sales.warranty.plans import get_plan, plan_for_item
from zhira_after_sales.warranty.rules import status_on, warranty_end


class WarrantyCard(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.warranty.doctype.warranty_card_event.warranty_card_event import (
			WarrantyCardEvent,
		)

		batch: DF.Link | None
		card_no: DF.Data | None
		customer: DF.Link | None
		customer_device: DF.Link | None
		customer_name: DF.Data | None
		duration_months: DF.Int
		end_date: DF.Date | None
		erpnext_serial_no: DF.Link | None
		history: DF.Table[WarrantyCardEvent]
		issued_on: DF.Date | None
		item: DF.Link
		item_group: DF.Link | None
		item_name: DF.Data | None
		naming_series: DF.Literal["WC-.########"]
		open_serial_key: DF.Data | None
		plan: DF.Link | None
		serial_no: DF.Data
		source_doctype: DF.Link | None
		source_name: DF.DynamicLink | None
		start_basis: DF.Literal["", "Sale", "Installation", "Warehouse Exit"]
		start_date: DF.Date | None
		status: DF.Literal["Issued", "Active", "Expired", "Void"]
		territory: DF.Link | None
		void_reason: DF.SmallText | None
	# end: auto-generated types

	def validate(self):
		self.card_no = self.name
		self.serial_no = normalize_serial(self.serial_no)
		self.link_erpnext_serial_no()
		self.set_plan()
		self.link_customer_device()
		self.set_territory()
		if self.is_new():
			self.start_if_dated()
			self.log_issue()
		self.set_status()
		self.set_open_key()
		self.validate_no_overlap()

	def on_update(self):
		lifecycle.sync_serial_no(self.item, self.serial_no)
		lifecycle.sync_device(self.item, self.serial_no)

	def on_trash(self):
		self.db_set("open_serial_key", None, update_modified=False)
		frappe.db.set_value(
			"Customer Device", {"warranty_card": self.name}, "warranty_card", None, update_modified=False
		)

	def after_delete(self):
		lifecycle.sync_serial_no(self.item, self.serial_no)
		lifecycle.sync_device(self.item, self.serial_no)

	def link_erpnext_serial_no(self):
		"""A serial of a model ERPNext tracks by serial number must exist in ERPNext."""
		if not frappe.get_cached_value("Item", self.item, "has_serial_no"):
			self.erpnext_serial_no = None
			return
		if not frappe.db.exists("Serial No", {"name": self.serial_no, "item_code": self.item}):
			frappe.throw(
				_(
					"Serial No {0} of {1} is unknown: ERPNext has no such serial for this model. Check the serial and the model."
				).format(frappe.bold(self.serial_no), frappe.bold(self.item)),
				exc=WarrantyCardError,
			)
		self.erpnext_serial_no = self.serial_no

	def set_plan(self):
		if not self.plan:
			self.plan = plan_for_item(self.item)
		if not self.plan:
			frappe.throw(
				_(
					"No Warranty Plan covers {0}: create an enabled plan for this model or its item group, or choose a Plan."
				).format(frappe.bold(self.item)),
				exc=WarrantyCardError,
			)
		if self.is_new() or not self.start_basis:
			plan = get_plan(self.plan)
			self.start_basis = plan.start_basis
			self.duration_months = plan.duration_months

	def link_customer_device(self):
		if self.customer_device:
			device = frappe.db.get_value(
				"Customer Device", self.customer_device, ["item", "serial_no"], as_dict=True
			)
			if device and (device.item, device.serial_no) != (self.item, self.serial_no):
				frappe.throw(
					_("Customer Device {0} is {1} {2}, not {3} {4}.").format(
						self.customer_device, device.item, device.serial_no, self.item, self.serial_no
					),
					exc=WarrantyCardError,
				)
		else:
			self.customer_device = frappe.db.get_value(
				"Customer Device", {"item": self.item, "serial_no": self.serial_no}
			)
		if self.customer_device and not self.customer:
			self.customer = frappe.db.get_value("Customer Device", self.customer_device, "customer")

	def set_territory(self):
		"""Where the device is (agencies serving it see the card): the device's territory, else the
		customer's; a typed territory stays when neither knows."""
		territory = None
		if self.customer_device:
			territory = frappe.db.get_value("Customer Device", self.customer_device, "territory")
		if not territory and self.customer:
			territory = frappe.db.get_value("Customer", self.customer, "territory")
		if territory and (self.is_new() or not self.territory or self.has_value_changed("customer")):
			self.territory = territory

	def start_if_dated(self):
		"""A card typed in for a warranty that has already started (a paper card, an old system)."""
		if self.start_date:
			self.end_date = warranty_end(getdate(self.start_date), self.duration_months)
			self.source_doctype = self.source_name = None

	def log_issue(self):
		reference = self.flags.get("issue_reference") or (None, None)
		self.append(
			"history",
			{
				"event": "Issued",
				"event_date": today(),
				"reference_doctype": reference[0],
				"reference_name": reference[1],
			},
		)
		if self.start_date:
			self.append("history", {"event": "Started", "event_date": self.start_date, "note": _("Typed in")})

	def set_status(self):
		if self.status == "Void":
			return
		on_date = getdate(self.flags.get("status_date") or today())
		self.status = status_on(
			getdate(self.start_date) if self.start_date else None,
			getdate(self.end_date) if self.end_date else None,
			on_date,
		)

	def set_open_key(self):
		self.open_serial_key = (
			lifecycle.open_key(self.item, self.serial_no) if self.status in lifecycle.OPEN_STATUSES else None
		)

	def validate_no_overlap(self):
		"""One open card per serial, and dated cards of one serial never overlap."""
		if self.status == "Void":
			return
		others = frappe.get_all(
			"Warranty Card",
			{
				"item": self.item,
				"serial_no": self.serial_no,
				"status": ("!=", "Void"),
				"name": ("!=", self.name or ""),
			},
			["name", "status", "start_date", "end_date"],
		)
		for other in others:
			clash = (self.open_serial_key and other.status in lifecycle.OPEN_STATUSES) or (
				self.start_date
				and other.start_date
				and getdate(other.start_date) <= getdate(self.end_date)
				and getdate(self.start_date) <= getdate(other.end_date)
			)
			if clash:
				frappe.throw(
					_(
						"Serial No {0} of {1} already has warranty card {2} ({3}). Void that card first, or leave this serial out."
					).format(
						frappe.bold(self.serial_no),
						frappe.bold(self.item),
						frappe.bold(other.name),
						_(other.status),
					),
					exc=DuplicateWarrantyCardError,
				)

	@frappe.whitelist()
	def void(self, reason: str):
		"""Void the card (head office): it never covers anything again."""
		self.check_permission("write")
		if self.status == "Void":
			return
		reason = (reason or "").strip()
		if not reason:
			frappe.throw(_("Type the reason for voiding the card."), exc=WarrantyCardError)
		lifecycle.void_card(self, reason)
