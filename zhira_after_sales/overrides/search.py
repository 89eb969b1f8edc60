"""The ways Frappe 15 finds records that skip row-level narrowing, made to respect it for portal
users (agency users, technicians and any website user).

- Global search (`frappe.utils.global_search.search`, the awesome bar) checks read access per
  DocType only: every hit is now checked with `frappe.has_permission` for such users, and the
  window is widened until the page is full, so an agency user finds only its own receptions and
  technicians while staff search exactly as before.
- Link search (`frappe.desk.search.search_link` / `search_widget`) with
  `ignore_user_permissions=1` lists with `ignore_permissions=True`, skipping
  `permission_query_conditions`: for such users the flag is dropped, and a custom `query` other
  than this app's own is refused for this app's DocTypes.
- `frappe.client.validate_link` answers whether a name exists for anyone who may read the
  DocType: for such users a record they may not read is answered as missing.

Wired in hooks.py `override_whitelisted_methods`; REST v1 and v2 both go through it.
"""

import frappe
from frappe.client import validate_link as frappe_validate_link
from frappe.desk.search import search_link as frappe_search_link
from frappe.desk.search import search_widget as frappe_search_widget
from frappe.utils import cint
from frappe.utils.global_search import search as frappe_global_search

from zhira_after_sales.access import needs_row_check

APP = "zhira_after_sales"
MAX_WINDOWS = 10  # global search pages scanned for one page of permitted hits


def is_app_doctype(doctype: str) -> bool:
	module = frappe.db.get_value("DocType", doctype, "module", cache=True)
	return bool(module) and frappe.local.module_app.get(frappe.scrub(module)) == APP


@frappe.whitelist()
def global_search(text: str, start: int = 0, limit: int = 20, doctype: str = ""):
	if not needs_row_check():
		return frappe_global_search(text, start, limit, doctype)
	start, limit = cint(start), cint(limit) or 20
	permitted, offset = [], 0
	# the permitted hits of the first (start + limit) permitted ones, read window by window
	for _ in range(MAX_WINDOWS):
		hits = frappe_global_search(text, offset, limit, doctype)
		permitted.extend(h for h in hits if readable(h))
		offset += limit
		if len(hits) < limit or len(permitted) >= start + limit:
			break
	return permitted[start : start + limit]


def readable(hit) -> bool:
	# the index may still hold a record deleted since it was indexed
	return bool(frappe.db.exists(hit.doctype, hit.name)) and frappe.has_permission(
		hit.doctype, "read", doc=hit.name
	)


def _narrow_link_search(doctype: str, kwargs: dict):
	if not needs_row_check():
		return
	kwargs["ignore_user_permissions"] = False
	query = kwargs.get("query")
	if query and is_app_doctype(doctype) and not query.startswith(APP + "."):
		raise frappe.PermissionError(frappe._("This search is not available for {0}.").format(doctype))


@frappe.whitelist()
def search_link(doctype: str, txt: str, **kwargs):
	_narrow_link_search(doctype, kwargs)
	return frappe.call(frappe_search_link, doctype=doctype, txt=txt, **kwargs)


@frappe.whitelist()
def search_widget(doctype: str, txt: str, **kwargs):
	_narrow_link_search(doctype, kwargs)
	return frappe.call(frappe_search_widget, doctype=doctype, txt=txt, **kwargs)


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	if (
		needs_row_check()
		and isinstance(doctype, str)
		and isinstance(docname, str)
		and is_app_doctype(doctype)
		and not frappe.get_meta(doctype).istable
		and frappe.db.exists(doctype, docname)
		and not frappe.has_permission(doctype, "read", doc=docname)
	):
		return frappe._dict()  # the answer for a name that does not exist
	return frappe_validate_link(doctype, docname, fields)
