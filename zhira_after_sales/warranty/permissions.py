"""Who sees which Warranty Card. Head office (After Sales Manager, Reception Operator, System
Manager) sees every card its role allows. An agency user - and a technician, through their agency -
reads (never writes) the cards of devices in the territories the agency serves (and their
sub-territories), and the cards of devices on receptions referred to the agency. Customer Devices
stay head-office only; agencies reach them through their receptions.

Same shape as zhira_after_sales.agency.permissions (who is who: zhira_after_sales.access); wired
in hooks.py.
"""

import frappe

from zhira_after_sales.access import is_restricted, user_agency


def agency_territories(agency: str | None) -> list[str]:
	"""The agency's territories and everything under them."""
	if not agency:
		return []
	territories = frappe.get_all(
		"Service Agency Territory", {"parent": agency, "parenttype": "Service Agency"}, pluck="territory"
	)
	names = set()
	for territory in territories:
		bounds = frappe.db.get_value("Territory", territory, ["lft", "rgt"])
		if bounds:
			names.update(
				frappe.get_all(
					"Territory", {"lft": (">=", bounds[0]), "rgt": ("<=", bounds[1])}, pluck="name"
				)
			)
	return sorted(names)


REFERRED_DEVICES = """select `device`.`customer_device` from `tabService Reception Device` `device`
	join `tabService Reception` `reception` on `reception`.`name` = `device`.`parent`
	where `device`.`parenttype` = 'Service Reception' and `reception`.`service_agency` = {agency}
	and `device`.`customer_device` is not null"""


def card_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_restricted(user):
		return ""
	agency = user_agency(user)
	if not agency:
		return "1=0"
	conditions = [
		f"`tabWarranty Card`.`customer_device` in ({REFERRED_DEVICES.format(agency=frappe.db.escape(agency))})"
	]
	territories = agency_territories(agency)
	if territories:
		values = ", ".join(frappe.db.escape(t) for t in territories)
		conditions.append(f"`tabWarranty Card`.`territory` in ({values})")
	return "(" + " or ".join(conditions) + ")"


def card_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool | None:
	user = user or frappe.session.user
	if not is_restricted(user):
		return None
	if ptype not in (None, "read", "print"):
		return False
	agency = user_agency(user)
	if not agency:
		return False
	if doc.territory and doc.territory in agency_territories(agency):
		return True
	return bool(doc.customer_device) and bool(
		frappe.db.sql(
			REFERRED_DEVICES.format(agency="%s") + " and `device`.`customer_device` = %s limit 1",
			(agency, doc.customer_device),
		)
	)
