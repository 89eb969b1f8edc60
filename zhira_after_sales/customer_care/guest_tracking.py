"""Tracking a request without an account (/track): the tracking code and the mobile it was
registered with. A pair that does not match - wrong code, wrong mobile, no such request - gets one
and the same answer, so the page tells nobody which codes exist or whose they are. Brute force is
stopped twice: TRACK_LIMIT tries per client in TRACK_WINDOW seconds (counted with
zhira_after_sales.utils.throttle), and a code that failed CODE_FAILURES times is refused for
CODE_LOCK seconds whoever asks."""

import frappe
from frappe import _

from zhira_after_sales.customer_care.my_requests import public_status
from zhira_after_sales.service_desk import tracking
from zhira_after_sales.utils import throttle
from zhira_after_sales.utils.phone import number_variants, try_parse

TRACK_LIMIT = 10
TRACK_WINDOW = 10 * 60
CODE_FAILURES = 5
CODE_LOCK = 30 * 60


class TrackingNotFound(frappe.DoesNotExistError):
	pass


def no_match():
	frappe.throw(
		_("No request matches this tracking code and mobile number. Check both and try again."),
		TrackingNotFound,
		title=_("Not found"),
	)


def failures_key(code: str) -> str:
	return throttle.cache_key("track-code-failures", code)


def track(tracking_code: str, mobile: str) -> dict:
	throttle.hit("track", TRACK_LIMIT, TRACK_WINDOW)
	code = tracking.normalize(str(tracking_code or "")[:100])
	phone = try_parse(str(mobile or "")[:100])
	if not code or not phone or len(code) > tracking.MAX_LENGTH:
		no_match()  # no such code can exist: nothing looked up, nothing counted
	key = failures_key(code)
	if int(frappe.cache.get(key) or 0) >= CODE_FAILURES:
		frappe.throw(
			_("Too many wrong tries for this tracking code. Try again in {0} minutes.").format(
				CODE_LOCK // 60
			),
			frappe.RateLimitExceededError,
		)
	name = frappe.db.get_value(
		"Service Reception",
		{"tracking_code": code, "mobile_no": ("in", number_variants(phone))},
		"name",
	)
	if not name:
		count = frappe.cache.incrby(key, 1)
		if count == 1:
			frappe.cache.expire(key, CODE_LOCK)
		no_match()
	return public_status(name)
