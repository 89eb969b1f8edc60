"""Before a message is stored: can it be sent (Queued) or not (Failed, and why); its gateway,
E.164 number and number of parts."""

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from zhira_after_sales.messaging import policy
from zhira_after_sales.utils.fields import phone_error_message
from zhira_after_sales.utils.phone import PhoneError, normalize_mobile


class OutboundPreparer:
	"""Decides, before a message is stored, whether it can be sent (Queued) or not (Failed and
	why), and fills gateway, E.164 number and parts. Caches lookups for bulk use."""

	def __init__(self):
		self._enabled = None
		self._gateways: dict = {}
		self._template_gateways: dict = {}
		self._default = "unset"

	def sms_enabled(self) -> bool:
		if self._enabled is None:
			self._enabled = sms_enabled()
		return self._enabled

	def gateway_enabled(self, name: str | None) -> bool:
		if not name:
			return False
		if name not in self._gateways:
			# Frappe's document cache: cleared when the gateway is saved or set_value'd
			self._gateways[name] = bool(frappe.get_cached_value("SMS Gateway", name, "enabled"))
		return self._gateways[name]

	def default_gateway(self) -> str | None:
		if self._default == "unset":
			from zhira_after_sales.messaging.doctype.sms_gateway.sms_gateway import get_default_gateway

			self._default = get_default_gateway()
		return self._default

	def resolve_gateway(self, explicit: str | None, template: str | None) -> str | None:
		if self.gateway_enabled(explicit):
			return explicit
		if template:
			if template not in self._template_gateways:
				self._template_gateways[template] = frappe.get_cached_value(
					"SMS Template", template, "gateway"
				)
			if self.gateway_enabled(self._template_gateways[template]):
				return self._template_gateways[template]
		return self.default_gateway()

	def prepare(self, values, now=None):
		"""`values`: an SMS Message document or a frappe._dict with its fields."""
		values.direction = "Out"
		values.parts = policy.sms_parts(values.get("body") or "")[1]
		if values.get("status") == "Failed":
			values.next_attempt_at = None
			return values
		problem = None
		try:
			values.to = normalize_mobile(values.get("to") or "")
		except PhoneError as e:
			problem = phone_error_message(e, _("To"))
		if not problem and not (values.get("body") or "").strip():
			problem = _("The message is empty.")
		if not problem:
			gateway = self.resolve_gateway(values.get("gateway"), values.get("template"))
			if gateway:
				values.gateway = gateway
			else:
				problem = _("No SMS Gateway is enabled. Add one in SMS Gateway and tick Default Gateway.")
		if not problem and not self.sms_enabled():
			problem = _(
				"SMS is switched off in After Sales Settings (Send SMS). Switch it on, then use Retry on this message."
			)
		if problem:
			values.status = "Failed"
			values.error = problem
			values.next_attempt_at = None
		else:
			values.status = "Queued"
			values.next_attempt_at = now or now_datetime()
		return values


def sms_enabled() -> bool:
	return bool(cint(frappe.db.get_single_value("After Sales Settings", "sms_enabled")))
