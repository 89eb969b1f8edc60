"""What every customer page (`/service`, zhira_after_sales/www/service/) shares: who is asking, the
navigation, the language and direction, dates as the customer reads them.

    require_customer(user=None) -> customer   the Customer of a logged-in website user (through
                                              their Contact); anyone else is refused
    page_context(context, page, title)        fills a page's context; a Guest goes to /service/login
    guest_context(context, page, title)       the same frame for guests (tracking, login)

Every page and endpoint takes the customer from the session, never from the request: another
customer's names in a URL or a request are simply not found.
"""

import frappe
from frappe import _
from frappe.utils.jinja_globals import is_rtl

from zhira_after_sales.access import is_head_office, is_restricted
from zhira_after_sales.agency.cartable import display_date
from zhira_after_sales.customer_care.mobile_login import customer_of

LOGIN_PAGE = "/service/login"

# (page, route, label) in the order of the navigation
PAGES = (
	("requests", "/service", "My Requests"),
	("new-request", "/service/new-request", "New Request"),
	("devices", "/service/devices", "My Devices"),
	("tickets", "/service/tickets", "Tickets"),
)


def nav_label(label: str) -> str:
	return {
		"My Requests": _("My Requests"),
		"New Request": _("New Request"),
		"My Devices": _("My Devices"),
		"Tickets": _("Tickets"),
	}[label]


def require_customer(user: str | None = None) -> str:
	"""The Customer the logged-in user is (a website user linked to a Customer through a Contact).
	Staff, agencies and technicians have their own desks and are refused here."""
	user = user or frappe.session.user
	if user == "Guest":
		frappe.throw(_("Log in with your mobile number to see your requests."), frappe.PermissionError)
	customer = None
	if not is_head_office(user) and not is_restricted(user):
		customer = customer_of(user)
	if not customer:
		frappe.throw(
			_("These pages are for customers. Your account is not linked to a customer."),
			frappe.PermissionError,
		)
	return customer


def login_redirect(path: str):
	"""Send a Guest to the mobile login page, coming back to `path` afterwards."""
	frappe.local.flags.redirect_location = LOGIN_PAGE + "?" + frappe.utils.urlencode({"redirect-to": path})
	raise frappe.Redirect(302)  # depends on who asks: never cached as permanent


def brand() -> str:
	"""The company the customer deals with: After Sales Settings' company, else the site's name."""
	company = frappe.db.get_single_value("After Sales Settings", "company")
	return (company and frappe.db.get_value("Company", company, "company_name")) or frappe.local.site


def common_context(context, page: str, title: str):
	context.no_cache = 1
	context.show_sidebar = False
	context.full_width = True
	context.title = title
	context.page = page
	context.brand = brand()
	context.lang = frappe.local.lang
	context.persian = frappe.local.lang == "fa"
	context.direction = "rtl" if is_rtl() else "ltr"
	context.display_date = display_date
	context.nav = []
	context.customer = None


def page_context(context, page: str, title: str) -> str:
	"""Fill `context` for a customer page and return the customer (a Guest is sent to log in)."""
	common_context(context, page, title)
	if frappe.session.user == "Guest":
		login_redirect(frappe.request.path if getattr(frappe, "request", None) else "/service")
	customer = require_customer()
	context.customer = customer
	context.user_name = frappe.utils.get_fullname(frappe.session.user)
	context.nav = [
		{"page": key, "route": route, "label": nav_label(label), "active": key == page}
		for key, route, label in PAGES
	]
	return customer


def guest_context(context, page: str, title: str):
	"""The frame without navigation, for pages anyone may open (tracking, login)."""
	common_context(context, page, title)
	if frappe.session.user != "Guest":
		try:
			context.customer = require_customer()
		except frappe.PermissionError:
			frappe.clear_messages()
			context.customer = None
		if context.customer:
			context.user_name = frappe.utils.get_fullname(frappe.session.user)


def not_found(message: str):
	"""Another customer's document, or none: the same answer either way."""
	frappe.throw(message, frappe.DoesNotExistError)
