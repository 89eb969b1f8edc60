"""IPPanel Edge API (also FarazSMS, which resells IPPanel): https://edge.ippanel.com/v1, header
`Authorization: <api key>`. Recipients must be E.164.

Send: POST /api/send {sending_type: "webservice", from_number, message, params: {recipients}}
-> {data: {message_outbox_ids: [..]}, meta: {status: true, message, message_code}}. A failure
has meta.status false, a message_code such as "400-1", and HTTP 401 or 422.

Inbox: POST /api/report/messages-inbox {page, per_page, filters: {from_id}} -> data: [{
messages_inbox_id, from, number, message, type, time, seen}]; we remember the highest id and pass
it as from_id next time. from_id is inclusive and the page is read again until it moves on, so
the same messages come back (already stored ones are recognised by messages_inbox_id).

The send API documents no reference of ours, so there is no idempotency key and no lookup: a
message whose sending was interrupted after the request went out is left for an operator to decide.

[UNCONFIRMED] the delivery report GET /api/report/by_bulk?messages_outbox_id= is documented
without an example answer; we read data: [{status: "..."}] (or a single object) and map words
containing "deliver" to delivered, "fail"/"undeliver"/"block"/"reject"/"black" to failed.
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
	inbox_repeats = True
	inbound_id_field = "messages_inbox_id"

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
		ids = (data if isinstance(data, dict) else {}).get("message_outbox_ids") or []
		message_id = id_text(ids[0]) if isinstance(ids, list) and ids else None
		if not message_id:
			raise ProviderError("IPPanel: accepted the request but returned no message id", maybe_sent=True)
		return SendResult(provider_message_id=message_id)

	def fetch_status(self, ids: list[str]) -> list[DeliveryReport]:
		reports = []
		for message_id in ids:
			data = self.call("GET", "api/report/by_bulk", params={"messages_outbox_id": message_id})
			rows = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
			statuses = [row.get("status") for row in rows if isinstance(row, dict)]
			state = delivery_state(statuses[0]) if statuses else DeliveryState.PENDING
			reports.append(DeliveryReport(str(message_id), state, ", ".join(map(str, statuses))))
		return reports

	def fetch_inbound_raw(self, cursor: str | None = None) -> tuple[list, str | None]:
		filters = {"from_id": int(cursor)} if cursor and str(cursor).isdecimal() else {}
		rows = self.call(
			"POST", "api/report/messages-inbox", json={"page": 1, "per_page": 100, "filters": filters}
		)
		if rows is None:
			rows = []
		elif not isinstance(rows, list):
			rows = [rows]
		highest = int(cursor) if cursor and str(cursor).isdecimal() else 0
		for row in rows:
			inbox_id = self.inbound_id(row)
			if inbox_id and inbox_id.isdecimal():
				highest = max(highest, int(inbox_id))
		return rows, (str(highest) if highest else cursor)

	def parse_inbound(self, row) -> InboundSMS:
		if not isinstance(row, dict):
			raise InboundFormatError("IPPanel: an inbox entry is not an object")
		sender = sender_to_e164(row.get("from"))
		if not sender:
			raise InboundFormatError("IPPanel: an inbox entry has no sender")
		return InboundSMS(
			provider_message_id=id_text(row.get("messages_inbox_id")),
			sender=sender,
			text=str(row.get("message") or ""),
			receiver=str(row.get("number") or "") or None,
			received_at=parse_time(row.get("time")),
		)
