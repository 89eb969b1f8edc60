# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.model.document import Document
from frappe.utils import now_datetime
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.after_sales_setup.doctype.defect_code.defect_code import item_group_lineage
from zhira_after_sales.after_sales_setup.doctype.service_status.service_status import (
	get_allowed_next,
	get_initial_status,
)
from zhira_after_sales.after_sales_setup.territory import default_agency_for, territory_for_phone
from zhira_after_sales.exceptions import (
	DefectCodeScopeError,
	ReceptionError,
	SerialOwnershipError,
)
from zhira_after_sales.service_desk import notify, status, tracking
from zhira_after_sales.service_desk.customers import create_customer, find_customers_by_mobile
from zhira_after_sales.service_desk.doctype.customer_device.customer_device import normalize_serial
from zhira_after_sales.service_desk.warranty_status import device_warranty_status
from zhira_after_sales.utils.fields import normalize_text_fields, parse_phone_field

DEFECT_SEPARATORS = re.compile(r"[\n,،؛;]+")


class ServiceReception(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.service_desk.doctype.service_reception_defect.service_reception_defect import (
			ServiceReceptionDefect,
		)
		from zhira_after_sales.service_desk.doctype.service_reception_device.service_reception_device import (
			ServiceReceptionDevice,
		)
		from zhira_after_sales.service_desk.doctype.service_reception_referral.service_reception_referral import (
			ServiceReceptionReferral,
		)
		from zhira_after_sales.service_desk.doctype.service_reception_status_log.service_reception_status_log import (
			ServiceReceptionStatusLog,
		)

		address: DF.Link | None
		address_line: DF.SmallText | None
		channel: DF.Literal["Phone", "Walk-in", "Email", "Fax", "SMS", "Web", "Periodic"]
		city: DF.Data | None
		closed_on: DF.Datetime | None
		contact: DF.Link | None
		customer: DF.Link | None
		customer_name: DF.Data
		defects: DF.Table[ServiceReceptionDefect]
		devices: DF.Table[ServiceReceptionDevice]
		mobile_no: DF.Data
		naming_series: DF.Literal["REC-.#######"]
		notes: DF.SmallText | None
		phone_no: DF.Data | None
		phone_search: DF.SmallText | None
		received_on: DF.Datetime | None
		referral_source: DF.Literal["", "Territory Default", "By Hand"]
		referrals: DF.Table[ServiceReceptionReferral]
		referred_on: DF.Datetime | None
		service_agency: DF.Link | None
		status: DF.Link | None
		status_log: DF.Table[ServiceReceptionStatusLog]
		technician: DF.Link | None
		territory: DF.Link | None
		tracking_code: DF.Data | None

	# end: auto-generated types
	def before_insert(self):
		self.set_tracking_code()
		self.received_on = now_datetime()

	def validate(self):
		self.normalize_inputs()
		self.set_territory_from_landline()
		self.match_existing_customer()
		self.validate_devices()
		self.set_declared_defects()
		self.set_warranty_status()
		self.keep_history()
		self.track_status()
		self.set_referral()

	def before_save(self):
		if not self.customer:
			create_customer(self)
		self.register_devices()

	def on_update(self):
		self.update_assignments()
		self.comment_status_change()
		self.send_sms()

	# --- validate steps ---------------------------------------------------------------------

	def set_tracking_code(self):
		self.tracking_code = tracking.generate_unique(
			lambda code: bool(frappe.db.exists("Service Reception", {"tracking_code": code}))
		)

	def normalize_inputs(self):
		normalize_text_fields(self, "customer_name", "city", "address_line", "notes")
		mobile = parse_phone_field(self, "mobile_no", kind="mobile")
		landline = parse_phone_field(self, "phone_no", kind="any")
		# global search matches words: keep the numbers also as people type them (0912..., 021...)
		self.phone_search = " ".join(p.compact_national for p in (mobile, landline) if p) or None

	def set_territory_from_landline(self):
		"""The landline's area code picks the province unless the operator chose a territory."""
		# Frappe pre-fills Link fields from defaults ("All Territories"): the root says nothing
		if (self.territory and self.territory != get_root_of("Territory")) or not self.phone_no:
			return
		self.territory = territory_for_phone(self.phone_no) or self.territory

	def match_existing_customer(self):
		if not self.customer and self.mobile_no:
			matches = find_customers_by_mobile(self.mobile_no)
			if matches:
				self.customer = matches[0]
		if self.customer:
			self.customer_name = self.customer_name or frappe.db.get_value(
				"Customer", self.customer, "customer_name"
			)
			self.contact = self.contact or frappe.db.get_value(
				"Customer", self.customer, "customer_primary_contact"
			)

	def validate_devices(self):
		if not self.devices:
			frappe.throw(
				_("Devices: add at least one device (model and service type) to the reception."),
				exc=ReceptionError,
				title=_("No device"),
			)
		seen = set()
		for row in self.devices:
			label = _("Devices row {0}").format(row.idx)
			if row.customer_device:
				self.take_device_details(row, label)
			row.serial_no = normalize_serial(row.serial_no) or None
			if row.serial_no:
				key = (row.item, row.serial_no)
				if key in seen:
					frappe.throw(
						_("{0}: Serial No {1} of {2} is listed twice.").format(
							label, row.serial_no, row.item
						),
						exc=ReceptionError,
					)
				seen.add(key)
				self.check_serial_owner(row, label)
			if not frappe.get_cached_value("Service Type", row.service_type, "is_active"):
				frappe.throw(
					_("{0}: Service Type {1} is inactive.").format(label, frappe.bold(row.service_type)),
					exc=ReceptionError,
				)

	def take_device_details(self, row, label):
		device = frappe.db.get_value(
			"Customer Device", row.customer_device, ["item", "serial_no", "customer"], as_dict=True
		)
		if self.customer and device.customer and device.customer != self.customer:
			frappe.throw(
				_("{0}: device {1} belongs to another customer ({2}).").format(
					label, frappe.bold(row.customer_device), device.customer
				),
				exc=SerialOwnershipError,
			)
		row.item = device.item
		row.serial_no = device.serial_no

	def check_serial_owner(self, row, label):
		device = frappe.db.get_value(
			"Customer Device",
			{"item": row.item, "serial_no": row.serial_no},
			["name", "customer"],
			as_dict=True,
		)
		if not device:
			row.customer_device = None
			return
		if device.customer and device.customer != self.customer:
			frappe.throw(
				_(
					"{0}: Serial No {1} of {2} is registered to another customer. Check the serial number, or open the reception for the device's owner."
				).format(label, frappe.bold(row.serial_no), frappe.bold(row.item)),
				exc=SerialOwnershipError,
				title=_("Serial registered to another customer"),
			)
		row.customer_device = device.name

	def set_declared_defects(self):
		"""Each device's defects must be coded defects of its model's group; they are also kept as
		rows (device, defect) for reports."""
		self.defects = []
		for row in self.devices:
			codes = [
				c.strip().upper() for c in DEFECT_SEPARATORS.split(row.declared_defects or "") if c.strip()
			]
			codes = list(dict.fromkeys(codes))
			item_group = frappe.get_cached_value("Item", row.item, "item_group")
			lineage = item_group_lineage(item_group)
			names = []
			for code in codes:
				defect = frappe.db.get_value(
					"Defect Code",
					code,
					["name", "defect_name", "item_group", "is_group", "is_active"],
					as_dict=True,
				)
				if not defect or defect.is_group or not defect.is_active:
					frappe.throw(
						_("Devices row {0}: Declared Defects: {1} is not an active defect code.").format(
							row.idx, frappe.bold(code)
						),
						exc=DefectCodeScopeError,
					)
				if defect.item_group and defect.item_group not in lineage:
					frappe.throw(
						_(
							"Devices row {0}: Declared Defects: {1} ({2}) is a defect of {3}, not of {4}. Choose a defect of this model's group."
						).format(
							row.idx, frappe.bold(code), defect.defect_name, defect.item_group, item_group
						),
						exc=DefectCodeScopeError,
						title=_("Defect of another product group"),
					)
				names.append(defect.defect_name)
				self.append(
					"defects",
					{"device_row": row.idx, "item": row.item, "item_group": item_group, "defect_code": code},
				)
			row.declared_defects = "\n".join(codes) or None
			row.defect_names = "، ".join(names) or None

	def set_warranty_status(self):
		for row in self.devices:
			row.warranty_status, row.warranty_note = device_warranty_status(row, self.received_on)

	def keep_history(self):
		"""Status log and referral history are append-only: whatever a client sends, the stored
		rows stay as they were (new rows are added by the steps below)."""
		before = self.get_doc_before_save()
		for table in ("status_log", "referrals"):
			old_rows = before.get(table) if before else []
			self.set(table, [row.as_dict() for row in old_rows])

	def track_status(self):
		before = self.get_doc_before_save()
		source = self.flags.status_source or "desk"
		if self.is_new() or not before:
			self.status = None
			status.move(self, get_initial_status(), source=source, note=_("Reception registered"))
			return
		requested = self.flags.requested_status or (self.status if self.status != before.status else None)
		self.status = before.status
		if requested:
			status.move(self, requested, source=source, note=self.flags.status_note)

	def set_referral(self):
		before = self.get_doc_before_save()
		old_agency = before.service_agency if before else None
		old_technician = before.technician if before else None
		if not self.service_agency and self.is_new() and auto_refer():
			self.service_agency = default_agency_for(self.territory)
		if self.service_agency and self.service_agency != old_agency:
			if not frappe.db.get_value("Service Agency", self.service_agency, "is_active"):
				frappe.throw(
					_("Service Agency {0} is inactive. Choose an active agency.").format(
						frappe.bold(self.service_agency)
					),
					exc=ReceptionError,
				)
			if self.technician and self.technician == old_technician:
				self.technician = None  # the previous agency's technician does not follow the job
		if self.technician:
			self.validate_technician()
		if (self.service_agency, self.technician) == (old_agency, old_technician):
			return
		now = now_datetime()
		if self.referrals and not self.referrals[-1].ended_on:
			self.referrals[-1].ended_on = now
		if self.service_agency:
			mode = (
				"Territory Default"
				if self.service_agency == default_agency_for(self.territory)
				else "By Hand"
			)
			self.append(
				"referrals",
				{
					"service_agency": self.service_agency,
					"technician": self.technician,
					"referred_on": now,
					"referred_by": frappe.session.user,
					"assignment": mode,
				},
			)
			self.referred_on = now
			self.referral_source = mode
			self.move_to_referral_status()
		self.flags.referral_changed = (old_agency, old_technician)

	def validate_technician(self):
		technician = frappe.db.get_value(
			"Service Technician", self.technician, ["agency", "is_active", "full_name"], as_dict=True
		)
		if technician.agency != self.service_agency:
			frappe.throw(
				_(
					"Technician {0} works for agency {1}, not for {2}. Choose one of the referred agency's technicians."
				).format(frappe.bold(technician.full_name), technician.agency, self.service_agency or "-"),
				exc=ReceptionError,
			)
		if not technician.is_active:
			frappe.throw(
				_("Technician {0} is inactive.").format(frappe.bold(technician.full_name)), exc=ReceptionError
			)

	def move_to_referral_status(self):
		target = frappe.db.get_single_value("After Sales Settings", "referral_status")
		if target and target != self.status and target in get_allowed_next(self.status):
			status.move(
				self,
				target,
				source="system",
				note=_("Referred to {0}").format(self.service_agency),
			)

	def register_devices(self):
		"""Devices typed with a serial become Customer Devices of this customer (the installed base)."""
		for row in self.devices:
			if row.customer_device or not row.serial_no:
				continue
			device = frappe.get_doc(
				{
					"doctype": "Customer Device",
					"item": row.item,
					"serial_no": row.serial_no,
					"customer": self.customer,
					"address": self.address,
					"territory": self.territory,
				}
			)
			device.flags.ignore_permissions = True
			device.insert()
			row.customer_device = device.name

	# --- on_update steps --------------------------------------------------------------------

	def update_assignments(self):
		"""The referred agency's portal users (and the technician's login) get a ToDo: their
		cartable. A re-referral cancels the previous one's; a closed reception closes them all."""
		if self.flags.referral_changed:
			old_agency, old_technician = self.flags.referral_changed
			for user in agency_users(old_agency) + technician_users(old_technician):
				if user not in self.assignees():
					assign_to.remove(self.doctype, self.name, user, ignore_permissions=True)
			new_users = self.assignees()
			if new_users:
				assign_to.add(
					{
						"assign_to": new_users,
						"doctype": self.doctype,
						"name": self.name,
						"description": _("Reception {0}: {1} ({2})").format(
							self.tracking_code,
							self.customer_name,
							", ".join(d.item_name or d.item for d in self.devices),
						),
					},
					ignore_permissions=True,
				)
		if self.flags.status_changed and status.category_of(self.status) in status.CLOSED_CATEGORIES:
			assign_to.close_all_assignments(self.doctype, self.name, ignore_permissions=True)

	def assignees(self) -> list[str]:
		return agency_users(self.service_agency) + technician_users(self.technician)

	def comment_status_change(self):
		if not self.flags.status_changed:
			return
		previous, current, source = self.flags.status_changed
		if previous:
			self.add_comment(
				"Info",
				_("Status changed from {0} to {1} ({2})").format(previous, current, _(source)),
			)

	def send_sms(self):
		if self.flags.in_insert:
			notify.send(notify.REGISTERED, self, self.mobile_no)
		elif self.flags.status_changed and frappe.get_cached_value(
			"Service Status", self.status, "notify_customer"
		):
			notify.send(notify.STATUS_CHANGED, self, self.mobile_no)
		if self.flags.referral_changed:
			old_agency, old_technician = self.flags.referral_changed
			if self.service_agency and self.service_agency != old_agency:
				notify.send(
					notify.REFERRED_TO_AGENCY,
					self,
					frappe.db.get_value("Service Agency", self.service_agency, "mobile_no"),
				)
			if self.technician and self.technician != old_technician:
				notify.send(
					notify.REFERRED_TO_TECHNICIAN,
					self,
					frappe.db.get_value("Service Technician", self.technician, "mobile_no"),
				)


def auto_refer() -> bool:
	return bool(frappe.db.get_single_value("After Sales Settings", "auto_refer"))


def agency_users(agency: str | None) -> list[str]:
	if not agency:
		return []
	return frappe.get_all(
		"Service Agency User",
		{"parent": agency, "parenttype": "Service Agency"},
		pluck="user",
		order_by="idx",
	)


def technician_users(technician: str | None) -> list[str]:
	if not technician:
		return []
	user = frappe.db.get_value("Service Technician", technician, "user")
	return [user] if user else []


def on_doctype_update():
	frappe.db.add_index("Service Reception", ["service_agency", "status"])
	frappe.db.add_index("Service Reception", ["service_agency", "received_on"])
	frappe.db.add_index("Service Reception", ["customer", "received_on"])
