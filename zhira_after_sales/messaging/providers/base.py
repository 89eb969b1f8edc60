"""What every SMS provider adapter offers, and the HTTP plumbing they share.

Plain Python (requests, no Frappe): an adapter is built from a GatewayConfig and speaks one
provider's documented HTTP API. Every call has a timeout. Failures are raised as ProviderError
with `retryable` saying whether trying again later can help (outage, timeout, credit, a wrong
key an administrator can fix) or not (the message itself was refused: bad number, empty or too
long text).
"""

import hashlib
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
	api_key: str | None = None
	username: str | None = None
	password: str | None = None
	sender: str | None = None
	timeout: float = DEFAULT_TIMEOUT
	extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SendResult:
	provider_message_id: str | None
	cost: float | None = None
	detail: str = ""


@dataclass(frozen=True)
class InboundSMS:
	provider_message_id: str
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

	def __init__(self, message: str, *, code=None, retryable: bool = True, http_status: int | None = None):
		super().__init__(message)
		self.message = message
		self.code = code
		self.retryable = retryable
		self.http_status = http_status

	def __str__(self):
		code = f" [{self.code}]" if self.code not in (None, "") else ""
		return f"{self.message}{code}"


class ProviderUnavailable(ProviderError):
	"""Timeout, refused connection, 5xx, throttling: try again later."""

	kind = "unavailable"

	def __init__(self, message: str, *, code=None, http_status: int | None = None):
		super().__init__(message, code=code, retryable=True, http_status=http_status)


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
	if text.isdigit() and len(text) == 10 and text.startswith("9"):
		text = "0" + text
	phone = try_parse(text)
	return phone.e164 if phone else text


def synthetic_id(*parts) -> str:
	"""A stable id for providers that give inbound messages none: same message, same id."""
	digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
	return "h:" + digest[:32]


# --- time ---------------------------------------------------------------------------------------


def parse_time(value) -> datetime | None:
	"""Unix seconds, or ISO text (without a zone it is Tehran time, as Iranian panels show it)."""
	if value in (None, ""):
		return None
	if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
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

	def __init__(self, config: GatewayConfig, session: requests.Session | None = None):
		self.config = config
		self.session = session or requests.Session()
		self.base_url = (config.base_url or self.default_base_url).rstrip("/")

	# -- public API

	def send(self, to: str, text: str, *, client_ref: str | None = None) -> SendResult:
		raise NotImplementedError

	def fetch_inbound(self, cursor: str | None = None) -> tuple[list[InboundSMS], str | None]:
		"""New inbound messages and the cursor to pass next time (None: provider keeps track)."""
		raise NotSupported(f"{self.name} does not offer reading inbound messages")

	def fetch_status(self, ids: list[str]) -> list[DeliveryReport]:
		raise NotSupported(f"{self.name} does not offer delivery reports")

	def number(self, e164: str) -> str:
		return e164_to(e164, self.number_style)

	# -- HTTP

	def request(self, method: str, url: str, **kwargs) -> requests.Response:
		kwargs.setdefault("timeout", self.config.timeout or DEFAULT_TIMEOUT)
		try:
			return self.session.request(method, url, **kwargs)
		except requests.Timeout:
			raise ProviderUnavailable(f"{self.name} did not answer within {kwargs['timeout']} seconds")
		except requests.ConnectionError as e:
			raise ProviderUnavailable(f"cannot reach {self.name}: {type(e).__name__}")
		except requests.RequestException as e:
			raise ProviderUnavailable(f"{self.name} request failed: {e}")

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
