"""Who sent an SMS: the customer (Contact or Customer by mobile), and what the modules registered
in hooks.py under `zhira_sms_sender_context` know about the sender (Service Desk: the technician
with this mobile and the open receptions)."""

import frappe

from zhira_after_sales.utils.phone import number_variants

SENDER_CONTEXT_HOOK = "zhira_sms_sender_context"


def find_customer(number: str) -> tuple[str | None, str | None]:
	"""(customer, contact) for a mobile number, either may be None."""
	variants = number_variants(number)
	if not variants:
		return None, None
	# the contacts with this number among their phones, then those with it as their mobile
	rows = frappe.db.sql(
		"""select parent, 0 as source, modified from `tabContact Phone`
		where phone in %(variants)s and parenttype = 'Contact'
		union all
		select name, 1 as source, modified from `tabContact` where mobile_no in %(variants)s
		order by source, modified desc""",
		{"variants": tuple(variants)},
	)
	contacts = list(dict.fromkeys(row[0] for row in rows))
	customer = None
	if contacts:
		customer = frappe.db.sql(
			"""select link_name from `tabDynamic Link` where parenttype = 'Contact' and parent in %s
			and link_doctype = 'Customer' order by modified desc limit 1""",
			(tuple(contacts),),
		)
	if not customer:
		customer = frappe.db.sql(
			"select name from `tabCustomer` where mobile_no in %s order by modified desc limit 1",
			(tuple(variants),),
		)
	return (customer[0][0] if customer else None), (contacts[0] if contacts else None)


def sender_context(number: str, customer: str | None = None, contact: str | None = None) -> dict:
	"""Who `number` is, for the operator reading their SMS: the customer and contact (those given,
	else found by the number), and what each `context(number, customer=...) -> dict` registered
	under `zhira_sms_sender_context` adds."""
	found_customer, found_contact = find_customer(number)
	customer = customer or found_customer
	context = {
		"number": number,
		"customer": customer,
		"customer_name": frappe.db.get_value("Customer", customer, "customer_name") if customer else None,
		"contact": contact or found_contact,
	}
	for path in frappe.get_hooks(SENDER_CONTEXT_HOOK) or []:
		context.update(frappe.get_attr(path)(number, customer=customer))
	return context
