"""Sending rules that need no database: retry backoff, per-gateway rate limit windows and SMS
length. Plain Python."""

import math
from collections.abc import Callable

MAX_ATTEMPTS = 8
BASE_DELAY = 60  # seconds before the first retry
MAX_DELAY = 3600

# GSM 03.38 basic alphabet; the extension table characters take two septets
GSM_BASIC = set(
	"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	"ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")


def retry_delay(attempts: int, base: int = BASE_DELAY, cap: int = MAX_DELAY) -> int:
	"""Seconds to wait after the n-th failed attempt: 1, 2, 4, 8 ... minutes, at most an hour."""
	return min(cap, base * 2 ** max(0, attempts - 1))


def gives_up(attempts: int, max_attempts: int = MAX_ATTEMPTS) -> bool:
	return attempts >= max(1, max_attempts)


def sms_parts(text: str) -> tuple[int, int, bool]:
	"""(characters, parts, unicode) the way operators bill: Persian text is UCS-2, 70 characters
	in one part, 67 per part when split; Latin GSM text 160 / 153."""
	text = text or ""
	unicode = any(ch not in GSM_BASIC and ch not in GSM_EXTENDED for ch in text)
	if unicode:
		length = len(text.encode("utf-16-le")) // 2
		single, multi = 70, 67
	else:
		length = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
		single, multi = 160, 153
	if length == 0:
		return 0, 0, unicode
	parts = 1 if length <= single else math.ceil(length / multi)
	return length, parts, unicode


class FixedWindowLimiter:
	"""At most `limit` sends per `window` seconds per key (a gateway). `incr(key, ttl)` must
	atomically add one to a counter that expires after ttl seconds and return the new value (Redis
	INCR + EXPIRE in production, a dict in tests). acquire() answers 0 when the send may go now,
	else how many seconds to wait for the next window."""

	def __init__(self, incr: Callable[[str, int], int], limit: int, window: int = 60):
		self.incr = incr
		self.limit = limit
		self.window = window

	def acquire(self, key: str, now: float) -> float:
		if not self.limit or self.limit <= 0:
			return 0.0
		window_start = int(now // self.window) * self.window
		count = self.incr(f"{key}:{window_start}", self.window + 5)
		if count <= self.limit:
			return 0.0
		return max(0.001, window_start + self.window - now)
