"""A Service Ticket becomes a Complaint (registered in hooks.py under `zhira_ticket_conversions`;
Service Desk's tickets.convert calls it, then marks the ticket Converted).

    from_ticket(ticket_doc) -> name     the complaint, inserted: channel Ticket, the ticket's
                                        subject and description, its party as complainant, its
                                        device, and the ticket kept in `service_ticket`

- A customer's ticket: the customer complains; their name and mobile come from the ticket.
- An agency's ticket: the agency itself complains, about head office (late parts, unpaid wages,
  a wrong referral). The complaint's complainant is the agency (`complainant_type` Service Agency,
  `raised_by_agency`), and it names no `service_agency` to penalise: a complaint an agency raises
  can never count against that agency's score. A customer's complaint that an agency passes on
  is registered by head office as the customer's own complaint, not converted from the agency's
  ticket.

The complaint is acknowledged like any other (an SMS to the ticket's mobile, then Acknowledged).
"""

import frappe

from zhira_after_sales.customer_care.doctype.complaint.complaint import AGENCY_COMPLAINANT

DOCTYPE = "Complaint"


def from_ticket(ticket_doc) -> str:
	values = {
		"doctype": DOCTYPE,
		"channel": "Ticket",
		"service_ticket": ticket_doc.name,
		"subject": ticket_doc.get("subject"),
		"description": ticket_doc.get("description") or ticket_doc.get("subject"),
		"customer_name": ticket_doc.get("party_name"),
		"mobile_no": ticket_doc.get("mobile_no"),
	}
	if ticket_doc.get("party_type") == AGENCY_COMPLAINANT:
		values.update(complainant_type=AGENCY_COMPLAINANT, raised_by_agency=ticket_doc.get("party"))
	else:
		values.update(
			complainant_type="Customer",
			customer=ticket_doc.get("party"),
			customer_device=ticket_doc.get("customer_device"),
		)
	complaint = frappe.get_doc(values)
	complaint.insert()
	return complaint.name
