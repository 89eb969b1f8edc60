"""A customer's ticket becomes a Service Reception (registered in hooks.py under
`zhira_ticket_conversions`).

    to_reception(ticket) -> name     the reception, inserted: channel Web, the customer, the
                                     ticket's mobile, one device row (the ticket's model or
                                     device and service type), the ticket kept in `service_ticket`
    link_back(reception, method)     doc_events Service Reception after_insert: a reception made by
                                     hand from a ticket (the desk's prefilled form) converts it

A reception needs a device row with a model and a service type. A ticket that names neither
cannot be converted blindly: the refusal says so, and the desk opens a new reception prefilled
from the ticket instead, which links back to the ticket when it is saved.
"""

import frappe
from frappe import _

from zhira_after_sales.service_desk import tickets
from zhira_after_sales.service_desk.doctype.service_ticket.service_ticket import ServiceTicketError

RECEPTION = "Service Reception"


def check_customer_ticket(ticket):
	if ticket.party_type != "Customer":
		frappe.throw(
			_(
				"Ticket {0} is an agency's: a Service Reception is opened for a customer's device. Answer the agency on the ticket, or open a reception for the customer it is about."
			).format(frappe.bold(ticket.name)),
			exc=ServiceTicketError,
		)


def to_reception(ticket) -> str:
	check_customer_ticket(ticket)
	missing = [
		_(ticket.meta.get_label(field))
		for field in ("item", "service_type")
		if not ticket.get(field) and not (field == "item" and ticket.customer_device)
	]
	if missing:
		frappe.throw(
			_(
				"Ticket {0} has no {1}: a reception needs the device's model and the service type. Fill them in on the ticket, or convert it in the desk, which opens a new reception prefilled from the ticket."
			).format(frappe.bold(ticket.name), ", ".join(missing)),
			exc=ServiceTicketError,
		)
	if not ticket.mobile_no:
		frappe.throw(
			_("Ticket {0} has no mobile number: type the customer's mobile on the ticket first.").format(
				frappe.bold(ticket.name)
			),
			exc=ServiceTicketError,
		)
	reception = frappe.get_doc(
		{
			"doctype": RECEPTION,
			"channel": "Web",
			"service_ticket": ticket.name,
			"customer": ticket.party,
			"customer_name": ticket.party_name,
			"mobile_no": ticket.mobile_no,
			"notes": f"{ticket.subject}\n{ticket.description}"[:2000],
			"devices": [
				{
					"customer_device": ticket.customer_device,
					"item": ticket.item,
					"service_type": ticket.service_type,
					"description": ticket.description[:1000] if ticket.description else None,
				}
			],
		}
	)
	reception.flags.from_ticket = True  # link_back leaves it to tickets.convert
	reception.insert()
	return reception.name


def link_back(reception, method=None):
	"""A reception saved from the desk's form prefilled from a ticket converts that ticket."""
	if not reception.get("service_ticket") or reception.flags.from_ticket:
		return
	ticket = tickets.locked_ticket(reception.service_ticket)
	check_customer_ticket(ticket)
	tickets.record_conversion(reception.service_ticket, RECEPTION, reception.name, frappe.session.user)
