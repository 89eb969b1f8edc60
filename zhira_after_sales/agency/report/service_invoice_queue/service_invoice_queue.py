# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""Service Invoices per invoice type and approval state: how many are still drafts, how many wait
for head office (with the oldest one's age and their wages), how many were approved or rejected.
Cancelled invoices are left out.

States: a draft is docstatus 0; a submitted invoice (docstatus 1) is in its approval_status
(Pending until head office decides). Permission-aware (frappe.get_list): an agency sees only its
own invoices."""

import frappe
from frappe import _
from frappe.utils import date_diff, flt, get_datetime, getdate, today

INVOICE_TYPES = ("Installation", "Warranty Repair", "Paid Repair", "Periodic Service")
DRAFT, PENDING, APPROVED, REJECTED, CANCELLED = "Draft", "Pending", "Approved", "Rejected", "Cancelled"
STATES = (DRAFT, PENDING, APPROVED, REJECTED)
COLORS = {DRAFT: "#98a2b3", PENDING: "#f79009", APPROVED: "#12b76a", REJECTED: "#f04438"}


def state_of(docstatus, approval_status: str | None) -> str:
	"""The approval state an invoice is in, whatever a draft's approval_status says."""
	docstatus = int(docstatus or 0)
	if docstatus == 0:
		return DRAFT
	if docstatus == 2:
		return CANCELLED
	return approval_status or PENDING


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows, None, get_chart(rows)


def get_columns():
	count = {"fieldtype": "Int", "width": 110}
	return [
		{"fieldname": "invoice_type", "label": _("Invoice Type"), "fieldtype": "Data", "width": 160},
		{"fieldname": "draft", "label": _("Draft"), **count},
		{"fieldname": "pending", "label": _("Pending"), **count},
		{"fieldname": "approved", "label": _("Approved"), **count},
		{"fieldname": "rejected", "label": _("Rejected"), **count},
		{
			"fieldname": "oldest_pending_days",
			"label": _("Oldest Pending (Days)"),
			"fieldtype": "Int",
			"width": 180,
		},
		{"fieldname": "pending_wages", "label": _("Pending Wages"), "fieldtype": "Currency", "width": 150},
	]


def get_conditions(filters) -> list:
	conditions = [["Service Invoice", "docstatus", "<", 2]]
	if filters.agency:
		conditions.append(["Service Invoice", "agency", "=", filters.agency])
	if filters.from_date:
		conditions.append(["Service Invoice", "service_date", ">=", getdate(filters.from_date)])
	if filters.to_date:
		conditions.append(["Service Invoice", "service_date", "<=", getdate(filters.to_date)])
	return conditions


def get_data(filters) -> list[dict]:
	groups = frappe.get_list(
		"Service Invoice",
		filters=get_conditions(filters),
		fields=[
			"invoice_type",
			"docstatus",
			"approval_status",
			"count(*) as invoices",
			"sum(total_wage) as wages",
			"min(submitted_on) as oldest_submitted",
			"min(creation) as oldest_created",
		],
		group_by="invoice_type, docstatus, approval_status",
		order_by="invoice_type asc",
		limit_page_length=0,
	)
	by_type = {t: new_row(t) for t in INVOICE_TYPES}
	for group in groups:
		if group.invoice_type not in by_type:
			by_type[group.invoice_type] = new_row(group.invoice_type)
		row = by_type[group.invoice_type]
		state = state_of(group.docstatus, group.approval_status)
		if state not in STATES:
			continue
		row[state.lower()] += group.invoices
		if state == PENDING:
			row.pending_wages += flt(group.wages)
			oldest = group.oldest_submitted or group.oldest_created
			if oldest:
				age = date_diff(today(), getdate(get_datetime(oldest)))
				row.oldest_pending_days = max(row.oldest_pending_days or 0, age)
	rows = list(by_type.values())
	rows.append(total_row(rows))
	return rows


def new_row(invoice_type: str) -> frappe._dict:
	return frappe._dict(
		invoice_type=_(invoice_type),
		invoice_type_key=invoice_type,
		draft=0,
		pending=0,
		approved=0,
		rejected=0,
		oldest_pending_days=None,
		pending_wages=0.0,
	)


def total_row(rows) -> frappe._dict:
	total = new_row("")
	total.update(invoice_type=_("Total"), invoice_type_key=None, is_total=1)
	for row in rows:
		for state in STATES:
			total[state.lower()] += row[state.lower()]
		total.pending_wages += row.pending_wages
		if row.oldest_pending_days is not None:
			total.oldest_pending_days = max(total.oldest_pending_days or 0, row.oldest_pending_days)
	return total


def get_chart(rows) -> dict:
	rows = [row for row in rows if not row.get("is_total")]
	return {
		"data": {
			"labels": [row.invoice_type for row in rows],
			"datasets": [
				{"name": _(state), "values": [row[state.lower()] for row in rows]} for state in STATES
			],
		},
		"type": "bar",
		"colors": [COLORS[state] for state in STATES],
		"barOptions": {"stacked": 1},
		"fieldtype": "Int",
	}
