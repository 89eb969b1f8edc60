"""Rules about records of any DocType."""

import frappe


def keep_one_default(doc, fieldname: str, scope: dict | None = None):
	"""When `doc` has `fieldname` ticked, untick it on every other record of its DocType within
	`scope` (filters, e.g. {"event": doc.event}): one default gateway, one default template per
	event, one initial status."""
	if not doc.get(fieldname):
		return
	filters = {**(scope or {}), fieldname: 1, "name": ("!=", doc.name)}
	for other in frappe.get_all(doc.doctype, filters=filters, pluck="name"):
		frappe.db.set_value(doc.doctype, other, fieldname, 0)
