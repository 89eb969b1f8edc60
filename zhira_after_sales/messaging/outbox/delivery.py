"""Delivery reports, polled from each gateway that tracks delivery or pushed to the webhook: a Sent
message becomes Delivered, or Failed with the reason."""

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, now_datetime

from zhira_after_sales.messaging.guard import Job
from zhira_after_sales.messaging.providers import NotSupported, ProviderError
from zhira_after_sales.messaging.providers.base import strip_urls

STATUS_WINDOW_HOURS = 48  # providers answer delivery questions for about two days


def apply_delivery(gateway: str, provider_message_id: str, state: str, detail: str = "", now=None) -> bool:
	"""Record a delivery report (polled or pushed) on the Sent message(s) with this provider id
	(a provider that repeats an id has it on more than one)."""
	if state not in ("delivered", "failed") or not provider_message_id:
		return False
	names = frappe.get_all(
		"SMS Message",
		filters={
			"gateway": gateway,
			"direction": "Out",
			"status": "Sent",
			"provider_message_id": str(provider_message_id),
		},
		pluck="name",
	)
	for name in names:
		if state == "delivered":
			frappe.db.set_value(
				"SMS Message", name, {"status": "Delivered", "delivered_on": now or now_datetime()}
			)
		else:
			frappe.db.set_value(
				"SMS Message",
				name,
				{"status": "Failed", "error": _("Not delivered to the phone: {0}").format(detail or state)},
			)
	return bool(names)


def poll_delivery(gateway: str | None = None, now=None, *, commit: bool = True) -> int:
	"""Scheduler: ask each tracking gateway about messages sent in the last two days that have no
	final answer yet. One gateway's failure is noted on it and does not stop the others. Returns
	how many changed. Commits after each gateway unless `commit` is False."""
	job = Job(commit)
	now = get_datetime(now) if now else now_datetime()
	since = add_to_date(now, hours=-STATUS_WINDOW_HOURS)
	filters = {"enabled": 1, "track_delivery": 1}
	if gateway:
		filters["name"] = gateway
	changed = 0
	for name in frappe.get_all("SMS Gateway", filters=filters, pluck="name"):
		ids = frappe.get_all(
			"SMS Message",
			filters={
				"gateway": name,
				"direction": "Out",
				"status": "Sent",
				"provider_message_id": ("is", "set"),
				"sent_on": (">=", since),
			},
			pluck="provider_message_id",
			distinct=True,
			limit=2000,
		)
		if not ids:
			continue
		client = None
		with job.step() as step:
			client = frappe.get_doc("SMS Gateway", name).provider_client()
			for report in client.fetch_status(ids):
				changed += apply_delivery(
					name, report.provider_message_id, report.state.value, report.detail, now
				)
		if step.failed and not isinstance(step.error, NotSupported):
			redact = client.redact if client else strip_urls
			if not isinstance(step.error, ProviderError):
				step.log("SMS: delivery reports failed", "SMS Gateway", name, redact)
			frappe.db.set_value(
				"SMS Gateway", name, "last_error", redact(str(step.error)), update_modified=False
			)
		job.commit()
	return changed
