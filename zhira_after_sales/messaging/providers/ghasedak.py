"""Ghasedak (قاصدک), new gateway: https://gw.ghasedak.me/Rest/api/v1/WebService, header `ApiKey`.

Calls and field names are the official SDK's (ghasedakapi/ghasedak_sms_python): SendSingleSMS
{SendDate, LineNumber, Receptor, Message, ClientReferenceId, Udh}; CheckSmsStatus?Ids=&Type=1
(1 = our ids are Ghasedak's message ids); GetReceivedSmses?LineNumber=&IsRead=false -> items
{id, message, sender, lineNumber, receiveDate}. Answers are wrapped in {isSuccess, statusCode,
message, data}. Delivery statuses are the SDK's SendStatus enum (14 = delivered). Reading unread
messages marks them read, so the caller stores each one before doing anything else.

Each message is sent with our reference as ClientReferenceId, and CheckSmsStatus with Type=2 (the
SDK's MessageIdType.CLIENT_REFERENCE_ID) finds it again by that reference.

[UNCONFIRMED] the exact JSON of `data` (object or list, with or without `items`): both are read;
how CheckSmsStatus answers for a reference it does not know (we read "no item with a messageId" as
not found), and for how long it remembers references (we ask for 12 hours).
"""

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
	row_field,
	sender_to_e164,
)

DELIVERED = {14}
# rejected, internal failure, cancelled, internal blacklist, blacklisted, not delivered, blocked, failed
FAILED = {1, 6, 7, 8, 12, 13, 15, 16}


def items_of(data) -> list:
	if isinstance(data, list):
		return data
	if isinstance(data, dict):
		return data.get("items") or data.get("Items") or []
	return []


def field(row: dict, name: str):
	"""camelCase as ASP.NET writes it, or PascalCase."""
	return row_field(row, name)


class Ghasedak(Provider):
	name = "Ghasedak"
	default_base_url = "https://gw.ghasedak.me/Rest/api/v1/WebService"
	number_style = "national"
	client_reference_param = "ClientReferenceId"
	supports_lookup = True
	lookup_window_hours = 12

	def headers(self) -> dict:
		return {"ApiKey": self.require(self.config.api_key, "API key"), "Accept": "application/json"}

	def call(self, method: str, path: str, **kwargs):
		response = self.request(method, f"{self.base_url}/{path}", headers=self.headers(), **kwargs)
		body = self.json_of(response)
		body = body if isinstance(body, dict) else {}
		success = field(body, "isSuccess")
		status_code = field(body, "statusCode")
		if response.status_code < 400 and success is True:
			return field(body, "data")
		message = f"Ghasedak: {field(body, 'message') or f'HTTP {response.status_code}'}"
		http_like = (
			status_code if isinstance(status_code, int) and status_code >= 400 else response.status_code
		)
		if http_like >= 400:
			raise classify_http(http_like, message, code=status_code)
		raise ProviderError(message, code=status_code, http_status=response.status_code)

	def send(self, to: str, text: str, *, client_ref: str | None = None) -> SendResult:
		data = self.call(
			"POST",
			"SendSingleSMS",
			json={
				"SendDate": None,
				"LineNumber": self.require(self.config.sender, "sender line number"),
				"Receptor": self.number(to),
				"Message": text,
				"ClientReferenceId": client_ref,
				"Udh": False,
			},
		)
		data = data if isinstance(data, dict) else {}
		message_id = id_text(field(data, "messageId"))
		if not message_id:
			raise ProviderError("Ghasedak: accepted the request but returned no message id", maybe_sent=True)
		return SendResult(provider_message_id=message_id, cost=field(data, "cost"))

	def lookup(self, client_ref: str, to: str | None = None) -> SendResult | None:
		rows = items_of(self.call("GET", "CheckSmsStatus", params=[("Type", "2"), ("Ids", client_ref)]))
		for row in rows:
			message_id = id_text(field(row, "messageId")) if isinstance(row, dict) else None
			if message_id:
				return SendResult(provider_message_id=message_id, detail=str(field(row, "status")))
		return None

	def fetch_status(self, ids: list[str]) -> list[DeliveryReport]:
		reports = []
		for start in range(0, len(ids), self.max_status_ids):
			chunk = ids[start : start + self.max_status_ids]
			params = [("Type", "1")] + [("Ids", message_id) for message_id in chunk]
			for row in items_of(self.call("GET", "CheckSmsStatus", params=params)):
				message_id = id_text(field(row, "messageId"))
				if not message_id:
					continue
				status = field(row, "status")
				state = (
					DeliveryState.DELIVERED
					if status in DELIVERED
					else DeliveryState.FAILED
					if status in FAILED
					else DeliveryState.PENDING
				)
				reports.append(DeliveryReport(message_id, state, str(status)))
		return reports

	def fetch_inbound_raw(self, cursor: str | None = None) -> tuple[list, str | None]:
		params = {"IsRead": "false"}
		if self.config.sender:
			params["LineNumber"] = self.config.sender
		return items_of(self.call("GET", "GetReceivedSmses", params=params)), None

	def parse_inbound(self, row) -> InboundSMS:
		if not isinstance(row, dict):
			raise InboundFormatError("Ghasedak: an inbox entry is not an object")
		sender = sender_to_e164(field(row, "sender"))
		if not sender:
			raise InboundFormatError("Ghasedak: an inbox entry has no sender")
		return InboundSMS(
			provider_message_id=id_text(field(row, "id")),
			sender=sender,
			text=str(field(row, "message") or ""),
			receiver=str(field(row, "lineNumber") or "") or None,
			received_at=parse_time(field(row, "receiveDate")),
		)
