"""The rules of logging in with a one-time SMS code, as plain functions (no Frappe, no Redis): the
code and its hash, when a code has expired, and when a number or a client is refused for a while.
The service (customer_care/mobile_login.py) keeps the state in Redis and asks these functions.

    generate_code()                       6 random digits (`secrets`), leading zeros allowed
    new_salt(), hash_code(...)            HMAC-SHA256 of the code with a per-code salt, the number
                                          and the site's secret; only the hash is stored
    code_matches(...)                     constant-time comparison with a stored hash
    clean_code(value)                     the typed code in ASCII digits (Persian/Arabic digits and
                                          spaces accepted), or None when it is not 6 digits
    code_state(record, now)               missing / expired / used / valid
    send_refusal(...)                     may another code be sent to this number from this client?
    register_wrong(...), lock_remaining() wrong codes in a row lock the number for a while
    client_refusal(...)                   too many wrong codes from one client address
    Limits                                the limits (defaults below), overridable by site config
    local_redirect(value, default)        a redirect target that stays on this site

Times are seconds since the epoch (floats), passed in by the caller.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, fields
from typing import NamedTuple

from zhira_after_sales.utils.text import strip_invisibles, to_latin_digits

CODE_DIGITS = 6
_CODE = re.compile(rf"^\d{{{CODE_DIGITS}}}$")
_CODE_SEPARATORS = re.compile(r"[\s\-]")

# code states
MISSING, EXPIRED, USED, VALID = "missing", "expired", "used", "valid"
# why a code is not sent
TOO_SOON, NUMBER_LIMIT, CLIENT_LIMIT = "too_soon", "number_limit", "client_limit"


@dataclass(frozen=True)
class Limits:
	"""How long a code lives and how often codes may be asked for and guessed. The defaults suit a
	customer on a phone; a site may change any of them in site_config.json under
	`zhira_mobile_login`, e.g. {"zhira_mobile_login": {"code_ttl": 120, "codes_per_client": 50}}."""

	code_ttl: int = 180  # seconds a code may be used after it is sent
	resend_after: int = 60  # seconds before another code goes to the same number
	codes_per_number: int = 5  # codes to one number per window
	codes_per_client: int = 20  # codes one client address may ask for per window (any numbers)
	window: int = 3600  # seconds the two counts above cover
	wrong_codes: int = 5  # wrong codes for one number (within lock_seconds) before it is locked
	lock_seconds: int = 900  # how long a locked number refuses every code, the right one too
	wrong_codes_per_client: int = 30  # wrong codes one client address may type per window

	@classmethod
	def with_overrides(cls, overrides: dict | None) -> "Limits":
		"""The defaults with the positive whole numbers of `overrides` for known names; anything else
		in `overrides` is ignored."""
		values = {}
		for field in fields(cls):
			value = (overrides or {}).get(field.name)
			if isinstance(value, bool):
				continue
			try:
				value = int(value)
			except (TypeError, ValueError):
				continue
			if value > 0:
				values[field.name] = value
		return cls(**values)


class Refusal(NamedTuple):
	reason: str  # TOO_SOON, NUMBER_LIMIT, CLIENT_LIMIT, or "locked"
	retry_after: int  # whole seconds until the next try can succeed (at least 1)


class Failures(NamedTuple):
	"""Wrong codes typed for one number: when (within the lock window), and the end of a lock."""

	times: tuple = ()
	locked_until: float = 0.0

	@classmethod
	def from_dict(cls, value: dict | None) -> "Failures":
		value = value or {}
		return cls(tuple(float(t) for t in value.get("times") or ()), float(value.get("locked_until") or 0))

	def as_dict(self) -> dict:
		return {"times": list(self.times), "locked_until": self.locked_until}


# --- the code -----------------------------------------------------------------------------------


def generate_code() -> str:
	return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_salt() -> str:
	return secrets.token_hex(16)


def hash_code(code: str, salt: str, mobile: str, secret: str) -> str:
	"""HMAC-SHA256 keyed by the site's secret over the salt, the number and the code: a stolen copy
	of the store cannot be tried against the million possible codes without the secret, and a hash
	is good for one number only."""
	message = f"{salt}:{mobile}:{code}".encode()
	return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def code_matches(typed: str, stored_hash: str, salt: str, mobile: str, secret: str) -> bool:
	return hmac.compare_digest(hash_code(typed, salt, mobile, secret), stored_hash or "")


def clean_code(value) -> str | None:
	"""The code as typed, in ASCII digits: Persian or Arabic digits, spaces, dashes and bidi marks
	are accepted; anything that is not then 6 digits is None."""
	text = _CODE_SEPARATORS.sub("", strip_invisibles(to_latin_digits(value if value is not None else "")))
	return text if _CODE.match(text) else None


def new_record(code: str, mobile: str, secret: str, now: float, limits: Limits) -> dict:
	"""What is stored for a code just sent (never the code itself)."""
	salt = new_salt()
	return {
		"salt": salt,
		"hash": hash_code(code, salt, mobile, secret),
		"issued_at": now,
		"expires_at": now + limits.code_ttl,
		"used": False,
	}


def code_state(record: dict | None, now: float) -> str:
	if not record:
		return MISSING
	if record.get("used"):
		return USED
	if now >= float(record.get("expires_at") or 0):
		return EXPIRED
	return VALID


# --- how often ----------------------------------------------------------------------------------


def recent(times, now: float, window: int) -> list[float]:
	"""The times within the last `window` seconds, oldest first."""
	return sorted(t for t in times if now - window < t <= now)


def _wait(until: float, now: float) -> int:
	return max(1, int(-(-(until - now) // 1)))  # rounded up to a whole second


def send_refusal(number_times, client_times, now: float, limits: Limits) -> Refusal | None:
	"""None when a code may be sent now to a number that was sent codes at `number_times`, asked
	for by a client that asked at `client_times`; else why not and for how long."""
	number_times = recent(number_times, now, limits.window)
	client_times = recent(client_times, now, limits.window)
	if len(client_times) >= limits.codes_per_client:
		oldest = client_times[-limits.codes_per_client]
		return Refusal(CLIENT_LIMIT, _wait(oldest + limits.window, now))
	if number_times and now - number_times[-1] < limits.resend_after:
		return Refusal(TOO_SOON, _wait(number_times[-1] + limits.resend_after, now))
	if len(number_times) >= limits.codes_per_number:
		oldest = number_times[-limits.codes_per_number]
		return Refusal(NUMBER_LIMIT, _wait(oldest + limits.window, now))
	return None


def lock_remaining(failures: Failures, now: float) -> int:
	"""Seconds the number stays locked; 0 when it is not locked."""
	return _wait(failures.locked_until, now) if failures.locked_until > now else 0


def register_wrong(failures: Failures, now: float, limits: Limits) -> Failures:
	"""One more wrong code. The `wrong_codes`-th within `lock_seconds` locks the number for
	`lock_seconds`; the count then starts again."""
	times = recent((*failures.times, now), now, limits.lock_seconds)
	if len(times) >= limits.wrong_codes:
		return Failures((), now + limits.lock_seconds)
	return Failures(tuple(times), failures.locked_until)


def tries_left(failures: Failures, now: float, limits: Limits) -> int:
	return max(0, limits.wrong_codes - len(recent(failures.times, now, limits.lock_seconds)))


def client_refusal(wrong_times, now: float, limits: Limits) -> Refusal | None:
	"""A client address that typed `wrong_codes_per_client` wrong codes within the window is
	refused (whatever number it tries) until the oldest of them leaves the window."""
	times = recent(wrong_times, now, limits.window)
	if len(times) >= limits.wrong_codes_per_client:
		oldest = times[-limits.wrong_codes_per_client]
		return Refusal(CLIENT_LIMIT, _wait(oldest + limits.window, now))
	return None


def wait_in_words(seconds: int) -> tuple[int, str]:
	"""(n, "seconds") under two minutes, else (whole minutes rounded up, "minutes")."""
	seconds = max(1, int(seconds))
	if seconds < 120:
		return seconds, "seconds"
	return -(-seconds // 60), "minutes"


# --- where to go after logging in ---------------------------------------------------------------


def local_redirect(value, default: str = "/") -> str:
	"""`value` when it is a path on this site ("/service/devices?x=1"), else `default`: no scheme,
	no host, no protocol-relative "//host" or "/\\host", no control characters."""
	text = str(value or "").strip()
	if (
		not text.startswith("/")
		or text.startswith("//")
		or text.startswith("/\\")
		or "\\" in text
		or any(ord(ch) < 32 or ord(ch) == 127 for ch in text)
		or len(text) > 2000
	):
		return default
	return text
