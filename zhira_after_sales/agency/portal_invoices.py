"""The agency portal's Service Invoices: the agency's list, one invoice with what head office
decided and changed (and why), and filing a new one from a referral with photos from the phone.

    invoices(agency, state=None, start=0)          one page of the agency's invoices
    invoice_view(agency, name)                     the invoice, its lines, decisions and changes
    new_invoice_form(agency, reception, device)    what the form needs (device, services, stock)
    save_invoice(agency, reception, device, ...)   insert (+ photos) and submit, all or nothing
    submit_draft(agency, name)                     submit a draft filed earlier

Only the agency's own invoices and referrals are read: another agency's are "not found".
The Service Invoice's own controller does the business checks (device, duplicates, wages from
the rate card, consignment warehouse, warranty gate); this module only adds what a phone needs.
"""

import json

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, strip_html

from zhira_after_sales.access import is_head_office
from zhira_after_sales.agency import invoice_mapper
from zhira_after_sales.agency.cartable import display_date
from zhira_after_sales.agency.portal import consignment_stock
from zhira_after_sales.exceptions import PortalInputError, ServiceInvoiceError
from zhira_after_sales.utils import jalali

DOCTYPE = "Service Invoice"
PAGE_LENGTH = 20
PHOTO_FIELDS = ("serial_plate_photo", "work_photo")
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# what head office may change in a filed invoice, shown to the agency (the rest is bookkeeping)
CHANGED_FIELDS = {
	"service_date",
	"invoice_type",
	"technician",
	"customer_paid_amount",
	"warranty_override",
	"override_reason",
	"rejection_reason",
	"notes",
}
CHANGED_ROW_FIELDS = {
	"services": {"service_type", "wage", "manual_reason"},
	"parts": {"item", "qty", "coverage", "line_status", "hot_part_due"},
}
STATE_COLORS = {
	"Draft": "gray",
	"Pending": "orange",
	"Approved": "green",
	"Rejected": "red",
	"Cancelled": "gray",
}


def state_label(state: str | None) -> str:
	return {
		"Draft": _("Draft"),
		"Pending": _("Pending"),
		"Approved": _("Approved"),
		"Rejected": _("Rejected"),
		"Cancelled": _("Cancelled"),
	}.get(state or "", state or "")


def not_found(name: str | None):
	frappe.throw(
		_("Service Invoice {0} not found.").format(frappe.bold(frappe.utils.escape_html(name or ""))),
		frappe.DoesNotExistError,
	)


def own_invoice(agency: str, name: str | None):
	if not name or not isinstance(name, str) or frappe.db.get_value(DOCTYPE, name, "agency") != agency:
		not_found(name)
	return frappe.get_doc(DOCTYPE, name)


def invoices(agency: str, state: str | None = None, start: int = 0) -> list[dict]:
	filters = {"agency": agency}
	if state in STATE_COLORS:
		filters["approval_status"] = state
	rows = frappe.get_all(
		DOCTYPE,
		filters=filters,
		fields=[
			"name",
			"tracking_code",
			"customer_name",
			"item",
			"serial_no",
			"invoice_type",
			"service_date",
			"approval_status",
			"total_wage",
			"rejection_reason",
		],
		order_by="creation desc",
		limit_start=max(cint(start), 0),
		limit_page_length=PAGE_LENGTH,
		ignore_permissions=True,  # narrowed to the agency above
	)
	for row in rows:
		row.date_display = display_date(row.service_date)
		row.state_label = state_label(row.approval_status)
		row.state_color = STATE_COLORS.get(row.approval_status, "gray")
	return rows


def invoice_view(agency: str, name: str) -> dict:
	doc = own_invoice(agency, name)
	meta = frappe.get_meta(DOCTYPE)
	return {
		"doc": doc,
		"state_label": state_label(doc.approval_status),
		"state_color": STATE_COLORS.get(doc.approval_status, "gray"),
		"service_date": display_date(doc.service_date),
		"submitted_on": display_date(doc.submitted_on, with_time=True),
		"approved_on": display_date(doc.approved_on, with_time=True),
		"services": [
			{
				"service_type": row.service_type,
				"wage": row.wage,
				"customer_price": row.customer_price,
				"changed": bool(row.manual_wage),
				"reason": row.manual_reason,
				"description": row.description,
			}
			for row in doc.services
		],
		"parts": [
			{
				"item": row.item,
				"item_name": row.item_name,
				"qty": row.qty,
				"coverage": _(row.coverage) if row.coverage else "",
				"line_status": row.line_status,
				"line_label": _(row.line_status) if row.line_status else "",
				"hot_part_due": row.hot_part_due,
				"note": row.warranty_note,
			}
			for row in doc.parts
		],
		"changes": head_office_changes(doc, meta),
		"timeline": timeline(doc),
		"returns": frappe.get_all(
			"Defective Part Return",
			{"service_invoice": doc.name},
			["name", "item_name", "qty", "status", "due_date"],
			ignore_permissions=True,
		),
	}


def head_office_changes(doc, meta) -> list[dict]:
	"""What head office changed in the invoice after the agency filed it (the Version log)."""
	rows = []
	for version in frappe.get_all(
		"Version",
		{"ref_doctype": DOCTYPE, "docname": doc.name},
		["owner", "creation", "data"],
		order_by="creation asc",
	):
		if version.owner == doc.owner or not is_head_office(version.owner):
			continue
		data = json.loads(version.data or "{}")
		who = frappe.utils.get_fullname(version.owner)
		when = display_date(version.creation, with_time=True)
		for field, old, new in data.get("changed") or []:
			if field not in CHANGED_FIELDS:
				continue
			rows.append({"when": when, "who": who, "what": _(meta.get_label(field)), "old": old, "new": new})
		for table, index, _row, changes in data.get("row_changed") or []:
			child = frappe.get_meta(meta.get_field(table).options) if meta.get_field(table) else None
			for field, old, new in changes:
				if field not in CHANGED_ROW_FIELDS.get(table, ()):
					continue
				label = _(child.get_label(field)) if child else field
				what = _("{0} row {1}: {2}").format(_(meta.get_label(table)), index, label)
				rows.append({"when": when, "who": who, "what": what, "old": old, "new": new})
	return rows


def timeline(doc) -> list[dict]:
	"""The invoice's workflow steps and head office's notes (overrides, hand-set wages)."""
	return [
		{
			"when": display_date(c.creation, with_time=True),
			"who": frappe.utils.get_fullname(c.owner),
			"text": strip_html(c.content or "").strip(),
		}
		for c in frappe.get_all(
			"Comment",
			{
				"reference_doctype": DOCTYPE,
				"reference_name": doc.name,
				"comment_type": ("in", ("Info", "Workflow")),
			},
			["owner", "creation", "content"],
			order_by="creation asc",
		)
	]


def own_referral(agency: str, reception: str | None):
	if not reception or frappe.db.get_value("Service Reception", reception, "service_agency") != agency:
		frappe.throw(
			_("Reception {0} not found.").format(frappe.bold(frappe.utils.escape_html(reception or ""))),
			frappe.DoesNotExistError,
		)
	return frappe.get_doc("Service Reception", reception)


def new_invoice_form(agency: str, reception: str, customer_device: str | None) -> dict:
	doc = own_referral(agency, reception)
	row = invoice_mapper.pick_device(doc, customer_device)
	service_types = frappe.get_all("Service Type", ["name", "code"], order_by="name asc")
	return {
		"reception": doc,
		"device": row,
		"invoice_type": invoice_mapper.invoice_type_for(row.service_type),
		"service_types": service_types,
		"stock": consignment_stock(agency),
		"technician": doc.technician,
	}


def uploaded_photos() -> dict:
	"""{fieldname: (file name, bytes)} of the photos in this multipart request; a file that is not
	a JPEG, PNG or WebP image, or is larger than 5 MB, is refused naming the field."""
	request = getattr(frappe, "request", None)
	files = getattr(request, "files", None) or {}
	photos = {}
	for field in PHOTO_FIELDS:
		upload = files.get(field)
		if not upload or not upload.filename:
			continue
		photos[field] = read_photo(field, upload)
	return photos


def read_photo(field: str, upload) -> tuple[str, bytes]:
	"""(file name, bytes) of one uploaded file for the invoice's photo `field`, if it is a JPEG,
	PNG or WebP image of at most 5 MB; else refused naming the field."""
	content = upload.stream.read()
	label = _(frappe.get_meta(DOCTYPE).get_label(field))
	extension = PHOTO_TYPES.get((upload.mimetype or "").lower())
	if not extension or not looks_like_image(content):
		frappe.throw(_("{0}: send a photo (JPEG, PNG or WebP).").format(label), exc=PortalInputError)
	if len(content) > MAX_PHOTO_BYTES:
		frappe.throw(
			_("{0}: the photo is larger than {1} MB; take it again at a lower resolution.").format(
				label, MAX_PHOTO_BYTES // (1024 * 1024)
			),
			exc=PortalInputError,
		)
	return f"{field}.{extension}", content


def looks_like_image(content: bytes) -> bool:
	return (
		content.startswith(b"\xff\xd8\xff")
		or content.startswith(b"\x89PNG\r\n\x1a\n")
		or (content[:4] == b"RIFF" and content[8:12] == b"WEBP")
	)


def check_stock(agency: str, parts: list[dict]):
	"""Parts come from the agency's consignment stock: refuse, naming the part, what it lacks."""
	on_hand = {row.item: row.qty for row in consignment_stock(agency)}
	wanted = {}
	for row in parts:
		wanted[row["item"]] = wanted.get(row["item"], 0) + flt(row.get("qty"))
	for item, qty in wanted.items():
		if qty > on_hand.get(item, 0):
			frappe.throw(
				_("{0}: your consignment stock has {1}, the invoice uses {2}. Request parts first.").format(
					frappe.bold(frappe.db.get_value("Item", item, "item_name") or item),
					on_hand.get(item, 0),
					qty,
				),
				exc=ServiceInvoiceError,
			)


def clean_rows(rows, keys: tuple, label: str) -> list[dict]:
	if rows is None:
		return []
	if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
		frappe.throw(_("{0}: send a list of rows.").format(label), exc=PortalInputError)
	return [{k: r.get(k) for k in keys if r.get(k) not in (None, "")} for r in rows]


def save_invoice(
	agency: str,
	reception: str,
	customer_device: str,
	services: list | None,
	parts: list | None,
	service_date=None,
	notes: str | None = None,
	customer_acknowledgement: int = 0,
	acknowledged_by_name: str | None = None,
	customer_paid_amount=None,
	photos: dict | None = None,
	submit: int = 1,
	ignore_permissions: bool = False,
):
	"""Insert the invoice (and its photos) and submit it unless `submit` is 0. `ignore_permissions`
	is for a caller that has checked who may file it (the technician app, for the technician's
	agency)."""
	own_referral(agency, reception)
	services = clean_rows(services, ("service_type", "description"), _("Services"))
	parts = clean_rows(parts, ("item", "qty", "coverage"), _("Parts"))
	if not services:
		frappe.throw(_("Add at least one service you performed."), exc=PortalInputError)
	for index, row in enumerate(parts, 1):
		if not row.get("item") or flt(row.get("qty")) <= 0:
			frappe.throw(
				_("Parts row {0}: choose a part and a quantity above zero.").format(index),
				exc=PortalInputError,
			)
	check_stock(agency, parts)
	target = frappe.new_doc(DOCTYPE)
	target.flags.ignore_permissions = ignore_permissions  # the mapper checks "create" on it
	invoice = invoice_mapper.make_service_invoice(reception, target, customer_device)
	invoice.services = []
	for row in services:
		invoice.append("services", row)
	for row in parts:
		invoice.append("parts", {"coverage": "Paid", **row, "qty": flt(row["qty"])})
	if service_date:
		try:
			invoice.service_date = jalali.parse_date(service_date, today=getdate())
		except jalali.JalaliParseError:
			frappe.throw(
				_("{0}: {1} is not a date. Type it as 1405/09/01.").format(_("Service Date"), service_date),
				exc=PortalInputError,
			)
	invoice.notes = notes
	invoice.customer_acknowledgement = cint(customer_acknowledgement)
	invoice.acknowledged_by_name = acknowledged_by_name
	invoice.customer_paid_amount = flt(customer_paid_amount)
	invoice.insert()
	for field, (file_name, content) in (photos or {}).items():
		saved = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": DOCTYPE,
				"attached_to_name": invoice.name,
				"attached_to_field": field,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=ignore_permissions)
		invoice.set(field, saved.file_url)
	if photos:
		invoice.save()
	if submit:
		invoice.submit()
	return invoice


def submit_draft(agency: str, name: str):
	invoice = own_invoice(agency, name)
	if invoice.docstatus != 0:
		frappe.throw(
			_("Service Invoice {0} is already submitted.").format(invoice.name), exc=ServiceInvoiceError
		)
	invoice.submit()
	return invoice


def service_date_default() -> str:
	return jalali.format_date(getdate(), persian_digits=frappe.local.lang == "fa")
