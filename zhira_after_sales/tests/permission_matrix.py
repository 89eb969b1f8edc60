"""The permission matrix: who may do what with every DocType, report, portal page and endpoint of
the app. One table, read by `test_permission_matrix.py`, which checks each cell through the ways
Frappe serves data (`/api/resource`, `frappe.client`, counts, link search, child-table lists,
`frappe.desk.query_report.run`, portal pages, the app's own methods) as nine users:

    manager       After Sales Manager (head office)
    operator      Reception Operator (head office)
    accountant    Accounts Manager + Accounts User (ERPNext's accountant)
    agency_a      a portal user of agency A          agency_b   a portal user of agency B
    technician_a  a technician of agency A with a login
    customer_x    a customer's website user          customer_y another customer's website user
    guest         nobody logged in

A DocType, report, page or endpoint of the app that this table does not name fails the test:
adding one means deciding here who may use it.
"""

ROLES = (
	"manager",
	"operator",
	"accountant",
	"agency_a",
	"agency_b",
	"technician_a",
	"customer_x",
	"customer_y",
	"guest",
)
HEAD_OFFICE = frozenset({"manager", "operator"})
AGENCIES = frozenset({"agency_a", "agency_b"})
CUSTOMERS = frozenset({"customer_x", "customer_y"})
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {"guest"}

# --- DocTypes ----------------------------------------------------------------------------------
# DocType-level rights per role: r read, w write, c create, d delete, s submit. The two agency
# users share the "agency" column; customers and guests have no DocType rights in the app (they
# use its portal pages and methods). Rows are narrowed further for agencies and technicians (their
# own agency's, their own jobs): the row checks of the test find every Link to Service Agency,
# Service Technician or Customer and prove that agency B, the technician and customer Y see none
# of agency A's / customer X's rows.
#                                manager  operator accountant agency technician
DOCTYPES = {
	"After Sales Settings": ("rwcd", "r", "", "", ""),
	"Complaint Factor": ("rwcd", "r", "", "r", ""),
	"Complaint Status": ("rwcd", "r", "", "r", ""),
	"Defect Code": ("rwcd", "r", "", "r", "r"),
	"Service Rate": ("rwcd", "r", "", "r", ""),
	"Service Status": ("rwcd", "r", "", "r", "r"),
	"Service Type": ("rwcd", "r", "", "r", "r"),
	"Agency Document": ("rwcd", "r", "", "r", ""),
	"Agency Document Download": ("r", "r", "", "", ""),
	"Agency Parts Request": ("rwcds", "r", "", "rwcs", "r"),
	"Defective Part Return": ("rwd", "r", "r", "r", "r"),
	# the accountant reads agencies: the money reports name them (and Frappe checks that)
	"Service Agency": ("rwcd", "r", "r", "r", "r"),
	"Service Invoice": ("rwcds", "r", "r", "rwcs", "r"),
	"Service Technician": ("rwcd", "r", "", "rwcd", "r"),
	"Technician Action": ("r", "", "", "", ""),
	"Agency Scorecard": ("r", "r", "", "", ""),
	"Complaint": ("rwcd", "rwc", "", "", ""),
	"Survey Question": ("rwcd", "r", "", "", ""),
	"Survey Response": ("rwcd", "rwc", "", "", ""),
	"Survey Template": ("rwcd", "r", "", "", ""),
	"SMS Gateway": ("rwcd", "r", "", "", ""),
	"SMS Message": ("rwcd", "rwc", "", "", ""),
	"SMS Template": ("rwcd", "r", "", "", ""),
	"Customer Device": ("rwcd", "rwc", "", "", ""),
	"Periodic Service Plan": ("rwcd", "rwc", "", "", ""),
	"Service Guide": ("rwcd", "r", "", "", ""),
	"Service Reception": ("rwcd", "rwc", "", "r", "r"),
	"Service Ticket": ("rwcd", "rwcd", "", "", ""),
	"Warranty Card": ("rwc", "r", "", "r", "r"),
	"Warranty Card Batch": ("rwcd", "", "", "", ""),
	"Warranty Plan": ("rwcd", "r", "", "", ""),
}


def doctype_rights(doctype: str, role: str) -> str:
	manager, operator, accountant, agency, technician = DOCTYPES[doctype]
	return {
		"manager": manager,
		"operator": operator,
		"accountant": accountant,
		"agency_a": agency,
		"agency_b": agency,
		"technician_a": technician,
	}.get(role, "")


# --- reports -----------------------------------------------------------------------------------
# Who may run each report (`frappe.desk.query_report.run`); everyone else is refused (403).
# Agencies' reports show their own agency's rows only (checked by each report's own tests).
HEAD_OFFICE_REPORT = HEAD_OFFICE
MONEY_REPORT = HEAD_OFFICE | {"accountant"}
AGENCY_REPORT = {"manager"} | AGENCIES
REPORTS = {
	"After-Sales Stock": {"manager"},
	"Agency Consignment": AGENCY_REPORT,
	"Agency Statement": AGENCY_REPORT,
	"Hot Parts Overdue": MONEY_REPORT,
	"Incoming Stock by Supply Type": {"manager"},
	"Parts Consumption by Agency": MONEY_REPORT,
	"Service Invoice Exceptions": AGENCY_REPORT,
	"Service Invoice Queue": AGENCY_REPORT,
	"Stock Above Maximum": {"manager"},
	"Warranty Cost per Model": MONEY_REPORT,
	"Agency Ranking": HEAD_OFFICE_REPORT,
	"Complaint Analysis": HEAD_OFFICE_REPORT,
	"Complaint Stage Ageing": HEAD_OFFICE_REPORT,
	"Satisfaction Analysis": HEAD_OFFICE_REPORT,
	"Survey Answer Distribution": HEAD_OFFICE_REPORT,
	"SMS Delivery Rate by Gateway": HEAD_OFFICE_REPORT,
	"Defect Pareto per Model": HEAD_OFFICE_REPORT,
	"First Time Fix Rate": HEAD_OFFICE_REPORT,
	"Periodic Service Completion Rate": HEAD_OFFICE_REPORT,
	"Periodic Services Due": HEAD_OFFICE_REPORT,
	"Periodic Services Overdue by Agency": HEAD_OFFICE_REPORT,
	"Reception Register": HEAD_OFFICE | AGENCIES,
	"Turnaround Time by Agency": HEAD_OFFICE_REPORT,
}

# --- portal pages (www/) -----------------------------------------------------------------------
# route -> (who is served the page, query string built from the fixtures `f`). Everyone else is
# refused: a login redirect, 403 or 404 - never the page. Pages about one record are asked for
# agency A's / customer X's record, so agency B and customer Y are refused.
PAGES = {
	"track": (EVERYONE, lambda f: ""),
	"warranty": (EVERYONE, lambda f: ""),
	"agency": (AGENCIES, lambda f: ""),
	"agency/documents": (AGENCIES, lambda f: ""),
	"agency/invoices": (AGENCIES, lambda f: ""),
	"agency/invoice": ({"agency_a"}, lambda f: f"name={f.invoice_a}"),
	"agency/new-invoice": ({"agency_a"}, lambda f: f"reception={f.reception_a}"),
	"agency/new-ticket": (AGENCIES, lambda f: ""),
	"agency/parts": (AGENCIES, lambda f: ""),
	"agency/parts-request": ({"agency_a"}, lambda f: f"name={f.parts_request_a}"),
	"agency/referral": ({"agency_a"}, lambda f: f"name={f.reception_a}"),
	"agency/scores": (AGENCIES, lambda f: ""),
	"agency/statement": (AGENCIES, lambda f: ""),
	"agency/tickets": (AGENCIES, lambda f: ""),
	"agency/ticket": ({"agency_a"}, lambda f: f"name={f.ticket_agency_a}"),
	# a voucher of the agency's statement (posted ledgers; the fixtures post none): no one is
	# shown a voucher that is not on their statement
	"agency/voucher": (frozenset(), lambda f: f"type=Journal%20Entry&name={f.invoice_a}"),
	"service": (CUSTOMERS, lambda f: ""),
	# a signed-in customer is sent on to their page
	"service/login": (EVERYONE - CUSTOMERS, lambda f: ""),
	"service/devices": (CUSTOMERS, lambda f: ""),
	"service/card": ({"customer_x"}, lambda f: f"name={f.card_x}"),
	"service/new-request": (CUSTOMERS, lambda f: ""),
	"service/request": ({"customer_x"}, lambda f: f"name={f.reception_a}"),
	"service/new-ticket": (CUSTOMERS, lambda f: ""),
	"service/tickets": (CUSTOMERS, lambda f: ""),
	"service/ticket": ({"customer_x"}, lambda f: f"name={f.ticket_customer_x}"),
	"tech": (EVERYONE, lambda f: ""),
	"tech/manifest.json": (EVERYONE, lambda f: ""),
	"tech/sw.js": (EVERYONE, lambda f: ""),
}


# --- the app's whitelisted methods -------------------------------------------------------------
class Endpoint:
	"""`refused`: who must be refused (403, or 404 where a record one may not see is "not found")
	when calling it with `args(f)` (built from the fixtures: agency A's, customer X's records; other
	required arguments get a placeholder of their type); `guest`: whether it is whitelisted for
	guests at all; `method`: the HTTP method it answers."""

	def __init__(self, refused, args=None, guest: bool = False, method: str = "POST", doc=None):
		self.refused = frozenset(refused)
		self.args = args or (lambda f: {})
		self.guest = guest
		self.method = method
		# a method of a document class: called through `run_doc_method` on (doctype, name(f))
		self.doc = doc


NOT_HEAD_OFFICE = EVERYONE - HEAD_OFFICE
NOT_MANAGER = EVERYONE - {"manager"}
NOT_AGENCY_A = EVERYONE - {"agency_a"}
NOT_AGENCY = EVERYONE - AGENCIES
NOT_CUSTOMER = EVERYONE - CUSTOMERS
NOT_TECHNICIAN = EVERYONE - {"technician_a"}
# a portal party (agency or customer) with its own tickets
NOT_PARTY = EVERYONE - AGENCIES - CUSTOMERS
GUEST = frozenset({"guest"})
NO_ONE = frozenset()


def reception_a(f):
	return {"reception": f.reception_a}


E = Endpoint
API = "zhira_after_sales.api."
ENDPOINTS = {
	# agency cartable and referrals: agency A's reception is agency A's alone
	API + "agency.get_cartable": E(NOT_AGENCY, method="GET"),
	# head office answers for an agency too (what the agency said on the phone)
	API + "agency.accept_referral": E(NOT_AGENCY_A - HEAD_OFFICE, reception_a),
	API + "agency.decline_referral": E(
		NOT_AGENCY_A - HEAD_OFFICE, lambda f: {**reception_a(f), "reason": "x"}
	),
	API + "agency.assign_technician": E(
		NOT_AGENCY_A - HEAD_OFFICE, lambda f: {**reception_a(f), "technician": f.technician_a}
	),
	API + "agency.save_service_invoice": E(
		NOT_AGENCY, lambda f: {**reception_a(f), "customer_device": f.device_x}
	),
	API + "agency.submit_service_invoice": E(NOT_AGENCY_A, lambda f: {"name": f.invoice_a}),
	API + "agency_document.download": E(NOT_HEAD_OFFICE - AGENCIES, method="GET"),
	# an agency's own statement (the agency comes from the user, never from the request)
	API + "agency_money.statement_xlsx": E(NOT_AGENCY, method="GET"),
	API + "agency_parts.create_parts_request": E(NOT_MANAGER - AGENCIES),
	API + "agency_payment.receive_from_agency": E(NOT_MANAGER),
	API + "agency_payment.pay_agency": E(NOT_MANAGER),
	API + "agency_payment.payment_defaults": E(NOT_MANAGER, method="GET"),
	API + "agency_score.recompute": E(NOT_MANAGER),
	API + "agency_user.invite_agency_user": E(NOT_MANAGER),
	API + "agency_user.remove_agency_user": E(NOT_MANAGER),
	API + "complaint.change_status": E(NOT_HEAD_OFFICE, lambda f: {"complaint": f.complaint_x}),
	API + "complaint.get_allowed_statuses": E(
		NOT_HEAD_OFFICE, lambda f: {"complaint": f.complaint_x}, method="GET"
	),
	API + "consignment.return_consignment_stock": E(NOT_MANAGER, lambda f: {"agency": f.agency_a}),
	API + "consignment.bill_consignment_stock": E(NOT_MANAGER, lambda f: {"agency": f.agency_a}),
	API + "customer.submit_request": E(NOT_CUSTOMER),
	API + "customer.cancel_request": E(
		NOT_CUSTOMER | {"customer_y"}, lambda f: {"name": f.reception_a, "reason": "x"}
	),
	API + "customer.get_requests": E(NOT_CUSTOMER, method="GET"),
	API + "customer.get_request": E(
		NOT_CUSTOMER | {"customer_y"}, lambda f: {"name": f.reception_a}, method="GET"
	),
	API + "customer_auth.send_login_code": E(NO_ONE, guest=True),
	API + "customer_auth.verify_login_code": E(NO_ONE, guest=True),
	API + "invoice.make_service_invoice": E(
		NOT_MANAGER - AGENCIES - {"operator"}, lambda f: {"source_name": f.reception_a}, method="GET"
	),
	API + "invoice.approve_service_invoice": E(NOT_MANAGER - AGENCIES, lambda f: {"name": f.invoice_a}),
	API + "invoice.reject_service_invoice": E(NOT_MANAGER - AGENCIES, lambda f: {"name": f.invoice_a}),
	API + "invoice.set_rejection_reason": E(NOT_MANAGER - AGENCIES, lambda f: {"name": f.invoice_a}),
	API + "part_return.receive": E(NOT_MANAGER),
	API + "part_return.reject": E(NOT_MANAGER),
	API + "part_return.bill": E(NOT_MANAGER),
	API + "part_return.route": E(NOT_MANAGER),
	API + "part_return.repaired": E(NOT_MANAGER),
	API + "parts_request.approve_lines": E(NOT_MANAGER - AGENCIES),
	API + "parts_request.void_lines": E(NOT_MANAGER - AGENCIES),
	API + "parts_request.fulfil": E(NOT_MANAGER - AGENCIES),
	API + "parts_request.reject": E(NOT_MANAGER - AGENCIES),
	API + "periodic.make_plan": E(NOT_HEAD_OFFICE, lambda f: {"customer_device": f.device_x}),
	API + "periodic.plans_for_contract": E(NOT_HEAD_OFFICE, lambda f: {"contract": "x"}),
	API + "periodic.skip_visit": E(NOT_HEAD_OFFICE, lambda f: {"plan": f.plan_x, "visit": "x"}),
	API + "periodic.open_visit_now": E(NOT_HEAD_OFFICE, lambda f: {"plan": f.plan_x, "visit": "x"}),
	API + "periodic.cancel_plan": E(NOT_HEAD_OFFICE, lambda f: {"plan": f.plan_x}),
	API + "periodic_reports.due_today": E(NOT_HEAD_OFFICE, method="GET"),
	API + "reception.lookup_mobile": E(NOT_HEAD_OFFICE, method="GET"),
	# the Reception Register's own readers (an agency's file holds only its own rows)
	API + "reception.export_reception_register": E(NOT_HEAD_OFFICE - AGENCIES),
	API + "reception.defects_for_item": E(NOT_HEAD_OFFICE - AGENCIES - {"technician_a"}, method="GET"),
	API + "reception.get_passport": E(
		NOT_HEAD_OFFICE, lambda f: {"customer_device": f.device_x}, method="GET"
	),
	API + "reception.open_receptions_by_status": E(
		NOT_HEAD_OFFICE - AGENCIES - {"technician_a"}, method="GET"
	),
	# the area code's territory and agency: for anyone on the desk who reads territories
	API + "setup.route_phone": E(GUEST | CUSTOMERS, method="GET"),
	API + "setup.get_service_rate": E(NOT_HEAD_OFFICE - AGENCIES, method="GET"),
	API + "setup.defect_code_query": E(NOT_HEAD_OFFICE - AGENCIES - {"technician_a"}, method="GET"),
	API + "sms.inbound": E(NO_ONE, guest=True),
	API + "sms.get_send_options": E(
		NOT_HEAD_OFFICE, lambda f: {"doctype": "Service Reception", "name": f.reception_a}, method="GET"
	),
	API + "sms.preview": E(
		NOT_HEAD_OFFICE, lambda f: {"doctype": "Service Reception", "name": f.reception_a}
	),
	API + "sms.send": E(NOT_HEAD_OFFICE, lambda f: {"doctype": "Service Reception", "name": f.reception_a}),
	API + "sms.send_test": E(NOT_MANAGER, lambda f: {"gateway": "x", "to": "09120000000"}),
	API + "sms.sender_context": E(NOT_HEAD_OFFICE, lambda f: {"name": f.sms_x}, method="GET"),
	API + "sms.link_message": E(NOT_HEAD_OFFICE, lambda f: {"name": f.sms_x}),
	API + "sms.retry": E(NOT_HEAD_OFFICE, lambda f: {"name": f.sms_x}),
	API + "sms.mark_sent": E(NOT_HEAD_OFFICE, lambda f: {"name": f.sms_x}),
	API + "sms.process_again": E(NOT_HEAD_OFFICE, lambda f: {"name": f.sms_x}),
	API + "status.change_status": E(NOT_HEAD_OFFICE - {"agency_a", "technician_a"}, reception_a),
	API + "status.get_allowed_statuses": E(
		NOT_HEAD_OFFICE - {"agency_a", "technician_a"}, reception_a, method="GET"
	),
	API + "survey.complete": E(NOT_HEAD_OFFICE, lambda f: {"survey_response": f.survey_x}),
	API + "survey.record_attempt": E(NOT_HEAD_OFFICE, lambda f: {"survey_response": f.survey_x}),
	API + "ticket.open_ticket": E(NOT_PARTY),
	API + "ticket.my_tickets": E(NOT_PARTY, method="GET"),
	API + "ticket.view": E(NOT_PARTY | {"customer_y"}, lambda f: {"name": f.ticket_customer_x}, method="GET"),
	API + "ticket.reply": E(
		NOT_PARTY - HEAD_OFFICE | {"customer_y"}, lambda f: {"name": f.ticket_customer_x, "message": "x"}
	),
	API + "ticket.close": E(NOT_PARTY | {"customer_y"}, lambda f: {"name": f.ticket_customer_x}),
	API + "ticket.attachment": E(
		NOT_PARTY - HEAD_OFFICE | {"customer_y"},
		lambda f: {"name": f.ticket_customer_x, "file_url": "/private/files/x.png"},
		method="GET",
	),
	API + "ticket.set_status": E(NOT_HEAD_OFFICE, lambda f: {"name": f.ticket_customer_x}),
	API + "ticket.convert": E(NOT_HEAD_OFFICE, lambda f: {"name": f.ticket_customer_x}),
	API + "tracking.track": E(NO_ONE, guest=True),
	API + "v1.tech.login": E(NO_ONE, guest=True),
	API + "v1.tech.me": E(NOT_TECHNICIAN, method="GET"),
	API + "v1.tech.jobs": E(NOT_TECHNICIAN, method="GET"),
	API + "v1.tech.job": E(NOT_TECHNICIAN, lambda f: {"name": f.reception_a}, method="GET"),
	API + "v1.tech.status": E(NOT_TECHNICIAN, lambda f: {"job": f.reception_a}),
	API + "v1.tech.invoice": E(NOT_TECHNICIAN, lambda f: {"job": f.reception_a}),
	API + "v1.tech.upload": E(NOT_TECHNICIAN, lambda f: {"invoice": f.invoice_a}),
	API + "warranty.check_coverage": E(GUEST | CUSTOMERS | {"accountant"}, method="GET"),
	API + "warranty.verify_warranty": E(NO_ONE, guest=True, method="GET"),
	# Frappe's own methods, overridden so they narrow what they return like lists do
	"zhira_after_sales.overrides.client.get_count": E(GUEST, lambda f: {"doctype": "Service Reception"}),
	"zhira_after_sales.overrides.jalali_charts.get": E(GUEST),
	"zhira_after_sales.overrides.search.global_search": E(GUEST, lambda f: {"text": "x"}),
	"zhira_after_sales.overrides.search.search_link": E(
		GUEST, lambda f: {"doctype": "Service Reception", "txt": ""}
	),
	"zhira_after_sales.overrides.search.search_widget": E(
		GUEST, lambda f: {"doctype": "Service Reception", "txt": ""}
	),
	"zhira_after_sales.overrides.search.validate_link": E(
		GUEST, lambda f: {"doctype": "Service Reception", "docname": f.reception_a}
	),
	# desk actions on a document
	"zhira_after_sales.warranty.doctype.warranty_card.warranty_card.WarrantyCard.void": E(
		NOT_MANAGER, lambda f: {"reason": "x"}, doc=("Warranty Card", lambda f: f.card_x)
	),
	"zhira_after_sales.warranty.doctype.warranty_card_batch.warranty_card_batch.WarrantyCardBatch.issue_cards": E(
		NOT_MANAGER, doc=("Warranty Card Batch", lambda f: f.batch)
	),
}
