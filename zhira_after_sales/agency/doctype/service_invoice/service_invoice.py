# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Service Invoice (فاکتور نصب / فاکتور تعمیر): an agency's work report for one device of one
reception. The reception decides the agency; the warranty gate (agency/invoice_gate.py) and the
rate card (agency/invoice_wages.py) are applied on every save. Head office alone approves lines,
sets wages by hand and overrides the warranty check. Approval, rejection and the reversal of an
approval on cancel are agency/invoice_approval.py (posting: agency/invoice_posting.py)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr, flt, getdate, now_datetime, today

from zhira_after_sales.access import is_manager, is_restricted, require_manager, user_agency
from zhira_after_sales.agency import (
	hot_parts,
	invoice_approval,
	invoice_gate,
	invoice_wages,
	invoice_workflow,
)
from zhira_after_sales.agency.invoice_workflow import CANCELLED, DRAFT, PENDING
from zhira_after_sales.consts import CANCELLED_CATEGORY
from zhira_after_sales.exceptions import (
	DuplicateServiceInvoiceError,
	HeadOfficeOnlyError,
	ServiceInvoiceError,
)


class ServiceInvoice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.agency.doctype.service_invoice_part.service_invoice_part import (
			ServiceInvoicePart,
		)
		from zhira_after_sales.agency.doctype.service_invoice_service.service_invoice_service import (
			ServiceInvoiceService,
		)

		acknowledged_by_name: DF.Data | None
		acknowledged_on: DF.Datetime | None
		agency: DF.Link | None
		amended_from: DF.Link | None
		approval_status: DF.Literal["Pending", "Approved", "Rejected"]
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		customer: DF.Link | None
		customer_acknowledgement: DF.Check
		customer_device: DF.Link
		customer_name: DF.Data | None
		customer_paid_amount: DF.Currency
		invoice_type: DF.Literal["Installation", "Warranty Repair", "Paid Repair", "Periodic Service"]
		item: DF.Link | None
		naming_series: DF.Literal["SINV-AG-.#######"]
		notes: DF.SmallText | None
		override_by: DF.Link | None
		override_on: DF.Datetime | None
		override_reason: DF.SmallText | None
		parts: DF.Table[ServiceInvoicePart]
		purchase_invoice: DF.Link | None
		rejection_reason: DF.SmallText | None
		sales_invoice: DF.Link | None
		serial_no: DF.Data | None
		serial_plate_photo: DF.AttachImage | None
		service_date: DF.Date
		service_reception: DF.Link
		services: DF.Table[ServiceInvoiceService]
		stock_entry: DF.Link | None
		submitted_on: DF.Datetime | None
		technician: DF.Link | None
		total_customer_price: DF.Currency
		total_parts_qty: DF.Float
		total_wage: DF.Currency
		tracking_code: DF.Data | None
		warranty_note: DF.SmallText | None
		warranty_override: DF.Check
		work_photo: DF.AttachImage | None
	# end: auto-generated types

	def validate(self):
		if self.docstatus == 0:
			self.approval_status = DRAFT
		self.require_fields()
		self.load_reception()
		self.validate_reception()
		self.validate_device()
		self.set_agency()
		self.validate_technician()
		self.validate_service_date()
		self.refuse_duplicate()
		self.validate_parts()
		self.guard_line_status()
		self.set_wages()
		self.set_totals()
		self.check_warranty()
		self.set_acknowledgement()

	def before_submit(self):
		self.submitted_on = now_datetime()
		# the approval workflow moves a submitted invoice to Pending itself (and refuses any other
		# move on a new document); without it, do it here
		if not invoice_workflow.is_active():
			self.approval_status = PENDING

	def before_update_after_submit(self):
		"""Head office's edits while the invoice is pending, and its decision: approving posts to
		ERPNext here, so the links to what was posted are saved with the decision."""
		self._decision = invoice_approval.decision_of(self)
		self.guard_decision()
		self.guard_line_status()
		if self._decision:
			invoice_approval.before_decision(self, self._decision)
		self._manual_wages = invoice_wages.check_manual_wages(self, frappe.session.user)
		invoice_wages.set_wages(self, self.reception_territory())
		self.set_totals()

	def on_update_after_submit(self):
		self.log_decisions()
		if self._decision:
			invoice_approval.after_decision(self, self._decision)

	def before_cancel(self):
		# approved_on is set only by an approval: the state may already read Cancelled when the
		# workflow's Cancel action cancels the invoice
		self._was_approved = bool(self.approved_on)
		if self._was_approved:
			require_manager(invoice_approval.cancel_refused())
			hot_parts.check_returns_awaited(self)
		self.approval_status = CANCELLED

	def on_cancel(self):
		if self._was_approved:
			invoice_approval.reverse(self)

	def on_update(self):
		self.log_decisions()

	# --- validate steps ---------------------------------------------------------------------

	def require_fields(self):
		"""The checks below need these; say which is missing before they run."""
		for fieldname in ("invoice_type", "service_reception", "customer_device"):
			if not self.get(fieldname):
				frappe.throw(
					_("{0}: choose a value.").format(_(self.meta.get_label(fieldname))),
					exc=frappe.MandatoryError,
				)

	def load_reception(self):
		# locked until the end of the transaction: two invoices for one reception are checked in turn
		self._reception = frappe.db.get_value(
			"Service Reception",
			self.service_reception,
			["name", "service_agency", "technician", "status", "territory", "received_on", "tracking_code"],
			as_dict=True,
			for_update=True,
		)
		if not self._reception:
			frappe.throw(
				_("{0}: reception {1} does not exist.").format(
					_("Service Reception"), frappe.bold(self.service_reception)
				),
				exc=ServiceInvoiceError,
			)
		self.tracking_code = self._reception.tracking_code

	def validate_reception(self):
		if frappe.db.get_value("Service Status", self._reception.status, "category") == CANCELLED_CATEGORY:
			frappe.throw(
				_("{0}: reception {1} is cancelled; no invoice can be filed for it.").format(
					_("Service Reception"), frappe.bold(self.service_reception)
				),
				exc=ServiceInvoiceError,
				title=_("Cancelled reception"),
			)

	def validate_device(self):
		devices = frappe.get_all(
			"Service Reception Device",
			{"parent": self.service_reception, "parenttype": "Service Reception"},
			["customer_device", "service_type"],
		)
		row = next(
			(d for d in devices if d.customer_device and d.customer_device == self.customer_device), None
		)
		if not row:
			frappe.throw(
				_("{0}: device {1} is not one of the devices of reception {2}.").format(
					_("Customer Device"),
					frappe.bold(self.customer_device),
					frappe.bold(self.service_reception),
				),
				exc=ServiceInvoiceError,
			)
		self._device_service_type = row.service_type
		device = frappe.db.get_value(
			"Customer Device", self.customer_device, ["item", "serial_no", "customer"], as_dict=True
		)
		self.item, self.serial_no, self.customer = device.item, device.serial_no, device.customer
		self.customer_name = (
			frappe.db.get_value("Customer", self.customer, "customer_name") if self.customer else None
		)

	def set_agency(self):
		agency = self._reception.service_agency
		if not agency:
			frappe.throw(
				_("{0}: reception {1} is not referred to an agency yet.").format(
					_("Service Reception"), frappe.bold(self.service_reception)
				),
				exc=ServiceInvoiceError,
			)
		if is_restricted() and agency != user_agency():
			frappe.throw(
				_("{0}: reception {1} is not referred to your agency.").format(
					_("Service Reception"), frappe.bold(self.service_reception)
				),
				exc=frappe.PermissionError,
			)
		self.agency = agency

	def validate_technician(self):
		if not self.technician:
			self.technician = self._reception.technician
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
				exc=ServiceInvoiceError,
			)

	def validate_service_date(self):
		self.service_date = self.service_date or today()
		if getdate(self.service_date) > getdate(today()):
			frappe.throw(
				_("{0}: the service date cannot be in the future.").format(_("Service Date")),
				exc=ServiceInvoiceError,
			)
		received = self._reception.received_on
		if received and getdate(self.service_date) < getdate(received):
			frappe.throw(
				_("{0}: the service date is before the reception was registered ({1}).").format(
					_("Service Date"), frappe.format(getdate(received), {"fieldtype": "Date"})
				),
				exc=ServiceInvoiceError,
			)

	def refuse_duplicate(self):
		other = frappe.db.get_value(
			"Service Invoice",
			{
				"service_reception": self.service_reception,
				"customer_device": self.customer_device,
				"invoice_type": self.invoice_type,
				"docstatus": ("<", 2),
				"name": ("!=", self.name or ""),
			},
		)
		if other:
			frappe.throw(
				_("{0}: invoice {1} already reports {2} for device {3} of reception {4}.").format(
					_("Invoice Type"),
					frappe.bold(other),
					_(self.invoice_type),
					frappe.bold(self.customer_device),
					frappe.bold(self.service_reception),
				),
				exc=DuplicateServiceInvoiceError,
				title=_("Duplicate invoice"),
			)

	def validate_parts(self):
		consignment = frappe.db.get_value("Service Agency", self.agency, "consignment_warehouse")
		for row in self.parts:
			label = _("Parts row {0}").format(row.idx)
			if flt(row.qty) <= 0:
				frappe.throw(
					_("{0}: {1} must be more than zero.").format(label, _("Qty")), exc=ServiceInvoiceError
				)
			row.source_warehouse = row.source_warehouse or consignment
			if is_restricted() and row.source_warehouse != consignment:
				frappe.throw(
					_("{0}: {1}: parts come from your consignment warehouse {2}.").format(
						label, _("Source Warehouse"), frappe.bold(consignment)
					),
					exc=ServiceInvoiceError,
				)
			row.line_status = row.line_status or PENDING

	def guard_decision(self):
		"""What the approval sets changes only with a decision; lines and wages only while the
		invoice is pending."""
		before = self.get_doc_before_save()
		fields = ("approved_by", "approved_on", "purchase_invoice", "stock_entry", "sales_invoice")
		if not self._decision and any(cstr(self.get(f)) != cstr(before.get(f)) for f in fields):
			frappe.throw(
				_("Approve or reject the invoice with its actions; these fields are set by the approval."),
				exc=HeadOfficeOnlyError,
			)
		if cstr(self.rejection_reason) != cstr(before.rejection_reason):
			require_manager(_("Only head office (After Sales Manager) writes why an invoice is rejected."))
		if (before.approval_status or PENDING) == PENDING:
			return
		old_lines = {row.name: row.line_status for row in before.parts}
		old_wages = {
			row.name: (flt(row.wage), row.manual_wage, cstr(row.manual_reason)) for row in before.services
		}
		changed = any(row.line_status != old_lines.get(row.name) for row in self.parts) or any(
			(flt(row.wage), row.manual_wage, cstr(row.manual_reason)) != old_wages.get(row.name)
			for row in self.services
		)
		if changed or cstr(self.rejection_reason) != cstr(before.rejection_reason):
			frappe.throw(
				_("Service Invoice {0} is already {1}; its lines and wages can no longer change.").format(
					frappe.bold(self.name), _(before.approval_status)
				),
				exc=ServiceInvoiceError,
			)

	def guard_line_status(self):
		"""Only head office approves or voids part lines."""
		if is_manager():
			return
		before = self.get_doc_before_save()
		old = {row.name: row.line_status for row in before.parts} if before else {}
		for row in self.parts:
			if row.line_status != old.get(row.name, PENDING):
				frappe.throw(
					_(
						"Parts row {0}: {1}: only head office (After Sales Manager) approves or voids lines."
					).format(row.idx, _("Line Status")),
					exc=HeadOfficeOnlyError,
				)

	def reception_territory(self):
		return frappe.db.get_value("Service Reception", self.service_reception, "territory")

	def set_wages(self):
		self._manual_wages = invoice_wages.check_manual_wages(self, frappe.session.user)
		missing = invoice_wages.set_wages(self, self._reception.territory)
		if missing:
			frappe.msgprint(
				_(
					"Services rows {0}: no rate card row applies; the wage stays 0 until head office sets it."
				).format(", ".join(str(idx) for idx in missing)),
				indicator="orange",
				alert=True,
			)

	def set_totals(self):
		if flt(self.customer_paid_amount) < 0:
			frappe.throw(_("{0} cannot be negative.").format(_("Paid by Customer")), exc=ServiceInvoiceError)
		self.total_wage = sum(flt(row.wage) for row in self.services)
		self.total_customer_price = sum(flt(row.customer_price) for row in self.services)
		self.total_parts_qty = sum(flt(row.qty) for row in self.parts if row.line_status != "Void")

	def check_warranty(self):
		self._override_set = invoice_gate.check_override(self, frappe.session.user)
		self._refusals = invoice_gate.check_warranty(self, self._device_service_type)

	def set_acknowledgement(self):
		if not self.customer_acknowledgement:
			self.acknowledged_on = None
			return
		if not (self.acknowledged_by_name or "").strip():
			frappe.throw(
				_("{0}: write the name of the person who acknowledged the work.").format(
					_("Acknowledged By (Name)")
				),
				exc=ServiceInvoiceError,
			)
		before = self.get_doc_before_save()
		if not (before and before.customer_acknowledgement and before.acknowledged_on):
			self.acknowledged_on = now_datetime()
		else:
			self.acknowledged_on = before.acknowledged_on

	# --- on_update steps --------------------------------------------------------------------

	def log_decisions(self):
		"""Head office's overrides and hand-set wages on the timeline."""
		if getattr(self, "_override_set", False):
			self.add_comment("Info", invoice_gate.override_comment(self, self._refusals))
		for row in getattr(self, "_manual_wages", []):
			self.add_comment("Info", invoice_wages.manual_wage_comment(row))


def on_doctype_update():
	frappe.db.add_index("Service Invoice", ["service_reception", "customer_device", "invoice_type"])
	frappe.db.add_index("Service Invoice", ["agency", "invoice_type", "docstatus"])
	# the management reports read approved invoices by their approval time
	frappe.db.add_index("Service Invoice", ["approved_on"])
