"""Technician app API, version 1: `/api/method/zhira_after_sales.api.v1.tech.<name>`.

The contract is docs/api/technician-v1.openapi.json (checked against these endpoints by
zhira_after_sales/agency/test_technician_openapi.py); how the app uses it: docs/technician-app.md.
Authentication: `Authorization: token <api_key>:<api_secret>` (from `login`) or a session cookie.
Every endpoint but `login` is for the user of an active Service Technician (others get 403), and a
job or invoice that is not theirs is not found (404). The service is
zhira_after_sales.agency.technician_app.
"""

import frappe
from frappe import _

from zhira_after_sales.agency import technician_app
from zhira_after_sales.api.limits import NAME, NOTE, NOTES, check_length, check_rows


@frappe.whitelist(allow_guest=True, xss_safe=True, methods=["POST"])
def login(usr: str | None = None, pwd: str | None = None) -> dict:
	"""Username (email, or mobile if the site allows it) and password -> the technician's API key
	and a new secret. Rate limited per client address and per username. `xss_safe`: the password
	is checked as typed (Frappe would escape what looks like HTML in a guest's arguments)."""
	return technician_app.login(usr, pwd)


@frappe.whitelist(methods=["GET"])
def me() -> dict:
	"""Who the technician is, the statuses (labels, colours, SMS codes) and the SMS number."""
	return technician_app.me(technician_app.current_technician())


@frappe.whitelist(methods=["GET"])
def jobs() -> dict:
	"""The technician's open jobs and those closed in the last 7 days, newest referral first."""
	return technician_app.jobs(technician_app.current_technician())


@frappe.whitelist(methods=["GET"])
def job(name: str | None = None) -> dict:
	"""One of the technician's jobs with the statuses it may move to, its history and invoices."""
	technician = technician_app.current_technician()
	return technician_app.job(technician, technician_app.require(name, "name"))


@frappe.whitelist(methods=["POST"])
def status(
	job: str | None = None,
	status: str | None = None,
	client_id: str | None = None,
	note: str | None = None,
	client_time: str | None = None,
	expected_status: str | None = None,
) -> dict:
	"""A status change taken on the phone: applied once per client_id; a conflict (the job moved
	meanwhile, was referred again, or may not move there) is answered, not applied."""
	technician = technician_app.current_technician()
	check_length(note, _("Note"), NOTE)
	check_length(client_id, _("Client ID"), NAME)
	return technician_app.change_status(
		technician,
		job,
		status,
		client_id,
		note=note,
		client_time=client_time,
		expected_status=expected_status,
	)


@frappe.whitelist(methods=["POST"])
def invoice(
	job: str | None = None,
	customer_device: str | None = None,
	client_id: str | None = None,
	services: str | list | None = None,
	parts: str | list | None = None,
	notes: str | None = None,
	customer_acknowledgement: int | str | None = 0,
	acknowledged_by_name: str | None = None,
	customer_paid_amount: float | str | None = None,
	client_time: str | None = None,
) -> dict:
	"""A work report for a device of one of the technician's jobs, with the photos
	`serial_plate_photo` and `work_photo` in the same multipart request; once per client_id."""
	technician = technician_app.current_technician()
	check_length(notes, _("Notes"), NOTES)
	check_length(acknowledged_by_name, _("Acknowledged By (Name)"), NAME)
	check_length(client_id, _("Client ID"), NAME)
	check_rows(services, "description", _("Description"), NOTES)
	return technician_app.file_invoice(
		technician,
		job,
		customer_device,
		client_id,
		services=services,
		parts=parts,
		notes=notes,
		customer_acknowledgement=customer_acknowledgement,
		acknowledged_by_name=acknowledged_by_name,
		customer_paid_amount=customer_paid_amount,
		client_time=client_time,
	)


@frappe.whitelist(methods=["POST"])
def upload(invoice: str | None = None, fieldname: str | None = None) -> dict:
	"""A photo (multipart field `file`) for one of the technician's Draft or Pending invoices."""
	technician = technician_app.current_technician()
	files = getattr(getattr(frappe, "request", None), "files", None) or {}
	return technician_app.upload_photo(technician, invoice, fieldname, files.get("file"))
