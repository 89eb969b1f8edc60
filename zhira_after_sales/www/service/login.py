"""/service/login: a customer logs in, or signs up, with their mobile number and a code sent by SMS
(api/customer_auth.py, customer_care/mobile_login.py); "Log in with email" leads to Frappe's /login.
Goes back to `?redirect-to=` afterwards - a path on this site only, else /service."""

import frappe
from frappe import _
from frappe.utils import urlencode

from zhira_after_sales.customer_care.customer_portal import guest_context
from zhira_after_sales.customer_care.otp_rules import CODE_DIGITS, local_redirect

no_cache = 1

HOME = "/service"
LOGIN = "/service/login"


def get_context(context):
	guest_context(context, "login", _("Log in"))
	redirect_to = local_redirect(frappe.form_dict.get("redirect-to"), HOME)
	if redirect_to.split("?")[0].rstrip("/") == LOGIN:
		redirect_to = HOME
	if context.customer:  # already logged in as a customer
		frappe.local.flags.redirect_location = redirect_to
		raise frappe.Redirect(302)  # not 301: where to go depends on who is logged in
	context.redirect_to = redirect_to
	context.email_login_url = "/login?" + urlencode({"redirect-to": redirect_to})
	# someone logged in who is no customer (staff, an agency): say so, offer to log out
	context.logged_in_as = (
		frappe.utils.get_fullname(frappe.session.user) if frappe.session.user != "Guest" else None
	)
	context.code_digits = CODE_DIGITS
	context.texts = {
		"sent_to": _("We sent a code to {0}. Type it below."),
		"resend": _("Send the code again"),
		"resend_in": _("Send again in {0} s"),
		"logged_in": _("You are logged in."),
	}
	return context
