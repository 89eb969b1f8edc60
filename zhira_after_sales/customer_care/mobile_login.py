"""Customers sign up and log in with their mobile number and a one-time code sent by SMS.

    send_code(mobile, client_ip, now=None) -> dict
    verify_code(mobile, code, full_name=None, client_ip=None, now=None) -> dict
    customer_of(user) -> Customer name or None

The endpoints are zhira_after_sales/api/customer_auth.py, the page /service/login. Email login
(Frappe's /login) stays as it is.

Sending. Any Iranian mobile number gets a code: the answer is the same whether or not the number
has an account, so nobody learns who is a customer. The code (6 digits) goes out as an SMS of the
event "Customer Login Code" through the outbox (the stored SMS Message is the record of it); only
its HMAC-SHA256 (per-code salt, the number, the site's encryption key) is kept, in Redis, with its
expiry time. A new code replaces the last one.

Verifying. A wrong code counts against the number and against the client address; the 5th wrong
code within 15 minutes locks the number for 15 minutes, in which even the right code is refused.
A code is used once. Expiry is decided by the time stored with the code (`now` may be passed, for
a caller that decides the time), not by Redis dropping the key, so an expired code is told apart
from no code at all.

The right code logs in the account of the number, found in this order: the User whose mobile it
is; the User of a Contact with that mobile linked to a Customer. With none, the person signs up:
a Website User with the role Customer, linked (Contact.user) to the Customer that has the number
(service_desk.customers.find_customers_by_mobile: its Contact with the number, else its primary
Contact, else a new Contact), or to a new individual Customer with a Contact holding the mobile.
A new Customer needs a name: verify answers {"needs_name": True} (the code stays usable until it
expires) and the page asks for it.

A signed-up user has no email, but Frappe needs one: they get `<09xxxxxxxxx>@mobile.invalid`, the
scheme agency users invited by mobile already have (agency/agency_users.py; `.invalid` is a
reserved domain no mail can reach, RFC 2606). No welcome mail is sent and their email
notifications are switched off.

Refused even with the right code: staff (System Users, head office roles), agency users and
technicians - they log in with their password at /login; disabled users; users whose roles need
two-factor authentication. Frappe's own checks of a login (allowed IP addresses, login hours)
apply through LoginManager.login_as.

Limits (otp_rules.Limits; site_config.json `zhira_mobile_login` may change any of them): a code
lives 3 minutes; one code per number per 60 s and 5 per hour; 20 codes per hour asked from one
client address; 5 wrong codes lock a number for 15 minutes; 30 wrong codes per hour from one
client address refuse that address. The client address is utils.throttle.client_address()
(X-Forwarded-For only from the site's trusted proxies). Many phones share one address behind a
mobile operator's NAT: raise `codes_per_client` if customers meet that limit.

Mind ERPNext's Portal Settings "Default Role at Time of Signup": set to Customer, ERPNext's
on_session_creation hook makes one more, nameless Customer (and a Contact with the made-up email)
at a mobile user's first login, because it looks for a Contact whose email is the user's. The user
stays the customer they were linked to (customer_of goes by the first link), but the stray
Customer is clutter: leave that setting empty (the default) with mobile login.
"""

import json
import time
from contextlib import contextmanager
from typing import NamedTuple
from urllib.parse import urlparse

import frappe
from frappe import _
from frappe.utils import get_url
from redis.exceptions import LockError

from zhira_after_sales.access import is_head_office, is_restricted
from zhira_after_sales.agency.agency_users import no_mail_email
from zhira_after_sales.customer_care import otp_rules as rules
from zhira_after_sales.messaging.outbox import send_event
from zhira_after_sales.service_desk.customers import create_customer, find_customers_by_mobile
from zhira_after_sales.utils.fields import parse_mobile_input
from zhira_after_sales.utils.phone import IranPhone, number_variants
from zhira_after_sales.utils.text import normalize_persian

EVENT = "Customer Login Code"
CUSTOMER_ROLE = "Customer"
STANDARD_USERS = ("Administrator", "Guest")
SETTINGS_KEY = "zhira_mobile_login"  # site_config.json: overrides of otp_rules.Limits
# how long an expired or used code is remembered, to say so instead of "no code"
KEEP_AFTER_EXPIRY = 15 * 60
LOCK_WAIT = 5  # seconds a request waits for another request about the same number


class MobileLoginError(frappe.ValidationError):
	"""The code or the name cannot be used: not 6 digits, wrong, expired, used, no name."""


class MobileLoginLimitError(frappe.RateLimitExceededError):
	"""Too many codes or wrong codes; the message says when to try again (HTTP 429)."""


class MobileLoginRefusedError(frappe.AuthenticationError):
	"""The right code, but this account does not log in by SMS code (staff, disabled, 2FA)."""


class Account(NamedTuple):
	user: str | None  # the existing user of the number
	customer: str | None  # that user's customer
	customers: list  # customers with the number, when the user has none
	needs_name: bool  # a new Customer must be made and nobody's name is known


# --- the two steps ------------------------------------------------------------------------------


def send_code(mobile, client_ip: str | None = None, now: float | None = None) -> dict:
	"""Send a new login code to `mobile`. Returns {"sent", "mobile" (as displayed), "expires_in",
	"resend_in"} - the same for every number - or {"sent": False, "message"} when the SMS could not
	be sent (SMS switched off, no gateway or template: see the Failed SMS Message)."""
	phone = parse_mobile(mobile)
	now = time.time() if now is None else float(now)
	limits = current_limits()
	client = client_ip or "unknown"
	with number_lock(phone):
		number_sends = read_state("sends", phone.e164) or []
		client_sends = read_state("client-sends", client) or []
		refusal = rules.send_refusal(number_sends, client_sends, now, limits)
		if refusal:
			refuse(refusal)
		write_state(
			"client-sends", client, [*rules.recent(client_sends, now, limits.window), now], limits.window
		)
		code = rules.generate_code()
		sms = send_event(EVENT, code_message(code, phone, limits), to=phone.e164)
		if frappe.db.get_value("SMS Message", sms, "status") == "Failed":
			return {
				"sent": False,
				"message": _(
					"We could not send the code by SMS right now. Try again in a few minutes, or log in with your email."
				),
			}
		write_state(
			"sends", phone.e164, [*rules.recent(number_sends, now, limits.window), now], limits.window
		)
		write_state(
			"code",
			phone.e164,
			rules.new_record(code, phone.e164, secret(), now, limits),
			limits.code_ttl + KEEP_AFTER_EXPIRY,
		)
	return {
		"sent": True,
		"mobile": phone.national,
		"expires_in": limits.code_ttl,
		"resend_in": limits.resend_after,
	}


def verify_code(
	mobile, code, full_name: str | None = None, client_ip: str | None = None, now: float | None = None
) -> dict:
	"""Check `code` for `mobile` and log the person in (signing them up first when the number has no
	account). Returns {"logged_in": True, "user", "customer", "full_name", "signed_up"}, or
	{"needs_name": True, "message"} when a new Customer needs the person's name (send it again with
	`full_name`)."""
	phone = parse_mobile(mobile)
	now = time.time() if now is None else float(now)
	limits = current_limits()
	client = client_ip or "unknown"
	typed = rules.clean_code(code)
	if not typed:
		frappe.throw(
			_("Type the {0}-digit code we sent to {1}.").format(rules.CODE_DIGITS, phone.national),
			exc=MobileLoginError,
		)
	name = clean_full_name(full_name)
	with number_lock(phone):
		check_code(phone, typed, client, now, limits)
		account = find_account(phone)
		if account.needs_name and not name:
			return {"needs_name": True, "message": _("Welcome! Type your full name to finish signing up.")}
		use_code(phone, now)
	user, customer, signed_up = complete_account(phone, account, name)
	log_in(user)
	return {
		"logged_in": True,
		"user": user,
		"customer": customer,
		"full_name": frappe.utils.get_fullname(user),
		"signed_up": signed_up,
	}


def customer_of(user: str | None) -> str | None:
	"""The Customer a portal user is: through the Contact whose user they are (its Customer link,
	as Frappe's portal links contacts), else through the Customer's Portal Users (ERPNext v15's
	portal list). The first such link stays the answer when more are added. Disabled customers do
	not count; Guest and the standard users are nobody's."""
	if not user or user in STANDARD_USERS:
		return None
	contact = frappe.qb.DocType("Contact")
	link = frappe.qb.DocType("Dynamic Link")
	customer = frappe.qb.DocType("Customer")
	through_contact = (
		frappe.qb.from_(contact)
		.join(link)
		.on((link.parent == contact.name) & (link.parenttype == "Contact") & (link.parentfield == "links"))
		.join(customer)
		.on(customer.name == link.link_name)
		.select(link.link_name)
		.where(contact.user == user)
		.where(link.link_doctype == "Customer")
		.where(customer.disabled == 0)
		.orderby(contact.creation)
		.orderby(link.idx)
		.limit(1)
		.run(pluck=True)
	)
	if through_contact:
		return through_contact[0]
	portal_user = frappe.qb.DocType("Portal User")
	through_portal = (
		frappe.qb.from_(portal_user)
		.join(customer)
		.on(customer.name == portal_user.parent)
		.select(portal_user.parent)
		.where(portal_user.user == user)
		.where(portal_user.parenttype == "Customer")
		.where(customer.disabled == 0)
		.orderby(portal_user.creation)
		.limit(1)
		.run(pluck=True)
	)
	return through_portal[0] if through_portal else None


# --- input --------------------------------------------------------------------------------------


def parse_mobile(mobile) -> IranPhone:
	return parse_mobile_input(mobile)


def clean_full_name(value) -> str | None:
	"""The name as typed (Persian letters normalised), None when nothing was typed."""
	name = normalize_persian(value or "")
	if not name:
		return None
	if len(name) < 2 or len(name) > 140 or not any(ch.isalpha() for ch in name):
		frappe.throw(_("Type your full name, for example Ali Rezaei."), exc=MobileLoginError)
	return name


def current_limits() -> rules.Limits:
	return rules.Limits.with_overrides(frappe.conf.get(SETTINGS_KEY))


def secret() -> str:
	from frappe.utils.password import get_encryption_key

	return get_encryption_key()


# --- state in Redis -----------------------------------------------------------------------------


def state_key(kind: str, ident: str) -> str:
	"""The Redis key of one piece of login state: code, sends, failures (per number), client-sends,
	client-wrong (per client address)."""
	return frappe.cache.make_key(f"zhira:mobile-login:{kind}:{ident}")


def read_state(kind: str, ident: str):
	raw = frappe.cache.get(state_key(kind, ident))
	return json.loads(raw) if raw else None


def write_state(kind: str, ident: str, value, seconds: float):
	frappe.cache.set(state_key(kind, ident), json.dumps(value), ex=max(1, int(seconds)))


def forget_state(kind: str, ident: str):
	frappe.cache.delete(state_key(kind, ident))


@contextmanager
def number_lock(phone: IranPhone):
	"""One request at a time per number: the counts, the lock and using a code up are read and
	written together (two requests with the same right code log in once)."""
	lock = frappe.cache.lock(state_key("lock", phone.e164), timeout=30, blocking_timeout=LOCK_WAIT)
	if not lock.acquire():
		frappe.throw(
			_("Another request for this number is under way. Try again in a moment."),
			exc=MobileLoginLimitError,
			title=_("Please wait"),
		)
	try:
		yield
	finally:
		try:
			lock.release()
		except LockError:  # held longer than its timeout: already released
			pass


# --- the checks ---------------------------------------------------------------------------------


def wait_text(seconds: int) -> str:
	amount, unit = rules.wait_in_words(seconds)
	return _("{0} seconds").format(amount) if unit == "seconds" else _("{0} minutes").format(amount)


def refuse(refusal: rules.Refusal, verifying: bool = False):
	wait = wait_text(refusal.retry_after)
	if refusal.reason == rules.TOO_SOON:
		message = _("A code was just sent to this number. You can ask for another in {0}.").format(wait)
	elif refusal.reason == rules.NUMBER_LIMIT:
		message = _("Too many codes were sent to this number. Try again in {0}.").format(wait)
	elif verifying:
		message = _("Too many wrong codes were typed from your network. Try again in {0}.").format(wait)
	else:
		message = _("Too many codes were asked for from your network. Try again in {0}.").format(wait)
	frappe.throw(message, exc=MobileLoginLimitError, title=_("Please wait"))


def refuse_locked(seconds: int):
	frappe.throw(
		_("Too many wrong codes: this number is locked. Try again in {0}.").format(wait_text(seconds)),
		exc=MobileLoginLimitError,
		title=_("Please wait"),
	)


def check_code(phone: IranPhone, typed: str, client: str, now: float, limits: rules.Limits):
	"""Refuse a locked number or client, a missing, expired or used code and a wrong one (counted)."""
	client_wrong = read_state("client-wrong", client) or []
	refusal = rules.client_refusal(client_wrong, now, limits)
	if refusal:
		refuse(refusal, verifying=True)
	failures = rules.Failures.from_dict(read_state("failures", phone.e164))
	locked = rules.lock_remaining(failures, now)
	if locked:
		refuse_locked(locked)

	record = read_state("code", phone.e164)
	state = rules.code_state(record, now)
	if state == rules.MISSING:
		frappe.throw(_("There is no code for this number. Ask for a new code."), exc=MobileLoginError)
	if state == rules.EXPIRED:
		frappe.throw(_("This code has expired. Ask for a new code."), exc=MobileLoginError)
	if state == rules.USED:
		frappe.throw(_("This code has already been used. Ask for a new code."), exc=MobileLoginError)
	if rules.code_matches(typed, record["hash"], record["salt"], phone.e164, secret()):
		return

	failures = rules.register_wrong(failures, now, limits)
	write_state("failures", phone.e164, failures.as_dict(), limits.lock_seconds)
	write_state("client-wrong", client, [*rules.recent(client_wrong, now, limits.window), now], limits.window)
	locked = rules.lock_remaining(failures, now)
	if locked:
		refuse_locked(locked)
	frappe.throw(
		_("Wrong code. You can try {0} more times.").format(rules.tries_left(failures, now, limits)),
		exc=MobileLoginError,
	)


def use_code(phone: IranPhone, now: float):
	"""The code is spent, and the number's wrong codes are forgotten."""
	record = read_state("code", phone.e164)
	record["used"] = True
	write_state("code", phone.e164, record, max(1, record["expires_at"] - now) + KEEP_AFTER_EXPIRY)
	forget_state("failures", phone.e164)


# --- whose number -------------------------------------------------------------------------------


def find_account(phone: IranPhone) -> Account:
	"""The account the number logs in to, refusing those that may not log in by SMS code. Writes
	nothing."""
	variants = number_variants(phone)
	users = frappe.get_all(
		"User",
		{"mobile_no": ("in", variants), "name": ("not in", STANDARD_USERS)},
		["name", "enabled"],
		order_by="creation asc",
	) or users_of_contacts(variants)
	user = None
	if users:
		for row in users:
			refuse_staff(row.name)
		enabled = [row.name for row in users if row.enabled]
		if not enabled:
			frappe.throw(
				_("The account of this mobile number is disabled. Contact us to enable it."),
				exc=MobileLoginRefusedError,
			)
		user = next((name for name in enabled if customer_of(name)), enabled[0])
		refuse_two_factor(user)
	customer = customer_of(user) if user else None
	customers = [] if customer else find_customers_by_mobile(phone.e164)
	return Account(user, customer, customers, needs_name=not user and not customers)


def users_of_contacts(variants: list[str]) -> list:
	"""Users of Contacts that hold the number and are linked to a Customer."""
	phone = frappe.qb.DocType("Contact Phone")
	contact = frappe.qb.DocType("Contact")
	link = frappe.qb.DocType("Dynamic Link")
	user = frappe.qb.DocType("User")
	return (
		frappe.qb.from_(phone)
		.join(contact)
		.on(contact.name == phone.parent)
		.join(link)
		.on((link.parent == contact.name) & (link.parenttype == "Contact"))
		.join(user)
		.on(user.name == contact.user)
		.select(user.name, user.enabled)
		.distinct()
		.where(phone.parenttype == "Contact")
		.where(phone.phone.isin(variants))
		.where(link.link_doctype == "Customer")
		.where(user.name.notin(STANDARD_USERS))
		.orderby(user.creation)
		.run(as_dict=True)
	)


def refuse_staff(user: str):
	if (
		frappe.db.get_value("User", user, "user_type") != "Website User"
		or is_head_office(user)
		or is_restricted(user)
	):
		frappe.throw(
			_(
				"This mobile number belongs to a staff, agency or technician account, which cannot log in with an SMS code. Log in with your email or username and password."
			),
			exc=MobileLoginRefusedError,
		)


def refuse_two_factor(user: str):
	from frappe.twofactor import should_run_2fa

	if should_run_2fa(user):
		frappe.throw(
			_(
				"Your account uses two-factor authentication, which SMS code login does not support. Log in with your email and password."
			),
			exc=MobileLoginRefusedError,
		)


# --- signing up ---------------------------------------------------------------------------------


def complete_account(phone: IranPhone, account: Account, full_name: str | None) -> tuple[str, str, bool]:
	"""The user (made when missing) with the Customer role, linked to its customer (made when
	missing). Returns (user, customer, signed_up)."""
	customer = account.customer or (account.customers[0] if account.customers else None)
	signed_up = not account.user
	if account.user:
		user = account.user
		keep_user(user, phone)
	else:
		name = full_name or frappe.db.get_value("Customer", customer, "customer_name")
		user = new_user(name, phone)
	if not account.customer:
		if customer:
			link_contact(customer, user, phone)
		else:
			customer = new_customer(full_name or frappe.utils.get_fullname(user), user, phone)
	return user, customer, signed_up


def new_user(full_name: str, phone: IranPhone) -> str:
	first_name, _space, last_name = full_name.partition(" ")
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": unused_email(phone),
			"first_name": first_name,
			"last_name": last_name or None,
			"mobile_no": phone.compact_national,  # the form Frappe's login by mobile matches
			"user_type": "Website User",
			"language": frappe.local.lang or None,
			"send_welcome_email": 0,
			"enabled": 1,
			"roles": [{"role": CUSTOMER_ROLE}],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	# nothing Frappe would mail them (assignments, mentions) can reach a made-up address
	frappe.db.set_value("Notification Settings", user.name, "enable_email_notifications", 0)
	return user.name


def unused_email(phone: IranPhone) -> str:
	"""<09xxxxxxxxx>@mobile.invalid, or with a suffix when an earlier user of the number (who has
	since changed their mobile) holds it."""
	email = no_mail_email(phone)
	local, _at, domain = email.partition("@")
	suffix = 1
	while frappe.db.exists("User", email):
		suffix += 1
		email = f"{local}.{suffix}@{domain}"
	return email


def keep_user(user: str, phone: IranPhone):
	"""An existing website user: the Customer role, and the number as their mobile if they had none."""
	doc = frappe.get_doc("User", user)
	changed = False
	if not doc.mobile_no:
		doc.mobile_no = phone.compact_national
		changed = True
	if CUSTOMER_ROLE not in {row.role for row in doc.roles}:
		doc.append("roles", {"role": CUSTOMER_ROLE})
		changed = True
	if changed:
		doc.flags.ignore_permissions = True
		doc.save()


def link_contact(customer: str, user: str, phone: IranPhone):
	"""Make `user` the user of the customer's Contact with this number, else of its primary Contact
	(adding the number), else of a new Contact."""
	contact = customer_contact(customer, phone)
	if contact:
		doc = frappe.get_doc("Contact", contact)
	else:
		doc = frappe.new_doc("Contact")
		doc.first_name = frappe.db.get_value("Customer", customer, "customer_name")
		doc.append("links", {"link_doctype": "Customer", "link_name": customer})
	doc.user = user
	if not set(number_variants(phone)) & {row.phone for row in doc.phone_nos}:
		doc.add_phone(phone.e164, is_primary_mobile_no=0 if doc.mobile_no else 1)
	doc.flags.ignore_permissions = True
	doc.save()


def customer_contact(customer: str, phone: IranPhone) -> str | None:
	"""The customer's Contact without a user that holds this number, else its primary Contact if it
	has no user."""
	contact = frappe.qb.DocType("Contact")
	link = frappe.qb.DocType("Dynamic Link")
	contact_phone = frappe.qb.DocType("Contact Phone")
	with_number = (
		frappe.qb.from_(contact)
		.join(link)
		.on((link.parent == contact.name) & (link.parenttype == "Contact"))
		.join(contact_phone)
		.on((contact_phone.parent == contact.name) & (contact_phone.parenttype == "Contact"))
		.select(contact.name)
		.distinct()
		.where(link.link_doctype == "Customer")
		.where(link.link_name == customer)
		.where(contact_phone.phone.isin(number_variants(phone)))
		.where(contact.user.isnull() | (contact.user == ""))
		.orderby(contact.creation)
		.limit(1)
		.run(pluck=True)
	)
	if with_number:
		return with_number[0]
	primary = frappe.db.get_value("Customer", customer, "customer_primary_contact")
	if primary and not frappe.db.get_value("Contact", primary, "user"):
		return primary
	return None


def new_customer(full_name: str, user: str, phone: IranPhone) -> str:
	"""An individual Customer with a Contact holding the mobile (service_desk's, as a reception
	makes one), the Contact's user being `user`."""
	details = frappe._dict(customer_name=full_name, mobile_no=phone.e164)
	customer = create_customer(details)
	if details.contact:
		frappe.db.set_value("Contact", details.contact, "user", user)
	else:
		link_contact(customer, user, phone)
	return customer


# --- the SMS and the session --------------------------------------------------------------------


def code_message(code: str, phone: IranPhone, limits: rules.Limits) -> frappe._dict:
	"""What the event's template is filled from: `doc.code`, `doc.minutes` (how long it lives),
	`doc.domain` (the site's host, for the last line "@host #code" that lets a phone's browser offer
	the code: WebOTP), `doc.mobile_no`. It names no account."""
	return frappe._dict(
		doctype="User",
		name=None,
		code=code,
		minutes=-(-limits.code_ttl // 60),
		domain=urlparse(get_url()).hostname or "",
		mobile_no=phone.compact_national,
	)


def log_in(user: str):
	"""A new session for `user` in this web request, through Frappe's LoginManager (its login hooks,
	allowed IP addresses and hours, the session cookie)."""
	manager = getattr(frappe.local, "login_manager", None)
	if manager is None:
		frappe.throw(_("Logging in with a code needs a web request."), exc=MobileLoginError)
	manager.login_as(user)
