# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from urllib.parse import quote

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_url

from zhira_after_sales.exceptions import SMSGatewayError
from zhira_after_sales.messaging.providers import PROVIDERS, GatewayConfig, Provider, get_provider
from zhira_after_sales.messaging.signing import MIN_SECRET_LENGTH
from zhira_after_sales.utils.records import keep_one_default

WEBHOOK_METHOD = "zhira_after_sales.api.sms.inbound"


class SMSGateway(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		api_key: DF.Password | None
		base_url: DF.Data | None
		enabled: DF.Check
		gateway_name: DF.Data
		is_default: DF.Check
		last_error: DF.SmallText | None
		last_inbound_cursor: DF.Data | None
		last_polled_on: DF.Datetime | None
		max_attempts: DF.Int
		password: DF.Password | None
		provider: DF.Literal[
			"Kavenegar", "SMS.ir", "IPPanel/FarazSMS", "Melipayamak", "Ghasedak", "Frappe SMS Settings"
		]
		rate_limit: DF.Int
		receive_inbound: DF.Check
		sender: DF.Data | None
		timeout: DF.Float
		track_delivery: DF.Check
		username: DF.Data | None
		webhook_secret: DF.Password | None

	# end: auto-generated types
	@property
	def webhook_url(self) -> str:
		return get_url(f"/api/method/{WEBHOOK_METHOD}?gateway={quote(self.name or '')}")

	def validate(self):
		self.validate_provider()
		self.validate_base_url()
		self.validate_numbers()
		self.validate_webhook_secret()

	def on_update(self):
		keep_one_default(self, "is_default")
		clear_gateway_cache()

	def on_trash(self):
		clear_gateway_cache()

	def after_rename(self, old, new, merge=False):
		clear_gateway_cache()

	def validate_provider(self):
		if self.provider not in PROVIDERS:
			frappe.throw(
				_("Provider {0} is not supported.").format(frappe.bold(self.provider)), exc=SMSGatewayError
			)
		if self.provider == "Frappe SMS Settings":
			self.receive_inbound = 0
			self.track_delivery = 0

	def validate_base_url(self):
		if self.base_url:
			self.base_url = self.base_url.strip().rstrip("/")
			if not self.base_url.startswith(("http://", "https://")):
				frappe.throw(
					_("Base URL must start with https:// (or http:// for a test server)."),
					exc=SMSGatewayError,
				)

	def validate_numbers(self):
		if self.sender:
			self.sender = "".join(self.sender.split())
		if (self.timeout or 0) <= 0:
			self.timeout = 10
		if (self.max_attempts or 0) <= 0:
			self.max_attempts = 8

	def validate_webhook_secret(self):
		"""A new secret must be long enough that it cannot be guessed (an unchanged one is masked
		with asterisks here, and was checked when it was set)."""
		secret = self.webhook_secret
		if not secret or self.is_dummy_password(secret):
			return
		if len(secret) < MIN_SECRET_LENGTH:
			frappe.throw(
				_(
					"The Webhook Secret must have at least {0} characters; it has {1}. Use a random string, for example from a password manager."
				).format(MIN_SECRET_LENGTH, len(secret)),
				exc=SMSGatewayError,
			)

	def config(self) -> GatewayConfig:
		extra = frappe_sms_settings() if self.provider == "Frappe SMS Settings" else {}
		return GatewayConfig(
			provider=self.provider,
			base_url=self.base_url or None,
			api_key=self.get_password("api_key", raise_exception=False) if self.api_key else None,
			username=self.username,
			password=self.get_password("password", raise_exception=False) if self.password else None,
			sender=self.sender,
			timeout=float(self.timeout or 10),
			extra=extra,
		)

	def provider_client(self, session=None) -> Provider:
		return get_provider(self.config(), session=session)


def frappe_sms_settings() -> dict:
	"""Frappe's SMS Settings as the generic adapter's configuration."""
	settings = frappe.get_cached_doc("SMS Settings")
	return {
		"url": settings.sms_gateway_url,
		"message_parameter": settings.message_parameter,
		"receiver_parameter": settings.receiver_parameter,
		"use_post": bool(settings.use_post),
		"parameters": [
			{"parameter": row.parameter, "value": row.value, "header": bool(row.header)}
			for row in settings.parameters
		],
	}


DEFAULT_GATEWAY_KEY = "zhira:sms:default_gateway"


def get_default_gateway() -> str | None:
	"""The enabled gateway marked Default, else the only enabled one.

	The one marked Default is cached (every outbound SMS asks): saving, renaming or deleting a
	gateway forgets it, and it is used only while Frappe's document cache of that gateway (which
	frappe.db.set_value clears too) still says it is enabled and Default."""
	cached = frappe.cache.get_value(DEFAULT_GATEWAY_KEY)
	if cached and frappe.get_cached_value("SMS Gateway", cached, ["enabled", "is_default"]) == [1, 1]:
		return cached
	default = frappe.db.get_value("SMS Gateway", {"enabled": 1, "is_default": 1})
	if default:
		frappe.cache.set_value(DEFAULT_GATEWAY_KEY, default)
		return default
	enabled = frappe.get_all("SMS Gateway", {"enabled": 1}, pluck="name", limit=2)
	return enabled[0] if len(enabled) == 1 else None


def clear_gateway_cache():
	"""Forget the cached default gateway, now and when the transaction ends (a value cached in
	between may come from the rows before this change)."""

	def clear():
		frappe.cache.delete_value(DEFAULT_GATEWAY_KEY)

	clear()
	frappe.db.after_commit.add(clear)
	frappe.db.after_rollback.add(clear)
