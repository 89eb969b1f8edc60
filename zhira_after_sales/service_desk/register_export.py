"""The Reception Register as an Excel file, made in the background with flat memory.

A month of the register is about 90,000 rows at national scale: Frappe's own "Export" of a query
report builds every row in the request (and the browser's memory) before it writes the file. Here
the request only queues a job; the job reads the rows through an unbuffered (server-side) cursor
and writes each into a write-only openpyxl workbook as it comes, so neither the rows nor the sheet
are ever held whole. The file is the user's private File; the user is told in the desk
(a notification with its link, and a realtime message) when it is ready - or that it failed.

    start(filters) -> dict          the endpoint's work: check, then queue for the current user
    run_export(filters, user, lang) the job (also callable directly): returns the File, or None
    write_workbook(filters, path)   the rows the user may read, streamed into `path`; the count
"""

import os
import tempfile

import frappe
from frappe import _
from frappe.utils import now_datetime
from openpyxl import Workbook

from zhira_after_sales.overrides.jalali import uses_jalali
from zhira_after_sales.overrides.jalali_export import DATE_TYPES, jalali_cell
from zhira_after_sales.service_desk.report.reception_register import reception_register as register
from zhira_after_sales.utils.fields import parse_jalali_input

REPORT = "Reception Register"
EVENT = "zhira_register_export"


def start(filters) -> dict:
	filters = frappe._dict(frappe.parse_json(filters) if isinstance(filters, str) else (filters or {}))
	if not frappe.get_cached_doc("Report", REPORT).is_permitted():
		frappe.throw(_("You may not export the Reception Register."), frappe.PermissionError)
	for key, label in (("from_date", _("From Date")), ("to_date", _("To Date"))):
		if filters.get(key):
			filters[key] = str(parse_jalali_input(filters[key], label))
	frappe.enqueue(
		"zhira_after_sales.service_desk.register_export.run_export",
		queue="long",
		timeout=3600,
		filters=dict(filters),
		user=frappe.session.user,
		lang=frappe.local.lang,
	)
	return {"message": _("The Excel file is being made. You will be notified here when it is ready.")}


def run_export(filters: dict, user: str, lang: str | None = None):
	"""As `user` (their permissions, their language): the workbook, saved as their private File."""
	frappe.set_user(user)
	if lang:
		frappe.local.lang = lang
	filters = frappe._dict(filters)
	name = f"reception-register-{now_datetime():%Y%m%d-%H%M%S}-{frappe.generate_hash(length=6)}.xlsx"
	try:
		# the workbook is streamed to a temporary file; Frappe's File stores its bytes (a few MB of
		# compressed XML for 100,000 rows - the rows themselves are never held)
		with tempfile.TemporaryDirectory() as folder:
			path = os.path.join(folder, name)
			rows = write_workbook(filters, path)
			with open(path, "rb") as workbook:
				content = workbook.read()
		file = frappe.get_doc(
			{"doctype": "File", "file_name": name, "is_private": 1, "content": content}
		).insert(ignore_permissions=True)
	except Exception:
		frappe.db.rollback()
		frappe.log_error(title=f"{REPORT} export for {user} failed", reference_doctype="Report")
		notify(user, _("The Reception Register could not be exported; the error is in the Error Log."))
		frappe.db.commit()  # nosemgrep: background job
		return None
	notify(user, _("The Reception Register is ready: {0} rows.").format(rows), file)
	frappe.db.commit()  # nosemgrep: background job
	return file


def write_workbook(filters, path: str) -> int:
	"""The rows the session user may read, streamed into a workbook at `path`; dates in the user's
	calendar (Jalali text for a Jalali reader, as every export of the app)."""
	columns = register.get_columns()
	# decided before the rows stream: no other query may run while the cursor is open
	labels = [column["label"] for column in columns]
	warranty = {value: _(value) for value in warranty_statuses()}
	in_jalali = uses_jalali(frappe.session.user)
	dates = {
		column["fieldname"]: column["fieldtype"] for column in columns if column["fieldtype"] in DATE_TYPES
	}
	query = frappe.get_list("Service Reception", **register.list_args(filters), run=0)

	book = Workbook(write_only=True)
	sheet = book.create_sheet(_("Reception Register")[:31])
	sheet.sheet_view.rightToLeft = frappe.local.lang == "fa"
	sheet.append(labels)
	count = 0
	with frappe.db.unbuffered_cursor():
		for row in frappe.db.sql(query, as_dict=True, as_iterator=True):
			row["warranty_status"] = warranty.get(row.warranty_status, row.warranty_status)
			if in_jalali:
				for fieldname, fieldtype in dates.items():
					row[fieldname] = jalali_cell(row.get(fieldname), fieldtype)
			sheet.append([row.get(column["fieldname"]) for column in columns])
			count += 1
	book.save(path)
	return count


def warranty_statuses() -> list[str]:
	options = frappe.get_meta("Service Reception Device").get_options("warranty_status") or ""
	return [option for option in options.split("\n") if option]


def notify(user: str, subject: str, file=None):
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"subject": subject,
			"document_type": "File" if file else None,
			"document_name": file.name if file else None,
			"link": file.file_url if file else None,
		}
	).insert(ignore_permissions=True)
	frappe.publish_realtime(
		EVENT,
		{"message": subject, "file_url": file.file_url if file else None},
		user=user,
		after_commit=True,
	)
