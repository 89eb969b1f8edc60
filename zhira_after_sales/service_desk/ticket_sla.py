"""Service Tickets are worked under ERPNext's Service Level Agreement (support module), as ERPNext's
Issues are. What that takes:

- Support Settings "Track Service Level Agreement" on: without it ERPNext applies no agreement to
  any DocType.
- A Service Level Agreement whose Document Type is Service Ticket. Saving it adds ERPNext's SLA
  fields to the ticket as Custom Fields (priority, response_by, first_responded_on,
  agreement_status, sla_resolution_by, sla_resolution_date, on_hold_since, total_hold_time...); the
  ticket's JSON must not carry them itself (ERPNext would then look for Custom Fields to reset).
  On every save ERPNext's `apply` (doc_events "*" validate) sets response_by / sla_resolution_by
  from the agreement's working hours, holiday list and the ticket's priority, and moves
  agreement_status as the ticket's status moves: paused while Answered (waiting for the party),
  fulfilled when Resolved, Closed or Converted.
- The first response: ERPNext takes it from an outgoing Communication. A ticket's replies are
  rows, not Communications, so head office's first reply sets the flag ERPNext's own
  Communication hook sets (`flags.on_first_reply`), and ERPNext dates first_responded_on and
  decides Fulfilled or Failed itself.

    ensure_default_sla() -> name        install: the default agreement for tickets, if none exists
                                        (through after_sales_setup.service_levels)
    remove_agreements()                 uninstall
    mark_first_response(ticket)         before saving head office's first reply
"""

import frappe

from zhira_after_sales.after_sales_setup import service_levels
from zhira_after_sales.service_desk import ticket_rules as rules

DOCTYPE = "Service Ticket"
SERVICE_LEVEL = "پاسخ به تیکت‌ها"
# ERPNext's standard priorities: (Issue Priority, response hours, resolution hours), working hours
PRIORITIES = [("Medium", 4, 16), ("High", 2, 8), ("Low", 8, 40)]


def default_sla() -> str | None:
	return frappe.db.get_value(
		"Service Level Agreement", {"document_type": DOCTYPE, "default_service_level_agreement": 1}
	)


def ensure_default_sla() -> str:
	"""Switch ERPNext's SLA tracking on and give Service Tickets a default agreement (Iranian
	office hours, the company's holiday list or the app's own, ERPNext's priorities; paused while
	Answered, fulfilled when Resolved, Closed or Converted), unless it has one."""
	return service_levels.ensure_service_level_agreement(
		DOCTYPE,
		SERVICE_LEVEL,
		PRIORITIES,
		fulfilled_on=list(rules.SLA_FULFILLED_ON),
		paused_on=list(rules.SLA_PAUSE_ON),
		default_priority="Medium",
	)


def remove_agreements():
	"""Uninstall: the tickets' agreements go with the DocType (ERPNext's SLA custom fields on it
	are dropped with it)."""
	for name in frappe.get_all("Service Level Agreement", {"document_type": DOCTYPE}, pluck="name"):
		frappe.delete_doc("Service Level Agreement", name, ignore_permissions=True, force=True)


def mark_first_response(ticket):
	"""Head office is answering: if the ticket is under an agreement and has no first response
	yet, let ERPNext date it on this save (as its Communication hook does for Issues)."""
	if ticket.meta.has_field("first_responded_on") and not ticket.get("first_responded_on"):
		ticket.flags.on_first_reply = True
