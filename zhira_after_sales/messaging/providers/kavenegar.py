"""Kavenegar (کاوه‌نگار): https://api.kavenegar.com/v1/{API-KEY}/{scope}/{method}.json

The API key goes only in the URL path. Success is HTTP 2xx and return.status == 200; any other
return.status is an error whose code is documented (table below). Receiving unread messages
marks them read at Kavenegar, so the caller stores each one before doing anything else.
"""

from .base import (
	DeliveryReport,
	DeliveryState,
	InboundSMS,
	MessageRejected,
	Provider,
	ProviderAuthError,
	ProviderError,
	ProviderUnavailable,
	SendResult,
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


class Kavenegar(Provider):
	name = "Kavenegar"
	default_base_url = "https://api.kavenegar.com/v1"
	number_style = "national"
	max_status_ids = 500

	def url(self, scope_method: str) -> str:
		key = self.require(self.config.api_key, "API key")
		return f"{self.base_url}/{key}/{scope_method}.json"

	def call(self, method: str, scope_method: str, **kwargs) -> list:
		response = self.request(method, self.url(scope_method), **kwargs)
		body = self.json_of(response)
		returned = (body.get("return") if isinstance(body, dict) else None) or {}
		status = returned.get("status")
		if response.status_code < 400 and status == 200:
			return body.get("entries") or []
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
		entries = self.call("POST", "sms/send", data=data)
		if not entries:
			raise ProviderError("Kavenegar: accepted the request but returned no message id")
		entry = entries[0]
		return SendResult(
			provider_message_id=str(entry.get("messageid")),
			cost=entry.get("cost"),
			detail=entry.get("statustext") or "",
		)

	def fetch_status(self, ids: list[str]) -> list[DeliveryReport]:
		reports = []
		for start in range(0, len(ids), self.max_status_ids):
			chunk = ids[start : start + self.max_status_ids]
			for entry in self.call("POST", "sms/status", data={"messageid": ",".join(chunk)}):
				status = entry.get("status")
				state = (
					DeliveryState.DELIVERED
					if status in DELIVERED
					else DeliveryState.FAILED
					if status in FAILED
					else DeliveryState.PENDING
				)
				detail = f"{entry.get('statustext') or ''} ({status})".strip()
				reports.append(DeliveryReport(str(entry.get("messageid")), state, detail))
		return reports

	def fetch_inbound(self, cursor: str | None = None) -> tuple[list[InboundSMS], str | None]:
		params = {"isread": 0}
		if self.config.sender:
			params["linenumber"] = self.config.sender
		entries = self.call("GET", "sms/receive", params=params)
		messages = [
			InboundSMS(
				provider_message_id=str(entry.get("messageid")),
				sender=sender_to_e164(entry.get("sender")),
				text=entry.get("message") or "",
				receiver=str(entry.get("receptor") or ""),
				received_at=parse_time(entry.get("date")),
			)
			for entry in entries
		]
		return messages, None
