"""The device passport (شناسنامه دستگاه): one timeline of everything that happened to a Customer
Device - warranty cards now; receptions, service invoices, parts replaced, hot parts, complaints
and survey scores as those features land.

Extension point: a hook `zhira_device_passport` in any app's hooks.py lists functions

    def my_rows(device) -> list[dict]      # device: the Customer Device document

returning rows with these keys (only `date` and `title` are required):

    date               ISO date (or datetime) the row is sorted by (newest first; rows of the
                       same date keep the provider's order, so return them oldest first)
    title              one line, translated
    description        optional detail, translated (plain text)
    kind               a short tag for grouping/colour, e.g. "warranty", "reception"
    indicator          Frappe indicator colour: green, orange, red, blue, gray, ...
    reference_doctype  optional document the row links to
    reference_name

Rows a user may not read are the provider's business to leave out.
"""

import frappe
from frappe import _
from frappe.utils import get_datetime

from zhira_after_sales.utils import jalali

REQUIRED = ("date", "title")


def get_passport(device) -> list[dict]:
	"""Every timeline row of the device (a Customer Device document), newest first, with a Jalali
	date for display (the endpoint is api.reception.get_passport)."""
	rows = []
	for path in frappe.get_hooks("zhira_device_passport"):
		for row in frappe.get_attr(path)(device) or []:
			if all(row.get(key) for key in REQUIRED):
				rows.append(row)
	for index, row in enumerate(rows):
		moment = get_datetime(row["date"])
		row["sort_key"] = (moment.isoformat(), index)
		row["date_display"] = jalali.format_date(moment.date(), persian_digits=frappe.local.lang == "fa")
		row.setdefault("indicator", "gray")
		row.setdefault("kind", "")
		row.setdefault("description", "")
		if row.get("reference_doctype"):
			row["reference_label"] = _(row["reference_doctype"])
	rows.sort(key=lambda r: r["sort_key"], reverse=True)
	for row in rows:
		del row["sort_key"]
	return rows
