"""IPPanel Edge API (also FarazSMS, which resells IPPanel): https://edge.ippanel.com/v1, header
`Authorization: <api key>`. Recipients must be E.164.

Send: POST /api/send {sending_type: "webservice", from_number, message, params: {recipients}}
-> {data: {message_outbox_ids: [..]}, meta: {status: true, message, message_code}}. A failure
has meta.status false, a message_code such as "400-1", and HTTP 401 or 422.

Inbox: POST /api/report/messages-inbox {page, per_page, filters: {from_id}} -> data: [{
messages_inbox_id, from, number, message, type, time, seen}]; we remember the highest id and pass
it as from_id next time.

[UNCONFIRMED] the delivery report GET /api/report/by_bulk?messages_outbox_id= is documented
without an example answer; we read data: [{status: "..."}] (or a single object) and map words
containing "deliver" to delivered, "fail"/"undeliver"/"block"/"reject"/"black" to failed.
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
)

FAILED_WORDS = ("undeliver", "not_deliver", "not deliver", "fail", "block", "reject", "black", "expire")


def delivery_state(status) -> DeliveryState:
	text = str(status or "").lower()
	if any(word in text for word in FAILED_WORDS):
		return DeliveryState.FAILED
	if "deliver" in text:
		return DeliveryState.DELIVERED
	return DeliveryState.PENDING


class IPPanel(Provider):
	name = "IPPanel"
	default_base_url = "https://edge.ippanel.com/v1"
	number_style = "e164"

	def headers(self) -> dict:
		return {
			"Authorization": self.require(self.config.api_key, "API key"),
			"Accept": "application/json",
		}

	def call(self, method: str, path: str, **kwargs):
		response = self.request(method, f"{self.base_url}/{path}", headers=self.headers(), **kwargs)
		body = self.json_of(response)
		body = body if isinstance(body, dict) else {}
		meta = body.get("meta") or {}
		if response.status_code < 400 and meta.get("status") is True:
			return body.get("data")
		message = f"IPPanel: {meta.get('message') or f'HTTP {response.status_code}'}"
		code = meta.get("message_code")
		if response.status_code >= 400:
			raise classify_http(response.status_code, message, code=code)
		raise ProviderError(message, code=code, http_status=response.status_code)

	def send(self, to: str, text: str, *, client_ref: str | None = None) -> SendResult:
		sender = self.require(self.config.sender, "sender line number")
		if not sender.startswith("+"):
			sender = "+98" + sender.lstrip("0") if not sender.startswith("98") else "+" + sender
		data = self.call(
			"POST",
			"api/send",
			json={
				"sending_type": "webservice",
				"from_number": sender,
				"message": text,
				"params": {"recipients": [self.number(to)]},
			},
		)
		ids = (data or {}).get("message_outbox_ids") or []
		if not ids:
			raise ProviderError("IPPanel: accepted the request but returned no message id")
		return SendResult(provider_message_id=str(ids[0]))

	def fetch_status(self, ids: list[str]) -> list[DeliveryReport]:
		reports = []
		for message_id in ids:
			data = self.call("GET", "api/report/by_bulk", params={"messages_outbox_id": message_id})
			rows = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
			statuses = [row.get("status") for row in rows if isinstance(row, dict)]
			state = delivery_state(statuses[0]) if statuses else DeliveryState.PENDING
			reports.append(DeliveryReport(str(message_id), state, ", ".join(map(str, statuses))))
		return reports

	def fetch_inbound(self, cursor: str | None = None) -> tuple[list[InboundSMS], str | None]:
		filters = {"from_id": int(cursor)} if cursor and str(cursor).isdigit() else {}
		rows = self.call(
			"POST", "api/report/messages-inbox", json={"page": 1, "per_page": 100, "filters": filters}
		)
		messages = []
		highest = int(cursor) if cursor and str(cursor).isdigit() else 0
		for row in rows or []:
			inbox_id = row.get("messages_inbox_id")
			if inbox_id is None:
				continue
			highest = max(highest, int(inbox_id))
			messages.append(
				InboundSMS(
					provider_message_id=str(inbox_id),
					sender=sender_to_e164(row.get("from")),
					text=row.get("message") or "",
					receiver=str(row.get("number") or ""),
					received_at=parse_time(row.get("time")),
				)
			)
		return messages, (str(highest) if highest else cursor)
