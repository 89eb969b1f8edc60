"""The default "Periodic Service Reminder" template of earlier installs read `doc.due_date`, which a
Periodic Service Plan does not have: its body becomes the new default (the visit's date and service
type, and the 1/2 answer when reminders ask for confirmation) unless someone edited it."""

import frappe

from zhira_after_sales.setup import default_data as data

NAME = "یادآوری سرویس دوره ای"
OLD_BODY = (
	"{{ doc.customer_name or 'مشتری' }} گرامی، موعد سرویس دوره‌ای دستگاه {{ doc.item_name }} شما "
	"{{ doc.due_date | jalali_long }} است. برای هماهنگی با ما تماس بگیرید."
)


def execute():
	if frappe.db.get_value("SMS Template", NAME, "body") != OLD_BODY:
		return
	body = next(body for name, _event, body in data.SMS_TEMPLATES if name == NAME)
	frappe.db.set_value("SMS Template", NAME, "body", body)
