"""Each provider adapter against a real HTTP server on loopback that answers in that provider's
documented format: sending, number formats, errors, timeouts, outages, delivery reports and the
inbox."""

import time

import pytest

from zhira_after_sales.messaging.providers import (
	PROVIDERS,
	DeliveryState,
	GatewayConfig,
	MessageRejected,
	NotSupported,
	ProviderAuthError,
	ProviderError,
	ProviderUnavailable,
	get_provider,
)
from zhira_after_sales.messaging.tests.fake_provider import (
	API_KEY,
	LINE,
	PASSWORD,
	USERNAME,
	FakeProviderServer,
)

ALL = list(PROVIDERS)
TRACKING = [p for p in ALL if p != "Frappe SMS Settings"]
TO = "+989121234567"


@pytest.fixture(scope="module")
def server():
	server = FakeProviderServer(delay=1.5).start()
	yield server
	server.stop()


@pytest.fixture(autouse=True)
def clean(server):
	server.reset()
	if not server.httpd:
		server.come_back()


def make(server, provider, **overrides):
	extra = {}
	if provider == "Frappe SMS Settings":
		extra = {
			"message_parameter": "text",
			"receiver_parameter": "to",
			"use_post": True,
			"parameters": [
				{"parameter": "apikey", "value": API_KEY, "header": 0},
				{"parameter": "from", "value": LINE, "header": 0},
			],
		}
	values = {
		"provider": provider,
		"base_url": server.base_url(provider),
		"api_key": API_KEY,
		"username": USERNAME,
		"password": PASSWORD,
		"sender": LINE,
		"timeout": 0.5,
		"extra": extra,
	}
	values.update(overrides)
	return get_provider(GatewayConfig(**values))


@pytest.mark.parametrize("provider", ALL)
def test_send_returns_the_provider_id_and_uses_the_number_format_it_wants(server, provider):
	result = make(server, provider).send(TO, "سلام، پذیرش شما ثبت شد", client_ref="SMS-1")
	[sent] = server.sent_by(provider)
	assert sent["text"] == "سلام، پذیرش شما ثبت شد"
	assert sent["to"] == ("+989121234567" if provider == "IPPanel/FarazSMS" else "09121234567")
	if provider == "Frappe SMS Settings":
		assert result.provider_message_id is None
	else:
		assert result.provider_message_id == sent["id"]


def test_idempotency_reference_is_passed_where_the_provider_takes_one(server):
	make(server, "Kavenegar").send(TO, "x", client_ref="SMS-KAV-1")
	make(server, "Ghasedak").send(TO, "x", client_ref="SMS-GHA-1")
	assert [row["client_ref"] for row in server.sent] == ["SMS-KAV-1", "SMS-GHA-1"]


def test_api_key_travels_where_each_provider_documents_it(server):
	for provider in ("Kavenegar", "SMS.ir", "IPPanel/FarazSMS", "Ghasedak"):
		make(server, provider).send(TO, "x")
	kavenegar, smsir, ippanel, ghasedak = server.requests
	assert kavenegar["path"] == f"/kavenegar/v1/{API_KEY}/sms/send.json"
	assert smsir["headers"]["X-API-KEY"] == API_KEY
	assert ippanel["headers"]["Authorization"] == API_KEY
	assert ghasedak["headers"]["ApiKey"] == API_KEY


@pytest.mark.parametrize("provider", ALL)
def test_a_refused_number_is_rejected_for_good(server, provider):
	server.rejected_numbers |= {"09121234567", "+989121234567"}
	with pytest.raises(MessageRejected) as caught:
		make(server, provider).send(TO, "x")
	assert not caught.value.retryable
	assert not server.sent


@pytest.mark.parametrize("provider", ALL)
def test_wrong_credentials_are_an_auth_error_that_is_retried(server, provider):
	adapter = make(server, provider, api_key="wrong", password="wrong")
	if provider == "Frappe SMS Settings":
		adapter.config.extra["parameters"][0]["value"] = "wrong"
	with pytest.raises(ProviderAuthError) as caught:
		adapter.send(TO, "x")
	assert caught.value.retryable


def test_kavenegar_error_codes_are_named():
	from zhira_after_sales.messaging.providers.kavenegar import Kavenegar

	adapter = Kavenegar(GatewayConfig(provider="Kavenegar", api_key="k"))
	credit = adapter.error(418, "اعتبار کافی نیست", 418)
	assert isinstance(credit, ProviderAuthError) and credit.code == 418
	assert isinstance(adapter.error(413, "too long", 413), MessageRejected)
	assert "اعتبار" in str(credit)


def test_missing_credentials_say_what_is_missing(server):
	with pytest.raises(ProviderAuthError, match="API key"):
		make(server, "Kavenegar", api_key=None).send(TO, "x")
	with pytest.raises(ProviderAuthError, match="username"):
		make(server, "Melipayamak", username=None).send(TO, "x")


@pytest.mark.parametrize("provider", ALL)
def test_http_503_is_unavailable_and_retryable(server, provider):
	server.fail_next("unavailable")
	with pytest.raises(ProviderUnavailable) as caught:
		make(server, provider).send(TO, "x")
	assert caught.value.retryable and caught.value.http_status == 503


@pytest.mark.parametrize("provider", ALL)
def test_a_provider_that_does_not_answer_times_out_quickly(server, provider):
	server.fail_next("timeout")
	started = time.monotonic()
	with pytest.raises(ProviderUnavailable, match="did not answer"):
		make(server, provider).send(TO, "x")
	assert time.monotonic() - started < 1.4


@pytest.mark.parametrize("provider", ALL)
def test_a_provider_that_is_down_is_unavailable(server, provider):
	server.go_down()
	try:
		with pytest.raises(ProviderUnavailable, match="cannot reach"):
			make(server, provider).send(TO, "x")
	finally:
		server.come_back()
	assert make(server, provider).send(TO, "back again")
	assert [row["text"] for row in server.sent] == ["back again"]


@pytest.mark.parametrize("provider", TRACKING)
def test_delivery_reports_map_to_pending_delivered_failed(server, provider):
	adapter = make(server, provider)
	ids = [adapter.send(TO, f"m{i}").provider_message_id for i in range(3)]
	server.set_delivery(ids[1], "delivered")
	server.set_delivery(ids[2], "failed")
	states = {report.provider_message_id: report.state for report in adapter.fetch_status(ids)}
	assert states == {
		ids[0]: DeliveryState.PENDING,
		ids[1]: DeliveryState.DELIVERED,
		ids[2]: DeliveryState.FAILED,
	}


@pytest.mark.parametrize("provider", TRACKING)
def test_inbound_messages_are_read_with_e164_senders_and_stable_ids(server, provider):
	server.add_inbound(provider, "+989351112233", "۱۲۳۴۵۶۷۸ ۲")
	server.add_inbound(provider, "+989121234567", "5")
	adapter = make(server, provider)
	messages, cursor = adapter.fetch_inbound(None)
	assert [(m.sender, m.text) for m in messages] == [("+989351112233", "۱۲۳۴۵۶۷۸ ۲"), ("+989121234567", "5")]
	assert all(m.received_at is None or m.received_at.tzinfo for m in messages)
	again, _cursor = adapter.fetch_inbound(cursor)
	if provider == "SMS.ir":
		# its inbox has no ids (as far as the material shows): none is made up, the poller keys by content
		assert all(m.provider_message_id is None for m in messages)
		rows, _cursor = adapter.fetch_inbound_raw(None)
		assert len({adapter.inbound_fingerprint(row) for row in rows}) == 2
		assert [adapter.inbound_fingerprint(r) for r in rows] == [
			adapter.inbound_fingerprint(r) for r in adapter.fetch_inbound_raw(None)[0]
		]
		return
	assert all(m.provider_message_id for m in messages)
	# some providers hand out each message once, others repeat: a repeat has the same id
	assert {m.provider_message_id for m in again} <= {m.provider_message_id for m in messages}
	assert (not again) == (not adapter.inbox_repeats)


def test_ippanel_inbox_is_read_from_the_last_id(server):
	adapter = make(server, "IPPanel/FarazSMS")
	first = server.add_inbound("IPPanel/FarazSMS", "+989351112233", "a")
	_messages, cursor = adapter.fetch_inbound(None)
	assert cursor == first
	second = server.add_inbound("IPPanel/FarazSMS", "+989351112233", "b")
	messages, cursor = adapter.fetch_inbound(cursor)
	assert cursor == second
	assert server.requests[-1]["body"]["filters"] == {"from_id": int(first)}
	assert second in [m.provider_message_id for m in messages]


def test_generic_gateway_has_no_inbox_or_reports(server):
	adapter = make(server, "Frappe SMS Settings")
	with pytest.raises(NotSupported):
		adapter.fetch_inbound(None)
	with pytest.raises(NotSupported):
		adapter.fetch_status(["1"])


def test_generic_gateway_can_send_json_with_header_parameters(server):
	adapter = make(server, "Frappe SMS Settings")
	adapter.config.extra["parameters"] = [
		{"parameter": "apikey", "value": API_KEY, "header": 1},
		{"parameter": "Content-Type", "value": "Application/JSON", "header": 1},
	]
	adapter.send(TO, "json body")
	request = server.requests[-1]
	assert request["body"] == {"text": "json body", "to": "09121234567"}
	assert request["headers"]["apikey"] == API_KEY


def test_unknown_provider_is_refused():
	with pytest.raises(ProviderError):
		get_provider(GatewayConfig(provider="Magfa"))


# --- inbound rows the poller stores before reading them ------------------------------------------

MALFORMED = {
	"Kavenegar": [{"messageid": 5, "message": "no sender"}, "not an object"],
	"SMS.ir": [{"messageText": "no sender", "number": 3000505}, ["a", "list"]],
	"IPPanel/FarazSMS": [{"messages_inbox_id": 5, "message": "no sender"}, 17],
	"Melipayamak": [{"MsgID": 5, "Body": "no sender"}, None],
	"Ghasedak": [{"id": 5, "message": "no sender"}, "x"],
}


@pytest.mark.parametrize("provider", TRACKING)
def test_a_malformed_inbox_row_is_handed_out_raw_and_fails_alone(server, provider):
	server.add_inbound(provider, "+989351112233", "first")
	for row in MALFORMED[provider]:
		server.add_raw_inbound(provider, row)
	server.add_inbound(provider, "+989121234567", "last")
	adapter = make(server, provider)
	rows, _cursor = adapter.fetch_inbound_raw(None)
	assert len(rows) == 4
	parsed, failed = [], []
	for row in rows:
		try:
			parsed.append(adapter.parse_inbound(row).text)
		except Exception:
			failed.append(row)
	assert parsed == ["first", "last"]
	assert failed == MALFORMED[provider]
	# reading the id never raises, whatever the row
	assert adapter.inbound_id(rows[2]) is None
	assert [adapter.inbound_id(row) for row in (rows[0], rows[3])] == [
		adapter.parse_inbound(row).provider_message_id for row in (rows[0], rows[3])
	]


@pytest.mark.parametrize("provider", ["Kavenegar", "Ghasedak", "Melipayamak"])
def test_an_inbox_row_without_an_id_has_none_not_the_text_none(server, provider):
	sender = "09351112233"
	row = {
		"Kavenegar": {"sender": sender, "message": "a", "receptor": LINE},
		"Ghasedak": {"sender": sender, "message": "a", "lineNumber": LINE},
		"Melipayamak": {"Sender": sender, "Body": "a", "Receiver": LINE},
	}[provider]
	server.add_raw_inbound(provider, row)
	adapter = make(server, provider)
	[raw], _cursor = adapter.fetch_inbound_raw(None)
	assert adapter.inbound_id(raw) is None
	assert adapter.parse_inbound(raw).provider_message_id is None
	assert adapter.inbound_id({"messageid": "None", "MsgID": "null", "id": ""}) is None


# --- idempotency keys and looking a message up by ours -------------------------------------------


def test_idempotency_keys_travel_as_each_provider_documents_them():
	assert {name: cls.client_reference_param for name, cls in PROVIDERS.items()} == {
		"Kavenegar": "localid",
		"SMS.ir": None,
		"IPPanel/FarazSMS": None,
		"Melipayamak": None,
		"Ghasedak": "ClientReferenceId",
		"Frappe SMS Settings": None,
	}
	assert {name for name, cls in PROVIDERS.items() if cls.supports_lookup} == {"Kavenegar", "Ghasedak"}


@pytest.mark.parametrize("provider", ["Kavenegar", "Ghasedak"])
def test_lookup_finds_a_message_by_our_reference(server, provider):
	adapter = make(server, provider)
	sent = adapter.send(TO, "x", client_ref="4815162342")
	found = adapter.lookup("4815162342", TO)
	assert found and found.provider_message_id == sent.provider_message_id
	assert adapter.lookup("1234567890123456", TO) is None
	assert len(server.sent) == 1  # asking sends nothing


@pytest.mark.parametrize("provider", [p for p in ALL if p not in ("Kavenegar", "Ghasedak")])
def test_lookup_is_not_offered_without_a_reference(server, provider):
	with pytest.raises(NotSupported):
		make(server, provider).lookup("4815162342", TO)


def test_a_provider_repeating_an_old_id_is_answered_as_is(server):
	adapter = make(server, "Kavenegar")
	first = adapter.send(TO, "a").provider_message_id
	server.answer_with_id(first)
	assert adapter.send(TO, "b").provider_message_id == first
	assert len(server.sent) == 2


# --- what is known about a failed call -----------------------------------------------------------


@pytest.mark.parametrize("provider", ALL)
def test_an_answer_lost_after_the_provider_accepted_is_maybe_sent(server, provider):
	server.fail_next("accepted_then_dropped")
	with pytest.raises(ProviderUnavailable) as caught:
		make(server, provider).send(TO, "x")
	assert caught.value.maybe_sent
	assert len(server.sent) == 1  # it did go out


@pytest.mark.parametrize("provider", ["Kavenegar", "SMS.ir"])
def test_a_refused_connection_or_an_error_answer_was_not_sent(server, provider):
	server.fail_next("unavailable")
	with pytest.raises(ProviderUnavailable) as caught:
		make(server, provider).send(TO, "x")
	assert not caught.value.maybe_sent
	server.go_down()
	try:
		with pytest.raises(ProviderUnavailable) as caught:
			make(server, provider).send(TO, "x")
	finally:
		server.come_back()
	assert not caught.value.maybe_sent


def test_a_read_timeout_is_maybe_sent(server):
	server.fail_next("timeout")
	with pytest.raises(ProviderUnavailable) as caught:
		make(server, "Kavenegar").send(TO, "x")
	assert caught.value.maybe_sent


# --- no URL with a key in any error ----------------------------------------------------------------


def test_errors_never_carry_the_key_kavenegar_puts_in_the_url(server):
	import requests

	adapter = make(server, "Kavenegar")
	for error in (
		requests.exceptions.InvalidURL(f"Failed to parse: {adapter.url('sms/send')}"),
		requests.exceptions.TooManyRedirects(f"Exceeded 30 redirects: {adapter.url('sms/send')}"),
		requests.exceptions.ConnectionError(
			f"HTTPConnectionPool(host='127.0.0.1', port=1): Max retries exceeded with url: "
			f"/kavenegar/v1/{API_KEY}/sms/send.json (Caused by ...)"
		),
	):

		def boom(*args, error=error, **kwargs):
			raise error

		adapter.session.request = boom
		with pytest.raises(ProviderError) as caught:
			adapter.send(TO, "x")
		assert API_KEY not in str(caught.value)
		assert "/sms/send" not in str(caught.value)
		# nor in a logged traceback: the requests exception is not chained to ours
		assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_redact_cuts_urls_and_secrets():
	adapter = make(FakeProviderServer(), "Frappe SMS Settings", base_url="http://x")
	adapter.config.extra["parameters"].append({"parameter": "Password", "value": "hunter22"})
	text = adapter.redact(
		f"GET https://user:pw@api.example.com/v1/{API_KEY}/x.json?apikey={API_KEY} failed; pass hunter22"
	)
	assert text == "GET https://api.example.com/… failed; pass ***"
