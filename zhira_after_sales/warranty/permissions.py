"""Who sees which Warranty Card. Head office (After Sales Manager, Reception Operator, System
Manager) sees every card its role allows. An agency user - and a technician, through their agency -
sees the cards of devices in the territories the agency serves (and their sub-territories), read
only. Customer Devices stay head-office only for now; agencies reach them through receptions.

Same shape as zhira_after_sales.agency.permissions; wired in hooks.py.
"""

import frappe

from zhira_after_sales.agency.permissions import get_user_agency, restricted


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


def card_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not restricted(user):
		return ""
	territories = agency_territories(get_user_agency(user))
	if not territories:
		return "1=0"
	values = ", ".join(frappe.db.escape(t) for t in territories)
	return f"`tabWarranty Card`.`territory` in ({values})"


def card_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool | None:
	user = user or frappe.session.user
	if not restricted(user):
		return None
	if ptype not in (None, "read", "print"):
		return False
	return bool(doc.territory) and doc.territory in agency_territories(get_user_agency(user))
