"""The agency score's indexes on sites made before it (customer_care.agency_score): Service
Reception (service_agency, closed_on, status) and (closed_on, status, service_agency), Complaint
(service_agency, closed_on), Survey Response (service_agency, completed_on) and (completed_on,
status, service_agency, satisfaction_percent). `bench migrate` runs on_doctype_update() only when
the DocType's file changes; add_index skips an index that exists."""

import frappe

from zhira_after_sales.customer_care.doctype.complaint.complaint import (
	on_doctype_update as complaint_indexes,
)
from zhira_after_sales.service_desk.doctype.service_reception.service_reception import (
	on_doctype_update as reception_indexes,
)


def execute():
	reception_indexes()
	complaint_indexes()
	if frappe.db.table_exists("Survey Response"):
		frappe.db.add_index("Survey Response", ["service_agency", "completed_on"])
		# the ranking of every agency: a month is a range of this index, no row read
		frappe.db.add_index(
			"Survey Response",
			["completed_on", "status", "service_agency", "satisfaction_percent"],
			"completed_on_status_agency_index",
		)
