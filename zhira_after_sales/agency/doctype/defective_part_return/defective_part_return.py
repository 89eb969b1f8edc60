# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Defective Part Return (قطعه داغی): a replaced part an agency must send back to head office, due
on a date. Approving a Service Invoice creates one per part line marked "must be returned"
(agency/hot_parts.py); cancelling that approval voids those still awaited. Agencies and their
technicians read their own; head office receives, bills and routes them."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from zhira_after_sales.exceptions import ServiceInvoiceError


class DefectivePartReturn(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link
		billed_on: DF.Date | None
		charge_amount: DF.Currency
		company: DF.Link | None
		customer_device: DF.Link | None
		due_date: DF.Date
		item: DF.Link
		item_name: DF.Data | None
		naming_series: DF.Literal["DPR-.#######"]
		notes: DF.SmallText | None
		outcome_entry: DF.Link | None
		outcome_on: DF.Date | None
		outcome: DF.Literal["", "Scrap", "Repair", "Repaired", "Return to Supplier"]
		qty: DF.Float
		received_by: DF.Link | None
		received_on: DF.Datetime | None
		received_qty: DF.Float
		rejection_reason: DF.SmallText | None
		repair_cost: DF.Currency
		replaced_on: DF.Date | None
		sales_invoice: DF.Link | None
		serial_no: DF.Data | None
		service_invoice: DF.Link
		service_invoice_part: DF.Data | None
		service_reception: DF.Link | None
		status: DF.Literal["Awaiting Return", "Received", "Short", "Rejected", "Billed", "Void"]
		stock_entry: DF.Link | None
		supplier: DF.Link | None
		technician: DF.Link | None
		tracking_code: DF.Data | None
		valuation_rate: DF.Currency
	# end: auto-generated types

	def validate(self):
		if flt(self.qty) <= 0:
			frappe.throw(_("{0} must be more than zero.").format(_("Qty Due")), exc=ServiceInvoiceError)
		if flt(self.received_qty) > flt(self.qty):
			frappe.throw(
				_("{0} ({1}) cannot be more than {2} ({3}).").format(
					_("Qty Received"), flt(self.received_qty), _("Qty Due"), flt(self.qty)
				),
				exc=ServiceInvoiceError,
			)


def on_doctype_update():
	frappe.db.add_index("Defective Part Return", ["agency", "status", "due_date"])
	frappe.db.add_index("Defective Part Return", ["service_invoice"])
