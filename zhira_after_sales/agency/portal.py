"""What every page of the agency portal (`/agency`, zhira_after_sales/www/agency/) shares: who is
asking, the navigation, the language and direction, dates as the user reads them.

    require_agency(user=None) -> agency   the agency of a portal user of a Service Agency; Guests
                                          are sent to the login page, anyone else is refused
    page_context(context, page)           fills a page's context (agency, nav, lang, dir)
    consignment_stock(agency)             what the agency holds on consignment: item, name, qty

Every page and endpoint takes the agency from the user, never from the request: another agency's
names and ids in a URL or a request are simply not found.
"""

import frappe
from frappe import _
from frappe.utils import flt
from frappe.utils.jinja_globals import is_rtl

from zhira_after_sales.access import is_agency_user, user_technician
from zhira_after_sales.agency.cartable import display_date

# (page, route, label) in the order of the navigation
PAGES = (
	("cartable", "/agency", "Referrals"),
	("invoices", "/agency/invoices", "Invoices"),
	("parts", "/agency/parts", "Parts"),
	("statement", "/agency/statement", "Statement"),
	("documents", "/agency/documents", "Downloads"),
	("tickets", "/agency/tickets", "Tickets"),
	("scores", "/agency/scores", "Scores"),
)


def nav_label(label: str) -> str:
	return {
		"Referrals": _("Referrals"),
		"Invoices": _("Invoices"),
		"Parts": _("Parts"),
		"Statement": _("Statement"),
		"Downloads": _("Downloads"),
		"Tickets": _("Tickets"),
		"Scores": _("Scores"),
	}[label]


def require_agency(user: str | None = None) -> str:
	"""The agency the user works for as one of its portal users (a technician uses /tech)."""
	user = user or frappe.session.user
	if user == "Guest":
		frappe.throw(_("Log in to use the agency portal."), frappe.PermissionError)
	agency = None
	if is_agency_user(user) and not user_technician(user):
		agency = frappe.db.get_value(
			"Service Agency User", {"user": user, "parenttype": "Service Agency"}, "parent"
		)
	if not agency or not frappe.db.get_value("Service Agency", agency, "is_active"):
		frappe.throw(_("The agency portal is for users of an active service agency."), frappe.PermissionError)
	return agency


def login_redirect(path: str):
	"""Send a Guest to the login page, coming back to `path` afterwards."""
	frappe.local.flags.redirect_location = "/login?" + frappe.utils.urlencode({"redirect-to": path})
	raise frappe.Redirect(302)  # depends on who asks: never cached as permanent


def page_context(context, page: str, title: str) -> str:
	"""Fill `context` for an agency page and return the agency (a Guest is redirected to log in)."""
	context.no_cache = 1
	context.show_sidebar = False
	context.full_width = True
	if frappe.session.user == "Guest":
		login_redirect(frappe.request.path if getattr(frappe, "request", None) else "/agency")
	agency = require_agency()
	context.agency = agency
	context.agency_name = frappe.db.get_value("Service Agency", agency, "agency_name")
	context.title = title
	context.page = page
	context.nav = [
		{"page": key, "route": route, "label": nav_label(label), "active": key == page}
		for key, route, label in PAGES
	]
	context.lang = frappe.local.lang
	context.persian = frappe.local.lang == "fa"
	context.direction = "rtl" if is_rtl() else "ltr"
	context.display_date = display_date
	context.user_name = frappe.utils.get_fullname(frappe.session.user)
	return agency


def consignment_stock(agency: str) -> list[dict]:
	"""Items with stock in the agency's consignment warehouse (what its invoices may use)."""
	warehouse = frappe.db.get_value("Service Agency", agency, "consignment_warehouse")
	if not warehouse:
		return []
	rows = frappe.db.sql(
		"""select b.item_code as item, i.item_name, b.actual_qty as qty, i.stock_uom
		from `tabBin` b join `tabItem` i on i.name = b.item_code
		where b.warehouse = %s and b.actual_qty > 0
		order by i.item_name""",
		warehouse,
		as_dict=True,
	)
	for row in rows:
		row.qty = flt(row.qty)
	return rows


def money(value) -> str:
	"""An amount in the company's currency, as the desk formats it."""
	return frappe.utils.fmt_money(flt(value), currency=frappe.defaults.get_global_default("currency"))


def when(value) -> str:
	return display_date(value, with_time=True)
