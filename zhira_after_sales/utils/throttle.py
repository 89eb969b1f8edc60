"""Rate limits keyed by the client, shared by every way into one feature.

Frappe's `rate_limit` decorator keys its counter by the called method (`/warranty` and
`/api/method/...` count apart) and by `X-Forwarded-For`, which any client can set. Here the client
is the connection's own address; `X-Forwarded-For` is read only when the connection comes from a
proxy the site lists in `zhira_trusted_proxies` (site config, a list of addresses), and then the
nearest address in it that is not such a proxy counts.
"""

import ipaddress

import frappe
from frappe import _


def client_address() -> str:
	request = getattr(frappe.local, "request", None)
	if not request:
		return "local"
	remote = (request.environ.get("REMOTE_ADDR") or "").strip() or "unknown"
	trusted = set(frappe.conf.get("zhira_trusted_proxies") or [])
	if remote not in trusted:
		return remote
	forwarded = [a.strip() for a in (request.headers.get("X-Forwarded-For") or "").split(",") if a.strip()]
	for address in reversed(forwarded):
		if address not in trusted and _is_ip(address):
			return address
	return remote


def _is_ip(value: str) -> bool:
	try:
		ipaddress.ip_address(value)
	except ValueError:
		return False
	return True


def cache_key(bucket: str, client: str | None = None) -> str:
	return frappe.cache.make_key(f"zhira:throttle:{bucket}:{client or client_address()}")


def hit(bucket: str, limit: int, seconds: int, client: str | None = None, message: str | None = None):
	"""Count one use of `bucket` by this client (or by `client`, e.g. a username); over `limit` uses
	in `seconds` raises RateLimitExceededError (HTTP 429) with `message` - a translated text whose {0}
	is the minutes left until the window ends (default: "Too many checks from your address...")."""
	key = cache_key(bucket, client)
	count = frappe.cache.incrby(key, 1)
	if count == 1 or frappe.cache.ttl(key) < 0:  # a counter left without expiry would refuse for ever
		frappe.cache.expire(key, seconds)
	if count > limit:
		frappe.throw(
			(message or _("Too many checks from your address. Try again in {0} minutes.")).format(
				minutes_left(key, seconds)
			),
			frappe.RateLimitExceededError,
			title=_("Please wait"),
		)


def minutes_left(key: str, seconds: int) -> int:
	"""Whole minutes (at least 1) until the counter `key` ends its window: the time left, not the
	window's length, so the message says when a try can succeed."""
	left = frappe.cache.ttl(key)
	if left is None or left < 0:
		left = seconds
	return max(1, -(-int(left) // 60))
