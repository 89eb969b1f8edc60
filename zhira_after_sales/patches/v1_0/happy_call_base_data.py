"""Existing sites: the Happy Call's default questions and template (new sites get them on
install), and the default "Survey Request" SMS template asks one question of a survey at a time -
replaced only where the site still has the text install gave it (an edited template is kept)."""

import frappe

from zhira_after_sales.setup import default_data as data
from zhira_after_sales.setup.install import create_survey_base_data

TEMPLATE = "نظرسنجی"
# the text install gave the template before Happy Call surveys existed
OLD_BODY = (
	"{{ doc.customer_name or 'مشتری' }} گرامی، از رضایت شما از خدمت {{ doc.tracking_code | persian_digits }} "
	"چه عددی از ۱ (ناراضی) تا ۵ (کاملاً راضی) می‌دهید؟ لطفاً فقط عدد را پاسخ دهید."
)


def execute():
	create_survey_base_data()
	body = next(body for name, _event, body in data.SMS_TEMPLATES if name == TEMPLATE)
	if frappe.db.get_value("SMS Template", TEMPLATE, "body") == OLD_BODY:
		frappe.db.set_value("SMS Template", TEMPLATE, "body", body)
