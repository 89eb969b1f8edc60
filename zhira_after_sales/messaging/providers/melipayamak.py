"""Melipayamak / Payamak-Panel (ملی پیامک), legacy REST API with username and password:
https://rest.payamak-panel.com/api/SendSMS

Send: POST SendSMS (form: username, password, to, from, text, isFlash) -> {Value, RetStatus,
StrRetStatus}. Success is RetStatus == 1 AND Value a long RecId; otherwise the error code comes
back in Value.

[UNCONFIRMED] (seen in integrations, not in official documents; kept here to be corrected in one
place): the meaning of the Value error codes below, the GetDeliveries2 status codes (1 delivered;
2, 16 not delivered; 0, 8, 200 on the way; 100 unknown id), and GetMessages (location 1 = inbox)
answering Data: [{MsgID, Body, Sender, Receiver, SendDate}] with the whole inbox page on every
read (already stored messages are recognised by MsgID).

SendSMS takes no reference of ours, so there is no idempotency key and no lookup: a message whose
sending was interrupted after the request went out is left for an operator to decide.
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
	classify_http,
	id_text,
	parse_time,
	sender_to_e164,
)

ERRORS = {
	"0": ("wrong username or password", "auth"),
	"2": ("insufficient credit", "auth"),
	"3": ("daily sending limit reached", "retry"),
	"4": ("sending volume limit reached", "retry"),
	"5": ("invalid sender number", "auth"),
	"6": ("system under maintenance", "retry"),
	"7": ("text contains a filtered word", "rejected"),
	"9": ("public lines cannot send through the web service", "auth"),
	"10": ("user is not active", "auth"),
	"11": ("not sent", "retry"),
	"12": ("user documents incomplete", "auth"),
	"14": ("text contains a link", "rejected"),
	"15": ("more than one recipient without the opt-out text", "rejected"),
	"16": ("no valid recipient number", "rejected"),
	"17": ("text is empty", "rejected"),
	"35": ("recipient is on the blacklist", "rejected"),
}
DELIVERED = {1}
FAILED = {2, 16, 100}


class Melipayamak(Provider):
	name = "Melipayamak"
	default_base_url = "https://rest.payamak-panel.com/api/SendSMS"
	number_style = "national"
	inbox_repeats = True
	inbound_id_field = "MsgID"

	def credentials(self) -> dict:
		return {
			"username": self.require(self.config.username, "username"),
			"password": self.require(self.config.password, "password"),
		}

	def call(self, method_name: str, data: dict) -> dict:
		response = self.request("POST", f"{self.base_url}/{method_name}", data={**self.credentials(), **data})
		body = self.json_of(response)
		body = body if isinstance(body, dict) else {}
		if response.status_code >= 400:
			raise classify_http(
				response.status_code, f"Melipayamak: {body.get('StrRetStatus') or response.status_code}"
			)
		return body

	def error(self, value) -> ProviderError:
		code = str(value)
		meaning, kind = ERRORS.get(code, (f"error {code}", "retry"))
		text = f"Melipayamak: {meaning}"
		if kind == "rejected":
			return MessageRejected(text, code=code)
		if kind == "auth":
			return ProviderAuthError(text, code=code)
		return ProviderUnavailable(text, code=code)

	def send(self, to: str, text: str, *, client_ref: str | None = None) -> SendResult:
		body = self.call(
			"SendSMS",
			{
				"to": self.number(to),
				"from": self.require(self.config.sender, "sender line number"),
				"text": text,
				"isFlash": "false",
			},
		)
		value = str(body.get("Value") or "")
		if body.get("RetStatus") == 1 and value.isdecimal() and len(value) > 3:
			return SendResult(provider_message_id=value, detail=body.get("StrRetStatus") or "")
		raise self.error(value or body.get("RetStatus"))

	def fetch_status(self, ids: list[str]) -> list[DeliveryReport]:
		reports = []
		for rec_id in ids:
			body = self.call("GetDeliveries2", {"recId": rec_id})
			try:
				code = int(body.get("Value"))
			except (TypeError, ValueError):
				code = None
			state = (
				DeliveryState.DELIVERED
				if code in DELIVERED
				else DeliveryState.FAILED
				if code in FAILED
				else DeliveryState.PENDING
			)
			reports.append(DeliveryReport(str(rec_id), state, str(body.get("Value"))))
		return reports

	def fetch_inbound_raw(self, cursor: str | None = None) -> tuple[list, str | None]:
		body = self.call(
			"GetMessages",
			{
				"location": self.config.extra.get("inbox_location", 1),
				"from": self.config.sender or "",
				"index": 0,
				"count": 100,
			},
		)
		if body.get("RetStatus") not in (1, None):
			raise self.error(body.get("Value"))
		rows = body.get("Data")
		if rows is None:
			return [], None
		return (rows if isinstance(rows, list) else [rows]), None

	def parse_inbound(self, row) -> InboundSMS:
		if not isinstance(row, dict):
			raise InboundFormatError("Melipayamak: an inbox entry is not an object")
		sender = sender_to_e164(row.get("Sender"))
		if not sender:
			raise InboundFormatError("Melipayamak: an inbox entry has no sender")
		return InboundSMS(
			provider_message_id=id_text(row.get("MsgID")),
			sender=sender,
			text=str(row.get("Body") or ""),
			receiver=str(row.get("Receiver") or "") or None,
			received_at=parse_time(row.get("SendDate")),
		)
