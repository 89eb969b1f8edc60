"""Referring a reception to an agency (and one of its technicians): the territory's default agency
when none is chosen, the referral history, the move to the referral status, the cartable ToDos of
the agency's portal users and the technician, and the SMS to each."""

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.utils import now_datetime

from zhira_after_sales.after_sales_setup.doctype.service_status.service_status import get_allowed_next
from zhira_after_sales.after_sales_setup.territory import default_agency_for
from zhira_after_sales.consts import CLOSED_CATEGORIES
from zhira_after_sales.exceptions import ReceptionError
from zhira_after_sales.service_desk import notify, status


def auto_refer() -> bool:
	return bool(frappe.db.get_single_value("After Sales Settings", "auto_refer"))


def agency_users(agency: str | None) -> list[str]:
	if not agency:
		return []
	return frappe.get_all(
		"Service Agency User",
		{"parent": agency, "parenttype": "Service Agency"},
		pluck="user",
		order_by="idx",
	)


def technician_users(technician: str | None) -> list[str]:
	if not technician:
		return []
	user = frappe.db.get_value("Service Technician", technician, "user")
	return [user] if user else []


def assignees(doc) -> list[str]:
	return agency_users(doc.service_agency) + technician_users(doc.technician)


# --- validate -----------------------------------------------------------------------------------


def set_referral(doc):
	"""Refer the reception (validate step). Leaves `doc.flags.referral_changed` = (old agency, old
	technician) when the referral changed, for the on_update steps."""
	before = doc.get_doc_before_save()
	old_agency = before.service_agency if before else None
	old_technician = before.technician if before else None
	if not doc.service_agency and doc.is_new() and auto_refer():
		doc.service_agency = default_agency_for(doc.territory)
	if doc.service_agency and doc.service_agency != old_agency:
		if not frappe.db.get_value("Service Agency", doc.service_agency, "is_active"):
			frappe.throw(
				_("Service Agency {0} is inactive. Choose an active agency.").format(
					frappe.bold(doc.service_agency)
				),
				exc=ReceptionError,
			)
		if doc.technician and doc.technician == old_technician:
			doc.technician = None  # the previous agency's technician does not follow the job
	if doc.technician:
		validate_technician(doc)
	if (doc.service_agency, doc.technician) == (old_agency, old_technician):
		return
	now = now_datetime()
	if doc.referrals and not doc.referrals[-1].ended_on:
		doc.referrals[-1].ended_on = now
	if doc.service_agency:
		mode = "Territory Default" if doc.service_agency == default_agency_for(doc.territory) else "By Hand"
		doc.append(
			"referrals",
			{
				"service_agency": doc.service_agency,
				"technician": doc.technician,
				"referred_on": now,
				"referred_by": frappe.session.user,
				"assignment": mode,
			},
		)
		doc.referred_on = now
		doc.referral_source = mode
		move_to_referral_status(doc)
	doc.flags.referral_changed = (old_agency, old_technician)


def validate_technician(doc):
	technician = frappe.db.get_value(
		"Service Technician", doc.technician, ["agency", "is_active", "full_name"], as_dict=True
	)
	if technician.agency != doc.service_agency:
		frappe.throw(
			_(
				"Technician {0} works for agency {1}, not for {2}. Choose one of the referred agency's technicians."
			).format(frappe.bold(technician.full_name), technician.agency, doc.service_agency or "-"),
			exc=ReceptionError,
		)
	if not technician.is_active:
		frappe.throw(
			_("Technician {0} is inactive.").format(frappe.bold(technician.full_name)), exc=ReceptionError
		)


def move_to_referral_status(doc):
	target = frappe.db.get_single_value("After Sales Settings", "referral_status")
	if target and target != doc.status and target in get_allowed_next(doc.status):
		status.move(doc, target, source="system", note=_("Referred to {0}").format(doc.service_agency))


# --- on_update ----------------------------------------------------------------------------------


def update_assignments(doc):
	"""The referred agency's portal users (and the technician's login) get a ToDo: their
	cartable. A re-referral cancels the previous one's; a closed reception closes them all."""
	if doc.flags.referral_changed:
		old_agency, old_technician = doc.flags.referral_changed
		current = assignees(doc)
		for user in agency_users(old_agency) + technician_users(old_technician):
			if user not in current:
				assign_to.remove(doc.doctype, doc.name, user, ignore_permissions=True)
		if current:
			assign_to.add(
				{
					"assign_to": current,
					"doctype": doc.doctype,
					"name": doc.name,
					"description": _("Reception {0}: {1} ({2})").format(
						doc.tracking_code,
						doc.customer_name,
						", ".join(d.item_name or d.item for d in doc.devices),
					),
				},
				ignore_permissions=True,
			)
	if doc.flags.status_changed and status.category_of(doc.status) in CLOSED_CATEGORIES:
		assign_to.close_all_assignments(doc.doctype, doc.name, ignore_permissions=True)


def notify_referral(doc):
	"""SMS to a newly referred agency and technician."""
	if not doc.flags.referral_changed:
		return
	old_agency, old_technician = doc.flags.referral_changed
	if doc.service_agency and doc.service_agency != old_agency:
		notify.send(
			notify.REFERRED_TO_AGENCY,
			doc,
			frappe.db.get_value("Service Agency", doc.service_agency, "mobile_no"),
		)
	if doc.technician and doc.technician != old_technician:
		notify.send(
			notify.REFERRED_TO_TECHNICIAN,
			doc,
			frappe.db.get_value("Service Technician", doc.technician, "mobile_no"),
		)
