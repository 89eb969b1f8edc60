"""Signed webhook requests: HMAC-SHA256 over "<timestamp>.<gateway>.<raw body>" with the gateway's
shared secret, sent as `X-Zhira-Signature: sha256=<hex>` with `X-Zhira-Timestamp: <unix seconds>`.

The gateway's name is signed with the body, so a request signed for one gateway is refused by
another that shares its secret. A request older or newer than the tolerance is refused, so a
captured request cannot be replayed later; within the tolerance the caller remembers the
signatures it has seen, by `normalize_signature()`, so a re-cased or padded copy of one is the same
replay. Headers that are not ASCII, not hex or of the wrong length are refused like a wrong
signature. Plain Python.
"""

import hashlib
import hmac
import re

SIGNATURE_HEADER = "X-Zhira-Signature"
TIMESTAMP_HEADER = "X-Zhira-Timestamp"
TOLERANCE_SECONDS = 300
MIN_SECRET_LENGTH = 32

_SIGNATURE = re.compile(r"sha256=[0-9a-f]{64}", re.ASCII)
_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)


class SignatureError(ValueError):
	MISSING = "missing"
	STALE = "stale"
	FORGED = "forged"

	def __init__(self, reason: str):
		self.reason = reason
		super().__init__(reason)


def _to_bytes(value) -> bytes:
	return value if isinstance(value, bytes) else str(value or "").encode()


def sign(secret: str, timestamp: int | str, gateway: str, body) -> str:
	message = b".".join((str(timestamp).encode(), _to_bytes(gateway), _to_bytes(body)))
	return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def normalize_signature(signature: str | None) -> str | None:
	"""`sha256=<64 lower-case hex digits>`, or None when the header is anything else (not ASCII,
	not hex, the wrong length or scheme)."""
	text = (signature or "").strip().lower()
	return text if _SIGNATURE.fullmatch(text) else None


def strong_enough(secret: str | None) -> bool:
	return len(secret or "") >= MIN_SECRET_LENGTH


def verify(
	secret: str | None,
	timestamp,
	gateway: str,
	body,
	signature: str | None,
	now: float,
	tolerance: int = TOLERANCE_SECONDS,
) -> str:
	"""Raise SignatureError unless `signature` is ours for this gateway and body and the timestamp
	is fresh. Returns the normalised signature (the replay key)."""
	if not strong_enough(secret) or not signature or not timestamp:
		raise SignatureError(SignatureError.MISSING)
	stamp = str(timestamp).strip()
	if not _TIMESTAMP.fullmatch(stamp):
		raise SignatureError(SignatureError.MISSING)
	if abs(now - int(stamp)) > tolerance:
		raise SignatureError(SignatureError.STALE)
	normalized = normalize_signature(signature)
	if not normalized or not hmac.compare_digest(sign(secret, stamp, gateway, body), normalized):
		raise SignatureError(SignatureError.FORGED)
	return normalized
