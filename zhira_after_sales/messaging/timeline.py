"""SMS on the timeline of the document they are about (hooks: additional_timeline_content)."""

import frappe
from frappe import _
from frappe.utils import escape_html

from zhira_after_sales.utils.phone import try_parse

INDICATORS = {
	"Queued": "orange",
	"Sending": "orange",
	"Sent": "blue",
	"Delivered": "green",
	"Failed": "red",
	"Unknown": "purple",
	"Received": "orange",
	"Processed": "green",
	"Unmatched": "red",
}
LIMIT = 50


def sms_timeline(doctype: str, docname: str) -> list[dict]:
	if not frappe.has_permission("SMS Message", "read"):
		return []
	rows = frappe.get_all(
		"SMS Message",
		filters={"reference_doctype": doctype, "reference_name": docname},
		fields=["name", "creation", "direction", "status", "to", "from_number", "body", "error"],
		order_by="creation desc",
		limit=LIMIT,
	)
	return [
		{"icon": "message", "is_card": True, "creation": row.creation, "content": timeline_html(row)}
		for row in rows
	]


def display_number(number: str | None) -> str:
	phone = try_parse(number) if number else None
	return phone.national if phone else (number or "")


def timeline_html(row) -> str:
	number = f'<bdi dir="ltr">{escape_html(display_number(row.to if row.direction == "Out" else row.from_number))}</bdi>'
	title = escape_html(_("SMS to {0}") if row.direction == "Out" else _("SMS from {0}")).format(number)
	status = f'<span class="indicator-pill {INDICATORS.get(row.status, "gray")}">{escape_html(_(row.status))}</span>'
	error = (
		f'<div class="text-muted small">{escape_html(row.error)}</div>'
		if row.error and row.status in ("Failed", "Queued", "Sending", "Unknown")
		else ""
	)
	return (
		f'<div class="zhira-sms-timeline"><a href="/app/sms-message/{escape_html(row.name)}" class="text-muted">'
		f"{title}</a> {status}"
		f'<div dir="auto" style="white-space: pre-wrap; margin-top: 4px">{escape_html(row.body or "")}</div>'
		f"{error}</div>"
	)
