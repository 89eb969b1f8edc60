"""Endpoints of the Agency Parts Request: head office's decisions on its lines and the sending
of parts (agency/parts_request.py). Each runs in its request's one transaction: an error anywhere
leaves nothing posted."""

import frappe

from zhira_after_sales.agency import parts_request
from zhira_after_sales.api.gate import require_doc, requires

DOCTYPE = "Agency Parts Request"


def parsed(value):
	return frappe.parse_json(value) if isinstance(value, str) else value


@frappe.whitelist(methods=["POST"])
@requires(DOCTYPE, "write")
def approve_lines(name: str, lines: dict | list | str | None = None, void: list | str | None = None) -> dict:
	"""Approve `lines` ({row name: approved qty, or null for the requested qty}; every pending line
	when empty) and void the rows named in `void`."""
	request = require_doc(DOCTYPE, name, "write")
	parts_request.approve_lines(request, parsed(lines) or {}, parsed(void) or [])
	return summary(request)


@frappe.whitelist(methods=["POST"])
@requires(DOCTYPE, "write")
def void_lines(name: str, rows: list | str) -> dict:
	request = require_doc(DOCTYPE, name, "write")
	parts_request.void_lines(request, parsed(rows) or [])
	return summary(request)


@frappe.whitelist(methods=["POST"])
@requires(DOCTYPE, "write")
def fulfil(name: str, quantities: dict | str) -> dict:
	"""Send {row name: qty} of the approved lines: one Stock Entry (warranty) or Sales Invoice
	(purchase), submitted with the request's sent quantities."""
	request = require_doc(DOCTYPE, name, "write")
	document = parts_request.fulfil(request, parsed(quantities) or {})
	return {**summary(request), "document": document}


@frappe.whitelist(methods=["POST"])
@requires(DOCTYPE, "write")
def reject(name: str, reason: str) -> dict:
	request = require_doc(DOCTYPE, name, "write")
	parts_request.reject(request, reason)
	return summary(request)


def summary(request) -> dict:
	return {
		"name": request.name,
		"status": request.status,
		"items": [
			{
				f: row.get(f)
				for f in (
					"name",
					"item",
					"qty",
					"line_status",
					"approved_qty",
					"sent_qty",
					"to_send_qty",
					"rate",
				)
			}
			for row in request.items
		],
		"fulfilments": [
			{f: row.get(f) for f in ("reference_doctype", "reference_name", "posting_date", "qty", "amount")}
			for row in request.fulfilments
		],
	}
