# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Service Invoice: the warranty gate and its override, duplicates and bad input, head-office-only
decisions, narrowing per agency through the real API, and Create → Service Invoice."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, getdate, today

from zhira_after_sales.agency.invoice_mapper import make_service_invoice
from zhira_after_sales.exceptions import (
	DuplicateServiceInvoiceError,
	HeadOfficeOnlyError,
	ServiceInvoiceError,
	WarrantyNotCoveredError,
)
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_customer,
	make_device,
	make_item,
	make_item_group,
	make_technician,
	make_user,
	make_warranty_plan,
)
from zhira_after_sales.tests.rest import call, get_json

test_ignore = TEST_IGNORE

WARRANTY_REPAIR = "تعمیر گارانتی"  # Service Types created on install
PAID_REPAIR = "تعمیر آزاد"
CANCELLED = "لغو شده"
WAGE = 1_500_000

AGENCY_A_USER = "zt.inv.agency.a@example.com"
AGENCY_B_USER = "zt.inv.agency.b@example.com"
TECH_USER = "zt.inv.tech.a@example.com"
MANAGER = "zt.inv.manager@example.com"
OPERATOR = "zt.inv.operator@example.com"


def setup_world() -> frappe._dict:
	"""Idempotent: a heater model with a plan (warranty repair, pump only), a covered, an expired and
	a card-less device of one customer, two agencies with a user each, a technician, a rate."""
	group = make_item_group("ZT Invoice Heaters")
	parts = make_item_group("ZT Invoice Parts")
	w = frappe._dict(
		heater=make_item("ZT-INV-HEATER", group),
		pump=make_item("ZT-INV-PUMP", parts),
		fan=make_item("ZT-INV-FAN", parts),
		customer=make_customer("مشتری فاکتور"),
	)
	make_warranty_plan(
		"ZT Invoice Plan",
		item_group=group,
		duration_months=24,
		covered_service_types=[{"service_type": WARRANTY_REPAIR}],
		parts_covered="Listed",
		parts=[{"item": w.pump}],
	)
	for serial, months_ago in (("ZTINV-COVERED", 3), ("ZTINV-EXPIRED", 30)):
		if not frappe.db.exists("Warranty Card", {"serial_no": serial}):
			frappe.get_doc(
				{
					"doctype": "Warranty Card",
					"item": w.heater,
					"serial_no": serial,
					"start_date": getdate(add_months(today(), -months_ago)),
				}
			).insert(ignore_permissions=True)
	w.covered = make_device(w.heater, "ZTINV-COVERED", w.customer)
	w.expired = make_device(w.heater, "ZTINV-EXPIRED", w.customer)
	w.no_card = make_device(w.heater, "ZTINV-NOCARD", w.customer)
	for user in (AGENCY_A_USER, AGENCY_B_USER, TECH_USER):
		make_user(user)
	make_user(MANAGER, roles=("After Sales Manager",))
	make_user(OPERATOR, roles=("Reception Operator",))
	w.agency_a = make_agency("ZT-INV-A", "نمایندگی فاکتور الف", users=(AGENCY_A_USER,))
	w.agency_b = make_agency("ZT-INV-B", "نمایندگی فاکتور ب", users=(AGENCY_B_USER,))
	w.technician = make_technician(w.agency_a, "09390000401", "تکنسین فاکتور", user=TECH_USER)
	if not frappe.db.exists("Service Rate", {"service_type": WARRANTY_REPAIR, "item_group": group}):
		frappe.get_doc(
			{
				"doctype": "Service Rate",
				"service_type": WARRANTY_REPAIR,
				"item_group": group,
				"valid_from": "2020-01-01",
				"agency_wage": WAGE,
				"customer_price": 0,
				"is_active": 1,
			}
		).insert(ignore_permissions=True)
	return w


def make_reception(w, agency=None, devices=None, service_type=WARRANTY_REPAIR) -> str:
	reception = frappe.get_doc(
		{
			"doctype": "Service Reception",
			"mobile_no": "09125550401",
			"customer": w.customer,
			"customer_name": "مشتری فاکتور",
			"service_agency": agency or w.agency_a,
			"technician": w.technician if (agency or w.agency_a) == w.agency_a else None,
			"devices": [
				{"customer_device": d, "service_type": service_type} for d in (devices or [w.covered])
			],
		}
	)
	reception.flags.ignore_permissions = True
	return reception.insert().name


def new_invoice(reception, device, invoice_type="Warranty Repair", **values):
	return frappe.get_doc(
		{
			"doctype": "Service Invoice",
			"invoice_type": invoice_type,
			"service_reception": reception,
			"customer_device": device,
			"services": values.pop("services", [{"service_type": WARRANTY_REPAIR}]),
			**values,
		}
	)


class InvoiceTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()

	def tearDown(self):
		frappe.set_user("Administrator")

	def assert_refused(self, invoice, exc, message):
		count = frappe.db.count("Service Invoice")
		self.assertRaisesRegex(exc, message, invoice.insert)
		self.assertEqual(frappe.db.count("Service Invoice"), count)


class TestWarrantyGate(InvoiceTestCase):
	def test_a_covered_warranty_repair_takes_the_rate_card_wage_and_the_agency_warehouse(self):
		reception = make_reception(self.w)
		invoice = new_invoice(
			reception, self.w.covered, parts=[{"item": self.w.pump, "qty": 1, "coverage": "Warranty"}]
		).insert()
		self.assertEqual((invoice.agency, invoice.technician), (self.w.agency_a, self.w.technician))
		self.assertEqual((invoice.services[0].wage, invoice.total_wage), (WAGE, WAGE))
		self.assertTrue(invoice.services[0].service_rate)
		self.assertEqual(
			invoice.parts[0].source_warehouse,
			frappe.db.get_value("Service Agency", self.w.agency_a, "consignment_warehouse"),
		)
		self.assertEqual(invoice.parts[0].line_status, "Pending")
		self.assertIn("Covered by warranty card", invoice.warranty_note)
		self.assertTrue(invoice.name.startswith("SINV-AG-"))

	def test_each_refusal_gives_the_coverage_reason(self):
		cases = (
			(self.w.no_card, {}, "has no warranty card"),
			(self.w.expired, {}, "The warranty expired on"),
			(
				self.w.covered,
				{"parts": [{"item": self.w.fan, "qty": 1, "coverage": "Warranty"}]},
				"Parts row 1 .*ZT-INV-FAN.*does not cover the part",
			),
		)
		for device, values, message in cases:
			with self.subTest(message=message):
				reception = make_reception(self.w, devices=[device])
				self.assert_refused(
					new_invoice(reception, device, **values), WarrantyNotCoveredError, message
				)

	def test_a_paid_repair_is_not_gated_but_its_warranty_parts_are(self):
		reception = make_reception(self.w, devices=[self.w.no_card], service_type=PAID_REPAIR)
		paid = new_invoice(
			reception,
			self.w.no_card,
			"Paid Repair",
			services=[{"service_type": PAID_REPAIR}],
			parts=[{"item": self.w.pump, "qty": 2, "coverage": "Paid"}],
		).insert()
		self.assertEqual(paid.total_parts_qty, 2)
		self.assertEqual(paid.services[0].wage, 0)  # no rate for paid repair of this group
		other = make_reception(self.w, devices=[self.w.no_card], service_type=PAID_REPAIR)
		self.assert_refused(
			new_invoice(
				other,
				self.w.no_card,
				"Paid Repair",
				services=[{"service_type": PAID_REPAIR}],
				parts=[{"item": self.w.pump, "qty": 1, "coverage": "Warranty"}],
			),
			WarrantyNotCoveredError,
			"Parts row 1.*has no warranty card",
		)

	def test_a_manager_overrides_with_a_reason_which_is_logged(self):
		reception = make_reception(self.w, devices=[self.w.expired])
		frappe.set_user(MANAGER)
		self.assert_refused(
			new_invoice(reception, self.w.expired, warranty_override=1),
			ServiceInvoiceError,
			"Override Reason: say why",
		)
		invoice = new_invoice(
			reception, self.w.expired, warranty_override=1, override_reason="خرابی کارخانه‌ای تأیید شد"
		).insert()
		self.assertEqual(invoice.override_by, MANAGER)
		self.assertTrue(invoice.override_on)
		comments = frappe.get_all(
			"Comment",
			{"reference_doctype": "Service Invoice", "reference_name": invoice.name},
			pluck="content",
		)
		self.assertTrue(any("خرابی کارخانه‌ای تأیید شد" in c and "expired" in c for c in comments), comments)

	def test_an_agency_user_cannot_override_or_approve_lines(self):
		reception = make_reception(self.w, devices=[self.w.expired])
		frappe.set_user(AGENCY_A_USER)
		self.assert_refused(
			new_invoice(reception, self.w.expired, warranty_override=1, override_reason="x"),
			HeadOfficeOnlyError,
			"Override Warranty Check: only head office",
		)
		covered = make_reception(self.w)
		self.assert_refused(
			new_invoice(
				covered,
				self.w.covered,
				parts=[{"item": self.w.pump, "qty": 1, "coverage": "Warranty", "line_status": "Approved"}],
			),
			HeadOfficeOnlyError,
			"Parts row 1: Line Status: only head office",
		)
		invoice = new_invoice(
			covered, self.w.covered, parts=[{"item": self.w.pump, "qty": 1, "coverage": "Warranty"}]
		).insert()
		invoice.parts[0].line_status = "Approved"
		self.assertRaisesRegex(HeadOfficeOnlyError, "Line Status", invoice.save)
		frappe.set_user(MANAGER)
		invoice.reload()
		invoice.parts[0].line_status = "Approved"
		invoice.save()
		self.assertEqual(
			frappe.db.get_value("Service Invoice Part", invoice.parts[0].name, "line_status"), "Approved"
		)

	def test_a_manual_wage_is_head_office_only_needs_a_reason_and_is_logged(self):
		reception = make_reception(self.w)
		manual = [
			{
				"service_type": WARRANTY_REPAIR,
				"manual_wage": 1,
				"wage": 2_000_000,
				"manual_reason": "مسیر دور",
			}
		]
		frappe.set_user(AGENCY_A_USER)
		self.assert_refused(
			new_invoice(reception, self.w.covered, services=manual),
			HeadOfficeOnlyError,
			"Manual Wage: only head office",
		)
		frappe.set_user(MANAGER)
		no_reason = [{**manual[0], "manual_reason": ""}]
		self.assert_refused(
			new_invoice(reception, self.w.covered, services=no_reason),
			ServiceInvoiceError,
			"Reason for Manual Wage",
		)
		invoice = new_invoice(reception, self.w.covered, services=manual).insert()
		self.assertEqual((invoice.total_wage, invoice.services[0].wage_set_by), (2_000_000, MANAGER))
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{"reference_name": invoice.name, "content": ("like", "%wage set by hand%مسیر دور%")},
			)
		)
		# an agency user editing the invoice keeps head office's wage
		frappe.set_user(AGENCY_A_USER)
		invoice.reload()
		invoice.notes = "کار انجام شد"
		invoice.save()
		self.assertEqual(invoice.total_wage, 2_000_000)


class TestBadInput(InvoiceTestCase):
	def test_duplicates_are_refused_until_the_first_is_cancelled(self):
		reception = make_reception(self.w)
		first = new_invoice(reception, self.w.covered).insert()
		self.assert_refused(
			new_invoice(reception, self.w.covered), DuplicateServiceInvoiceError, "already reports"
		)
		new_invoice(
			reception, self.w.covered, "Paid Repair", services=[{"service_type": PAID_REPAIR}]
		).insert()
		first.submit()
		first.cancel()
		new_invoice(reception, self.w.covered).insert()

	def test_cancelled_reception_foreign_device_and_bad_quantities(self):
		cancelled = make_reception(self.w)
		doc = frappe.get_doc("Service Reception", cancelled)
		doc.change_status(CANCELLED)
		self.assert_refused(
			new_invoice(cancelled, self.w.covered), ServiceInvoiceError, "Service Reception: .* is cancelled"
		)
		reception = make_reception(self.w)
		self.assert_refused(
			new_invoice(reception, self.w.expired),
			ServiceInvoiceError,
			"Customer Device: .* is not one of the devices",
		)
		for qty in (0, -1):
			self.assert_refused(
				new_invoice(reception, self.w.covered, parts=[{"item": self.w.pump, "qty": qty}]),
				ServiceInvoiceError,
				"Parts row 1: Qty must be more than zero",
			)
		self.assert_refused(
			new_invoice(reception, self.w.covered, customer_paid_amount=-5),
			ServiceInvoiceError,
			"Paid by Customer cannot be negative",
		)

	def test_an_agency_cannot_invoice_another_agencys_reception(self):
		reception = make_reception(self.w)
		frappe.set_user(AGENCY_B_USER)
		self.assert_refused(
			new_invoice(reception, self.w.covered, agency=self.w.agency_b),
			frappe.PermissionError,
			"",
		)

	def test_missing_values_are_named(self):
		reception = make_reception(self.w)
		self.assert_refused(
			new_invoice(reception, None), frappe.MandatoryError, "Customer Device: choose a value"
		)

	def test_the_technician_must_work_for_the_agency(self):
		reception = make_reception(self.w)
		other = make_technician(self.w.agency_b, "09390000402", "تکنسین ب")
		self.assert_refused(
			new_invoice(reception, self.w.covered, technician=other),
			ServiceInvoiceError,
			"Technician: .* is not an active technician of agency",
		)


class TestMapper(InvoiceTestCase):
	def test_create_from_reception_fills_device_agency_technician_and_services(self):
		reception = make_reception(self.w, devices=[self.w.no_card, self.w.covered])
		invoice = make_service_invoice(reception, customer_device=self.w.covered)
		self.assertEqual(
			(invoice.service_reception, invoice.customer_device, invoice.agency, invoice.technician),
			(reception, self.w.covered, self.w.agency_a, self.w.technician),
		)
		self.assertEqual(invoice.invoice_type, "Warranty Repair")
		self.assertEqual([(s.service_type, s.wage) for s in invoice.services], [(WARRANTY_REPAIR, WAGE)])
		self.assertEqual(invoice.serial_no, "ZTINV-COVERED")
		invoice.insert()
		first = make_service_invoice(reception)
		self.assertEqual(first.customer_device, self.w.no_card)


class TestInvoicesThroughREST(InvoiceTestCase):
	"""Each agency sees and files only its own invoices, through the real API."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w
		cls.reception_a = make_reception(w)
		cls.reception_b = make_reception(w, agency=w.agency_b)
		cls.invoice_a = new_invoice(cls.reception_a, w.covered, technician=w.technician).insert().name
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction

	def names(self, user):
		status, body = get_json(
			f'/api/resource/Service Invoice?limit_page_length=0&filters=[["service_reception","in",["{self.reception_a}","{self.reception_b}"]]]',
			user,
		)
		self.assertEqual(status, 200, body)
		return {row["name"] for row in body["data"]}

	def count(self, user) -> int:
		response = call(
			"POST",
			"/api/method/frappe.client.get_count",
			user,
			json={"doctype": "Service Invoice", "filters": {"service_reception": self.reception_a}},
		)
		self.assertEqual(response.status_code, 200, response.json)
		return response.json["message"]

	def test_agency_b_cannot_read_list_or_count_agency_as_invoices(self):
		url = f"/api/resource/Service Invoice/{self.invoice_a}"
		self.assertEqual(get_json(url, AGENCY_A_USER)[0], 200)
		self.assertEqual(get_json(url, AGENCY_B_USER)[0], 403)
		self.assertEqual(self.names(AGENCY_A_USER), {self.invoice_a})
		self.assertEqual(self.names(AGENCY_B_USER), set())
		self.assertEqual((self.count(AGENCY_A_USER), self.count(AGENCY_B_USER)), (1, 0))
		response = call("PUT", url, AGENCY_B_USER, json={"notes": "نفوذ"})
		self.assertEqual(response.status_code, 403)

	def test_child_rows_are_narrowed_to_the_agencys_invoices(self):
		def parts_of(user):
			response = call(
				"POST",
				"/api/method/frappe.client.get_list",
				user,
				json={
					"doctype": "Service Invoice Service",
					"parent": "Service Invoice",
					"fields": ["parent"],
					"filters": {"parent": self.invoice_a},
					"limit_page_length": 0,
				},
			)
			self.assertEqual(response.status_code, 200, response.json)
			return {row["parent"] for row in response.json["message"]}

		self.assertEqual(parts_of(AGENCY_A_USER), {self.invoice_a})
		self.assertEqual(parts_of(AGENCY_B_USER), set())

	def test_technician_reads_their_own_and_head_office_reads_all(self):
		self.assertEqual(get_json(f"/api/resource/Service Invoice/{self.invoice_a}", TECH_USER)[0], 200)
		self.assertEqual(self.names(TECH_USER), {self.invoice_a})
		self.assertEqual(self.names(OPERATOR), {self.invoice_a})
		response = call(
			"PUT", f"/api/resource/Service Invoice/{self.invoice_a}", TECH_USER, json={"notes": "x"}
		)
		self.assertEqual(response.status_code, 403)

	def test_agency_files_and_submits_for_its_own_reception_only(self):
		reception = make_reception(self.w, devices=[self.w.no_card], service_type=PAID_REPAIR)
		frappe.db.commit()  # nosemgrep
		body = {
			"invoice_type": "Paid Repair",
			"service_reception": reception,
			"customer_device": self.w.no_card,
			"services": [{"service_type": PAID_REPAIR}],
			"parts": [{"item": self.w.fan, "qty": 1, "coverage": "Paid"}],
			"customer_paid_amount": 900_000,
			"docstatus": 1,
		}
		refused = call("POST", "/api/resource/Service Invoice", AGENCY_B_USER, json=body)
		self.assertEqual(refused.status_code, 403)
		self.assertFalse(frappe.db.exists("Service Invoice", {"service_reception": reception}))
		response = call("POST", "/api/resource/Service Invoice", AGENCY_A_USER, json=body)
		self.assertEqual(response.status_code, 200, response.json)
		data = response.json["data"]
		self.assertEqual((data["docstatus"], data["agency"]), (1, self.w.agency_a))
		self.assertTrue(data["submitted_on"])
		self.assertEqual(data["parts"][0]["line_status"], "Pending")

	def test_create_from_reception_through_the_endpoint(self):
		path = "/api/method/zhira_after_sales.api.invoice.make_service_invoice"
		foreign = call("POST", path, AGENCY_A_USER, json={"source_name": self.reception_b})
		self.assertEqual(foreign.status_code, 403)
		response = call("POST", path, AGENCY_A_USER, json={"source_name": self.reception_a})
		self.assertEqual(response.status_code, 200, response.json)
		doc = response.json["message"]
		self.assertEqual((doc["customer_device"], doc["agency"]), (self.w.covered, self.w.agency_a))
		self.assertEqual(
			call("POST", path, OPERATOR, json={"source_name": self.reception_a}).status_code, 403
		)
