"""How much text the portals and the technician app may send, checked at the endpoint before any
service runs. Without a limit a megabyte of notes reaches the database: a Small Text column makes
MariaDB refuse the row (HTTP 500), a Data field makes Frappe refuse it quoting the whole value back.
The limits are the portal forms' own `maxlength`.

    check_length(value, label, limit)            refuse text longer than `limit` characters
    check_rows(rows, field, label, limit)        the same for a field of each row (a list, or JSON)
"""

import frappe
from frappe import _

from zhira_after_sales.exceptions import PortalInputError

NOTES = 1000  # a work report's notes, a service row's description
NOTE = 500  # a status change's note, a reason for declining or cancelling
NAME = 140  # a name or an id the app makes up (Data fields)
TEXT = 5000  # a note the desk also writes (a status change's), as long as a ticket message


def check_length(value, label: str, limit: int):
	"""PortalInputError (HTTP 417), naming the field and its limit, for text longer than `limit`."""
	if isinstance(value, str) and len(value) > limit:
		frappe.throw(_("{0}: write at most {1} characters.").format(label, limit), exc=PortalInputError)


def check_rows(rows, field: str, label: str, limit: int):
	"""check_length for `field` of each row of `rows` (a list of dicts, or its JSON); anything else is
	left to the service, which says what it expects."""
	if isinstance(rows, str):
		try:
			rows = frappe.parse_json(rows)
		except ValueError:
			return
	if not isinstance(rows, list):
		return
	for row in rows:
		if isinstance(row, dict):
			check_length(row.get(field), label, limit)
