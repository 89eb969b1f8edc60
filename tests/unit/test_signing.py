"""Webhook signatures: what a relay signs, what is refused and why, and the replay key."""

import hashlib
import hmac

import pytest

from zhira_after_sales.messaging.signing import (
	MIN_SECRET_LENGTH,
	SignatureError,
	normalize_signature,
	sign,
	strong_enough,
	verify,
)

SECRET = "zt-a-webhook-secret-of-32-chars!"
GATEWAY = "Kavenegar 3000505"
BODY = b'{"messages": [{"id": "1", "from": "09121234567", "text": "12345678 2"}]}'
NOW = 1_800_000_000


def test_the_signature_covers_timestamp_gateway_and_body():
	expected = hmac.new(
		SECRET.encode(), b"1800000000." + GATEWAY.encode() + b"." + BODY, hashlib.sha256
	).hexdigest()
	assert sign(SECRET, NOW, GATEWAY, BODY) == "sha256=" + expected
	assert verify(SECRET, "1800000000", GATEWAY, BODY, "sha256=" + expected, now=NOW + 100) == (
		"sha256=" + expected
	)


def test_a_persian_gateway_name_is_signed_as_utf8():
	gateway = "خط پشتیبانی"
	signature = sign(SECRET, NOW, gateway, BODY)
	verify(SECRET, NOW, gateway, BODY, signature, now=NOW)
	with pytest.raises(SignatureError):
		verify(SECRET, NOW, "خط فروش", BODY, signature, now=NOW)


@pytest.mark.parametrize(
	("secret", "timestamp", "gateway", "body", "signature", "now", "reason"),
	[
		(SECRET, NOW, GATEWAY, BODY + b" ", None, NOW, SignatureError.MISSING),
		(SECRET, None, GATEWAY, BODY, "sha256=00", NOW, SignatureError.MISSING),
		(SECRET, "yesterday", GATEWAY, BODY, "sha256=00", NOW, SignatureError.MISSING),
		# Arabic-Indic digits are digits to Python's int(), not to us
		(SECRET, "١٨٠٠٠٠٠٠٠٠", GATEWAY, BODY, sign(SECRET, NOW, GATEWAY, BODY), NOW, SignatureError.MISSING),
		("", NOW, GATEWAY, BODY, "sha256=00", NOW, SignatureError.MISSING),
		(SECRET, NOW, GATEWAY, BODY, "sha256=" + "0" * 64, NOW, SignatureError.FORGED),
		(SECRET, NOW, GATEWAY, BODY, sign(SECRET, NOW, GATEWAY, BODY), NOW + 301, SignatureError.STALE),
		(SECRET, NOW, GATEWAY, BODY, sign(SECRET, NOW, GATEWAY, BODY), NOW - 1000, SignatureError.STALE),
		# the right signature for another body, another gateway, or made with another secret
		(SECRET, NOW, GATEWAY, BODY, sign(SECRET, NOW, GATEWAY, b"{}"), NOW, SignatureError.FORGED),
		(SECRET, NOW, GATEWAY, BODY, sign(SECRET, NOW, "Other Line", BODY), NOW, SignatureError.FORGED),
		(SECRET, NOW, GATEWAY, BODY, sign("o" * 40, NOW, GATEWAY, BODY), NOW, SignatureError.FORGED),
		# a re-dated copy of a captured request: the timestamp is inside the signature
		(
			SECRET,
			NOW + 500,
			GATEWAY,
			BODY,
			sign(SECRET, NOW, GATEWAY, BODY),
			NOW + 500,
			SignatureError.FORGED,
		),
		# headers that are not a hex digest at all
		(SECRET, NOW, GATEWAY, BODY, "sha256=" + "é" * 64, NOW, SignatureError.FORGED),
		(SECRET, NOW, GATEWAY, BODY, "sha256=" + "۱" * 64, NOW, SignatureError.FORGED),
		(SECRET, NOW, GATEWAY, BODY, "sha256=" + "g" * 64, NOW, SignatureError.FORGED),
		(SECRET, NOW, GATEWAY, BODY, "md5=" + "0" * 32, NOW, SignatureError.FORGED),
		(SECRET, NOW, GATEWAY, BODY, "\udcff", NOW, SignatureError.FORGED),
	],
)
def test_bad_signatures_are_refused_with_a_reason(secret, timestamp, gateway, body, signature, now, reason):
	with pytest.raises(SignatureError) as caught:
		verify(secret, timestamp, gateway, body, signature, now=now)
	assert caught.value.reason == reason


def test_a_short_secret_verifies_nothing():
	short = "s" * (MIN_SECRET_LENGTH - 1)
	assert not strong_enough(short) and strong_enough(short + "s")
	with pytest.raises(SignatureError) as caught:
		verify(short, NOW, GATEWAY, BODY, sign(short, NOW, GATEWAY, BODY), now=NOW)
	assert caught.value.reason == SignatureError.MISSING


def test_the_replay_key_is_the_normalised_signature():
	signature = sign(SECRET, NOW, GATEWAY, BODY)
	variant = "  " + signature.upper().replace("SHA256=", "sha256=") + "\t"
	assert verify(SECRET, NOW, GATEWAY, BODY, variant, now=NOW) == signature
	assert normalize_signature(variant) == normalize_signature(signature) == signature
	assert normalize_signature("sha256=" + "é" * 64) is None
	assert normalize_signature(None) is None
