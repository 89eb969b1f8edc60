"""A fake SMS provider on loopback, answering in each real provider's documented format.

One HTTP server (standard library, a thread of the test process) serves every provider under its
own prefix; point an SMS Gateway's base URL at `server.base_url(provider)`:

    server = FakeProviderServer().start()
    server.base_url("Kavenegar")        # http://127.0.0.1:<port>/kavenegar/v1
    ...
    server.stop()

It checks what a real provider checks (credentials, the recipient number format each one wants)
and answers with that provider's success or error shape. Tests steer it: `fail_next(kind, n)`
("unavailable" = HTTP 503, "timeout" = no answer for `delay` seconds, then the connection is
dropped and nothing sent, "accepted_then_dropped" = the message is accepted and counted, then the
connection is dropped without an answer, "rejected", "auth"),
`go_down()` / `come_back()` (connection refused, then the same port again), `add_inbound()`,
`add_raw_inbound()` (an inbox row as is, malformed or without an id), `set_delivery()`,
`answer_with_id()` (the next accepted message gets an id the provider already used).
Everything it accepted is in `sent` (it never drops a repeat: a message sent twice is counted
twice), every request in `requests`. Kavenegar's statuslocalmessageid and Ghasedak's
CheckSmsStatus by client reference find what was sent with a reference.
Plain Python: usable from pytest unit tests and from Frappe integration tests.
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

API_KEY = "fake-api-key"
USERNAME = "fake-user"
PASSWORD = "fake-pass"
LINE = "3000505"

PREFIXES = {
	"Kavenegar": "/kavenegar/v1",
	"SMS.ir": "/smsir/v1",
	"IPPanel/FarazSMS": "/ippanel/v1",
	"Melipayamak": "/melipayamak/api/SendSMS",
	"Ghasedak": "/ghasedak/Rest/api/v1/WebService",
	"Frappe SMS Settings": "/generic/send",
}

NATIONAL = re.compile(r"^09\d{9}$")
E164 = re.compile(r"^\+989\d{9}$")

# delivery state -> each provider's code
DELIVERY_CODES = {
	"Kavenegar": {"pending": 1, "delivered": 10, "failed": 11},
	"SMS.ir": {"pending": 3, "delivered": 1, "failed": 2},
	"IPPanel/FarazSMS": {"pending": "pending", "delivered": "delivered", "failed": "undelivered"},
	"Melipayamak": {"pending": 8, "delivered": 1, "failed": 2},
	"Ghasedak": {"pending": 10, "delivered": 14, "failed": 13},
}


class _Server(ThreadingHTTPServer):
	daemon_threads = True
	allow_reuse_address = True

	def handle_error(self, request, client_address):
		pass  # a client that gave up on a slow answer is expected


class FakeProviderServer:
	def __init__(self, delay: float = 2.0):
		self.delay = delay
		self.lock = threading.Lock()
		self.httpd = None
		self.thread = None
		self.port = None
		# ids keep growing across resets and test runs, like a real provider's
		self.next_id = int(time.time() * 1000)
		self.reset()

	# -- life cycle ------------------------------------------------------------------------------

	def start(self, port: int | None = None) -> "FakeProviderServer":
		self.httpd = _Server(("127.0.0.1", port or self.port or 0), self._handler_class())
		self.port = self.httpd.server_address[1]
		self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
		self.thread.start()
		return self

	def stop(self):
		if self.httpd:
			self.httpd.shutdown()
			self.httpd.server_close()
			self.httpd = None

	def go_down(self):
		"""Connections are refused until come_back()."""
		self.stop()

	def come_back(self):
		self.start(self.port)

	def reset(self):
		with getattr(self, "lock", threading.Lock()):
			self.sent: list[dict] = []
			self.requests: list[dict] = []
			self.inbox: dict[str, list[dict]] = {name: [] for name in PREFIXES}
			self.delivery: dict[str, str] = {}
			self.failures: list[str] = []
			self.rejected_numbers: set[str] = set()
			self.forced_ids: list[str] = []

	def base_url(self, provider: str) -> str:
		return f"http://127.0.0.1:{self.port}{PREFIXES[provider]}"

	# -- steering --------------------------------------------------------------------------------

	def fail_next(self, kind: str, times: int = 1):
		with self.lock:
			self.failures.extend([kind] * times)

	def add_inbound(self, provider: str, sender: str, text: str, receiver: str = LINE) -> str:
		with self.lock:
			self.next_id += 1
			message_id = str(self.next_id)
			self.inbox[provider].append(
				{"id": message_id, "sender": sender, "text": text, "receiver": receiver, "read": False}
			)
			return message_id

	def add_raw_inbound(self, provider: str, row) -> None:
		"""An inbox row handed out exactly as given (any JSON value), once for the providers that
		mark messages read, on every read for the others."""
		with self.lock:
			self.inbox[provider].append({"raw": row, "read": False})

	def answer_with_id(self, provider_message_id: str):
		"""The next accepted message gets this id (a provider repeating an id it used before)."""
		with self.lock:
			self.forced_ids.append(str(provider_message_id))

	def sent_with_reference(self, provider: str, client_ref: str) -> dict | None:
		with self.lock:
			return next(
				(
					row
					for row in self.sent
					if row["provider"] == provider and client_ref and row["client_ref"] == client_ref
				),
				None,
			)

	def set_delivery(self, provider_message_id: str, state: str):
		with self.lock:
			self.delivery[str(provider_message_id)] = state

	def sent_by(self, provider: str) -> list[dict]:
		return [row for row in self.sent if row["provider"] == provider]

	# -- internals -------------------------------------------------------------------------------

	def _take_failure(self) -> str | None:
		with self.lock:
			return self.failures.pop(0) if self.failures else None

	def _accept(
		self, provider: str, to: str, text: str, sender: str | None, client_ref=None, id_format: str = "{}"
	) -> str:
		with self.lock:
			self.next_id += 1
			message_id = self.forced_ids.pop(0) if self.forced_ids else id_format.format(self.next_id)
			self.sent.append(
				{
					"provider": provider,
					"id": message_id,
					"to": to,
					"text": text,
					"sender": sender,
					"client_ref": client_ref,
				}
			)
			self.delivery[message_id] = "pending"
			return message_id

	def _handler_class(self):
		fake = self

		class Handler(BaseHTTPRequestHandler):
			protocol_version = "HTTP/1.1"
			disable_nagle_algorithm = True  # answer at once, as a real server does

			def log_message(self, *args):
				pass

			def do_GET(self):
				self._dispatch()

			def do_POST(self):
				self._dispatch()

			def _dispatch(self):
				parsed = urlparse(self.path)
				length = int(self.headers.get("Content-Length") or 0)
				raw = self.rfile.read(length) if length else b""
				query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
				query_lists = parse_qs(parsed.query)
				content_type = (self.headers.get("Content-Type") or "").lower()
				if "json" in content_type:
					try:
						body = json.loads(raw or b"{}")
					except ValueError:
						body = {}
				else:
					body = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
				provider = next(
					(name for name, prefix in PREFIXES.items() if parsed.path.startswith(prefix)), None
				)
				with fake.lock:
					fake.requests.append(
						{
							"provider": provider,
							"method": self.command,
							"path": parsed.path,
							"query": query,
							"body": body,
							"headers": dict(self.headers),
						}
					)
				failure = fake._take_failure()
				self.drop_answer = failure == "accepted_then_dropped"
				if failure == "timeout":
					# hangs, then drops the request unprocessed (the client has given up by then)
					time.sleep(fake.delay)
					self.close_connection = True
					return None
				if failure == "unavailable":
					return self._send(503, "<html><body>503 Service Unavailable</body></html>", "text/html")
				if provider is None:
					return self._send(404, {"error": "no such provider"})
				route = parsed.path[len(PREFIXES[provider]) :]
				handler = {
					"Kavenegar": self._kavenegar,
					"SMS.ir": self._smsir,
					"IPPanel/FarazSMS": self._ippanel,
					"Melipayamak": self._melipayamak,
					"Ghasedak": self._ghasedak,
					"Frappe SMS Settings": self._generic,
				}[provider]
				return handler(route, query, query_lists, body, failure)

			def _send(self, status: int, payload, content_type: str = "application/json"):
				if getattr(self, "drop_answer", False):
					# the work is done, the answer never leaves: the client sees the connection close
					self.close_connection = True
					return None
				data = (
					payload.encode()
					if isinstance(payload, str)
					else json.dumps(payload, ensure_ascii=False).encode()
				)
				try:
					self.send_response(status)
					self.send_header("Content-Type", f"{content_type}; charset=utf-8")
					self.send_header("Content-Length", str(len(data)))
					self.end_headers()
					self.wfile.write(data)
				except OSError:
					pass

			# Kavenegar: /{key}/{scope}/{method}.json, errors as HTTP status = return.status
			def _kavenegar(self, route, query, query_lists, body, failure):
				match = re.match(r"^/([^/]+)/(sms/[a-z]+)\.json$", route)
				if not match:
					return self._send(
						404, {"return": {"status": 404, "message": "not found"}, "entries": None}
					)
				key, method = match.groups()
				params = {**query, **body}

				def error(code, message):
					return self._send(code, {"return": {"status": code, "message": message}, "entries": None})

				if key != API_KEY or failure == "auth":
					return error(401, "کلید API نامعتبر است")
				if method == "sms/send":
					receptor = params.get("receptor", "")
					if (
						failure == "rejected"
						or not NATIONAL.match(receptor)
						or receptor in fake.rejected_numbers
					):
						return error(411, "گیرنده نامعتبر است")
					if not params.get("message"):
						return error(413, "پیام خالی است")
					message_id = fake._accept(
						"Kavenegar", receptor, params["message"], params.get("sender"), params.get("localid")
					)
					entry = {
						"messageid": int(message_id),
						"message": params["message"],
						"status": 1,
						"statustext": "در صف ارسال",
						"sender": params.get("sender") or LINE,
						"receptor": receptor,
						"date": int(time.time()),
						"cost": 1200,
					}
					return self._send(
						200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [entry]}
					)
				if method == "sms/status":
					codes = DELIVERY_CODES["Kavenegar"]
					entries = []
					for message_id in str(params.get("messageid", "")).split(","):
						state = fake.delivery.get(message_id)
						entries.append(
							{
								"messageid": int(message_id) if message_id.isdigit() else message_id,
								"status": codes[state] if state else 100,
								"statustext": state or "شناسه نامعتبر",
							}
						)
					return self._send(
						200, {"return": {"status": 200, "message": "تایید شد"}, "entries": entries}
					)
				if method == "sms/statuslocalmessageid":
					sent = fake.sent_with_reference("Kavenegar", params.get("localid"))
					codes = DELIVERY_CODES["Kavenegar"]
					entry = (
						{
							"messageid": int(sent["id"]),
							"localid": params.get("localid"),
							"status": codes[fake.delivery.get(sent["id"], "pending")],
							"statustext": "در صف ارسال",
						}
						if sent
						else {
							"messageid": 0,
							"localid": params.get("localid"),
							"status": 100,
							"statustext": "",
						}
					)
					return self._send(
						200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [entry]}
					)
				if method == "sms/receive":
					entries = []
					with fake.lock:
						for row in fake.inbox["Kavenegar"]:
							if row["read"]:
								continue
							if "raw" in row:
								row["read"] = True
								entries.append(row["raw"])
								continue
							if params.get("linenumber") and params["linenumber"] != row["receiver"]:
								continue
							row["read"] = True  # Kavenegar marks what it returns as read
							entries.append(
								{
									"messageid": int(row["id"]),
									"message": row["text"],
									"sender": row["sender"],
									"receptor": row["receiver"],
									"date": int(time.time()),
								}
							)
					return self._send(
						200, {"return": {"status": 200, "message": "تایید شد"}, "entries": entries}
					)
				return error(404, "not found")

			# SMS.ir v1: header X-API-KEY, {status: 1, message, data}
			def _smsir(self, route, query, query_lists, body, failure):
				if self.headers.get("X-API-KEY") != API_KEY or failure == "auth":
					return self._send(
						401, {"status": 0, "message": "کلید وب سرویس نامعتبر است", "data": None}
					)
				if route == "/send/bulk" and self.command == "POST":
					mobiles = body.get("Mobiles") or []
					if (
						failure == "rejected"
						or not mobiles
						or not all(NATIONAL.match(str(m)) for m in mobiles)
						or set(mobiles) & fake.rejected_numbers
					):
						return self._send(
							400, {"status": 0, "message": "شماره موبایل نامعتبر است", "data": None}
						)
					ids = [
						int(fake._accept("SMS.ir", m, body.get("MessageText"), str(body.get("lineNumber"))))
						for m in mobiles
					]
					return self._send(
						200,
						{
							"status": 1,
							"message": "موفق",
							"data": {"packId": "pk-1", "messageIds": ids, "cost": 1.0},
						},
					)
				if route == "/receive/latest":
					count = int(query.get("count") or 100)
					rows = [
						row["raw"]
						if "raw" in row
						else {
							"number": int(row["receiver"]),
							"messageText": row["text"],
							"mobile": int(row["sender"].lstrip("+")),
							"receivedDateTime": "2026-11-29T10:15:00",
						}
						for row in fake.inbox["SMS.ir"][-count:]
					]
					return self._send(200, {"status": 1, "message": "موفق", "data": rows})
				match = re.match(r"^/send/(\d+)$", route)
				if match:
					state = fake.delivery.get(match.group(1))
					if not state:
						return self._send(404, {"status": 0, "message": "پیامک یافت نشد", "data": None})
					code = DELIVERY_CODES["SMS.ir"][state]
					return self._send(
						200,
						{
							"status": 1,
							"message": "موفق",
							"data": {"messageId": int(match.group(1)), "deliveryState": code},
						},
					)
				return self._send(404, {"status": 0, "message": "not found", "data": None})

			# IPPanel Edge: header Authorization, {data, meta: {status, message, message_code}}
			def _ippanel(self, route, query, query_lists, body, failure):
				def error(http, message, code):
					return self._send(
						http,
						{"data": None, "meta": {"status": False, "message": message, "message_code": code}},
					)

				def ok(data):
					return self._send(
						200,
						{
							"data": data,
							"meta": {"status": True, "message": "انجام شد", "message_code": "200-1"},
						},
					)

				if self.headers.get("Authorization") != API_KEY or failure == "auth":
					return error(401, "توکن نامعتبر است", "401-1")
				if route == "/api/send":
					recipients = (body.get("params") or {}).get("recipients") or []
					if (
						failure == "rejected"
						or not recipients
						or not all(E164.match(r) for r in recipients)
						or set(recipients) & fake.rejected_numbers
					):
						return error(422, "شماره گیرنده نامعتبر است", "400-1")
					if not str(body.get("from_number", "")).startswith("+"):
						return error(422, "شماره فرستنده نامعتبر است", "400-2")
					ids = [
						int(fake._accept("IPPanel/FarazSMS", r, body.get("message"), body.get("from_number")))
						for r in recipients
					]
					return ok({"message_outbox_ids": ids})
				if route == "/api/report/by_bulk":
					message_id = query.get("messages_outbox_id", "")
					state = fake.delivery.get(message_id)
					if not state:
						return error(404, "پیامک یافت نشد", "404-1")
					return ok([{"recipient": "", "status": DELIVERY_CODES["IPPanel/FarazSMS"][state]}])
				if route == "/api/report/messages-inbox":
					from_id = int((body.get("filters") or {}).get("from_id") or 0)
					rows = [
						row["raw"]
						if "raw" in row
						else {
							"messages_inbox_id": int(row["id"]),
							"from": row["sender"],
							"number": "+98" + row["receiver"],
							"message": row["text"],
							"type": "normal",
							"time": "2026-11-29T10:15:00Z",
							"seen": row["read"],
						}
						for row in fake.inbox["IPPanel/FarazSMS"]
						# inclusive: the caller must cope with repeats
						if "raw" in row or int(row["id"]) >= from_id
					]
					return ok(rows)
				return error(404, "not found", "404-0")

			# Melipayamak legacy REST: form username/password, {Value, RetStatus, StrRetStatus}
			def _melipayamak(self, route, query, query_lists, body, failure):
				def answer(value, ret_status, text, **extra):
					return self._send(
						200, {"Value": value, "RetStatus": ret_status, "StrRetStatus": text, **extra}
					)

				if body.get("username") != USERNAME or body.get("password") != PASSWORD or failure == "auth":
					return answer("0", 0, "InvalidUserPass")
				if route == "/SendSMS":
					to = body.get("to", "")
					if failure == "rejected" or not NATIONAL.match(to) or to in fake.rejected_numbers:
						return answer("16", 0, "InvalidRecipient")
					if not body.get("text"):
						return answer("17", 0, "EmptyText")
					# a RecId is a long number
					rec_id = fake._accept(
						"Melipayamak", to, body["text"], body.get("from"), id_format="4{}123"
					)
					return answer(rec_id, 1, "Ok")
				if route == "/GetDeliveries2":
					state = fake.delivery.get(str(body.get("recId")))
					return answer(str(DELIVERY_CODES["Melipayamak"][state]) if state else "100", 1, "Ok")
				if route == "/GetMessages":
					rows = [
						row["raw"]
						if "raw" in row
						else {
							"MsgID": int(row["id"]),
							"Body": row["text"],
							"Sender": row["sender"].replace("+98", "0"),
							"Receiver": row["receiver"],
							"SendDate": "2026-11-29T13:45:00",
							"IsRead": row["read"],
						}
						for row in fake.inbox["Melipayamak"]
					]
					return answer("", 1, "Ok", Data=rows)
				return answer("", 0, "NotFound")

			# Ghasedak gateway: header ApiKey, {isSuccess, statusCode, message, data}
			def _ghasedak(self, route, query, query_lists, body, failure):
				def answer(http, success, status, message, data=None):
					return self._send(
						http, {"isSuccess": success, "statusCode": status, "message": message, "data": data}
					)

				if self.headers.get("ApiKey") != API_KEY or failure == "auth":
					return answer(401, False, 401, "ApiKey نامعتبر است")
				if route == "/SendSingleSMS":
					receptor = body.get("Receptor", "")
					if (
						failure == "rejected"
						or not NATIONAL.match(receptor)
						or receptor in fake.rejected_numbers
					):
						return answer(200, False, 400, "شماره گیرنده نامعتبر است")
					message_id = fake._accept(
						"Ghasedak",
						receptor,
						body.get("Message"),
						body.get("LineNumber"),
						body.get("ClientReferenceId"),
					)
					return answer(
						200,
						True,
						200,
						"با موفقیت انجام شد",
						{
							"receptor": receptor,
							"lineNumber": body.get("LineNumber"),
							"cost": 1200,
							"messageId": message_id,
							"message": body.get("Message"),
							"sendDate": "2026-11-29T10:15:00",
						},
					)
				if route == "/CheckSmsStatus":
					codes = DELIVERY_CODES["Ghasedak"]
					if query.get("Type") == "2":  # the ids are our ClientReferenceIds
						found = [
							fake.sent_with_reference("Ghasedak", ref) for ref in query_lists.get("Ids", [])
						]
						items = [
							{
								"messageId": row["id"],
								"clientReferenceId": row["client_ref"],
								"status": codes[fake.delivery.get(row["id"], "pending")],
							}
							for row in found
							if row
						]
						return answer(200, True, 200, "ok", {"items": items})
					items = [
						{"messageId": message_id, "status": codes[fake.delivery[message_id]]}
						for message_id in query_lists.get("Ids", [])
						if message_id in fake.delivery
					]
					return answer(200, True, 200, "ok", {"items": items})
				if route == "/GetReceivedSmses":
					items = []
					with fake.lock:
						for row in fake.inbox["Ghasedak"]:
							if row["read"]:
								continue
							row["read"] = True
							if "raw" in row:
								items.append(row["raw"])
								continue
							items.append(
								{
									"id": int(row["id"]),
									"message": row["text"],
									"sender": row["sender"].replace("+98", "0"),
									"lineNumber": row["receiver"],
									"receiveDate": "2026-11-29T13:45:00",
								}
							)
					return answer(200, True, 200, "ok", {"items": items})
				return answer(404, False, 404, "not found")

			# a generic "one request per number" gateway for Frappe's SMS Settings
			def _generic(self, route, query, query_lists, body, failure):
				params = {**query, **(body if isinstance(body, dict) else {})}
				if params.get("apikey", self.headers.get("apikey")) != API_KEY or failure == "auth":
					return self._send(401, "unauthorised", "text/plain")
				to = params.get("to", "")
				if failure == "rejected" or not NATIONAL.match(to) or to in fake.rejected_numbers:
					return self._send(400, "invalid number", "text/plain")
				fake._accept("Frappe SMS Settings", to, params.get("text"), params.get("from"))
				return self._send(200, "OK", "text/plain")

		return Handler
