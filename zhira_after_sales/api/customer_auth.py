"""Customer login by mobile number and a one-time SMS code (customer_care/mobile_login.py), used by
the page /service/login. Public on purpose: the gate is the service's own limits, counted per
number and per client address (utils.throttle.client_address, which trusts X-Forwarded-For only
from the site's proxies - Frappe's `rate_limit` counts by a header any client can set)."""

import frappe

from zhira_after_sales.customer_care import mobile_login
from zhira_after_sales.utils.throttle import client_address


@frappe.whitelist(allow_guest=True, methods=["POST"])
def send_login_code(mobile: str) -> dict:
	"""Send a login code to an Iranian mobile number. The answer says nothing of whether the number
	has an account: {"sent": true, "mobile", "expires_in", "resend_in"} (seconds), or
	{"sent": false, "message"} when no SMS can be sent now. Too many codes: HTTP 429."""
	return mobile_login.send_code(mobile, client_address())


@frappe.whitelist(allow_guest=True, methods=["POST"])
def verify_login_code(mobile: str, code: str, full_name: str | None = None) -> dict:
	"""Log in with the code (signing up a new customer). {"logged_in": true, "user", "customer",
	"full_name", "signed_up"} with the session cookie, or {"needs_name": true, "message"} when a new
	customer's name is needed: send the same code again with `full_name`. Wrong, expired or used
	codes: HTTP 417 with the reason; a locked number or client: 429; an account that may not log in
	by code (staff, disabled, two-factor): 401."""
	return mobile_login.verify_code(mobile, code, full_name=full_name, client_ip=client_address())
