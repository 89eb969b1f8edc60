# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Where head office stepped outside the rules on a Service Invoice: one row per warranty
override (who, when, why, and what the check said) and one per service row whose wage was set by
hand (the rate card's wage against the wage set, who, why). Cancelled invoices are left out.

Permission-aware (frappe.get_list): an agency sees only its own invoices' exceptions."""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from zhira_after_sales.agency.report.service_invoice_queue.service_invoice_queue import (
	INVOICE_TYPES,
	state_of,
)

OVERRIDE, MANUAL_WAGE = "Warranty Override", "Manual Wage"
KINDS = (OVERRIDE, MANUAL_WAGE)

INVOICE_DOCTYPE = "Service Invoice"
INVOICE = "`tabService Invoice`"
SERVICE = "`tabService Invoice Service`"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = []
	if filters.kind in (None, "", OVERRIDE):
		rows += overrides(filters)
	if filters.kind in (None, "", MANUAL_WAGE):
		rows += manual_wages(filters)
	# newest service date first; within an invoice its override, then its rows in order
	rows.sort(key=lambda r: r.row_idx or 0)
	rows.sort(key=lambda r: (r.service_date or getdate("1900-01-01"), r.invoice), reverse=True)
	return get_columns(), rows


def get_columns():
	def column(fieldname, label, fieldtype="Data", width=120, options=None):
		# a link to what the user may not read (an agency: devices, users) is shown as text: the
		# report runner refuses link columns of unreadable DocTypes
		if fieldtype == "Link" and not frappe.has_permission(options, "read"):
			fieldtype, options = "Data", None
		col = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width}
		if options:
			col["options"] = options
		return col

	return [
		column("kind", _("Exception"), width=130),
		column("invoice", _("Service Invoice"), "Link", 165, "Service Invoice"),
		column("invoice_type", _("Invoice Type"), width=120),
		column("agency", _("Service Agency"), "Link", 110, "Service Agency"),
		column("service_date", _("Service Date"), "Date", 110),
		column("set_by", _("By"), "Link", 200, "User"),
		column("reason", _("Reason"), "Data", 240),
		column("rate_card_wage", _("Rate Card Wage"), "Currency", 130),
		column("wage", _("Wage Set"), "Currency", 130),
		column("difference", _("Difference"), "Currency", 120),
		column("service_type", _("Service Type"), "Link", 120, "Service Type"),
		column("customer_device", _("Customer Device"), "Link", 120, "Customer Device"),
		column("set_on", _("Overridden On"), "Datetime", 160),
		column("status", _("Approval Status"), width=110),
		column("warranty_note", _("Warranty Check"), "Data", 300),
	]


def conditions(filters) -> list:
	"""The filters every row shares, on the invoice."""
	out = [[INVOICE_DOCTYPE, "docstatus", "<", 2]]
	if filters.from_date:
		out.append([INVOICE_DOCTYPE, "service_date", ">=", getdate(filters.from_date)])
	if filters.to_date:
		out.append([INVOICE_DOCTYPE, "service_date", "<=", getdate(filters.to_date)])
	if filters.agency:
		out.append([INVOICE_DOCTYPE, "agency", "=", filters.agency])
	if filters.invoice_type:
		out.append([INVOICE_DOCTYPE, "invoice_type", "=", filters.invoice_type])
	return out


HEAD_FIELDS = [
	f"{INVOICE}.name as invoice",
	f"{INVOICE}.invoice_type",
	f"{INVOICE}.docstatus",
	f"{INVOICE}.approval_status",
	f"{INVOICE}.agency",
	f"{INVOICE}.customer_device",
	f"{INVOICE}.service_date",
]


def overrides(filters) -> list[frappe._dict]:
	rows = frappe.get_list(
		INVOICE_DOCTYPE,
		filters=[*conditions(filters), [INVOICE_DOCTYPE, "warranty_override", "=", 1]],
		fields=[
			*HEAD_FIELDS,
			f"{INVOICE}.override_by as set_by",
			f"{INVOICE}.override_on as set_on",
			f"{INVOICE}.override_reason as reason",
			f"{INVOICE}.warranty_note",
		],
		order_by=f"{INVOICE}.service_date desc",
		limit_page_length=0,
	)
	for row in rows:
		row.update(kind=_(OVERRIDE), kind_key=OVERRIDE, row_idx=0)
		label(row)
	return rows


def manual_wages(filters) -> list[frappe._dict]:
	rows = frappe.get_list(
		INVOICE_DOCTYPE,
		filters=[*conditions(filters), ["Service Invoice Service", "manual_wage", "=", 1]],
		fields=[
			*HEAD_FIELDS,
			f"{SERVICE}.idx as row_idx",
			f"{SERVICE}.service_type",
			f"{SERVICE}.service_rate",
			f"{SERVICE}.wage",
			f"{SERVICE}.wage_set_by as set_by",
			f"{SERVICE}.manual_reason as reason",
		],
		order_by=f"{INVOICE}.service_date desc, {SERVICE}.idx asc",
		limit_page_length=0,
	)
	rate_wages = rate_card_wages({row.service_rate for row in rows if row.service_rate})
	for row in rows:
		row.update(kind=_(MANUAL_WAGE), kind_key=MANUAL_WAGE)
		if row.service_rate in rate_wages:
			row.rate_card_wage = rate_wages[row.service_rate]
			row.difference = flt(row.wage) - flt(row.rate_card_wage)
		label(row)
	return rows


def rate_card_wages(names: set[str]) -> dict[str, float]:
	"""The agency wage of the rate card rows the hand-set rows replaced (the row the rate card
	chose for the service date, kept on the service row)."""
	if not names:
		return {}
	rates = frappe.get_list(
		"Service Rate",
		filters={"name": ("in", sorted(names))},
		fields=["name", "agency_wage"],
		limit_page_length=0,
	)
	return {rate.name: flt(rate.agency_wage) for rate in rates}


def label(row):
	row.status = _(state_of(row.docstatus, row.approval_status))
	row.invoice_type_key = row.invoice_type
	if row.invoice_type in INVOICE_TYPES:
		row.invoice_type = _(row.invoice_type)
