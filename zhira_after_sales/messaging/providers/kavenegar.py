"""Kavenegar (کاوه‌نگار): https://api.kavenegar.com/v1/{API-KEY}/{scope}/{method}.json

The API key goes only in the URL path (so no error text may quote the URL). Success is HTTP 2xx
and return.status == 200; any other return.status is an error whose code is documented (table
below). Receiving unread messages marks them read at Kavenegar, so the caller stores each one
before doing anything else.

Each message is sent with our reference as `localid` (digits: the SDKs read it as a long), and
sms/statuslocalmessageid.json?localid= finds it again for about 12 hours.
[UNCONFIRMED] how that call answers for a localid it does not know: we read an entry without a
messageid, or with status 100 (invalid id), or no entry at all, as "not found".
"""

from .base import (
	DeliveryReport,
	DeliveryState,
	InboundFormatError,
	InboundSMS,
	MessageRejected,
	Provider,
	ProviderAuthError,
	ProviderError,
	ProviderUnavailable,
	SendResult,
	id_text,
	parse_time,
	sender_to_e164,
)

# return.status codes that mean "this message will never be accepted"
REJECTED = {
	400: "parameters incomplete",
	411: "invalid receptor",
	413: "message empty or too long (max 900 characters)",
	414: "too many records in one request",
}
# codes an administrator can fix (key, IP, sender line, credit): retried with backoff
NEEDS_ADMIN = {
	401: "invalid API key",
	407: "caller IP not allowed",
	412: "invalid sender line",
	418: "insufficient credit",
}

DELIVERED = {10}
FAILED = {6, 11, 13, 14, 100}
UNKNOWN_ID = 100


def rows_of(entries) -> list:
	"""The entries of an answer as a list (one odd value is kept as one row, not dropped)."""
	if entries is None:
		return []
	return entries if isinstance(entries, list) else [entries]


class Kavenegar(Provider):
	name = "Kavenegar"
	default_base_url = "https://api.kavenegar.com/v1"
	number_style = "national"
	max_status_ids = 500
	client_reference_param = "localid"
	supports_lookup = True
	lookup_window_hours = 12
	inbound_id_field = "messageid"

	def url(self, scope_method: str) -> str:
		key = self.require(self.config.api_key, "API key")
		return f"{self.base_url}/{key}/{scope_method}.json"

	def call(self, method: str, scope_method: str, **kwargs):
		response = self.request(method, self.url(scope_method), **kwargs)
		body = self.json_of(response)
		returned = (body.get("return") if isinstance(body, dict) else None) or {}
		status = returned.get("status")
		if response.status_code < 400 and status == 200:
			return body.get("entries")
		message = returned.get("message") or f"HTTP {response.status_code}"
		raise self.error(status, message, response.status_code)

	def error(self, status, message: str, http_status: int) -> ProviderError:
		text = f"Kavenegar: {message}"
		if status in REJECTED:
			return MessageRejected(text, code=status, http_status=http_status)
		if status in NEEDS_ADMIN:
			return ProviderAuthError(text, code=status, http_status=http_status)
		if http_status >= 500 or status is None:
			return ProviderUnavailable(text, code=status, http_status=http_status)
		return ProviderError(text, code=status, http_status=http_status)

	def send(self, to: str, text: str, *, client_ref: str | None = None) -> SendResult:
		data = {"receptor": self.number(to), "message": text}
		if self.config.sender:
			data["sender"] = self.config.sender
		if client_ref:
			data["localid"] = client_ref
		entries = rows_of(self.call("POST", "sms/send", data=data))
		entry = entries[0] if entries and isinstance(entries[0], dict) else {}
		message_id = id_text(entry.get("messageid"))
		if not message_id:
			# it may have been accepted all the same: the caller asks by localid before resending
			raise ProviderError("Kavenegar: accepted the request but returned no message id", maybe_sent=True)
		return SendResult(
			provider_message_id=message_id,
			cost=entry.get("cost"),
			detail=entry.get("statustext") or "",
		)

	def lookup(self, client_ref: str, to: str | None = None) -> SendResult | None:
		entries = rows_of(self.call("GET", "sms/statuslocalmessageid", params={"localid": client_ref}))
		for entry in entries:
			if not isinstance(entry, dict):
				continue
			message_id = id_text(entry.get("messageid"))
			if message_id and message_id != "0" and entry.get("status") != UNKNOWN_ID:
				return SendResult(provider_message_id=message_id, detail=entry.get("statustext") or "")
		return None

	def fetch_status(self, ids: list[str]) -> list[DeliveryReport]:
		reports = []
		for start in range(0, len(ids), self.max_status_ids):
			chunk = ids[start : start + self.max_status_ids]
			for entry in rows_of(self.call("POST", "sms/status", data={"messageid": ",".join(chunk)})):
				if not isinstance(entry, dict) or not id_text(entry.get("messageid")):
					continue
				status = entry.get("status")
				state = (
					DeliveryState.DELIVERED
					if status in DELIVERED
					else DeliveryState.FAILED
					if status in FAILED
					else DeliveryState.PENDING
				)
				detail = f"{entry.get('statustext') or ''} ({status})".strip()
				reports.append(DeliveryReport(id_text(entry.get("messageid")), state, detail))
		return reports

	def fetch_inbound_raw(self, cursor: str | None = None) -> tuple[list, str | None]:
		params = {"isread": 0}
		if self.config.sender:
			params["linenumber"] = self.config.sender
		return rows_of(self.call("GET", "sms/receive", params=params)), None

	def parse_inbound(self, row) -> InboundSMS:
		if not isinstance(row, dict):
			raise InboundFormatError("Kavenegar: an inbox entry is not an object")
		sender = sender_to_e164(row.get("sender"))
		if not sender:
			raise InboundFormatError("Kavenegar: an inbox entry has no sender")
		return InboundSMS(
			provider_message_id=id_text(row.get("messageid")),
			sender=sender,
			text=str(row.get("message") or ""),
			receiver=str(row.get("receptor") or "") or None,
			received_at=parse_time(row.get("date")),
		)
