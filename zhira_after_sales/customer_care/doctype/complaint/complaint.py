# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""A complaint (ISO 10002) from any channel: who complains, about what (reception, device, agency,
technician), its factors and penalty points, and its way through the stages Received,
Acknowledged, Assessed, Investigating, Responded and Closed or Rejected, each dated and logged.
Stage rules: customer_care.complaint_rules; moves and the acknowledgement SMS:
customer_care.complaints; deadlines: customer_care.complaint_sla (ERPNext's Service Level
Agreement, applied by ERPNext's validate hook right after `validate`)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from zhira_after_sales.customer_care import complaint_rules as rules
from zhira_after_sales.customer_care import complaint_sla, complaints
from zhira_after_sales.exceptions import ComplaintError
from zhira_after_sales.service_desk.customers import find_customers_by_mobile
from zhira_after_sales.utils.fields import normalize_text_fields, parse_phone_field
from zhira_after_sales.utils.phone import try_parse

AGENCY_COMPLAINANT = "Service Agency"


class Complaint(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.customer_care.doctype.complaint_factor_detail.complaint_factor_detail import (
			ComplaintFactorDetail,
		)
		from zhira_after_sales.customer_care.doctype.complaint_follow_up.complaint_follow_up import (
			ComplaintFollowUp,
		)
		from zhira_after_sales.customer_care.doctype.complaint_status_log.complaint_status_log import (
			ComplaintStatusLog,
		)

		acknowledged_on: DF.Datetime | None
		acknowledgement_sms: DF.Link | None
		assessed_on: DF.Datetime | None
		channel: DF.Literal["Phone", "SMS", "Web", "Ticket", "Walk-in", "Email"]
		closed_on: DF.Datetime | None
		complainant_type: DF.Literal["Customer", "Service Agency"]
		customer: DF.Link | None
		customer_device: DF.Link | None
		customer_name: DF.Data
		customer_satisfied: DF.Literal["", "Yes", "No"]
		decision: DF.Literal["", "Upheld", "Not Upheld"]
		description: DF.Text
		desired_remedy: DF.SmallText | None
		factors: DF.Table[ComplaintFactorDetail]
		follow_ups: DF.Table[ComplaintFollowUp]
		investigating_on: DF.Datetime | None
		iso_stage: DF.Literal[
			"Received", "Acknowledged", "Assessed", "Investigating", "Responded", "Closed", "Rejected"
		]
		mobile_no: DF.Data | None
		naming_series: DF.Literal["CMP-.#####"]
		overdue: DF.Check
		penalty_points: DF.Float
		raised_by_agency: DF.Link | None
		received_on: DF.Datetime | None
		rejected_on: DF.Datetime | None
		resolution: DF.Text | None
		responded_on: DF.Datetime | None
		service_agency: DF.Link | None
		service_reception: DF.Link | None
		service_ticket: DF.Link | None
		severity: DF.Literal["Low", "Medium", "High", "Critical"]
		status: DF.Link | None
		status_log: DF.Table[ComplaintStatusLog]
		subject: DF.Data | None
		technician: DF.Link | None
		upheld: DF.Check
	# end: auto-generated types

	def before_insert(self):
		self.received_on = now_datetime()

	def validate(self):
		self.normalize_inputs()
		self.fill_from_reception()
		self.fill_from_device()
		self.set_complainant()
		self.check_agency_and_technician()
		self.validate_factors()
		self.set_decision()
		self.set_penalty()
		self.keep_history()
		self.track_status()
		complaints.check_completion(self, may_decide=self.may_decide())
		self.set_priority()

	def before_save(self):
		# ERPNext's SLA hook has set the deadlines by now
		self.overdue = int(complaint_sla.overdue_now(self))

	def after_insert(self):
		complaints.acknowledge_receipt(self)

	# --- validate steps ---------------------------------------------------------------------

	def normalize_inputs(self):
		normalize_text_fields(self, "customer_name", "subject", "description", "desired_remedy", "resolution")
		parse_phone_field(self, "mobile_no", kind="mobile")

	def changed(self, fieldname: str) -> bool:
		before = self.get_doc_before_save()
		return self.get(fieldname) and (not before or before.get(fieldname) != self.get(fieldname))

	def fill_from_reception(self):
		"""A reception chosen (or changed) fills what is still empty: customer, mobile, device,
		agency and technician. A reception of another customer is refused."""
		if not self.changed("service_reception"):
			return
		reception = frappe.db.get_value(
			"Service Reception",
			self.service_reception,
			["customer", "customer_name", "mobile_no", "service_agency", "technician"],
			as_dict=True,
		)
		if not reception:
			return
		if self.customer and reception.customer and self.customer != reception.customer:
			frappe.throw(
				_("Service Reception {0} is of another customer ({1}). Choose a reception of {2}.").format(
					frappe.bold(self.service_reception), reception.customer_name, self.customer_name
				),
				exc=ComplaintError,
			)
		# an agency's own complaint keeps its complainant, and names no agency from the reception
		fields = ("customer",)
		if self.complainant_type != AGENCY_COMPLAINANT:
			fields += ("customer_name", "mobile_no", "service_agency", "technician")
		for fieldname in fields:
			if not self.get(fieldname) and reception.get(fieldname):
				self.set(fieldname, reception.get(fieldname))
		if not self.customer_device:
			devices = set(
				frappe.get_all(
					"Service Reception Device",
					{
						"parent": self.service_reception,
						"parenttype": "Service Reception",
						"customer_device": ("is", "set"),
					},
					pluck="customer_device",
				)
			)
			if len(devices) == 1:
				self.customer_device = devices.pop()

	def fill_from_device(self):
		if not self.customer_device:
			return
		owner = frappe.db.get_value("Customer Device", self.customer_device, "customer")
		if not owner:
			return
		if self.customer and owner != self.customer:
			frappe.throw(
				_("Customer Device {0} belongs to another customer ({1}).").format(
					frappe.bold(self.customer_device), owner
				),
				exc=ComplaintError,
			)
		if self.complainant_type != AGENCY_COMPLAINANT:
			self.customer = owner

	def set_complainant(self):
		"""A customer's complaint: their name and mobile from the Customer (or the customer found
		by the mobile). An agency's complaint: the agency's name and mobile, and no customer."""
		if self.complainant_type == AGENCY_COMPLAINANT:
			if not self.raised_by_agency:
				frappe.throw(_("Complaining Agency: choose the agency that complains."), exc=ComplaintError)
			agency = frappe.db.get_value(
				"Service Agency", self.raised_by_agency, ["agency_name", "mobile_no"], as_dict=True
			)
			self.customer_name = self.customer_name or agency.agency_name
			self.mobile_no = self.mobile_no or agency.mobile_no
			return
		self.raised_by_agency = None
		if not self.customer and self.mobile_no:
			matches = find_customers_by_mobile(self.mobile_no)
			if matches:
				self.customer = matches[0]
		if self.customer:
			name, mobile = frappe.db.get_value("Customer", self.customer, ["customer_name", "mobile_no"])
			self.customer_name = self.customer_name or name
			phone = try_parse(mobile) if mobile and not self.mobile_no else None
			if phone and phone.is_mobile:
				self.mobile_no = phone.e164

	def check_agency_and_technician(self):
		if self.technician:
			agency = frappe.db.get_value("Service Technician", self.technician, "agency")
			if not self.service_agency:
				self.service_agency = agency
			elif agency != self.service_agency:
				frappe.throw(
					_("Technician {0} works for agency {1}, not for {2}. Choose a technician of {2}.").format(
						frappe.bold(self.technician), agency, frappe.bold(self.service_agency)
					),
					exc=ComplaintError,
				)
		if (
			self.complainant_type == AGENCY_COMPLAINANT
			and self.service_agency
			and self.service_agency == self.raised_by_agency
		):
			frappe.throw(
				_(
					"Agency {0} is the complainant: its complaint cannot name it as the agency complained about. Leave Service Agency empty for a complaint about head office."
				).format(frappe.bold(self.raised_by_agency)),
				exc=ComplaintError,
			)

	def validate_factors(self):
		repeated = rules.duplicates(row.complaint_factor for row in self.factors)
		if repeated:
			frappe.throw(
				_("Factors: {0} is listed twice. List each factor once.").format(
					", ".join(frappe.bold(name) for name in repeated)
				),
				exc=ComplaintError,
				title=_("Factor listed twice"),
			)
		before = self.get_doc_before_save()
		stored = {row.name for row in before.factors} if before else set()
		may_decide = self.may_decide()
		for row in self.factors:
			# a new row takes the factor's default points, unless a manager gave it others (Frappe
			# keeps the stored rows' points from anyone else)
			if row.name not in stored and (not row.penalty_points or not may_decide):
				row.penalty_points = frappe.db.get_value(
					"Complaint Factor", row.complaint_factor, "default_penalty_points"
				)
			if (row.penalty_points or 0) < 0:
				frappe.throw(
					_("Factors row {0}: Penalty Points cannot be negative.").format(row.idx),
					exc=ComplaintError,
				)

	def may_decide(self) -> bool:
		"""Whether the person saving may decide upheld and set penalty points (permlevel 1)."""
		return bool(
			self.flags.ignore_permissions
			or frappe.session.user == "Administrator"
			or 1 in self.get_permlevel_access("write")
		)

	def set_decision(self):
		before = self.get_doc_before_save()
		self.decision = rules.decision_after_edit(
			self.decision,
			self.upheld,
			before.decision if before else None,
			before.upheld if before else 0,
		)
		self.upheld = int(rules.is_upheld(self.decision))

	def set_penalty(self):
		"""The total of the factors' points when upheld, else 0; a penalty put on a complaint that
		is not upheld is refused."""
		before = self.get_doc_before_save()
		stored = before.penalty_points if before else 0
		if rules.penalty_refused(self.penalty_points, stored, self.upheld):
			frappe.throw(
				_(
					"Penalty Points: complaint {0} is not upheld, so it carries no penalty. Choose Upheld as the decision to count its factors' points, or leave Penalty Points at 0."
				).format(frappe.bold(self.name)),
				exc=ComplaintError,
				title=_("No penalty without upholding"),
			)
		self.penalty_points = rules.penalty_total((row.penalty_points for row in self.factors), self.upheld)

	def keep_history(self):
		"""The status log is append-only: whatever a client sends, the stored rows stay."""
		before = self.get_doc_before_save()
		self.set("status_log", [row.as_dict() for row in before.status_log] if before else [])

	def track_status(self):
		"""A new complaint starts Received. Later the status moves through `change_status` (the
		stage buttons) or a changed status field, along the stage rules, and each move is logged."""
		before = self.get_doc_before_save()
		request = self.flags.status_request or frappe._dict()
		self.flags.status_request = None
		if self.is_new() or not before:
			self.status = None
			self.iso_stage = None
			complaints.move(self, complaints.initial_status(), note=_("Complaint received"))
			return
		requested = request.status or (self.status if self.status != before.status else None)
		self.status, self.iso_stage = before.status, before.iso_stage
		if requested:
			complaints.move(self, requested, source=request.source or "desk", note=request.note)

	def change_status(self, target: str, source: str = "desk", note: str | None = None):
		"""Move the complaint to status `target` and save (refused as a whole when not allowed)."""
		self.flags.status_request = frappe._dict(status=target, source=source, note=note)
		self.save()

	def set_priority(self):
		"""The severity is the Service Level Agreement's priority (its deadlines)."""
		if self.meta.has_field("priority"):
			self.priority = complaint_sla.priority_for(self.severity)


def on_doctype_update():
	# the agency score's P: upheld complaints closed in a period, per agency (customer_care.agency_score)
	frappe.db.add_index("Complaint", ["service_agency", "closed_on"])
