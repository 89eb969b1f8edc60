"""SMS.ir (new panel, API v1): https://api.sms.ir/v1, header `X-API-KEY`.

Send: POST /send/bulk {lineNumber, MessageText, Mobiles, SendDateTime} -> {status: 1, message,
data: {packId, messageIds, cost}}; status == 1 means success. The error-code list is not
published in the material we have, so HTTP statuses are read generically (5xx/429 retry, 401/403
gateway settings, other 4xx rejected).

[UNCONFIRMED] shapes, written from the provider's examples and SDK field names and kept in one
place here so they are easy to correct: the delivery report GET /send/{messageId} answers
data.deliveryState (1 delivered; 2, 4, 6, 7 not delivered; 3, 5 on the way), and the inbox
GET /receive/latest answers data: [{number, messageText, mobile, receivedDateTime}] with no id of
its own (we derive a stable one, so a message read twice is still stored once).
"""

from .base import (
	DeliveryReport,
	DeliveryState,
	InboundSMS,
	Provider,
	ProviderError,
	SendResult,
	classify_http,
	parse_time,
	sender_to_e164,
	synthetic_id,
)

DELIVERED = {1}
FAILED = {2, 4, 6, 7}


class SmsIr(Provider):
	name = "SMS.ir"
	default_base_url = "https://api.sms.ir/v1"
	number_style = "national"

	def headers(self) -> dict:
		return {
			"X-API-KEY": self.require(self.config.api_key, "API key"),
			"Accept": "application/json",
		}

	def call(self, method: str, path: str, **kwargs) -> dict:
		response = self.request(method, f"{self.base_url}/{path}", headers=self.headers(), **kwargs)
		body = self.json_of(response)
		body = body if isinstance(body, dict) else {}
		if response.status_code < 400 and body.get("status") == 1:
			return body
		message = f"SMS.ir: {body.get('message') or f'HTTP {response.status_code}'}"
		if response.status_code >= 400:
			raise classify_http(response.status_code, message, code=body.get("status"))
		raise ProviderError(message, code=body.get("status"), http_status=response.status_code)

	def send(self, to: str, text: str, *, client_ref: str | None = None) -> SendResult:
		line = self.require(self.config.sender, "sender line number")
		body = self.call(
			"POST",
			"send/bulk",
			json={
				"lineNumber": int(line) if str(line).isdigit() else line,
				"MessageText": text,
				"Mobiles": [self.number(to)],
				"SendDateTime": None,
			},
		)
		data = body.get("data") or {}
		ids = data.get("messageIds") or []
		if not ids:
			raise ProviderError("SMS.ir: accepted the request but returned no message id")
		return SendResult(
			provider_message_id=str(ids[0]), cost=data.get("cost"), detail=body.get("message") or ""
		)

	def fetch_status(self, ids: list[str]) -> list[DeliveryReport]:
		reports = []
		for message_id in ids:
			data = self.call("GET", f"send/{message_id}").get("data") or {}
			state_code = data.get("deliveryState")
			state = (
				DeliveryState.DELIVERED
				if state_code in DELIVERED
				else DeliveryState.FAILED
				if state_code in FAILED
				else DeliveryState.PENDING
			)
			reports.append(DeliveryReport(str(message_id), state, str(state_code)))
		return reports

	def fetch_inbound(self, cursor: str | None = None) -> tuple[list[InboundSMS], str | None]:
		rows = self.call("GET", "receive/latest", params={"count": 100}).get("data") or []
		messages = []
		for row in rows:
			sender = sender_to_e164(row.get("mobile"))
			text = row.get("messageText") or ""
			received = row.get("receivedDateTime")
			provider_id = row.get("id") or synthetic_id(row.get("number"), sender, received, text)
			messages.append(
				InboundSMS(
					provider_message_id=str(provider_id),
					sender=sender,
					text=text,
					receiver=str(row.get("number") or ""),
					received_at=parse_time(received),
				)
			)
		return messages, None
