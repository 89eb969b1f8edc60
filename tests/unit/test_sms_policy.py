"""Retry backoff, rate-limit windows and SMS length (webhook signatures: test_signing.py)."""

import pytest

from zhira_after_sales.messaging.policy import FixedWindowLimiter, gives_up, retry_delay, sms_parts


def test_backoff_doubles_up_to_an_hour():
	assert [retry_delay(n) for n in range(1, 9)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]
	assert not gives_up(7)
	assert gives_up(8)
	assert gives_up(1, max_attempts=1)


def test_rate_limit_window():
	counters = {}

	def incr(key, ttl):
		counters[key] = counters.get(key, 0) + 1
		return counters[key]

	limiter = FixedWindowLimiter(incr, limit=3, window=60)
	assert [limiter.acquire("gw", 120.0) for _ in range(3)] == [0, 0, 0]
	assert limiter.acquire("gw", 150.0) == pytest.approx(30.0)
	assert limiter.acquire("other", 150.0) == 0  # per gateway
	assert limiter.acquire("gw", 180.0) == 0  # the next window
	unlimited = FixedWindowLimiter(incr, limit=0)
	assert all(unlimited.acquire("gw", 120.0) == 0 for _ in range(10))


def test_sms_parts_follow_operator_billing():
	assert sms_parts("") == (0, 0, False)
	assert sms_parts("a" * 160) == (160, 1, False)
	assert sms_parts("a" * 161) == (161, 2, False)
	assert sms_parts("{" * 80) == (160, 1, False)  # extension characters count twice
	assert sms_parts("س" * 70) == (70, 1, True)
	assert sms_parts("س" * 71) == (71, 2, True)
	assert sms_parts("س" * 135) == (135, 3, True)
	assert sms_parts("code ۱۲") == (7, 1, True)  # one Persian digit makes it UCS-2
