"""Complaint deadlines through ERPNext's Service Level Agreement (after_sales_setup.service_levels).

One default agreement for Complaint, "رسیدگی به شکایات", with one priority per severity:

    severity   response   resolution   (working hours: 8 make a working day)
    Critical   2          16
    High       4          40
    Medium     8          80
    Low        16         120

- Response (`response_by`, met at `first_responded_on`): the complainant has an answer, i.e. the
  complaint reaches the Responded stage (or is closed or rejected straight away).
- Resolution (`sla_resolution_by`, met at `sla_resolution_date`): the complaint is Closed or
  Rejected.
- While Responded the clock is paused: the complainant is considering the answer. If they do
  not accept it and the complaint goes back to investigation, the time spent waiting is added
  to the resolution deadline (ERPNext's hold time).

The agreement names statuses, and statuses are base data: the statuses of each stage are
written into it on install and migrate and whenever a Complaint Status is saved.

`overdue` on a complaint is set on every save and hourly (`mark_overdue`), so lists, filters and
the number card show overdue complaints without opening them.
"""

import frappe
from frappe.utils import now_datetime

from zhira_after_sales.after_sales_setup import service_levels
from zhira_after_sales.customer_care import complaint_rules as rules

DOCTYPE = "Complaint"
SERVICE_LEVEL = "رسیدگی به شکایات"
# severity -> (Issue Priority, response hours, resolution hours), in working hours
PRIORITIES = {
	"Critical": ("Critical", 2, 16),
	"High": ("High", 4, 40),
	"Medium": ("Medium", 8, 80),
	"Low": ("Low", 16, 120),
}
DEFAULT_SEVERITY = "Medium"
PAUSED_STAGES = (rules.RESPONDED,)
FULFILLED_STAGES = rules.FINAL_STAGES
SLA_FIELDS = ("response_by", "first_responded_on", "sla_resolution_by", "sla_resolution_date")


def statuses_of(stages) -> list[str]:
	return frappe.get_all(
		"Complaint Status", {"iso_stage": ("in", list(stages))}, pluck="name", order_by="sort_order asc"
	)


def ensure_complaint_sla() -> str | None:
	"""The default Service Level Agreement of Complaint (created when missing, statuses brought up
	to date). None before Complaint Status base data exists."""
	fulfilled = statuses_of(FULFILLED_STAGES)
	if not fulfilled or not frappe.db.table_exists(DOCTYPE):
		return None
	return service_levels.ensure_service_level_agreement(
		DOCTYPE,
		SERVICE_LEVEL,
		list(PRIORITIES.values()),
		fulfilled_on=fulfilled,
		paused_on=statuses_of(PAUSED_STAGES),
		default_priority=PRIORITIES[DEFAULT_SEVERITY][0],
	)


def sync_statuses():
	"""After a Complaint Status changed: the agreement's statuses follow the stages."""
	agreement = frappe.db.get_value(
		"Service Level Agreement", {"document_type": DOCTYPE, "default_service_level_agreement": 1}
	)
	if agreement:
		service_levels.set_agreement_statuses(
			agreement, statuses_of(FULFILLED_STAGES), statuses_of(PAUSED_STAGES)
		)


def priority_for(severity: str | None) -> str:
	return PRIORITIES.get(severity or DEFAULT_SEVERITY, PRIORITIES[DEFAULT_SEVERITY])[0]


def has_sla_fields() -> bool:
	meta = frappe.get_meta(DOCTYPE)
	return all(meta.has_field(fieldname) for fieldname in SLA_FIELDS)


def overdue_now(doc_or_row, now=None) -> bool:
	return rules.is_overdue(
		doc_or_row.get("iso_stage"),
		now or now_datetime(),
		response_by=doc_or_row.get("response_by"),
		first_responded_on=doc_or_row.get("first_responded_on"),
		resolution_by=doc_or_row.get("sla_resolution_by"),
		resolution_date=doc_or_row.get("sla_resolution_date"),
	)


def mark_overdue() -> int:
	"""Hourly: set `overdue` on the complaints whose deadline has passed since their last save and
	clear it where it no longer holds. Returns how many changed."""
	if not has_sla_fields():
		return 0
	now = now_datetime()
	rows = frappe.get_all(
		DOCTYPE,
		or_filters={"iso_stage": ("not in", list(rules.FINAL_STAGES)), "overdue": 1},
		fields=["name", "iso_stage", "overdue", *SLA_FIELDS],
	)
	changed = 0
	for row in rows:
		overdue = int(overdue_now(row, now))
		if overdue != row.overdue:
			frappe.db.set_value(DOCTYPE, row.name, "overdue", overdue, update_modified=False)
			changed += 1
	return changed


def remove_complaint_sla():
	"""Uninstall: the Complaint agreements go with the DocType (ERPNext's SLA custom fields on
	Complaint are dropped with it)."""
	for name in frappe.get_all("Service Level Agreement", {"document_type": DOCTYPE}, pluck="name"):
		frappe.delete_doc("Service Level Agreement", name, ignore_permissions=True, force=True)
