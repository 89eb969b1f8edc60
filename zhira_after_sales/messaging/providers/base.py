"""What every SMS provider adapter offers, and the HTTP plumbing they share.

Plain Python (requests, no Frappe): an adapter is built from a GatewayConfig and speaks one
provider's documented HTTP API. Every call has a timeout. Failures are raised as ProviderError
with `retryable` saying whether trying again later can help (outage, timeout, credit, a wrong
key an administrator can fix) or not (the message itself was refused: bad number, empty or too
long text), and `maybe_sent` saying whether the provider may have accepted the message anyway
(the request went out but no answer came back). Error texts never carry a URL's path or query, nor
the gateway's secrets: Kavenegar puts the API key in the URL path, and requests' exceptions quote
the URL.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from zoneinfo import ZoneInfo

import requests

IRAN_TZ = ZoneInfo("Asia/Tehran")
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class GatewayConfig:
	"""One line at one provider. `base_url` empty means the provider's public API."""

	provider: str
	base_url: str | None = None
	# kept out of repr(): a traceback printed with its frames' variables must not show them
	api_key: str | None = field(default=None, repr=False)
	username: str | None = None
	password: str | None = field(default=None, repr=False)
	sender: str | None = None
	timeout: float = DEFAULT_TIMEOUT
	extra: dict = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class SendResult:
	provider_message_id: str | None
	cost: float | None = None
	detail: str = ""


@dataclass(frozen=True)
class InboundSMS:
	provider_message_id: str | None  # None: the provider gave this message no id
	sender: str
	text: str
	receiver: str | None = None
	received_at: datetime | None = None  # timezone-aware


class DeliveryState(str, Enum):
	PENDING = "pending"
	DELIVERED = "delivered"
	FAILED = "failed"  # reached the operator or not, the phone did not get it


@dataclass(frozen=True)
class DeliveryReport:
	provider_message_id: str
	state: DeliveryState
	detail: str = ""


class ProviderError(Exception):
	"""The provider refused or could not be reached. `code` is the provider's own code."""

	kind = "error"

	def __init__(
		self,
		message: str,
		*,
		code=None,
		retryable: bool = True,
		http_status: int | None = None,
		maybe_sent: bool = False,
	):
		super().__init__(message)
		self.message = message
		self.code = code
		self.retryable = retryable
		self.http_status = http_status
		self.maybe_sent = maybe_sent

	def __str__(self):
		code = f" [{self.code}]" if self.code not in (None, "") else ""
		return f"{self.message}{code}"


class ProviderUnavailable(ProviderError):
	"""Timeout, refused connection, 5xx, throttling: try again later."""

	kind = "unavailable"

	def __init__(self, message: str, *, code=None, http_status: int | None = None, maybe_sent: bool = False):
		super().__init__(message, code=code, retryable=True, http_status=http_status, maybe_sent=maybe_sent)


class ProviderAuthError(ProviderError):
	"""Wrong key/password or IP not allowed: an administrator must fix the gateway; retried."""

	kind = "auth"

	def __init__(self, message: str, *, code=None, http_status: int | None = None):
		super().__init__(message, code=code, retryable=True, http_status=http_status)


class MessageRejected(ProviderError):
	"""The provider refused this message (number, text): sending it again will not help."""

	kind = "rejected"

	def __init__(self, message: str, *, code=None, http_status: int | None = None):
		super().__init__(message, code=code, retryable=False, http_status=http_status)


class NotSupported(ProviderError):
	kind = "not_supported"

	def __init__(self, message: str):
		super().__init__(message, retryable=False)


class InboundFormatError(ValueError):
	"""An inbound message the provider handed out that cannot be read (no sender, not an object)."""


# --- numbers ------------------------------------------------------------------------------------


def e164_to(number: str, style: str) -> str:
	"""+989121234567 in the form a provider wants: "e164" (+98912...), "national" (0912...),
	"international" (98912...)."""
	number = (number or "").strip()
	if not number.startswith("+98"):
		return number
	if style == "national":
		return "0" + number[3:]
	if style == "international":
		return number[1:]
	return number


def sender_to_e164(value) -> str:
	"""A sender number as the provider reports it (9121234567, 98912..., 0912...) to E.164; left
	as is when it is not an Iranian number (short codes, names)."""
	from zhira_after_sales.utils.phone import try_parse

	text = str(value if value is not None else "").strip()
	if text.isdecimal() and len(text) == 10 and text.startswith("9"):
		text = "0" + text
	phone = try_parse(text)
	return phone.e164 if phone else text


def synthetic_id(*parts) -> str:
	"""A stable key made of `parts` (same parts, same key)."""
	digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
	return "h:" + digest[:32]


def id_text(value) -> str | None:
	"""A provider's id as text, or None when there is none (never the text "None")."""
	if value is None or isinstance(value, bool | dict | list):
		return None
	text = str(value).strip()
	return None if text.lower() in ("", "none", "null") else text


# --- secrets in error texts -----------------------------------------------------------------------

_URL = re.compile(r"(?P<base>[a-z][a-z0-9+.-]*://[^/\s'\"<>?#]+)[^\s'\"<>]*", re.I)
_URL_PATH = re.compile(r"(?P<lead>\burl:\s*)\S+", re.I)
SECRET_PARAMETER = re.compile(r"key|token|pass|secret|auth|sign", re.I)


def strip_urls(text: str) -> str:
	"""Every URL in `text` cut to scheme and host (no credentials, path or query): a provider
	that takes its key in the path or the query string leaks it otherwise."""

	def base(match):
		head = match.group("base")
		scheme, _sep, netloc = head.partition("://")
		return f"{scheme}://{netloc.rpartition('@')[2]}/…"

	text = _URL.sub(base, text)
	return _URL_PATH.sub(lambda m: m.group("lead") + "…", text)


# --- time ---------------------------------------------------------------------------------------


def parse_time(value) -> datetime | None:
	"""Unix seconds, or ISO text (without a zone it is Tehran time, as Iranian panels show it)."""
	if value in (None, ""):
		return None
	if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdecimal()):
		return datetime.fromtimestamp(int(value), tz=timezone.utc)
	text = str(value).strip().replace("Z", "+00:00")
	try:
		parsed = datetime.fromisoformat(text)
	except ValueError:
		try:
			parsed = datetime.strptime(text[:19], "%Y/%m/%d %H:%M:%S")
		except ValueError:
			return None
	return parsed if parsed.tzinfo else parsed.replace(tzinfo=IRAN_TZ)


# --- the adapter ------------------------------------------------------------------------------


def classify_http(status: int, message: str, code=None) -> ProviderError:
	"""The generic meaning of an HTTP error status, for providers without a documented code list."""
	if status >= 500 or status in (408, 429):
		return ProviderUnavailable(message, code=code, http_status=status)
	if status in (401, 403):
		return ProviderAuthError(message, code=code, http_status=status)
	return MessageRejected(message, code=code, http_status=status)


class Provider:
	"""Base class. Subclasses set `name`, `default_base_url`, `number_style` and implement
	send(); fetch_inbound()/fetch_status() where the provider offers them."""

	name = ""
	default_base_url = ""
	number_style = "national"
	supports_inbound = True
	supports_status = True
	max_status_ids = 100
	# the send parameter that carries our own reference (idempotency key); None: the API has none
	client_reference_param: str | None = None
	# whether lookup() can find a message by that reference, and for how long after sending
	supports_lookup = False
	lookup_window_hours = 12
	# the inbox hands the same messages out again on the next read (no "mark as read")
	inbox_repeats = False
	# the field of a raw inbound row holding the provider's id
	inbound_id_field = "id"

	def __init__(self, config: GatewayConfig, session: requests.Session | None = None):
		self.config = config
		self.session = session or requests.Session()
		self.base_url = (config.base_url or self.default_base_url).rstrip("/")

	# -- public API

	def send(self, to: str, text: str, *, client_ref: str | None = None) -> SendResult:
		raise NotImplementedError

	def lookup(self, client_ref: str, to: str | None = None) -> SendResult | None:
		"""The message we sent with this reference (its id), or None when the provider has none."""
		raise NotSupported(f"{self.name} cannot look a message up by our reference")

	def fetch_inbound(self, cursor: str | None = None) -> tuple[list[InboundSMS], str | None]:
		"""New inbound messages, parsed, and the cursor to pass next time (None: the provider keeps
		track). One unreadable message raises; the poller uses fetch_inbound_raw() instead."""
		rows, cursor = self.fetch_inbound_raw(cursor)
		return [self.parse_inbound(row) for row in rows], cursor

	def fetch_inbound_raw(self, cursor: str | None = None) -> tuple[list, str | None]:
		"""The inbox as the provider answered it, one JSON value per message, unparsed, and the
		cursor to pass next time. Must not fail on a malformed message: the caller stores each one
		before parse_inbound() reads it."""
		raise NotSupported(f"{self.name} does not offer reading inbound messages")

	def parse_inbound(self, row) -> InboundSMS:
		"""One raw inbound message; raises InboundFormatError (or any error) when it is unreadable."""
		raise NotImplementedError

	def inbound_id(self, row) -> str | None:
		"""The provider's id of a raw inbound message, or None. Never raises."""
		try:
			return id_text(row_field(row, self.inbound_id_field))
		except Exception:
			return None

	def inbound_fingerprint(self, row) -> str:
		"""What identifies an id-less raw inbound message in an inbox that repeats (the whole row)."""
		return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)

	def fetch_status(self, ids: list[str]) -> list[DeliveryReport]:
		raise NotSupported(f"{self.name} does not offer delivery reports")

	def redact(self, text: str) -> str:
		"""`text` without this gateway's secrets or any URL path: safe to store and show."""
		text = strip_urls(str(text or ""))
		secrets = [self.config.api_key, self.config.password]
		secrets += [
			str(row.get("value") or "")
			for row in self.config.extra.get("parameters") or []
			if SECRET_PARAMETER.search(str(row.get("parameter") or ""))
		]
		for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
			text = text.replace(secret, "***")
		return text

	def number(self, e164: str) -> str:
		return e164_to(e164, self.number_style)

	# -- HTTP

	def request(self, method: str, url: str, **kwargs) -> requests.Response:
		"""One HTTP call. A failure is raised as ProviderUnavailable whose text names neither the
		URL nor a secret, and without the requests exception chained to it (a logged traceback
		would print its URL)."""
		kwargs.setdefault("timeout", self.config.timeout or DEFAULT_TIMEOUT)
		try:
			return self.session.request(method, url, **kwargs)
		except requests.ConnectTimeout:
			error = ProviderUnavailable(
				f"cannot reach {self.name}: no connection within {kwargs['timeout']} seconds"
			)
		except requests.Timeout:
			# the request went out; whether the provider acted on it is unknown
			error = ProviderUnavailable(
				f"{self.name} did not answer within {kwargs['timeout']} seconds", maybe_sent=True
			)
		except requests.ConnectionError as e:
			if never_arrived(e):
				error = ProviderUnavailable(f"cannot reach {self.name}: {type(e).__name__}")
			else:
				error = ProviderUnavailable(
					f"{self.name} dropped the connection before answering: {type(e).__name__}",
					maybe_sent=True,
				)
		except requests.RequestException as e:
			error = ProviderUnavailable(
				f"{self.name} request failed: {type(e).__name__}: {self.redact(str(e))}"
			)
		raise error from None

	def json_of(self, response: requests.Response) -> dict | list:
		"""The JSON body; a non-JSON answer is an HTTP-level failure."""
		try:
			return response.json()
		except ValueError:
			if response.status_code >= 400:
				raise classify_http(response.status_code, f"{self.name} answered HTTP {response.status_code}")
			raise ProviderUnavailable(
				f"{self.name} answered something that is not JSON (HTTP {response.status_code})",
				http_status=response.status_code,
			)

	def require(self, value, what: str):
		if not value:
			raise ProviderAuthError(f"{self.name}: the gateway has no {what}")
		return value


def row_field(row, name: str):
	"""A field of a raw provider row: as named, in PascalCase or in camelCase."""
	if not isinstance(row, dict):
		return None
	for key in (name, name[:1].upper() + name[1:], name[:1].lower() + name[1:]):
		if key in row:
			return row[key]
	return None


def never_arrived(error: requests.ConnectionError) -> bool:
	"""Whether a connection error happened before the request could reach the provider (refused,
	no route, name not resolved), as opposed to a connection dropped while waiting for the answer."""
	import urllib3.exceptions

	reason = error.args[0] if error.args else None
	reason = getattr(reason, "reason", reason)
	return isinstance(
		reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError
	) or isinstance(error, requests.exceptions.ProxyError | requests.exceptions.SSLError)
