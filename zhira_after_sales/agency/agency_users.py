"""Head office manages an agency's portal users from the Service Agency form: invites a person by
email, by mobile or by both, and removes them.

    invite(agency, full_name, email=None, mobile=None, is_manager=0) -> dict
    remove(agency, user) -> dict

Only head office may do either: a user who may change the Service Agency (agency portal users
never may; their role only reads their own agency). Everything is checked before anything is
written, and the writes run under a savepoint: a refused invitation leaves no user, no row and no
message behind.

An invited person is a Website User (language Persian) listed in the agency's `portal_users`;
saving the agency gives them the Service Agency role. The invitation carries the link that sets
their password (Frappe's `User.reset_password`): by email through Frappe's welcome mail, by mobile
in an SMS of the event "Agency User Invitation" (stored in the outbox, then sent in the
background). A person invited by mobile only still needs an email for Frappe: they get
`<mobile>@mobile.invalid` (the `.invalid` domain can never receive mail, RFC 2606), no email
notifications, and log in with their mobile number (System Settings "Allow Login using Mobile
Number" is switched on when it was off). The User's mobile is stored as people type it at the
login page, 09xxxxxxxxx.
"""

import frappe
from frappe import _
from frappe.utils import cint, get_url, validate_email_address

from zhira_after_sales.access import is_head_office, is_restricted
from zhira_after_sales.agency.invoice_posting import as_system
from zhira_after_sales.exceptions import (
	AgencyUserConflictError,
	HeadOfficeOnlyError,
)
from zhira_after_sales.messaging.outbox import send_event
from zhira_after_sales.utils.fields import parse_mobile_input
from zhira_after_sales.utils.phone import IranPhone, number_variants
from zhira_after_sales.utils.text import normalize_persian

DOCTYPE = "Service Agency"
INVITATION_EVENT = "Agency User Invitation"
# where the made-up emails of mobile-only users live: a reserved domain no mail can reach
NO_MAIL_DOMAIN = "mobile.invalid"
STANDARD_USERS = ("Administrator", "Guest")


class AgencyInvitationError(frappe.ValidationError):
	"""The invitation itself is incomplete: no name, no way to reach the person."""


# --- the two actions --------------------------------------------------------------------------


def invite(agency, full_name: str, email: str | None = None, mobile: str | None = None, is_manager=0) -> dict:
	"""Make the person a portal user of `agency` and send them the link that sets their password.

	Returns {"user", "created", "already_member", "email_queued", "email_error", "sms",
	"sms_status", "sms_error", "mobile_login_enabled"}."""
	agency_doc = head_office_agency(agency)
	full_name = normalize_persian(full_name or "")
	if not full_name:
		frappe.throw(_("Type the full name of the person to invite."), exc=AgencyInvitationError)
	email = clean_email(email)
	phone = clean_mobile(mobile)
	if not email and not phone:
		frappe.throw(
			_("Type an email or a mobile number (or both): the invitation is sent there."),
			exc=AgencyInvitationError,
		)

	existing = find_user(email, phone)
	if existing:
		check_can_join(existing, agency_doc.name)
	user_name = existing or email or no_mail_email(phone)
	row = next((row for row in agency_doc.portal_users if row.user == user_name), None)
	already_member = bool(row)
	if not row:
		row = agency_doc.append("portal_users", {"user": user_name})
	row.is_manager = cint(is_manager)
	# the controller's own check (one agency per user), before anything is written
	agency_doc.validate_portal_users()

	savepoint = "agency_user_invite"
	frappe.db.savepoint(savepoint)
	try:
		user = (
			update_user(existing, full_name, email, phone) if existing else new_user(full_name, email, phone)
		)
		row.full_name = user.full_name
		agency_doc.save()
		result = {
			"user": user.name,
			"created": not existing,
			"already_member": already_member,
			"mobile_login_enabled": enable_mobile_login() if phone else False,
		}
		result.update(send_invitation(user, agency_doc, email, phone))
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	return result


def remove(agency, user: str) -> dict:
	"""Take `user` off the agency (the role follows); disable their login when nothing else needs it.
	Returns {"user", "disabled"}."""
	agency_doc = head_office_agency(agency)
	row = next((row for row in agency_doc.portal_users if row.user == user), None)
	if not row:
		frappe.throw(
			_("{0} is not a portal user of agency {1}.").format(
				frappe.bold(user), frappe.bold(agency_doc.name)
			),
			exc=AgencyInvitationError,
		)
	agency_doc.remove(row)
	for idx, other in enumerate(agency_doc.portal_users, 1):
		other.idx = idx
	agency_doc.save()
	return {"user": user, "disabled": disable_if_unused(user)}


# --- checks -----------------------------------------------------------------------------------


def head_office_agency(agency):
	"""The agency's document, if the session user is head office and may change it."""
	name = agency if isinstance(agency, str) else agency.name
	if not name or not frappe.db.exists(DOCTYPE, name):
		frappe.throw(
			_("Service Agency {0} does not exist.").format(frappe.bold(name)), exc=AgencyInvitationError
		)
	doc = agency if not isinstance(agency, str) else frappe.get_doc(DOCTYPE, name)
	if is_restricted() or not frappe.has_permission(DOCTYPE, "write", doc=doc):
		frappe.throw(
			_("Only head office managers may invite or remove the users of an agency."),
			exc=HeadOfficeOnlyError,
		)
	return doc


def clean_email(email: str | None) -> str | None:
	email = (email or "").strip().lower()
	if not email:
		return None
	if not validate_email_address(email) or email.endswith("@" + NO_MAIL_DOMAIN):
		frappe.throw(
			_("Email: {0} is not an email address. Type it as name@example.com, or leave it empty.").format(
				frappe.bold(email)
			),
			exc=AgencyInvitationError,
		)
	return email


def clean_mobile(mobile: str | None) -> IranPhone | None:
	if not mobile or not str(mobile).strip():
		return None
	return parse_mobile_input(mobile)


def no_mail_email(phone: IranPhone) -> str:
	"""The stable, undeliverable email of a person invited by mobile only."""
	return f"{phone.compact_national}@{NO_MAIL_DOMAIN}"


def find_user(email: str | None, phone: IranPhone | None) -> str | None:
	"""The existing user the invitation is for: by email, by mobile (in any stored form), or by the
	email a mobile-only invitation gave them. Refuses an email and a mobile of two different users."""
	by_email = frappe.db.get_value("User", email) if email else None
	by_mobile = None
	if phone:
		by_mobile = frappe.db.get_value(
			"User", {"mobile_no": ("in", number_variants(phone))}
		) or frappe.db.get_value("User", no_mail_email(phone))
	if email and by_mobile and by_mobile != by_email:
		frappe.throw(
			_(
				"Mobile {0} is already the login of user {1}. To invite that user, leave the email empty; otherwise correct the mobile."
			).format(frappe.bold(phone.national), frappe.bold(by_mobile)),
			exc=AgencyUserConflictError,
		)
	return by_email or by_mobile


def check_can_join(user: str, agency: str):
	"""Agency users are website users: never head office, never a technician of another agency.
	(One agency per user is the Service Agency controller's own check.)"""
	if user in STANDARD_USERS:
		frappe.throw(_("{0} cannot be an agency user.").format(user), exc=AgencyUserConflictError)
	if frappe.db.get_value("User", user, "user_type") == "System User" or is_head_office(user):
		frappe.throw(
			_(
				"{0} is a head-office (desk) user and cannot be an agency user. Invite the person with another email or mobile."
			).format(frappe.bold(user)),
			exc=AgencyUserConflictError,
		)
	other = frappe.db.get_value("Service Technician", {"user": user, "agency": ("!=", agency)}, "agency")
	if other:
		frappe.throw(
			_(
				"{0} is a technician of agency {1}. A user can belong to one agency only: remove their login from that technician first."
			).format(frappe.bold(user), frappe.bold(other)),
			exc=AgencyUserConflictError,
		)


# --- the user ---------------------------------------------------------------------------------


def new_user(full_name: str, email: str | None, phone: IranPhone | None):
	first_name, _space, last_name = full_name.partition(" ")
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email or no_mail_email(phone),
			"first_name": first_name,
			"last_name": last_name or None,
			"mobile_no": phone.compact_national if phone else None,
			"user_type": "Website User",
			"language": "fa",
			"send_welcome_email": 0,
			"enabled": 1,
		}
	)
	user.flags.no_welcome_mail = True  # the invitation is sent below, with its own link
	user.insert(ignore_permissions=True)
	if not email:
		# nothing Frappe would mail them (assignments, mentions) can reach a made-up address
		frappe.db.set_value("Notification Settings", user.name, "enable_email_notifications", 0)
	return user


def update_user(name: str, full_name: str, email: str | None, phone: IranPhone | None):
	"""An existing website user: enabled again, the invited mobile as their login mobile."""
	user = frappe.get_doc("User", name)
	user.enabled = 1
	if phone and user.mobile_no != phone.compact_national:  # the form Frappe's login matches
		user.mobile_no = phone.compact_national
	if not user.first_name:
		user.first_name, _space, last_name = full_name.partition(" ")
		user.last_name = last_name or None
	save_user(user)
	return user


def enable_mobile_login() -> bool:
	"""Switch on Frappe's login by mobile number; True when this call switched it on."""
	if cint(frappe.db.get_single_value("System Settings", "allow_login_using_mobile_number")):
		return False
	frappe.db.set_single_value("System Settings", "allow_login_using_mobile_number", 1)
	frappe.local.system_settings = None
	return True


def disable_if_unused(user: str) -> bool:
	"""Disable a website user who works for no agency and is no active technician."""
	if frappe.db.exists("Service Agency User", {"user": user, "parenttype": DOCTYPE}) or frappe.db.exists(
		"Service Technician", {"user": user, "is_active": 1}
	):
		return False
	doc = frappe.get_doc("User", user)
	if not doc.enabled or doc.user_type != "Website User" or is_head_office(user):
		return False
	doc.enabled = 0
	save_user(doc)
	return True


def save_user(user):
	"""Save a user as the system: enabling or disabling a user also saves their Notification
	Settings, which Frappe checks against the session user (head office may not write them)."""
	user.flags.ignore_permissions = True
	with as_system():
		user.save()


# --- the invitation ---------------------------------------------------------------------------


def send_invitation(user, agency_doc, email: str | None, phone: IranPhone | None) -> dict:
	"""One password-set link (a new one invalidates the last), sent to each channel given."""
	link = user.reset_password(send_email=False)
	result = {"email_queued": False, "email_error": None, "sms": None, "sms_status": None, "sms_error": None}
	if email:
		result.update(send_invitation_email(user, agency_doc, link))
	if phone:
		result.update(send_invitation_sms(user, agency_doc, link, phone))
	return result


def send_invitation_email(user, agency_doc, link: str) -> dict:
	"""Frappe's welcome mail (its "new_user" template, or the site's Welcome Email Template), queued."""
	try:
		user.send_login_mail(
			_("Invitation to the service agency portal of {0}").format(agency_doc.agency_name),
			"new_user",
			{"link": link, "site_url": get_url()},
			now=False,
			custom_template=frappe.db.get_system_setting("welcome_email_template"),
		)
	except frappe.OutgoingEmailError as e:
		frappe.clear_last_message()  # answered in the result, not as a second message
		return {"email_error": str(e) or _("No outgoing email account is set up.")}
	return {"email_queued": True}


def send_invitation_sms(user, agency_doc, link: str, phone: IranPhone) -> dict:
	"""The event's template filled from the invitation (`doc.full_name`, `doc.first_name`,
	`doc.agency_name`, `doc.invitation_link`, `doc.mobile_no`), stored in the outbox first."""
	invitation = frappe._dict(
		doctype="User",
		name=user.name,
		full_name=user.full_name,
		first_name=user.first_name,
		mobile_no=phone.compact_national,
		agency=agency_doc.name,
		agency_name=agency_doc.agency_name,
		invitation_link=link,
	)
	name = send_event(INVITATION_EVENT, invitation, to=phone.e164)
	status, error = frappe.db.get_value("SMS Message", name, ["status", "error"])
	return {"sms": name, "sms_status": status, "sms_error": error}
