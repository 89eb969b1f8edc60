"""The one permission gate of the app's endpoints (`zhira_after_sales.api.*`).

    @frappe.whitelist()
    @requires("Service Reception", "create")
    def lookup_mobile(mobile_no: str) -> dict: ...

`requires` checks the DocType-level permission before the endpoint runs; an endpoint about one
document also calls `require_doc` (or its service checks the document, as the status service
does), so a missing document and a forbidden one get the same answer.
"""

import functools

import frappe
from frappe import _


def action(ptype: str) -> str:
	return {"read": _("read"), "create": _("create"), "write": _("change"), "delete": _("delete")}.get(
		ptype, ptype
	)


def require(doctype: str, ptype: str = "read"):
	if not frappe.has_permission(doctype, ptype):
		frappe.throw(
			_("You are not permitted to {0} {1}.").format(action(ptype), _(doctype)), frappe.PermissionError
		)


def require_doc(doctype: str, name: str, ptype: str = "read"):
	"""The document, if it exists and the user may `ptype` it; else one PermissionError for both."""
	if not name or not frappe.db.exists(doctype, name) or not frappe.has_permission(doctype, ptype, doc=name):
		frappe.throw(
			_("You are not permitted to {0} {1} {2}.").format(action(ptype), _(doctype), frappe.bold(name)),
			frappe.PermissionError,
		)
	return frappe.get_doc(doctype, name)


def requires(doctype: str, ptype: str = "read"):
	def decorator(fn):
		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			require(doctype, ptype)
			return fn(*args, **kwargs)

		return wrapper

	return decorator
