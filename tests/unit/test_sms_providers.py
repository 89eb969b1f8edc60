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
	assert all(m.provider_message_id for m in messages)
	assert all(m.received_at is None or m.received_at.tzinfo for m in messages)
	again, _cursor = adapter.fetch_inbound(cursor)
	# some providers hand out each message once, others repeat: a repeat has the same id
	assert {m.provider_message_id for m in again} <= {m.provider_message_id for m in messages}


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
