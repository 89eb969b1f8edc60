app_name = "zhira_after_sales"
app_title = "Zhira After Sales"
app_publisher = "Zhira After-Sales contributors"
app_description = "After-sales service management for Iranian manufacturers and traders, on ERPNext"
app_email = "dev@zhira.example"
app_license = "mit"

# "org/repo" form: a bare "erpnext" makes install-app ask api.github.com where the org is (fails offline)
required_apps = ["frappe/erpnext"]
export_python_type_annotations = True

# Desk assets
app_include_css = [
	"zhira_after_sales.bundle.css",
	"jalali.bundle.css",
	"/assets/zhira_after_sales/css/persian_fonts.css",
]
app_include_js = ["zhira_sms.bundle.js", "jalali.bundle.js", "zhira_desk.bundle.js"]
extend_bootinfo = [
	"zhira_after_sales.messaging.boot.boot_session",
	"zhira_after_sales.overrides.jalali.extend_bootinfo",
	"zhira_after_sales.after_sales_setup.boot.extend_bootinfo",
]

# Jalali calendar for users who use it (overrides/jalali.py)
before_request = ["zhira_after_sales.overrides.jalali.install"]
before_job = ["zhira_after_sales.overrides.jalali.install"]

# Portal users land on their own app after logging in: the agency portal, the technician app, the
# customer pages
role_home_page = {"Service Agency": "agency", "Service Technician": "tech", "Customer": "service"}

# Installation and setup
after_install = "zhira_after_sales.setup.install.after_install"
setup_wizard_complete = "zhira_after_sales.setup.install.after_setup_wizard"
before_uninstall = "zhira_after_sales.setup.install.before_uninstall"
after_migrate = "zhira_after_sales.setup.install.after_migrate"
after_uninstall = "zhira_after_sales.setup.install.after_uninstall"
before_tests = "zhira_after_sales.setup.install.before_tests"

# Print formats and SMS templates
jinja = {
	"filters": [
		"zhira_after_sales.utils.jinja.jalali",
		"zhira_after_sales.utils.jinja.jalali_datetime",
		"zhira_after_sales.utils.jinja.jalali_long",
		"zhira_after_sales.utils.jinja.persian_digits",
		"zhira_after_sales.utils.jinja.latin_digits",
		"zhira_after_sales.utils.jinja.phone_national",
		"zhira_after_sales.warranty.printing.bidi_safe",
	],
	"methods": [
		"zhira_after_sales.utils.jinja.jalali",
		"zhira_after_sales.utils.jinja.jalali_long",
		"zhira_after_sales.warranty.printing.warranty_verification_url",
		"zhira_after_sales.warranty.printing.warranty_qr_code",
		"zhira_after_sales.warranty.printing.print_terms",
		"zhira_after_sales.utils.fonts.pdf_fonts",
	],
}

# Global search (the awesome bar) finds receptions by tracking code, mobile, landline, serial, name
global_search_doctypes = {
	"Default": [
		{"doctype": "Service Reception"},
		{"doctype": "Customer Device"},
		{"doctype": "Service Agency"},
		{"doctype": "Service Technician"},
	]
}

# ERPNext documents
doc_events = {
	"Territory": {
		"validate": "zhira_after_sales.after_sales_setup.territory.validate_territory",
	},
	# a new warehouse under a consignment / defective / repair group takes the group's type
	"Warehouse": {
		"before_insert": "zhira_after_sales.agency.warehouses.set_type_from_parent",
		# ERPNext caches warehouse accounts per request: a new warehouse must be seen at once
		"after_insert": "zhira_after_sales.agency.warehouses.forget_account_map",
	},
	# warranty start triggers
	"Delivery Note": {
		"on_submit": "zhira_after_sales.events.warranty.on_stock_submit",
		"on_cancel": "zhira_after_sales.events.warranty.on_stock_cancel",
	},
	"Sales Invoice": {
		"on_submit": "zhira_after_sales.events.warranty.on_stock_submit",
		"on_cancel": "zhira_after_sales.events.warranty.on_stock_cancel",
	},
	"Stock Entry": {
		"on_submit": "zhira_after_sales.events.warranty.on_stock_submit",
		"on_cancel": "zhira_after_sales.events.warranty.on_stock_cancel",
	},
	"Customer Device": {
		"on_update": "zhira_after_sales.events.warranty.on_customer_device_update",
	},
}

# What customers and agencies type (portal, technician app, SMS) is shown by Frappe's Standard print
# and desk as stored HTML: tags in these DocTypes' plain-text fields are stored escaped
for _doctype in ("Service Reception", "Service Ticket", "Complaint", "Survey Response", "Service Invoice"):
	doc_events.setdefault(_doctype, {})["validate"] = "zhira_after_sales.utils.typed_text.disarm_tags"
del _doctype

# Device passport: each entry is a function(device) -> list of timeline rows (see
# zhira_after_sales.service_desk.passport); later features append their own.
zhira_device_passport = [
	"zhira_after_sales.warranty.passport.device_timeline",
	"zhira_after_sales.agency.passport.device_timeline",
]

doctype_js = {
	# ERPNext's Contract: Create Periodic Service Plans for the customer's devices
	"Contract": "public/js/contract.js",
	"Customer Device": "public/js/customer_device_passport.js",
	"Service Agency": [
		"agency/doctype/service_agency/service_agency_payments.js",
		"agency/doctype/service_agency/service_agency_consignment.js",
		"agency/doctype/service_agency/service_agency_users.js",
	],
}

# Least privilege for agency and technician users
permission_query_conditions = {
	"Service Reception": "zhira_after_sales.service_desk.permissions.reception_query_conditions",
	"Service Agency": "zhira_after_sales.agency.permissions.agency_query_conditions",
	"Service Technician": "zhira_after_sales.agency.permissions.technician_query_conditions",
	"Warranty Card": "zhira_after_sales.warranty.permissions.card_query_conditions",
	# child tables listed directly: only rows of parents the user may list
	"*": "zhira_after_sales.overrides.child_tables.child_table_conditions",
}
has_permission = {
	"Service Reception": "zhira_after_sales.service_desk.permissions.reception_has_permission",
	"Service Agency": "zhira_after_sales.agency.permissions.agency_has_permission",
	"Service Technician": "zhira_after_sales.agency.permissions.technician_has_permission",
	"Warranty Card": "zhira_after_sales.warranty.permissions.card_has_permission",
}

# Counting, global search, link search and link validation respect the same narrowing as listing
override_whitelisted_methods = {
	"frappe.client.get_count": "zhira_after_sales.overrides.client.get_count",
	"frappe.utils.global_search.search": "zhira_after_sales.overrides.search.global_search",
	"frappe.desk.search.search_link": "zhira_after_sales.overrides.search.search_link",
	"frappe.desk.search.search_widget": "zhira_after_sales.overrides.search.search_widget",
	"frappe.client.validate_link": "zhira_after_sales.overrides.search.validate_link",
	# time-series Dashboard Charts in Jalali periods for the users who read Jalali dates
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "zhira_after_sales.overrides.jalali_charts.get",
	# endpoints moved to api/: the old paths keep working for clients that use them
	"zhira_after_sales.service_desk.status_api.change_status": "zhira_after_sales.api.status.change_status",
	"zhira_after_sales.service_desk.status_api.get_allowed_statuses": (
		"zhira_after_sales.api.status.get_allowed_statuses"
	),
	"zhira_after_sales.service_desk.passport.get_passport": "zhira_after_sales.api.reception.get_passport",
	"zhira_after_sales.warranty.api.check_coverage": "zhira_after_sales.api.warranty.check_coverage",
	"zhira_after_sales.warranty.api.verify_warranty": "zhira_after_sales.api.warranty.verify_warranty",
	"zhira_after_sales.after_sales_setup.territory.route_phone": "zhira_after_sales.api.setup.route_phone",
	"zhira_after_sales.after_sales_setup.doctype.service_rate.service_rate.get_service_rate": (
		"zhira_after_sales.api.setup.get_service_rate"
	),
}

# SMS: sending, inbox polling and delivery reports; messages on their document's timeline.
# Warranty: cards past their end date expire daily.
scheduler_events = {
	"cron": {
		"* * * * *": ["zhira_after_sales.tasks.sms.every_minute"],
		"*/5 * * * *": ["zhira_after_sales.tasks.sms.every_five_minutes"],
	},
	"daily": [
		"zhira_after_sales.tasks.warranty.expire_warranty_cards",
		"zhira_after_sales.tasks.hot_parts.bill_overdue_returns",
		"zhira_after_sales.tasks.fiscal_year.ensure_next_fiscal_year",
	],
}
additional_timeline_content = {"*": ["zhira_after_sales.messaging.timeline.sms_timeline"]}
# DocTypes with the "Send SMS" action (a template filled from the document); add yours here
zhira_smart_sms_doctypes = ["Customer Device", "Service Reception"]

# Messaging's extension points (messaging imports no business module; they register here).
# See zhira_after_sales/messaging/processing.py, parties.py and templates.py.
# An inbound SMS offered to each in turn: handler(inbound) -> reply text, Handled, or None to pass
zhira_sms_command_handlers = [
	"zhira_after_sales.service_desk.sms_commands.technician_status_command",
	# a customer's bare tracking code: the status in the customer's words (issue 16)
	"zhira_after_sales.service_desk.sms_tracking.tracking_status_reply",
]
# Answers to our SMS, by the SMS event they answer: {"Survey Request": ["dotted.path.handler"]}
# Who a sender is, for the Unmatched inbox: context(number, customer=None) -> dict
zhira_sms_sender_context = ["zhira_after_sales.service_desk.sms_context.sender_context"]
# More Jinja values for SMS Templates: context(doc) -> dict
zhira_sms_template_context = ["zhira_after_sales.service_desk.sms_context.template_context"]
# The template an event uses for a document, before the event's defaults: template(event, doc) -> name
zhira_sms_event_template = ["zhira_after_sales.service_desk.sms_context.status_template"]

# Called with the Service Invoice once head office approves it (the work is done): handler(invoice),
# in the approval's transaction. Customer Care's Happy Call will register here.
zhira_service_completed = []

# Service Invoice: an agency sees and files its own invoices, a technician reads theirs
permission_query_conditions["Service Invoice"] = (
	"zhira_after_sales.agency.permissions.invoice_query_conditions"
)
has_permission["Service Invoice"] = "zhira_after_sales.agency.permissions.invoice_has_permission"
permission_query_conditions["Defective Part Return"] = (
	"zhira_after_sales.agency.permissions.part_return_query_conditions"
)
has_permission["Defective Part Return"] = "zhira_after_sales.agency.permissions.part_return_has_permission"
permission_query_conditions["Agency Parts Request"] = (
	"zhira_after_sales.agency.parts_request_permissions.request_query_conditions"
)
has_permission["Agency Parts Request"] = (
	"zhira_after_sales.agency.parts_request_permissions.request_has_permission"
)
# Agency Document: an agency reads only the documents published to it (and so their private files)
permission_query_conditions["Agency Document"] = (
	"zhira_after_sales.agency.document_permissions.document_query_conditions"
)
has_permission["Agency Document"] = "zhira_after_sales.agency.document_permissions.document_has_permission"
# Technician app (/tech, API zhira_after_sales.api.v1.tech): the store app's Digital Asset Links file
# /.well-known/assetlinks.json, from the package name and fingerprints After Sales Settings keep
page_renderer = ["zhira_after_sales.www.assetlinks.AssetLinksPage"]
doc_events["After Sales Settings"] = {
	"validate": "zhira_after_sales.after_sales_setup.store_app.validate_settings"
}

# --- Customer Care: Complaint (ISO 10002) -------------------------------------------------------
# The complaints' Service Level Agreement pauses and ends on the statuses of the Responded, Closed
# and Rejected stages: it is brought up to date whenever a Complaint Status changes
doc_events["Complaint Status"] = {
	"on_update": "zhira_after_sales.events.customer_care.on_complaint_status_change",
	"after_delete": "zhira_after_sales.events.customer_care.on_complaint_status_change",
}
# complaints past their response or resolution deadline show as overdue (also checked on each save)
scheduler_events.setdefault("hourly", []).append(
	"zhira_after_sales.tasks.customer_care.mark_overdue_complaints"
)
zhira_smart_sms_doctypes.append("Complaint")
# Service Ticket conversions, {target DocType: "dotted.path"}, each fn(ticket_doc) -> name of the new
# document (service_desk.tickets.convert). Service Desk registers "Service Reception" here too.
zhira_ticket_conversions = {
	"Complaint": "zhira_after_sales.customer_care.complaint_conversion.from_ticket",
}

# --- Service Desk: Service Ticket -----------------------------------------------------------------
# a customer's ticket becomes a Service Reception (service_desk.tickets.convert); a reception made
# in the desk from a ticket's prefilled form converts that ticket when it is saved
zhira_ticket_conversions["Service Reception"] = (
	"zhira_after_sales.service_desk.ticket_conversion.to_reception"
)
doc_events.setdefault("Service Reception", {})["after_insert"] = (
	"zhira_after_sales.service_desk.ticket_conversion.link_back"
)
# customers and agencies reach their tickets only through their portals and api/ticket.py
permission_query_conditions["Service Ticket"] = (
	"zhira_after_sales.service_desk.ticket_permissions.ticket_query_conditions"
)
has_permission["Service Ticket"] = "zhira_after_sales.service_desk.ticket_permissions.ticket_has_permission"
# {{ status_label }} in SMS templates: a ticket's status in the SMS language
zhira_sms_template_context.append("zhira_after_sales.service_desk.ticket_notify.template_context")
global_search_doctypes["Default"].append({"doctype": "Service Ticket"})

# --- Customer Care: agency score (Agency Scorecard) -----------------------------------------------
# each Jalali month's scorecards, snapshotted once the month is over (daily: Jalali months do not
# follow Frappe's Gregorian "monthly" event); customer_care.scorecards
scheduler_events["daily"].append("zhira_after_sales.tasks.scorecards.snapshot_agency_scores")

# --- Customer Care: Happy Call (Survey Response, ISO 10004) ---------------------------------------
# a reception completed (its status moved into the category Completed, or head office approved its
# last Service Invoice) gets one Happy Call: customer_care.survey
zhira_service_completed.append("zhira_after_sales.customer_care.survey.on_service_completed")
doc_events.setdefault("Service Reception", {})["on_update"] = (
	"zhira_after_sales.events.survey.on_reception_update"
)
# the customer's digit answers to the survey SMS, and the question the SMS asks
zhira_sms_reply_handlers = {"Survey Request": ["zhira_after_sales.customer_care.survey.record_sms_answer"]}
zhira_sms_template_context.append("zhira_after_sales.customer_care.survey.template_context")
# Happy Calls whose delay (After Sales Settings) has passed go out
scheduler_events["cron"].setdefault("*/15 * * * *", []).append(
	"zhira_after_sales.tasks.survey.dispatch_due_surveys"
)

# --- Service Desk: periodic service (Service Guide, Periodic Service Plan) -------------------------
# a warranty that starts (warranty.lifecycle) plans its device's visits from the item's Service
# Guide; a cancelled start cancels a plan not begun: service_desk.periodic
zhira_warranty_started = ["zhira_after_sales.service_desk.periodic.on_warranty_started"]
zhira_warranty_start_reverted = ["zhira_after_sales.service_desk.periodic.on_warranty_start_reverted"]
# an approved Periodic Service invoice marks its visit done (and moves later "from last service" ones)
zhira_service_completed.append("zhira_after_sales.service_desk.periodic.on_service_completed")
# handler(invoice): head office cancelled an approved Service Invoice (agency/invoice_approval.py
# reverse, after its postings were reversed); the periodic visit it completed is open again
zhira_service_reversed = ["zhira_after_sales.service_desk.periodic.on_service_reversed"]
# the reminder SMS speaks of its visit; the customer answers it with 1 (book) or 2 (decline)
zhira_sms_template_context.append("zhira_after_sales.service_desk.periodic.template_context")
zhira_sms_reply_handlers["Periodic Service Reminder"] = [
	"zhira_after_sales.service_desk.periodic.on_reminder_answer"
]
# reminders N days ahead, receptions on the due date, overdue after the grace period
scheduler_events["daily"].append("zhira_after_sales.tasks.periodic.run_periodic_service")
