# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Agency Parts Request (درخواست قطعه نمایندگی): an agency asks head office for parts, free for a
reception's warranty work (sent to its consignment warehouse) or bought (billed to it). The agency
files and submits it; head office approves or voids each line and sends the parts, in one or
several sends, each posted to ERPNext all or nothing (agency/parts_request.py)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, today

from zhira_after_sales.access import is_restricted, user_agency
from zhira_after_sales.agency import parts_request
from zhira_after_sales.agency.parts_request import PENDING, PURCHASE, WARRANTY
from zhira_after_sales.consts import CANCELLED_CATEGORY
from zhira_after_sales.exceptions import PartsRequestError


class AgencyPartsRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.agency.doctype.agency_parts_request_fulfilment.agency_parts_request_fulfilment import (
			AgencyPartsRequestFulfilment,
		)
		from zhira_after_sales.agency.doctype.agency_parts_request_item.agency_parts_request_item import (
			AgencyPartsRequestItem,
		)

		agency: DF.Link | None
		agency_name: DF.Data | None
		amended_from: DF.Link | None
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		company: DF.Link | None
		fulfilments: DF.Table[AgencyPartsRequestFulfilment]
		items: DF.Table[AgencyPartsRequestItem]
		naming_series: DF.Literal["PRQ-AG-.#######"]
		notes: DF.SmallText | None
		rejected_by: DF.Link | None
		rejected_on: DF.Datetime | None
		rejection_reason: DF.SmallText | None
		request_date: DF.Date | None
		request_type: DF.Literal["Warranty", "Purchase"]
		service_reception: DF.Link | None
		status: DF.Literal["Draft", "Pending", "Partly Sent", "Sent", "Rejected", "Cancelled"]
		technician: DF.Link | None
		total_amount: DF.Currency
		total_approved_qty: DF.Float
		total_qty: DF.Float
		total_sent_qty: DF.Float
		tracking_code: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.request_date = today()
		self.set_agency()
		self.validate_reception()
		self.validate_technician()
		self.validate_agency_accounts()
		self.validate_items()
		self.reset_decisions()
		self.set_rates()
		parts_request.refresh(self)

	def before_submit(self):
		self.status = PENDING

	def before_update_after_submit(self):
		parts_request.check_update(self)

	def before_cancel(self):
		parts_request.before_cancel(self)

	def on_cancel(self):
		parts_request.reverse(self)

	# --- validate steps ---------------------------------------------------------------------

	def set_agency(self):
		"""An agency's user files for their own agency; head office chooses (a warranty request
		defaults to its reception's agency)."""
		if is_restricted():
			agency = user_agency()
			if self.agency and self.agency != agency:
				frappe.throw(
					_("{0}: you can only request parts for your own agency.").format(_("Agency")),
					exc=frappe.PermissionError,
				)
			self.agency = agency
		elif not self.agency and self.service_reception:
			self.agency = frappe.db.get_value("Service Reception", self.service_reception, "service_agency")
		if not self.agency:
			frappe.throw(_("{0}: choose a value.").format(_("Agency")), exc=frappe.MandatoryError)
		agency = frappe.db.get_value("Service Agency", self.agency, ["is_active", "company"], as_dict=True)
		if not agency:
			frappe.throw(
				_("{0}: agency {1} does not exist.").format(_("Agency"), frappe.bold(self.agency)),
				exc=PartsRequestError,
			)
		if not agency.is_active:
			frappe.throw(
				_("{0}: agency {1} is not active.").format(_("Agency"), frappe.bold(self.agency)),
				exc=PartsRequestError,
			)
		self.company = agency.company or frappe.db.get_single_value("After Sales Settings", "company")

	def validate_reception(self):
		if self.request_type != WARRANTY:
			self.service_reception = None
			return
		if not self.service_reception:
			frappe.throw(
				_("{0}: a warranty request names the reception the parts are for.").format(
					_("Service Reception")
				),
				exc=frappe.MandatoryError,
			)
		reception = frappe.db.get_value(
			"Service Reception",
			self.service_reception,
			["service_agency", "status", "technician", "tracking_code"],
			as_dict=True,
		)
		if not reception:
			frappe.throw(
				_("{0}: reception {1} does not exist.").format(
					_("Service Reception"), frappe.bold(self.service_reception)
				),
				exc=PartsRequestError,
			)
		if reception.service_agency != self.agency:
			frappe.throw(
				_("{0}: reception {1} is not referred to agency {2}.").format(
					_("Service Reception"), frappe.bold(self.service_reception), frappe.bold(self.agency)
				),
				exc=PartsRequestError,
			)
		if frappe.db.get_value("Service Status", reception.status, "category") == CANCELLED_CATEGORY:
			frappe.throw(
				_("{0}: reception {1} is cancelled; no parts can be requested for it.").format(
					_("Service Reception"), frappe.bold(self.service_reception)
				),
				exc=PartsRequestError,
			)
		self.tracking_code = reception.tracking_code
		self.technician = self.technician or reception.technician

	def validate_technician(self):
		if not self.technician:
			return
		technician = frappe.db.get_value(
			"Service Technician", self.technician, ["agency", "is_active"], as_dict=True
		)
		if not technician or technician.agency != self.agency or not technician.is_active:
			frappe.throw(
				_("{0}: {1} is not an active technician of agency {2}.").format(
					_("Technician"), frappe.bold(self.technician), frappe.bold(self.agency)
				),
				exc=PartsRequestError,
			)

	def validate_agency_accounts(self):
		parts_request.agency_accounts(self)

	def validate_items(self):
		if not self.items:
			frappe.throw(_("{0}: add at least one part.").format(_("Parts")), exc=frappe.MandatoryError)
		for row in self.items:
			label = parts_request.row_label(row)
			if not row.item:
				frappe.throw(
					_("{0}: {1}: choose a value.").format(label, _("Part")), exc=frappe.MandatoryError
				)
			item = frappe.db.get_value(
				"Item",
				row.item,
				["is_stock_item", "disabled", "has_variants", "item_name", "stock_uom"],
				as_dict=True,
			)
			if not item:
				frappe.throw(
					_("{0}: item {1} does not exist.").format(label, frappe.bold(row.item)),
					exc=PartsRequestError,
				)
			if not item.is_stock_item or item.has_variants or item.disabled:
				frappe.throw(
					_(
						"{0}: {1} is not a stocked part (a non-stock, disabled or template item); choose a stock item."
					).format(label, frappe.bold(row.item)),
					exc=PartsRequestError,
				)
			if flt(row.qty) <= 0:
				frappe.throw(
					_("{0}: {1} must be more than zero.").format(label, _("Requested Qty")),
					exc=PartsRequestError,
				)
			row.item_name, row.stock_uom = item.item_name, item.stock_uom

	def reset_decisions(self):
		"""Head office decides after the agency submits: a draft carries no decision or send,
		whatever a client sends."""
		for row in self.items:
			row.line_status = PENDING
			row.approved_qty = 0
			row.sent_qty = 0
		self.fulfilments = []
		for fieldname in parts_request.DECISION_FIELDS:
			self.set(fieldname, None)

	def set_rates(self):
		for row in self.items:
			if self.request_type != PURCHASE:
				row.rate = 0
				continue
			rate = parts_request.standard_price(row.item)
			if rate is None:
				frappe.throw(
					_(
						"{0}: {1} has no price in price list {2}; head office must price it before it can be bought."
					).format(
						parts_request.row_label(row),
						frappe.bold(row.item),
						frappe.bold(parts_request.selling_price_list()),
					),
					exc=PartsRequestError,
				)
			row.rate = rate


def on_doctype_update():
	frappe.db.add_index("Agency Parts Request", ["agency", "status"])
