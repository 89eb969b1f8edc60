"""The agencies' download centre: files head office publishes to every service agency or to the
ones it picks, from a date; agencies download them at /agency/documents and every download is
logged (Agency Document Download) for head office.

    ALL_AGENCIES, SELECTED_AGENCIES   the audiences of an Agency Document
    is_visible(doc, agency)           published (ticked, published_on reached) to `agency`
    visible_condition(agency)         the same rule as SQL over `tabAgency Document`
    documents_for(agency, user)       what the agency's portal lists, newest first, each with the
                                      user's last download (None when never)
    download(name, user)              the File of a document the user may download, the download
                                      logged first; anything else is "not found", like a missing one
    downloads_by_agency(doc)          per agency of the audience: downloads, the last one and by
                                      whom (the desk form)
    size_label(size)                  a file size as people read it

Callers pass the agency of the user (agency.portal.require_agency), never one from a request. Who
may read which document in the desk and through REST: agency/document_permissions.py.
"""

import os

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import cint, getdate, now_datetime, nowdate

from zhira_after_sales.access import is_agency_user, is_restricted, user_agency

DOCTYPE = "Agency Document"
AUDIENCE_DOCTYPE = "Agency Document Agency"
LOG_DOCTYPE = "Agency Document Download"
ALL_AGENCIES = "All Agencies"
SELECTED_AGENCIES = "Selected Agencies"


class AgencyDocumentError(frappe.ValidationError):
	"""An Agency Document that cannot be saved as it is (no agencies, a public file...)."""


# --- who sees what ----------------------------------------------------------------------------


def audience_agencies(doc) -> set[str]:
	"""The agencies picked on `doc` (a document or a dict; read from the database when absent)."""
	rows = doc.get("agencies")
	if rows is None and doc.get("name"):
		return set(
			frappe.get_all(
				AUDIENCE_DOCTYPE,
				{"parent": doc.get("name"), "parenttype": DOCTYPE, "parentfield": "agencies"},
				pluck="agency",
			)
		)
	return {row.get("agency") for row in rows or [] if row.get("agency")}


def is_visible(doc, agency: str | None, on=None) -> bool:
	"""True when `doc` is published to `agency` on the date `on` (today by default)."""
	if not agency or not cint(doc.get("is_published")) or not doc.get("published_on"):
		return False
	if getdate(doc.get("published_on")) > getdate(on or nowdate()):
		return False
	return doc.get("audience") == ALL_AGENCIES or agency in audience_agencies(doc)


def visible_condition(agency: str | None, on=None) -> str:
	"""is_visible as SQL over `tabAgency Document` (for lists and permission query conditions)."""
	if not agency:
		return "1=0"
	table = f"`tab{DOCTYPE}`"
	return (
		f"({table}.`is_published` = 1"
		f" and {table}.`published_on` <= {frappe.db.escape(str(getdate(on or nowdate())))}"
		f" and ({table}.`audience` = {frappe.db.escape(ALL_AGENCIES)}"
		f" or exists (select 1 from `tab{AUDIENCE_DOCTYPE}` audience"
		f" where audience.`parent` = {table}.`name` and audience.`parenttype` = {frappe.db.escape(DOCTYPE)}"
		f" and audience.`agency` = {frappe.db.escape(agency)})))"
	)


# --- the portal -------------------------------------------------------------------------------


def documents_for(agency: str, user: str | None = None) -> list[dict]:
	"""The documents published to `agency`, newest first, with `downloaded_on`: when `user` last
	downloaded each (None when never), and a readable size and type."""
	user = user or frappe.session.user
	rows = frappe.db.sql(
		f"""select name, title, description, published_on, file_type, file_size
		from `tab{DOCTYPE}` where {visible_condition(agency)}
		order by published_on desc, creation desc""",
		as_dict=True,
	)
	last = last_downloads(user, [row.name for row in rows])
	for row in rows:
		row.downloaded_on = last.get(row.name)
		row.size = size_label(row.file_size)
	return rows


def last_downloads(user: str, names: list[str]) -> dict:
	"""{document: when `user` last downloaded it} for the documents in `names`."""
	if not names:
		return {}
	log = frappe.qb.DocType(LOG_DOCTYPE)
	rows = (
		frappe.qb.from_(log)
		.select(log.agency_document, Max(log.downloaded_on))
		.where((log.user == user) & log.agency_document.isin(names))
		.groupby(log.agency_document)
		.run()
	)
	return dict(rows)


def size_label(size) -> str:
	size = cint(size)
	if size <= 0:
		return ""
	if size < 1024:
		return _("{0} bytes").format(size)
	if size < 1024 * 1024:
		return _("{0} KB").format(max(round(size / 1024), 1))
	return _("{0} MB").format(f"{size / (1024 * 1024):.1f}")


# --- downloading ------------------------------------------------------------------------------


def not_found(name: str | None):
	frappe.throw(
		_(
			"Document {0} was not found. Open the download centre again: it lists every document published to your agency."
		).format(frappe.bold(frappe.utils.escape_html(name or ""))),
		frappe.DoesNotExistError,
	)


def download(name: str, user: str | None = None):
	"""The File of Agency Document `name` for `user`, after logging the download of an agency's user.

	An agency's user gets only documents published to their agency; another agency's document, an
	unpublished one or one not yet published is "not found", the same answer as a missing one. Head
	office may fetch any document it may read; its own downloads are not logged."""
	user = user or frappe.session.user
	if not name or not isinstance(name, str) or not frappe.db.exists(DOCTYPE, name):
		not_found(name)
	doc = frappe.get_doc(DOCTYPE, name)
	agency = None
	if is_restricted(user):
		agency = user_agency(user) if is_agency_user(user) else None
		if not is_visible(doc, agency):
			not_found(name)
	elif not frappe.has_permission(DOCTYPE, "read", doc=doc, user=user):
		not_found(name)
	file = attached_file(doc)
	if agency:
		log_download(doc, agency, user)
	return file


def attached_file(doc):
	"""The private File of `doc`, present on disk."""
	files = frappe.get_all(
		"File",
		{"file_url": doc.file, "is_folder": 0},
		["name", "attached_to_doctype", "attached_to_name"],
		order_by="creation asc",
	)
	own = [f for f in files if f.attached_to_doctype == DOCTYPE and f.attached_to_name == doc.name]
	chosen = (own or files or [None])[0]
	file = frappe.get_doc("File", chosen.name) if chosen else None
	if not file or not file.is_private or not os.path.exists(file.get_full_path()):
		frappe.throw(
			_(
				"The file of {0} is missing on the server. Ask head office to attach it to the document again."
			).format(frappe.bold(doc.title)),
			AgencyDocumentError,
		)
	return file


def log_download(doc, agency: str, user: str):
	"""Store who downloaded `doc` and when, and count it on the document."""
	frappe.get_doc(
		{
			"doctype": LOG_DOCTYPE,
			"agency_document": doc.name,
			"document_title": doc.title,
			"agency": agency,
			"user": user,
			"downloaded_on": now_datetime(),
		}
	).insert(ignore_permissions=True)
	table = frappe.qb.DocType(DOCTYPE)
	frappe.qb.update(table).set(table.download_count, table.download_count + 1).where(
		table.name == doc.name
	).run()


# --- head office ------------------------------------------------------------------------------


def downloads_by_agency(doc) -> list[dict]:
	"""For each agency of the audience (every active agency when All Agencies), and any agency that
	downloaded `doc` before leaving it: its number of downloads, the last one and who made it.
	Agencies that never downloaded it come first."""
	if doc.audience == ALL_AGENCIES:
		filters = {"is_active": 1}
	else:
		filters = {"name": ("in", sorted(audience_agencies(doc)) or [""])}
	names = dict(frappe.get_all("Service Agency", filters, ["name", "agency_name"], as_list=True))
	logs = frappe.get_all(
		LOG_DOCTYPE,
		{"agency_document": doc.name},
		["agency", "user", "downloaded_on"],
		order_by="downloaded_on desc",
	)
	rows = {
		agency: frappe._dict(agency=agency, agency_name=agency_name, downloads=0, last_downloaded_on=None)
		for agency, agency_name in names.items()
	}
	for log in logs:
		row = rows.get(log.agency)
		if not row:
			agency_name = frappe.db.get_value("Service Agency", log.agency, "agency_name") or log.agency
			row = rows[log.agency] = frappe._dict(
				agency=log.agency, agency_name=agency_name, downloads=0, last_downloaded_on=None
			)
		if not row.downloads:
			row.last_downloaded_on, row.last_user = log.downloaded_on, log.user
		row.downloads += 1
	return sorted(rows.values(), key=lambda row: (row.downloads > 0, row.agency_name or ""))
