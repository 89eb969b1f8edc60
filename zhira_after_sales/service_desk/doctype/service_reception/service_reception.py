# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from zhira_after_sales.after_sales_setup.territory import territory_for_phone
from zhira_after_sales.exceptions import (
	DefectCodeScopeError,
	ReceptionError,
	SerialOwnershipError,
)
from zhira_after_sales.service_desk import defects, notify, referral, status, tracking
from zhira_after_sales.service_desk.customers import create_customer, find_customers_by_mobile
from zhira_after_sales.service_desk.warranty_status import devices_warranty_status
from zhira_after_sales.utils.fields import normalize_text_fields, parse_phone_field
from zhira_after_sales.utils.text import normalize_serial
from zhira_after_sales.utils.trees import item_group_lineage


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
		preferred_date: DF.Date | None
		preferred_time: DF.Literal["", "Morning", "Noon", "Afternoon", "Evening"]
		received_on: DF.Datetime | None
		referral_source: DF.Literal["", "Territory Default", "By Hand"]
		referrals: DF.Table[ServiceReceptionReferral]
		referred_on: DF.Datetime | None
		service_agency: DF.Link | None
		service_ticket: DF.Link | None
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
		referral.update_assignments(self)
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
		# Frappe pre-fills Link fields from defaults ("All Territories"): the root (the territory
		# without a parent) says nothing
		if not self.phone_no:
			return
		if self.territory:
			values = frappe.get_cached_value("Territory", self.territory, ["parent_territory"])
			if values is None or values[0]:  # not the root (or not a territory: the link check says so)
				return
		self.territory = territory_for_phone(self.phone_no) or self.territory

	def match_existing_customer(self):
		if not self.customer and self.mobile_no:
			matches = find_customers_by_mobile(self.mobile_no)
			if matches:
				self.customer = matches[0]
		if self.customer and not (self.customer_name and self.contact):
			customer = (
				frappe.db.get_value(
					"Customer", self.customer, ["customer_name", "customer_primary_contact"], as_dict=True
				)
				or frappe._dict()
			)
			self.customer_name = self.customer_name or customer.customer_name
			self.contact = self.contact or customer.customer_primary_contact

	def validate_devices(self):
		if not self.devices:
			frappe.throw(
				_("Devices: add at least one device (model and service type) to the reception."),
				exc=ReceptionError,
				title=_("No device"),
			)
		seen = set()
		# the registered devices picked by name, read at once
		picked = {row.customer_device for row in self.devices if row.customer_device}
		registered = {
			device.name: device
			for device in (
				frappe.get_all(
					"Customer Device",
					filters={"name": ("in", list(picked))},
					fields=["name", "item", "serial_no", "customer"],
				)
				if picked
				else []
			)
		}
		for row in self.devices:
			label = _("Devices row {0}").format(row.idx)
			# a registered device picked by name brings its model, serial and owner (checked here)
			known = row.customer_device and self.take_device_details(
				row, label, registered.get(row.customer_device)
			)
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
				if not known:
					self.check_serial_owner(row, label)
			if not row.service_type:
				frappe.throw(
					_("{0}: choose the Service Type (installation, warranty repair, ...).").format(label),
					exc=ReceptionError,
				)
			if not frappe.get_cached_value("Service Type", row.service_type, "is_active"):
				frappe.throw(
					_("{0}: Service Type {1} is inactive.").format(label, frappe.bold(row.service_type)),
					exc=ReceptionError,
				)

	def take_device_details(self, row, label, device):
		if not device:
			frappe.throw(
				_(
					"{0}: there is no registered device {1}. Pick the device again, or enter its model and serial."
				).format(label, frappe.bold(row.customer_device)),
				exc=ReceptionError,
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
		# the owner is settled (else check_serial_owner says whose the serial is)
		return not device.customer or device.customer == self.customer

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
		codes_of = {row.idx: defects.parse_codes(row.declared_defects) for row in self.devices}
		known = defects.load_defects(code for codes in codes_of.values() for code in codes)
		for row in self.devices:
			item_group = frappe.get_cached_value("Item", row.item, "item_group")
			# the model group's ancestors matter only for the codes declared
			lineage = item_group_lineage(item_group) if codes_of[row.idx] else []
			try:
				found = defects.check_defects(codes_of[row.idx], known, lineage)
			except defects.DefectProblem as problem:
				self.refuse_defect(row, problem, item_group)
			for defect in found:
				self.append(
					"defects",
					{
						"device_row": row.idx,
						"item": row.item,
						"item_group": item_group,
						"defect_code": defect.code,
					},
				)
			row.declared_defects = "\n".join(codes_of[row.idx]) or None
			row.defect_names = "، ".join(d.defect_name for d in found) or None

	def refuse_defect(self, row, problem, item_group):
		if problem.kind == "scope":
			frappe.throw(
				_(
					"Devices row {0}: Declared Defects: {1} ({2}) is a defect of {3}, not of {4}. Choose a defect of this model's group."
				).format(
					row.idx,
					frappe.bold(problem.code),
					problem.defect.defect_name,
					problem.defect.item_group,
					item_group,
				),
				exc=DefectCodeScopeError,
				title=_("Defect of another product group"),
			)
		frappe.throw(
			_("Devices row {0}: Declared Defects: {1} is not an active defect code.").format(
				row.idx, frappe.bold(problem.code)
			),
			exc=DefectCodeScopeError,
		)

	def set_warranty_status(self):
		# validate_devices took the model and serial from the registered device: no need to read
		# the device again to name it
		devices = [
			frappe._dict(
				item=row.item,
				serial_no=row.serial_no,
				service_type=row.service_type,
				customer_device=None if row.item and row.serial_no else row.customer_device,
			)
			for row in self.devices
		]
		for row, (state, note) in zip(
			self.devices, devices_warranty_status(devices, self.received_on), strict=True
		):
			row.warranty_status, row.warranty_note = state, note

	def keep_history(self):
		"""Status log and referral history are append-only: whatever a client sends, the stored
		rows stay as they were (new rows are added by the steps below)."""
		before = self.get_doc_before_save()
		for table in ("status_log", "referrals"):
			old_rows = before.get(table) if before else []
			self.set(table, [row.as_dict() for row in old_rows])

	def track_status(self):
		"""The status moves only through `change_status` (or a changed status field from the desk),
		along the current status' allowed_next, and every move is logged."""
		before = self.get_doc_before_save()
		request = getattr(self, "_status_request", None) or frappe._dict()
		self._status_request = None
		source = request.source or "desk"
		if self.is_new() or not before:
			self.status = None
			status.move(self, status.initial_status(), source=source, note=_("Reception registered"))
			return
		requested = request.status or (self.status if self.status != before.status else None)
		self.status = before.status
		if requested:
			status.move(self, requested, source=source, note=request.note, client_at=request.client_at)
		elif request.note:
			status.log_note(self, request.note, source=source)

	def change_status(self, target: str, source: str = "desk", note: str | None = None, client_at=None):
		"""Move the reception to `target` and save: the one way the desk, portal, technician app
		and SMS change a status (service_desk.status_service checks who may). `source` is one of
		status.SOURCES; `client_at` is when the technician app took the action on the phone."""
		self._status_request = frappe._dict(status=target, source=source, note=note, client_at=client_at)
		self.save()

	def add_status_note(self, note: str, source: str = "system"):
		"""A Status Log row that keeps the status and says what happened (e.g. an approved invoice
		was cancelled: the reception is not reopened silently)."""
		self._status_request = frappe._dict(status=None, source=source, note=note)
		self.save()

	def set_referral(self):
		referral.set_referral(self)

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
		elif (
			self.flags.status_changed
			and not self.flags.internal_status_change
			and frappe.get_cached_value("Service Status", self.status, "notify_customer")
		):
			notify.send(notify.STATUS_CHANGED, self, self.mobile_no)
		referral.notify_referral(self)


def on_doctype_update():
	frappe.db.add_index("Service Reception", ["service_agency", "status"])
	frappe.db.add_index("Service Reception", ["service_agency", "received_on"])
	# the agency cartable's Done tab (newest change first) and its search by customer name
	frappe.db.add_index("Service Reception", ["service_agency", "modified"])
	frappe.db.add_index("Service Reception", ["service_agency", "customer_name"])
	frappe.db.add_index("Service Reception", ["customer", "received_on"])
	# the agency score's N: receptions completed in a period, of one agency and of every agency
	# (customer_care.agency_score)
	frappe.db.add_index("Service Reception", ["service_agency", "closed_on", "status"])
	frappe.db.add_index("Service Reception", ["closed_on", "status", "service_agency"])
