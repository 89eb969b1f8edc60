"""Referring a reception to an agency (and one of its technicians): the territory's default agency
when none is chosen, the referral history, the move to the referral status, the cartable ToDos of
the agency's portal users and the technician, and the SMS to each.

The referred agency answers (agency portal, or head office for it):
    accept(doc)                    the referral row and the reception record who accepted and when;
                                   the reception moves to Settings' accepted status if it may
    decline(doc, reason)           the reception goes back to head office's queue (no agency, no
                                   technician, Settings' declined status); the reason stays on the
                                   referral row and on the reception until it is referred again
    assign_technician(doc, tech)   the agency picks one of its own active technicians
An agency that moves the status of a reception it has not accepted accepts it by doing so."""

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.utils import get_fullname, now_datetime, nowdate

from zhira_after_sales.consts import CLOSED_CATEGORIES
from zhira_after_sales.exceptions import ReceptionError, ReferralAnswerError
from zhira_after_sales.service_desk import notify, status, status_service

ACCEPT, DECLINE = "accept", "decline"
# realtime event the technician app listens to: a job was referred to this technician
TECHNICIAN_JOB_EVENT = "zhira_tech_job"
# a decline reason says something head office can act on
MIN_REASON_LENGTH = 5


def auto_refer() -> bool:
	return bool(status.setting("auto_refer"))


def agency_users(agency: str | None) -> list[str]:
	"""The agency's portal users (from Frappe's document cache, emptied when the agency is saved)."""
	if not agency or not frappe.get_cached_value("Service Agency", agency, "name"):
		return []
	return [row.user for row in frappe.get_cached_doc("Service Agency", agency).portal_users]


def technician_users(technician: str | None) -> list[str]:
	if not technician:
		return []
	user = frappe.db.get_value("Service Technician", technician, "user")
	return [user] if user else []


def assignees(doc) -> list[str]:
	return agency_users(doc.service_agency) + technician_users(doc.technician)


def default_agency_for(territory: str | None) -> str | None:
	"""after_sales_setup.territory.default_agency_for (the territory's default active agency, else
	the nearest parent's), read from Frappe's document cache: territories and agencies are base
	data, and Frappe empties a record's cache when it is saved, renamed or deleted."""
	seen = set()
	name = territory
	while name and name not in seen:
		seen.add(name)
		values = frappe.get_cached_value("Territory", name, ["default_service_agency", "parent_territory"])
		if not values:
			return None
		agency, parent = values
		if agency and frappe.get_cached_value("Service Agency", agency, "is_active"):
			return agency
		name = parent
	return None


# --- validate -----------------------------------------------------------------------------------


def set_referral(doc):
	"""Refer the reception (validate step). Leaves `doc.flags.referral_changed` = (old agency, old
	technician) when the referral changed, for the on_update steps."""
	before = doc.get_doc_before_save()
	old_agency = before.service_agency if before else None
	old_technician = before.technician if before else None
	apply_answer(doc, old_agency)
	territory_agency = None
	if doc.is_new() and (doc.service_agency or auto_refer()):
		territory_agency = default_agency_for(doc.territory)
	if not doc.service_agency and doc.is_new() and auto_refer():
		doc.service_agency = territory_agency
	if doc.service_agency and doc.service_agency != old_agency:
		if not frappe.get_cached_value("Service Agency", doc.service_agency, "is_active"):
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
		if not doc.is_new():
			territory_agency = default_agency_for(doc.territory)
		mode = "Territory Default" if doc.service_agency == territory_agency else "By Hand"
		same_agency = doc.service_agency == old_agency
		if not same_agency:
			doc.accepted_on = doc.accepted_by = None
			doc.declined_on = doc.decline_reason = None
		doc.append(
			"referrals",
			{
				"service_agency": doc.service_agency,
				"technician": doc.technician,
				"referred_on": now,
				"referred_by": frappe.session.user,
				"assignment": mode,
				# another technician of the same agency: the agency's acceptance stands
				"accepted_on": doc.accepted_on if same_agency else None,
				"accepted_by": doc.accepted_by if same_agency else None,
			},
		)
		doc.referred_on = now
		doc.referral_source = mode
		move_to_referral_status(doc)
	doc.flags.referral_changed = (old_agency, old_technician)


def answer(doc, action: str, reason: str | None = None, source: str = "portal"):
	"""Save the referred agency's answer (`ACCEPT` or `DECLINE`); who may answer is checked by the
	caller (status_service.source_for), and checked again once the reception is locked.

	Two answers at once (two users of the agency, or one accepting while another declines): the
	second waits for the first on the reception's row lock, then is judged on what the first
	left, with the app's own message ("already accepted", "not referred to you"), not Frappe's
	"document has been modified"."""
	lock_latest(doc)
	if source == "portal":
		status_service.source_for(doc)  # still referred to the caller's agency
	doc._referral_answer = frappe._dict(action=action, reason=(reason or "").strip(), source=source)
	doc.flags.ignore_permissions = True
	doc.save()


def lock_latest(doc):
	"""Take the reception's row lock and reload it as committed now: a locking read, since the
	request's own snapshot may be older than an answer another request just committed."""
	doc.flags.for_update = True
	try:
		doc.load_from_db()
	finally:
		doc.flags.for_update = False


def accept(doc, source: str = "portal"):
	answer(doc, ACCEPT, source=source)


def decline(doc, reason: str, source: str = "portal"):
	answer(doc, DECLINE, reason, source=source)


def apply_answer(doc, old_agency: str | None):
	"""validate step: the answer asked for by `answer()`, or the implicit acceptance of an agency
	or technician that moved the status."""
	request = getattr(doc, "_referral_answer", None)
	doc._referral_answer = None
	if not request:
		moved = doc.flags.status_changed
		if moved and moved[2] in ("portal", "app") and doc.service_agency and not doc.accepted_on:
			mark_accepted(doc)
		return
	check_answerable(doc, old_agency, request)
	if request.action == ACCEPT:
		mark_accepted(doc)
		target = status.setting("accepted_status")
		if target and target != doc.status and target in status.allowed_next(doc.status):
			status.move(doc, target, source=request.source, note=_("Accepted by {0}").format(old_agency))
		else:
			status.log_note(doc, _("Accepted by {0}").format(old_agency), source=request.source)
		return
	row = open_referral(doc)
	now = now_datetime()
	if row:
		row.declined_on, row.decline_reason = now, request.reason
	doc.declined_on, doc.decline_reason = now, request.reason
	doc.accepted_on = doc.accepted_by = None
	doc.service_agency = doc.technician = None
	note = _("Declined by {0}: {1}").format(old_agency, request.reason)
	# head office's business: the customer is told when the reception is referred again
	doc.flags.internal_status_change = True
	target = status.setting("declined_status")
	if target and target != doc.status and target in status.allowed_next(doc.status):
		status.move(doc, target, source=request.source, note=note)
	else:
		status.log_note(doc, note, source=request.source)


def check_answerable(doc, old_agency: str | None, request):
	if not old_agency or doc.service_agency != old_agency:
		frappe.throw(
			_("Reception {0} is not referred to an agency.").format(doc.tracking_code),
			exc=ReferralAnswerError,
		)
	if status.category_of(doc.status) in CLOSED_CATEGORIES:
		frappe.throw(
			_("Reception {0} is closed ({1}); it can no longer be accepted or declined.").format(
				doc.tracking_code, doc.status
			),
			exc=ReferralAnswerError,
		)
	if request.action == ACCEPT and doc.accepted_on:
		frappe.throw(
			_("Reception {0} is already accepted.").format(doc.tracking_code), exc=ReferralAnswerError
		)
	if request.action == DECLINE:
		if len(request.reason) < MIN_REASON_LENGTH:
			frappe.throw(
				_(
					"Write why you decline reception {0} (at least {1} characters): head office reads it to refer it again."
				).format(doc.tracking_code, MIN_REASON_LENGTH),
				exc=ReferralAnswerError,
			)
		invoices = frappe.get_all(
			"Service Invoice",
			{"service_reception": doc.name, "agency": old_agency, "docstatus": ("<", 2)},
			pluck="name",
			limit=1,
		)
		if invoices:
			frappe.throw(
				_(
					"Reception {0} has Service Invoice {1} from your agency; cancel it before declining."
				).format(doc.tracking_code, invoices[0]),
				exc=ReferralAnswerError,
			)


def mark_accepted(doc):
	now = now_datetime()
	doc.accepted_on, doc.accepted_by = now, frappe.session.user
	doc.declined_on = doc.decline_reason = None
	row = open_referral(doc)
	if row:
		row.accepted_on, row.accepted_by = now, frappe.session.user


def open_referral(doc):
	return doc.referrals[-1] if doc.referrals and not doc.referrals[-1].ended_on else None


def assign_technician(doc, technician: str | None):
	"""Give the job to one of the referred agency's active technicians (None: to nobody)."""
	if status.category_of(doc.status) in CLOSED_CATEGORIES:
		frappe.throw(
			_("Reception {0} is closed ({1}); its technician can no longer change.").format(
				doc.tracking_code, doc.status
			),
			exc=ReferralAnswerError,
		)
	if technician and not frappe.db.exists("Service Technician", technician):
		frappe.throw(_("Technician {0} not found.").format(frappe.bold(technician)), exc=ReceptionError)
	doc.technician = technician or None
	doc.flags.ignore_permissions = True
	doc.save()


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
	target = status.setting("referral_status")
	if target and target != doc.status and target in status.allowed_next(doc.status):
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
			add_cartable_todos(doc, current)
	if doc.flags.status_changed and status.category_of(doc.status) in CLOSED_CATEGORIES:
		assign_to.close_all_assignments(doc.doctype, doc.name, ignore_permissions=True)


def add_cartable_todos(doc, users: list[str]):
	"""An open ToDo on the reception for each of `users` that has none: what Frappe's
	assign_to.add leaves (the ToDo, the reception's `_assign` for the desk's "Assigned To", the
	"Assigned" line in its timeline), written from the reception in hand.

	assign_to.add, on every referral, read the reception back twice (for the timeline line and for
	a permission check that the agency's users always pass: service_desk.permissions gives them
	their agency's receptions), and sent each user a desk notification (Notification Log and
	e-mail) - but these users work in the agency portal and the technician app, not the desk, and
	hear of a referral by SMS (notify_referral). That was about 20 of a reception save's 60
	statements (docs/benchmarks.md)."""
	have = set(
		frappe.get_all(
			"ToDo",
			filters={
				"reference_type": doc.doctype,
				"reference_name": doc.name,
				"status": "Open",
				"allocated_to": ("in", users),
			},
			pluck="allocated_to",
		)
	)
	description = _("Reception {0}: {1} ({2})").format(
		doc.tracking_code, doc.customer_name, ", ".join(d.item_name or d.item for d in doc.devices)
	)
	assigner = get_fullname(frappe.session.user)
	todo = None
	for user in users:
		if user in have:
			continue
		todo = frappe.get_doc(
			{
				"doctype": "ToDo",
				"status": "Open",
				"priority": "Medium",
				"date": nowdate(),
				"allocated_to": user,
				"reference_type": doc.doctype,
				"reference_name": doc.name,
				"description": description,
				"assigned_by": frappe.session.user,
				# what ToDo's fetch_from fills on a controller insert (the ToDo list shows it)
				"assigned_by_full_name": assigner,
			}
		)
		todo.db_insert()
		# the line ToDo.validate composes for the timeline
		doc.add_comment(
			"Assigned",
			_("{0} assigned {1}: {2}").format(assigner, get_fullname(user), description),
		)
	if todo:
		todo.update_in_reference()  # the reception's `_assign`, from all its open ToDos


def notify_referral(doc):
	"""SMS to a newly referred agency and technician; the technician's app, if open, hears of the
	job at once (realtime event `zhira_tech_job` to their user, once the save is committed)."""
	if not doc.flags.referral_changed:
		return
	old_agency, old_technician = doc.flags.referral_changed
	if doc.service_agency and doc.service_agency != old_agency:
		notify.send(
			notify.REFERRED_TO_AGENCY,
			doc,
			frappe.get_cached_value("Service Agency", doc.service_agency, "mobile_no"),
		)
	if doc.technician and doc.technician != old_technician:
		notify.send(
			notify.REFERRED_TO_TECHNICIAN,
			doc,
			frappe.db.get_value("Service Technician", doc.technician, "mobile_no"),
		)
		for user in technician_users(doc.technician):
			frappe.publish_realtime(
				TECHNICIAN_JOB_EVENT,
				{"job": doc.name, "tracking_code": doc.tracking_code},
				user=user,
				after_commit=True,
			)
