"""The technician app's service: what a technician's phone reads and does through API v1
(zhira_after_sales.api.v1.tech, documented in docs/api/technician-v1.openapi.json).

    current_technician()                      the caller's active Service Technician, else 403
    login(usr, pwd)                           password -> API key and a fresh secret (technicians only)
    me(technician)                            who they are, statuses, SMS number, service types, stock
    jobs(technician)                          open jobs and those closed in the last 7 days
    job(technician, name)                     one job with its next statuses, history, invoices
    change_status(technician, ...)            a status change taken on the phone (idempotent)
    file_invoice(technician, ...)             a work report for the technician's agency (idempotent)
    upload_photo(technician, ...)             a photo for one of their Draft or Pending invoices

A technician sees and changes only receptions whose `technician` is them: another technician's or
agency's job is "not found", exactly like a missing one. Every action the phone queues carries a
`client_id`; it is stored as a Technician Action before the action is applied, in the same
transaction, so an action sent twice is applied once and a failed one leaves nothing behind. A
status change taken while the job moved on or was referred to someone else is a conflict: stored
and answered, never applied.
"""

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import add_days, cint, cstr, escape_html, get_datetime, get_system_timezone, now_datetime

from zhira_after_sales.agency import portal_invoices
from zhira_after_sales.agency.portal import consignment_stock
from zhira_after_sales.consts import CLOSED_CATEGORIES
from zhira_after_sales.exceptions import PortalInputError, ServiceInvoiceError
from zhira_after_sales.service_desk import status_service
from zhira_after_sales.utils import throttle

ACTION = "Technician Action"
RECEPTION = "Service Reception"
INVOICE = "Service Invoice"
STATUS_ACTION, INVOICE_ACTION = "Status", "Invoice"
APPLIED, DUPLICATE, CONFLICT = "Applied", "Duplicate", "Conflict"
SOURCE = "app"
# closed jobs stay on the phone this long after they closed
CLOSED_DAYS = 7
# invoices a technician may still add photos to
PHOTO_STATES = ("Draft", "Pending")
# login attempts, counted per client address and per username
LOGIN_WINDOW = 10 * 60
LOGIN_LIMIT_PER_ADDRESS = 30
LOGIN_LIMIT_PER_USERNAME = 10
SAVEPOINT = "technician_action"

DEVICE_FIELDS = (
	"item",
	"item_name",
	"serial_no",
	"service_type",
	"warranty_status",
	"warranty_note",
	"declared_defects",
	"customer_device",
)


# --- who is asking ------------------------------------------------------------------------------


def current_technician() -> frappe._dict:
	"""The active Service Technician whose login the caller is; anyone else is refused (403)."""
	user = frappe.session.user
	technician = (
		frappe.db.get_value(
			"Service Technician",
			{"user": user, "is_active": 1},
			["name", "full_name", "agency", "user"],
			as_dict=True,
		)
		if user and user != "Guest"
		else None
	)
	if not technician:
		frappe.throw(
			_(
				"The technician app is for active technicians. Ask your agency to register your login as a technician."
			),
			frappe.PermissionError,
		)
	return technician


def not_found(name) -> None:
	frappe.throw(
		_("Reception {0} not found.").format(frappe.bold(escape_html(cstr(name)))), frappe.DoesNotExistError
	)


def own_job(technician: frappe._dict, name) -> str:
	"""The name of the reception `name` (a name or tracking code) if it is assigned to `technician`;
	else not found, the same for another's job and a missing one."""
	found = status_service.find_reception(name) if isinstance(name, str) else None
	if not found or frappe.db.get_value(RECEPTION, found, "technician") != technician.name:
		not_found(name)
	return found


def was_assigned(technician: frappe._dict, name: str) -> bool:
	"""The reception was referred to this technician once (it has since gone to someone else)."""
	return bool(
		frappe.db.exists(
			"Service Reception Referral",
			{"parenttype": RECEPTION, "parent": name, "technician": technician.name},
		)
	)


def require(value, name: str):
	if value in (None, "") or (isinstance(value, str) and not value.strip()):
		frappe.throw(_("{0}: this value is required.").format(name), exc=PortalInputError)
	return value.strip() if isinstance(value, str) else value


# --- login --------------------------------------------------------------------------------------


def count_login_attempt(username: str):
	"""At most LOGIN_LIMIT_PER_ADDRESS attempts from one address and LOGIN_LIMIT_PER_USERNAME for
	one username in LOGIN_WINDOW seconds (429 beyond)."""
	for client, limit in (
		(throttle.client_address(), LOGIN_LIMIT_PER_ADDRESS),
		("user:" + username.strip().lower()[:140], LOGIN_LIMIT_PER_USERNAME),
	):
		throttle.hit(
			"tech-login",
			limit,
			LOGIN_WINDOW,
			client=client,
			message=_("Too many login attempts. Try again in {0} minutes."),
		)


def refuse_login():
	"""One answer for a wrong password, an unknown or disabled user and a user who is no technician."""
	frappe.throw(
		_("Wrong username or password. Check them and try again."),
		frappe.AuthenticationError,
		title=_("Login failed"),
	)


def login(usr: str | None, pwd: str | None) -> dict:
	"""Check the password as Frappe's login does (lockout after failed attempts, the authentication
	log) and give an active technician their API key with a new secret: the previous secret stops
	working, so the last phone to log in holds the only valid token."""
	from frappe.twofactor import should_run_2fa

	usr, pwd = cstr(usr).strip(), cstr(pwd)
	if not usr or not pwd:
		refuse_login()
	count_login_attempt(usr)
	manager = frappe.local.login_manager
	before = manager.user
	try:
		manager.authenticate(user=usr, pwd=pwd)
		user = manager.user
	except frappe.AuthenticationError:
		frappe.local.response.pop("message", None)  # Frappe's untranslated reason
		refuse_login()
	finally:
		manager.user = before
	technician = frappe.db.get_value(
		"Service Technician", {"user": user, "is_active": 1}, ["name", "full_name"], as_dict=True
	)
	if not technician:
		refuse_login()
	if should_run_2fa(user):
		frappe.throw(
			_(
				"Your account uses two-factor authentication, which the technician app does not support: ask head office to turn it off for technicians' accounts."
			),
			frappe.AuthenticationError,
		)
	api_key = frappe.db.get_value("User", user, "api_key")
	if not api_key:
		api_key = frappe.generate_hash(length=15)
		frappe.db.set_value("User", user, "api_key", api_key, update_modified=False)
	api_secret = frappe.generate_hash(length=15)
	from frappe.utils.password import set_encrypted_password

	set_encrypted_password("User", user, api_secret, "api_secret")
	frappe.clear_document_cache("User", user)
	return {
		"api_key": api_key,
		"api_secret": api_secret,
		"user": user,
		"technician": technician.name,
		"full_name": technician.full_name,
	}


# --- reading ------------------------------------------------------------------------------------


def iso(value) -> str | None:
	"""A stored (system time zone) datetime as ISO 8601 with its offset, e.g. 2026-01-31T09:30:00+03:30."""
	if not value:
		return None
	moment = get_datetime(value)
	return moment.replace(tzinfo=ZoneInfo(get_system_timezone())).isoformat(timespec="seconds")


def server_time() -> str:
	return iso(now_datetime())


def status_rows(active_only: bool = True) -> dict[str, frappe._dict]:
	filters = {"is_active": 1} if active_only else {}
	return {
		row.name: row
		for row in frappe.get_all(
			"Service Status",
			filters,
			["name", "customer_label", "color", "category", "sms_code"],
			order_by="sort_order asc",
		)
	}


def status_label(row) -> str:
	return row.customer_label or row.name


def sms_number() -> str | None:
	"""The line technicians text status commands to: an enabled gateway that reads its inbox."""
	numbers = frappe.get_all(
		"SMS Gateway",
		{"enabled": 1, "receive_inbound": 1, "sender": ("is", "set")},
		pluck="sender",
		order_by="is_default desc, modified desc",
		limit=1,
	)
	return numbers[0] if numbers else None


def me(technician: frappe._dict) -> dict:
	user = technician.user
	return {
		"technician": technician.name,
		"full_name": technician.full_name,
		"agency": technician.agency,
		"agency_name": frappe.db.get_value("Service Agency", technician.agency, "agency_name"),
		"user": user,
		"language": frappe.db.get_value("User", user, "language")
		or frappe.db.get_single_value("System Settings", "language")
		or "fa",
		"sms_number": sms_number(),
		# what a work report is made of: the service types, and the parts the agency holds
		"service_types": frappe.get_all("Service Type", ["name", "code"], order_by="name asc"),
		"consignment_stock": [
			{"item": row.item, "item_name": row.item_name, "qty": row.qty, "stock_uom": row.stock_uom}
			for row in consignment_stock(technician.agency)
		],
		"statuses": [
			{
				"name": row.name,
				"label": status_label(row),
				"color": row.color,
				"category": row.category,
				"sms_code": row.sms_code,
			}
			for row in status_rows().values()
		],
		"server_time": server_time(),
	}


def summaries(names: list[str]) -> list[dict]:
	"""Job summaries of the receptions `names`, in that order (three queries for any number)."""
	if not names:
		return []
	receptions = {
		row.name: row
		for row in frappe.get_all(
			RECEPTION,
			{"name": ("in", names)},
			[
				"name",
				"tracking_code",
				"status",
				"customer_name",
				"mobile_no",
				"phone_no",
				"city",
				"address_line",
				"received_on",
				"referred_on",
				"modified",
			],
		)
	}
	devices: dict[str, list] = {}
	for row in frappe.get_all(
		"Service Reception Device",
		{"parenttype": RECEPTION, "parent": ("in", names)},
		["parent", *DEVICE_FIELDS],
		order_by="idx asc",
	):
		devices.setdefault(row.parent, []).append({field: row.get(field) for field in DEVICE_FIELDS})
	statuses = status_rows(active_only=False)
	out = []
	for name in names:
		row = receptions[name]
		status = statuses.get(row.status) or frappe._dict()
		out.append(
			{
				"name": row.name,
				"tracking_code": row.tracking_code,
				"status": row.status,
				"status_color": status.color,
				"category": status.category,
				"customer_name": row.customer_name,
				"mobile_no": row.mobile_no,
				"phone_no": row.phone_no,
				"city": row.city,
				"address": row.address_line,
				"received_on": iso(row.received_on),
				"referred_on": iso(row.referred_on),
				"modified": iso(row.modified),
				"devices": devices.get(name, []),
			}
		)
	return out


def jobs(technician: frappe._dict) -> dict:
	"""The technician's open jobs and those closed in the last CLOSED_DAYS days, newest referral
	first."""
	reception = frappe.qb.DocType(RECEPTION)
	status = frappe.qb.DocType("Service Status")
	recent = add_days(now_datetime(), -CLOSED_DAYS)
	names = (
		frappe.qb.from_(reception)
		.left_join(status)
		.on(status.name == reception.status)
		.select(reception.name)
		.where(reception.technician == technician.name)
		.where(
			status.category.isnull()
			| status.category.notin(CLOSED_CATEGORIES)
			| (reception.closed_on >= recent)
		)
		.orderby(reception.referred_on, order=frappe.qb.desc)
		.orderby(reception.modified, order=frappe.qb.desc)
		.run(pluck=True)
	)
	return {"jobs": summaries(names), "server_time": server_time()}


def allowed_next(name: str) -> list[dict]:
	"""The statuses the job may move to now, as this technician may move it (head-office-only
	statuses left out by the status service)."""
	return [
		{"name": row.name, "label": status_label(row), "color": row.color, "sms_code": row.sms_code}
		for row in status_service.get_allowed_statuses(name)
	]


def job(technician: frappe._dict, name) -> dict:
	name = own_job(technician, name)
	doc = frappe.get_doc(RECEPTION, name)
	names = {}

	def full_name(user):
		if user and user not in names:
			names[user] = frappe.utils.get_fullname(user)
		return names.get(user)

	return {
		**summaries([name])[0],
		"allowed_next": allowed_next(name),
		"history": [
			{
				"status": row.status,
				"previous_status": row.previous_status,
				"at": iso(row.at),
				"client_at": iso(row.client_at),
				"source": row.source,
				"note": row.note,
				"by": full_name(row.by),
			}
			for row in reversed(doc.status_log)
		],
		"invoices": frappe.get_all(
			INVOICE,
			{"service_reception": name, "technician": technician.name},
			["name", "customer_device", "invoice_type", "approval_status", "docstatus"],
			order_by="creation desc",
		),
	}


# --- actions ------------------------------------------------------------------------------------


def clean_client_id(value) -> str:
	"""The action's id from the phone, a UUID, in its canonical form."""
	require(value, "client_id")
	try:
		return str(uuid.UUID(cstr(value).strip()))
	except ValueError:
		frappe.throw(
			_("client_id: {0} is not a UUID. Send the id the app made for this action.").format(
				escape_html(cstr(value)[:60])
			),
			exc=PortalInputError,
		)


def parse_client_time(value) -> datetime.datetime | None:
	"""The phone's time of the action (ISO 8601; with an offset or Z it is converted to the
	system's time zone, without one it is taken as the system's)."""
	if value in (None, ""):
		return None
	text = cstr(value).strip()
	try:
		moment = datetime.datetime.fromisoformat(re.sub(r"[zZ]$", "+00:00", text))
	except ValueError:
		frappe.throw(
			_(
				"client_time: {0} is not a date and time. Send the phone's time of the action in ISO 8601, for example 2026-01-31T09:30:00+03:30."
			).format(escape_html(text[:60])),
			exc=PortalInputError,
		)
	if moment.tzinfo:
		moment = moment.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)
	return moment


def stored_action(client_id: str, for_update: bool = False) -> frappe._dict | None:
	return frappe.db.get_value(
		ACTION,
		{"client_id": client_id},
		["name", "technician", "action", "reception", "result", "message", "reference_name"],
		as_dict=True,
		for_update=for_update,
	)


def replayed(stored: frappe._dict, technician: frappe._dict, action: str) -> frappe._dict:
	if stored.technician != technician.name or stored.action != action:
		frappe.throw(
			_("client_id: this id belongs to another action. Make a new id for each action."),
			exc=PortalInputError,
		)
	return stored


def record(technician: frappe._dict, client_id: str, values: dict, act) -> tuple[frappe._dict, bool]:
	"""Store the action, then `act()` -> (result, message, reference doctype, reference name), in one
	savepoint: if acting fails, the stored action goes too and the phone may send it again.

	Returns (the Technician Action, True if it was stored before: this is a repeat). Two requests
	with one client id at once: the second waits on the unique index, then reads the first."""
	stored = stored_action(client_id)
	if stored:
		return replayed(stored, technician, values["action"]), True
	frappe.db.savepoint(SAVEPOINT)
	log = frappe.get_doc(
		{
			"doctype": ACTION,
			"client_id": client_id,
			"technician": technician.name,
			"user": frappe.session.user,
			"received_on": now_datetime(),
			**values,
		}
	)
	try:
		log.insert(ignore_permissions=True)
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		frappe.db.rollback(save_point=SAVEPOINT)
		frappe.clear_last_message()
		return replayed(stored_action(client_id, for_update=True), technician, values["action"]), True
	try:
		result, message, reference_doctype, reference_name = act()
	except Exception:
		frappe.db.rollback(save_point=SAVEPOINT)
		raise
	log.db_set(
		{
			"result": result,
			"message": message,
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
		},
		update_modified=False,
	)
	return log, False


def job_state(technician: frappe._dict, name: str) -> dict:
	"""The job as the phone should show it after an action: no next statuses once it is not theirs."""
	values = frappe.db.get_value(RECEPTION, name, ["status", "technician"], as_dict=True)
	mine = values.technician == technician.name
	return {"name": name, "status": values.status, "allowed_next": allowed_next(name) if mine else []}


def change_status(
	technician: frappe._dict,
	job: str | None,
	status: str | None,
	client_id: str | None,
	note: str | None = None,
	client_time: str | None = None,
	expected_status: str | None = None,
) -> dict:
	"""Apply a status change the technician took on the phone, once. A job that moved from
	`expected_status` meanwhile, was referred to someone else, or may not move to `status` now
	is a conflict: stored and answered, not applied."""
	client_id = clean_client_id(client_id)
	job, target = require(job, "job"), require(status, "status")
	client_at = parse_client_time(client_time)
	expected_status = cstr(expected_status).strip() or None
	note = cstr(note).strip() or None

	stored = stored_action(client_id)
	if stored:
		replayed(stored, technician, STATUS_ACTION)
		return status_answer(stored.result, stored.message, job_state(technician, stored.reception))

	name = status_service.find_reception(job) if isinstance(job, str) else None
	if not name or (
		frappe.db.get_value(RECEPTION, name, "technician") != technician.name
		and not was_assigned(technician, name)
	):
		not_found(job)
	if not frappe.db.exists("Service Status", target):
		frappe.throw(
			_("status: {0} is not a status. Send one of the job's allowed next statuses.").format(
				frappe.bold(escape_html(target))
			),
			exc=PortalInputError,
		)

	def act():
		doc = frappe.get_doc(RECEPTION, name, for_update=True)
		if doc.technician != technician.name:
			return (
				CONFLICT,
				_(
					"Reception {0} is no longer assigned to you: it was referred again. Your change to {1} was not applied."
				).format(doc.tracking_code, target),
				RECEPTION,
				name,
			)
		if expected_status and doc.status != expected_status:
			return (
				CONFLICT,
				_(
					"Reception {0} moved to {1} meanwhile (you saw {2}). Your change to {3} was not applied; look at the job and choose again."
				).format(doc.tracking_code, doc.status, expected_status, target),
				RECEPTION,
				name,
			)
		if target not in {row["name"] for row in allowed_next(name)}:
			return (
				CONFLICT,
				_(
					"Reception {0} in status {1} cannot move to {2}. Your change was not applied; choose one of the statuses offered."
				).format(doc.tracking_code, doc.status, target),
				RECEPTION,
				name,
			)
		doc.flags.ignore_permissions = True
		doc.change_status(target, SOURCE, note, client_at=client_at)
		return APPLIED, _("Reception {0} moved to {1}.").format(doc.tracking_code, target), RECEPTION, name

	log, repeated = record(
		technician,
		client_id,
		{
			"action": STATUS_ACTION,
			"reception": name,
			"target": target,
			"expected_status": expected_status
			if expected_status and frappe.db.exists("Service Status", expected_status)
			else None,
			"client_time": client_at,
		},
		act,
	)
	if repeated:
		return status_answer(log.result, log.message, job_state(technician, log.reception))
	result = APPLIED if log.result == APPLIED else CONFLICT
	return {"result": result.lower(), "message": log.message, "job": job_state(technician, name)}


def status_answer(stored_result: str, message: str, state: dict) -> dict:
	"""A repeated status action: an applied one is a duplicate, a conflict stays a conflict."""
	return {
		"result": CONFLICT.lower() if stored_result == CONFLICT else DUPLICATE.lower(),
		"message": message,
		"job": state,
	}


def rows_of(value, name: str) -> list | None:
	"""A list of rows sent as JSON text (multipart) or as a list (JSON body)."""
	if value in (None, ""):
		return None
	if isinstance(value, str):
		try:
			value = frappe.parse_json(value)
		except ValueError:
			value = None
	if not isinstance(value, list):
		frappe.throw(_("{0}: send a list of rows.").format(name), exc=PortalInputError)
	return value


def file_invoice(
	technician: frappe._dict,
	job: str | None,
	customer_device: str | None,
	client_id: str | None,
	services=None,
	parts=None,
	notes: str | None = None,
	customer_acknowledgement=0,
	acknowledged_by_name: str | None = None,
	customer_paid_amount=None,
	photos: dict | None = None,
	client_time: str | None = None,
) -> dict:
	"""File a work report (Service Invoice) for a device of a job assigned to the technician, on
	behalf of their agency, from its consignment stock, and submit it for head office's approval
	(agency.portal_invoices does the checks). Once per client id. `photos`: {field: (file name,
	bytes)}, by default those of this multipart request."""
	client_id = clean_client_id(client_id)
	client_at = parse_client_time(client_time)
	stored = stored_action(client_id)
	if stored:
		replayed(stored, technician, INVOICE_ACTION)
		return invoice_answer(DUPLICATE, stored.reference_name)
	name = own_job(technician, require(job, "job"))
	customer_device = require(customer_device, "customer_device")
	services = rows_of(services, _("Services"))
	parts = rows_of(parts, _("Parts"))
	if photos is None:
		photos = portal_invoices.uploaded_photos()  # from this multipart request, checked

	def act():
		invoice = portal_invoices.save_invoice(
			technician.agency,
			name,
			customer_device,
			services=services,
			parts=parts,
			notes=cstr(notes).strip() or None,
			customer_acknowledgement=cint(customer_acknowledgement),
			acknowledged_by_name=cstr(acknowledged_by_name).strip() or None,
			customer_paid_amount=customer_paid_amount,
			photos=photos,
			submit=1,
			ignore_permissions=True,  # the job is the technician's: checked above
		)
		return (
			APPLIED,
			_("Service Invoice {0} was sent to head office for approval.").format(invoice.name),
			INVOICE,
			invoice.name,
		)

	log, repeated = record(
		technician,
		client_id,
		{"action": INVOICE_ACTION, "reception": name, "target": customer_device, "client_time": client_at},
		act,
	)
	return invoice_answer(DUPLICATE if repeated else APPLIED, log.reference_name)


def invoice_answer(result: str, invoice: str | None) -> dict:
	return {
		"result": result.lower(),
		"invoice": invoice,
		"approval_status": frappe.db.get_value(INVOICE, invoice, "approval_status") if invoice else None,
	}


def upload_photo(technician: frappe._dict, invoice: str | None, fieldname: str | None, upload) -> dict:
	"""Attach a photo to one of the technician's own invoices while head office has not decided it
	(Draft or Pending); the photo replaces the field's previous one."""
	invoice = require(invoice, "invoice")
	values = (
		frappe.db.get_value(INVOICE, invoice, ["technician", "approval_status"], as_dict=True)
		if isinstance(invoice, str)
		else None
	)
	if not values or values.technician != technician.name:
		portal_invoices.not_found(invoice)
	if fieldname not in portal_invoices.PHOTO_FIELDS:
		frappe.throw(
			_("fieldname: send {0}.").format(" / ".join(portal_invoices.PHOTO_FIELDS)), exc=PortalInputError
		)
	if values.approval_status not in PHOTO_STATES:
		frappe.throw(
			_("Service Invoice {0} is {1}: photos can be added only while it is Draft or Pending.").format(
				invoice, portal_invoices.state_label(values.approval_status)
			),
			exc=ServiceInvoiceError,
		)
	if not upload or not upload.filename:
		frappe.throw(_("file: send the photo as the multipart field file."), exc=PortalInputError)
	file_name, content = portal_invoices.read_photo(fieldname, upload)
	saved = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": INVOICE,
			"attached_to_name": invoice,
			"attached_to_field": fieldname,
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)
	# a photo field, also of a submitted (Pending) invoice: nothing else of it changes
	frappe.db.set_value(INVOICE, invoice, fieldname, saved.file_url)
	return {"file_url": saved.file_url}
