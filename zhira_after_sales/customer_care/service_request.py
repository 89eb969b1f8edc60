"""A customer's service request from the company's site (/service/new-request): product (item
group, then model), service type, serial and a photo of its label, address, landline, description,
preferred day and time. It becomes a Service Reception with channel Web - whose own SMS gives the
customer the tracking code - or, when After Sales Settings says so, a Service Ticket that head
office converts.

    request_options()                       what the form offers (groups, models, service types,
                                            provinces, times of day)
    submit_request(customer, values, photo) -> {"doctype", "name", "tracking_code"}
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from zhira_after_sales.agency.portal_invoices import MAX_PHOTO_BYTES, PHOTO_TYPES, looks_like_image
from zhira_after_sales.exceptions import PortalInputError
from zhira_after_sales.service_desk.visits import PREFERRED_TIMES, time_label
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.text import normalize_persian

RECEPTION = "Service Reception"
TICKET = "Service Ticket"
# how far ahead a visit may be asked for
MAX_DAYS_AHEAD = 60
# requests a customer may send in a day (more is someone playing with the form)
DAILY_LIMIT = 10
FIELDS = (
	"item_group",
	"item",
	"service_type",
	"serial_no",
	"province",
	"city",
	"address_line",
	"phone_no",
	"preferred_date",
	"preferred_time",
)
TEXT_LIMITS = {"description": 1000, "address_line": 300, "city": 80, "serial_no": 60}


def item_groups() -> list[str]:
	"""The product groups customers choose from: After Sales Settings' list, else the groups of
	enabled items with serial numbers (the products a warranty card follows)."""
	chosen = frappe.get_all(
		"Service Request Item Group", {"parenttype": "After Sales Settings"}, pluck="item_group"
	)
	if chosen:
		return sorted(set(chosen))
	return frappe.get_all(
		"Item",
		{"disabled": 0, "has_serial_no": 1, "has_variants": 0},
		pluck="item_group",
		distinct=True,
		order_by="item_group asc",
	)


def request_options() -> dict:
	groups = item_groups()
	models = frappe.get_all(
		"Item",
		{"disabled": 0, "has_variants": 0, "item_group": ("in", groups or [""])},
		["name", "item_name", "item_group"],
		order_by="item_name asc",
	)
	return {
		"item_groups": groups,
		"models": models,
		"service_types": frappe.get_all(
			"Service Type", {"is_active": 1}, ["name", "service_type_name"], order_by="name asc"
		)
		if frappe.get_meta("Service Type").has_field("service_type_name")
		else frappe.get_all("Service Type", {"is_active": 1}, pluck="name", order_by="name asc"),
		"provinces": frappe.get_all(
			"Territory", {"phone_area_code": ("is", "set")}, pluck="name", order_by="name asc"
		),
		"times": [{"value": t, "label": time_label(t)} for t in PREFERRED_TIMES],
		"max_days_ahead": MAX_DAYS_AHEAD,
	}


def refuse(message: str):
	frappe.throw(message, exc=PortalInputError, title=_("Check your request"))


def clean(values: dict) -> frappe._dict:
	"""The request's fields trimmed, digits made Latin, each checked with a message saying what to fix."""
	v = frappe._dict({k: normalize_persian(values.get(k)) for k in FIELDS})
	# the description keeps its lines
	v.description = "\n".join(
		filter(None, (normalize_persian(line) for line in str(values.get("description") or "").splitlines()))
	)
	for field, limit in TEXT_LIMITS.items():
		if len(v.get(field) or "") > limit:
			refuse(_("{0}: write at most {1} characters.").format(field_label(field), limit))
	if not v.item_group or v.item_group not in item_groups():
		refuse(_("Product: choose your product's group."))
	if (
		not v.item
		or frappe.db.get_value("Item", {"name": v.item, "disabled": 0}, "item_group") != v.item_group
	):
		refuse(_("Model: choose your product's model from the list."))
	if not v.service_type or not frappe.db.get_value(
		"Service Type", {"name": v.service_type, "is_active": 1}
	):
		refuse(_("Service: choose the service you need."))
	if v.province and not frappe.db.get_value(
		"Territory", {"name": v.province, "phone_area_code": ("is", "set")}
	):
		refuse(_("Province: choose your province from the list."))
	if not v.address_line:
		refuse(_("Address: write the address where the device is."))
	if len(v.description or "") < 5:
		refuse(_("Description: tell us in a few words what the problem is or what you need."))
	if v.preferred_time and v.preferred_time not in PREFERRED_TIMES:
		refuse(_("Preferred time: choose one of the times offered."))
	v.preferred_date = preferred_date(v.get("preferred_date"))
	return v


def preferred_date(value: str | None):
	"""A Jalali (1404/09/10) or ISO date from today up to MAX_DAYS_AHEAD days ahead, or None."""
	if not value:
		return None
	try:
		day = jalali.parse_date(value, today=getdate())
	except jalali.JalaliParseError:
		refuse(_("Preferred day: type a date like 1404/09/15."))
	day = getdate(day)
	if day < getdate(nowdate()) or day > getdate(add_days(nowdate(), MAX_DAYS_AHEAD)):
		refuse(_("Preferred day: choose a day from today up to {0} days ahead.").format(MAX_DAYS_AHEAD))
	return day


def field_label(field: str) -> str:
	return {
		"description": _("Description"),
		"address_line": _("Address"),
		"city": _("City"),
		"serial_no": _("Serial number"),
	}.get(field, field)


def read_label_photo(upload) -> tuple[str, bytes] | None:
	"""(file name, bytes) of the serial label's photo, if one was sent and it is an image of at
	most 5 MB; otherwise refused with what to do."""
	if not upload or not getattr(upload, "filename", None):
		return None
	content = upload.stream.read()
	extension = PHOTO_TYPES.get((upload.mimetype or "").lower())
	if not extension or not looks_like_image(content):
		refuse(_("Label photo: send a photo (JPEG, PNG or WebP)."))
	if len(content) > MAX_PHOTO_BYTES:
		refuse(
			_("Label photo: the photo is larger than {0} MB; take it again at a lower resolution.").format(
				MAX_PHOTO_BYTES // (1024 * 1024)
			)
		)
	return f"serial-label.{extension}", content


def check_daily_limit(customer: str):
	since = add_days(nowdate(), -1)
	sent = frappe.db.count(RECEPTION, {"customer": customer, "channel": "Web", "creation": (">", since)})
	if frappe.db.exists("DocType", TICKET):
		sent += frappe.db.count(
			TICKET, {"party_type": "Customer", "party": customer, "creation": (">", since)}
		)
	if sent >= DAILY_LIMIT:
		refuse(_("You have sent {0} requests today. Please call us, or try again tomorrow.").format(sent))


def customer_mobile(customer: str) -> str | None:
	user_mobile = frappe.db.get_value("User", frappe.session.user, "mobile_no")
	return user_mobile or frappe.db.get_value("Customer", customer, "mobile_no")


def submit_request(customer: str, values: dict, photo=None) -> dict:
	"""Store the request as a reception (or a ticket, per After Sales Settings) for `customer`."""
	v = clean(values)
	label_photo = read_label_photo(photo)
	check_daily_limit(customer)
	mobile = customer_mobile(customer)
	if not mobile:
		refuse(_("Your account has no mobile number. Log in with your mobile number and try again."))
	target = frappe.db.get_single_value("After Sales Settings", "web_request_target") or RECEPTION
	if target == TICKET and frappe.db.exists("DocType", TICKET):
		doc = make_ticket(customer, mobile, v)
	else:
		doc = make_reception(customer, mobile, v)
	if label_photo:
		file_name, content = label_photo
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
	return {"doctype": doc.doctype, "name": doc.name, "tracking_code": doc.get("tracking_code")}


def visit_note(v) -> str:
	parts = []
	if v.preferred_date:
		parts.append(_("Preferred day: {0}").format(jalali.format_date(v.preferred_date)))
	if v.preferred_time:
		parts.append(_("Preferred time: {0}").format(time_label(v.preferred_time)))
	return "\n".join(parts)


def make_reception(customer: str, mobile: str, v):
	doc = frappe.get_doc(
		{
			"doctype": RECEPTION,
			"channel": "Web",
			"customer": customer,
			"customer_name": frappe.db.get_value("Customer", customer, "customer_name"),
			"mobile_no": mobile,
			"phone_no": v.phone_no or None,
			"territory": v.province or None,
			"city": v.city or None,
			"address_line": v.address_line,
			"preferred_date": v.preferred_date,
			"preferred_time": v.preferred_time or None,
			"notes": visit_note(v) or None,
			"devices": [
				{
					"item": v.item,
					"serial_no": v.serial_no or None,
					"service_type": v.service_type,
					"description": v.description,
				}
			],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc


def make_ticket(customer: str, mobile: str, v):
	details = "\n".join(
		line
		for line in (
			v.description,
			"",
			_("Model: {0}").format(v.item),
			_("Serial number: {0}").format(v.serial_no) if v.serial_no else "",
			_("Address: {0}").format(" - ".join(x for x in (v.province, v.city, v.address_line) if x)),
			_("Landline: {0}").format(v.phone_no) if v.phone_no else "",
			visit_note(v),
		)
		if line is not None
	).strip()
	values = {
		"doctype": TICKET,
		"raised_by": frappe.session.user,
		"party_type": "Customer",
		"party": customer,
		"mobile_no": mobile,
		"category": "Service Request",
		"item_group": v.item_group,
		"service_type": v.service_type,
		"subject": _("Service request: {0}").format(frappe.db.get_value("Item", v.item, "item_name")),
		"description": details,
	}
	meta = frappe.get_meta(TICKET)
	for field in ("item", "serial_no"):
		if meta.has_field(field):
			values[field] = v.get(field) or None
	doc = frappe.get_doc(values)
	doc.insert(ignore_permissions=True)
	return doc
