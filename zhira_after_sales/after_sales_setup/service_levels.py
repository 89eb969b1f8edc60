"""Deadlines through ERPNext's Service Level Agreement (SLA) for any of the app's DocTypes with a
`status` field: one function installs a default agreement for a DocType, the way ERPNext expects.

    ensure_service_level_agreement(document_type, service_level, priorities, fulfilled_on,
                                   paused_on=()) -> str    (the agreement's name)
    set_agreement_statuses(agreement, fulfilled_on, paused_on=())
    ensure_priorities(names)

What ERPNext needs (erpnext/support/doctype/service_level_agreement):
- Support Settings "Track Service Level Agreement" on: without it no agreement applies to any
  document (`get_active_service_level_agreement_for`).
- The agreement itself: the DocType (not submittable, with a `status` field), a holiday list,
  working hours per weekday, response and resolution time per priority (Issue Priority records),
  and which statuses fulfil it (`sla_fulfilled_on`) or pause it (`pause_sla_on`). On insert it
  adds its fields to the DocType as Custom Fields: service_level_agreement, priority,
  response_by, first_responded_on, on_hold_since, total_hold_time, agreement_status,
  sla_resolution_by, service_level_agreement_creation, sla_resolution_date. The DocType's JSON
  must not define them itself (ERPNext would look for Custom Fields by those names and fail).
- ERPNext's `validate` hook on every DocType ("*") then fills those fields on each save: the
  response deadline until the first move into a paused or fulfilling status, the resolution
  deadline until a fulfilling status, both counted in working time.

Times are working seconds: 8 working hours is one working day. Install only creates what is
missing; the site's edits to an agreement (times, hours, holidays) are kept.
"""

import frappe
from frappe.utils import add_days, add_years, get_first_day, getdate, nowdate

# Iranian office hours: Saturday to Wednesday, and Thursday morning; Friday is the weekend
WORKING_HOURS = (
	("Saturday", "08:00:00", "16:00:00"),
	("Sunday", "08:00:00", "16:00:00"),
	("Monday", "08:00:00", "16:00:00"),
	("Tuesday", "08:00:00", "16:00:00"),
	("Wednesday", "08:00:00", "16:00:00"),
	("Thursday", "08:00:00", "12:00:00"),
)
# the app's own holiday list, where the default company has none (same as service_desk.ticket_sla)
HOLIDAY_LIST = "تعطیلات رسمی"
HOUR = 3600


def ensure_tracking():
	"""Support Settings' "Track Service Level Agreement" on (agreements apply only with it)."""
	if not frappe.db.get_single_value("Support Settings", "track_service_level_agreement"):
		frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 1)


def ensure_priorities(names) -> list[str]:
	for name in names:
		if not frappe.db.exists("Issue Priority", name):
			frappe.get_doc({"doctype": "Issue Priority", "name": name}).insert(
				ignore_permissions=True, set_name=name
			)
	return list(names)


def ensure_holiday_list(name: str = HOLIDAY_LIST) -> str:
	"""The holiday list the app's agreements count working days with: the default company's, else
	one of the app's own, empty (Fridays are outside the working hours; head office adds the
	official holidays in the desk)."""
	company = frappe.defaults.get_global_default("company")
	own = company and frappe.db.get_value("Company", company, "default_holiday_list")
	if own:
		return own
	if not frappe.db.exists("Holiday List", name):
		start = get_first_day(getdate(nowdate()).replace(month=1))
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": name,
				"from_date": start,
				"to_date": add_days(add_years(start, 5), -1),
			}
		).insert(ignore_permissions=True)
	return name


def ensure_service_level_agreement(
	document_type: str,
	service_level: str,
	priorities: list[tuple[str, float, float]],
	fulfilled_on: list[str],
	paused_on: list[str] = (),
	default_priority: str | None = None,
) -> str:
	"""The default Service Level Agreement of `document_type`, created when missing.

	`priorities`: (Issue Priority, response hours, resolution hours) in working hours;
	`default_priority`: the one a document without a priority gets (default: the first);
	`fulfilled_on` / `paused_on`: status values that fulfil or pause the agreement. An existing
	agreement only has its statuses brought up to date."""
	ensure_tracking()
	existing = frappe.db.get_value(
		"Service Level Agreement", {"document_type": document_type, "default_service_level_agreement": 1}
	)
	if existing:
		set_agreement_statuses(existing, fulfilled_on, paused_on)
		return existing
	ensure_priorities([priority for priority, _response, _resolution in priorities])
	default_priority = default_priority or priorities[0][0]
	agreement = frappe.get_doc(
		{
			"doctype": "Service Level Agreement",
			"service_level": service_level,
			"document_type": document_type,
			"default_service_level_agreement": 1,
			"enabled": 1,
			"apply_sla_for_resolution": 1,
			"holiday_list": ensure_holiday_list(),
			"support_and_resolution": [
				{"workday": day, "start_time": start, "end_time": end} for day, start, end in WORKING_HOURS
			],
			"priorities": [
				{
					"priority": priority,
					"response_time": int(response * HOUR),
					"resolution_time": int(resolution * HOUR),
					"default_priority": int(priority == default_priority),
				}
				for priority, response, resolution in priorities
			],
			"sla_fulfilled_on": [{"status": status} for status in fulfilled_on],
			"pause_sla_on": [{"status": status} for status in paused_on],
		}
	)
	agreement.insert(ignore_permissions=True)
	return agreement.name


def set_agreement_statuses(agreement: str, fulfilled_on: list[str], paused_on: list[str] = ()):
	"""Make the agreement's fulfilling and pausing statuses exactly these (saved only on change)."""
	doc = frappe.get_doc("Service Level Agreement", agreement)
	current = ([row.status for row in doc.sla_fulfilled_on], [row.status for row in doc.pause_sla_on])
	if current == (list(fulfilled_on), list(paused_on)):
		return
	doc.set("sla_fulfilled_on", [{"status": status} for status in fulfilled_on])
	doc.set("pause_sla_on", [{"status": status} for status in paused_on])
	doc.save(ignore_permissions=True)
