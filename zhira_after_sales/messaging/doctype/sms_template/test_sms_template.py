# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.exceptions import ServiceStatusError, SMSTemplateError
from zhira_after_sales.messaging.templates import recipient_for, render_template, template_for
from zhira_after_sales.messaging.tests.factories import make_customer, make_device
from zhira_after_sales.setup.default_data import SMS_TEMPLATES
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE

EVENTS = (
	"Reception Registered",
	"Referral to Agency",
	"Referral to Technician",
	"Status Changed",
	"Survey Request",
	"Complaint Acknowledged",
	"Periodic Service Reminder",
	"Periodic Service Agency Reminder",
	"Warranty Issued",
	"Agency User Invitation",
	"Customer Login Code",
	"Ticket Answered",
	"Ticket Status Changed",
)


def make_template(name, body, **values):
	if frappe.db.exists("SMS Template", name):
		frappe.delete_doc("SMS Template", name, force=True)
	return frappe.get_doc({"doctype": "SMS Template", "template_name": name, "body": body, **values}).insert()


class TestSMSTemplate(FrappeTestCase):
	def setUp(self):
		self.customer = make_customer("ZT مشتری قالب", "0912 555 1001")
		self.device = frappe.get_doc("Customer Device", make_device(self.customer, "ZT-TPL-0001"))

	def test_install_created_a_persian_default_template_for_every_event(self):
		self.assertEqual({event for _name, event, _body in SMS_TEMPLATES}, set(EVENTS))
		for event in EVENTS:
			template = template_for(event)
			self.assertTrue(template, event)
			body = frappe.db.get_value("SMS Template", template, "body")
			self.assertRegex(body, "[آ-ی]", f"{event} template is not Persian")

	def test_renders_jalali_dates_and_persian_digits_from_a_real_document(self):
		make_template(
			"ZT نصب",
			"{{ doc.customer_name }}: دستگاه {{ doc.serial_no | persian_digits }} "
			"نصب شده در {{ doc.installed_on | jalali_long }} ({{ doc.installed_on | jalali }})",
			reference_doctype="Customer Device",
		)
		text = render_template("ZT نصب", self.device)
		self.assertEqual(text, "ZT مشتری قالب: دستگاه ZT-TPL-۰۰۰۱ نصب شده در ۸ آذر ۱۴۰۵ (1405/09/08)")

	def test_a_broken_template_is_refused_with_its_line(self):
		with self.assertRaises(SMSTemplateError) as caught:
			make_template("ZT خراب", "سلام\n{{ doc.customer_name ")
		self.assertIn("2", str(caught.exception))

	def test_one_default_per_event(self):
		make_template("ZT نظرسنجی دوم", "عدد ۱ تا ۵", event="Survey Request", is_default=1)
		self.assertEqual(template_for("Survey Request"), "ZT نظرسنجی دوم")
		self.assertEqual(frappe.db.get_value("SMS Template", "نظرسنجی", "is_default"), 0)

	def test_template_for_prefers_the_documents_type(self):
		make_template(
			"ZT یادآوری دستگاه",
			"یادآوری {{ doc.serial_no }}",
			event="Periodic Service Reminder",
			is_default=1,
			reference_doctype="Customer Device",
		)
		make_template("ZT یادآوری عمومی", "یادآوری", event="Periodic Service Reminder", is_default=1)
		self.assertEqual(template_for("Periodic Service Reminder", self.device), "ZT یادآوری عمومی")
		frappe.db.set_value("SMS Template", "ZT یادآوری دستگاه", "is_default", 1)
		self.assertEqual(template_for("Periodic Service Reminder", self.device), "ZT یادآوری دستگاه")

	def test_a_status_can_have_its_own_template(self):
		own = make_template("ZT پیام انجام شد", "کار شما انجام شد", event="Status Changed")
		status = frappe.get_doc("Service Status", "انجام شده")
		status.sms_template = own.name
		status.save()
		document = frappe._dict(doctype="Customer Device", name="x", status="انجام شده")
		self.assertEqual(template_for("Status Changed", document), own.name)
		self.assertEqual(
			template_for("Status Changed", frappe._dict(doctype="X", status="ثبت شده")), "تغییر وضعیت"
		)
		own.db_set("enabled", 0)
		status.reload()
		self.assertRaises(ServiceStatusError, status.save)

	def test_the_recipient_is_the_documents_customer_mobile(self):
		self.assertEqual(recipient_for(self.device), "+989125551001")
