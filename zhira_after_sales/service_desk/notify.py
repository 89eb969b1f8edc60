"""SMS sent by the reception flow. Every message goes through the Messaging module, which stores it
(Queued) before an RQ job sends it."""

from zhira_after_sales.messaging.outbox import send_event

REGISTERED = "Reception Registered"
REFERRED_TO_AGENCY = "Referral to Agency"
REFERRED_TO_TECHNICIAN = "Referral to Technician"
STATUS_CHANGED = "Status Changed"


def send(event: str, doc, to: str | None) -> str | None:
	"""Queue the event's SMS to `to` about `doc`; the SMS Message's name."""
	if not to:
		return None
	return send_event(event, doc, to=to)
