"""Wages of a Service Invoice's services: from the rate card (the most specific valid row for the
service type, the device's model or group and the reception's territory on the service date), or
set by hand with a reason by head office (After Sales Manager), who is recorded on the row and on
the invoice's timeline.

    set_wages(invoice, territory)      every row not set by hand takes the rate card's wage
    check_manual_wages(invoice, user)  who may set a wage by hand; returns the rows to log
"""

import frappe
from frappe import _
from frappe.utils import flt

from zhira_after_sales.access import is_manager
from zhira_after_sales.after_sales_setup.doctype.service_rate.service_rate import get_service_rate
from zhira_after_sales.exceptions import HeadOfficeOnlyError, ServiceInvoiceError


def set_wages(invoice, territory: str | None = None) -> list[int]:
	"""Fill each row's rate card row, wage and customer price; returns the idx of rows no rate
	card row applies to."""
	missing = []
	for row in invoice.services:
		rate = (
			get_service_rate(
				row.service_type, item=invoice.item, territory=territory, on_date=invoice.service_date
			)
			if row.service_type
			else None
		)
		row.service_rate = rate.name if rate else None
		row.customer_price = flt(rate.customer_price) if rate else 0
		if row.manual_wage:
			continue
		row.wage = flt(rate.agency_wage) if rate else 0
		row.manual_reason = None
		row.wage_set_by = None
		if not rate:
			missing.append(row.idx)
	return missing


def check_manual_wages(invoice, user: str) -> list:
	"""Refuse a wage set by hand by anyone but head office, or without a reason; stamp and return
	the rows whose hand-set wage is new or changed."""
	before = invoice.get_doc_before_save()
	old_rows = {row.name: row for row in before.services} if before else {}
	changed = []
	for row in invoice.services:
		old = old_rows.get(row.name)
		if not row.manual_wage:
			continue
		same = bool(
			old
			and old.manual_wage
			and flt(old.wage) == flt(row.wage)
			and (old.manual_reason or "") == (row.manual_reason or "")
		)
		if same:
			continue
		label = _("Services row {0}").format(row.idx)
		if not is_manager(user):
			frappe.throw(
				_("{0}: {1}: only head office (After Sales Manager) may set a wage by hand.").format(
					label, _("Manual Wage")
				),
				exc=HeadOfficeOnlyError,
			)
		if not (row.manual_reason or "").strip():
			frappe.throw(
				_("{0}: {1}: say why the wage is set by hand.").format(label, _("Reason for Manual Wage")),
				exc=ServiceInvoiceError,
			)
		if flt(row.wage) < 0:
			frappe.throw(
				_("{0}: {1} cannot be negative.").format(label, _("Agency Wage")), exc=ServiceInvoiceError
			)
		row.wage_set_by = user
		changed.append(row)
	return changed


def manual_wage_comment(row) -> str:
	return _("Services row {0} ({1}): wage set by hand to {2} by {3}. Reason: {4}").format(
		row.idx, row.service_type, frappe.format(row.wage, {"fieldtype": "Currency"}), row.wage_set_by,
		row.manual_reason,
	)  # fmt: skip
