"""Signed webhook requests: HMAC-SHA256 over "<timestamp>.<raw body>" with the gateway's shared
secret, sent as `X-Zhira-Signature: sha256=<hex>` with `X-Zhira-Timestamp: <unix seconds>`.
A request older or newer than the tolerance is refused, so a captured request cannot be replayed
later; within the tolerance the caller remembers signatures it has seen. Plain Python.
"""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Zhira-Signature"
TIMESTAMP_HEADER = "X-Zhira-Timestamp"
TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
	MISSING = "missing"
	STALE = "stale"
	FORGED = "forged"

	def __init__(self, reason: str):
		self.reason = reason
		super().__init__(reason)


def _to_bytes(body) -> bytes:
	return body if isinstance(body, bytes) else str(body or "").encode()


def sign(secret: str, timestamp: int | str, body) -> str:
	message = str(timestamp).encode() + b"." + _to_bytes(body)
	return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
	secret: str,
	timestamp,
	body,
	signature: str | None,
	now: float,
	tolerance: int = TOLERANCE_SECONDS,
) -> None:
	"""Raise SignatureError unless `signature` is ours for this body and the timestamp is fresh."""
	if not secret or not signature or not timestamp:
		raise SignatureError(SignatureError.MISSING)
	try:
		stamp = int(str(timestamp).strip())
	except ValueError:
		raise SignatureError(SignatureError.MISSING)
	if abs(now - stamp) > tolerance:
		raise SignatureError(SignatureError.STALE)
	if not hmac.compare_digest(sign(secret, stamp, body), signature.strip()):
		raise SignatureError(SignatureError.FORGED)
