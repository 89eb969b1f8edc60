"""SMS.ir (new panel, API v1): https://api.sms.ir/v1, header `X-API-KEY`.

Send: POST /send/bulk {lineNumber, MessageText, Mobiles, SendDateTime} -> {status: 1, message,
data: {packId, messageIds, cost}}; status == 1 means success. The error-code list is not
published in the material we have, so HTTP statuses are read generically (5xx/429 retry, 401/403
gateway settings, other 4xx rejected).

[UNCONFIRMED] shapes, written from the provider's examples and SDK field names and kept in one
place here so they are easy to correct: the delivery report GET /send/{messageId} answers
data.deliveryState (1 delivered; 2, 4, 6, 7 not delivered; 3, 5 on the way), and the inbox
GET /receive/latest answers data: [{number, messageText, mobile, receivedDateTime}] with no id of
its own, and hands the same latest messages out on every read (the caller keys them by their
content and their place among identical ones, so a message read twice is still stored once and two
identical messages are two).

The send API takes no reference of ours, so there is no idempotency key and no lookup: a message
whose sending was interrupted after the request went out is left for an operator to decide.
"""

import json

from .base import (
	DeliveryReport,
	DeliveryState,
	InboundFormatError,
	InboundSMS,
	Provider,
	ProviderError,
	SendResult,
	classify_http,
	id_text,
	parse_time,
	sender_to_e164,
)

DELIVERED = {1}
FAILED = {2, 4, 6, 7}


class SmsIr(Provider):
	name = "SMS.ir"
	default_base_url = "https://api.sms.ir/v1"
	number_style = "national"
	inbox_repeats = True

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
				"lineNumber": int(line) if str(line).isdecimal() else line,
				"MessageText": text,
				"Mobiles": [self.number(to)],
				"SendDateTime": None,
			},
		)
		data = body.get("data") or {}
		ids = data.get("messageIds") or []
		message_id = id_text(ids[0]) if isinstance(ids, list) and ids else None
		if not message_id:
			raise ProviderError("SMS.ir: accepted the request but returned no message id", maybe_sent=True)
		return SendResult(
			provider_message_id=message_id, cost=data.get("cost"), detail=body.get("message") or ""
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

	def fetch_inbound_raw(self, cursor: str | None = None) -> tuple[list, str | None]:
		rows = self.call("GET", "receive/latest", params={"count": 100}).get("data")
		if rows is None:
			return [], None
		return (rows if isinstance(rows, list) else [rows]), None

	def inbound_fingerprint(self, row) -> str:
		if not isinstance(row, dict):
			return super().inbound_fingerprint(row)
		fields = ("number", "mobile", "messageText", "receivedDateTime")
		return json.dumps([row.get(name) for name in fields], ensure_ascii=False, default=str)

	def parse_inbound(self, row) -> InboundSMS:
		if not isinstance(row, dict):
			raise InboundFormatError("SMS.ir: an inbox entry is not an object")
		sender = sender_to_e164(row.get("mobile"))
		if not sender:
			raise InboundFormatError("SMS.ir: an inbox entry has no sender")
		return InboundSMS(
			provider_message_id=id_text(row.get("id")),
			sender=sender,
			text=str(row.get("messageText") or ""),
			receiver=str(row.get("number") or "") or None,
			received_at=parse_time(row.get("receivedDateTime")),
		)
