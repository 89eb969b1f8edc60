"""Frappe's own SMS Settings as a generic gateway (any provider that takes one HTTP request per
number with the text and the number as parameters).

Builds the request the way frappe.core.doctype.sms_settings.sms_settings.send_sms does (static
parameters, parameters sent as headers, JSON when a header parameter says Content-Type
application/json, form data with Use POST, else a query string) but with a timeout, one
recipient, and the answer checked: a non-2xx status is an error. The provider's answer body is
kept as the detail; there is no message id, delivery report or inbox in this generic form, and no
reference of ours travels with the message (no idempotency key, no lookup).

`config.extra` holds the SMS Settings values: url, message_parameter, receiver_parameter,
use_post, parameters [{parameter, value, header}], and optionally number_style.
"""

from .base import Provider, SendResult, classify_http


class FrappeSmsSettings(Provider):
	name = "Frappe SMS Settings"
	default_base_url = ""
	supports_inbound = False
	supports_status = False

	def __init__(self, config, session=None):
		super().__init__(config, session)
		self.base_url = config.base_url or config.extra.get("url") or ""
		self.number_style = config.extra.get("number_style") or "national"

	def send(self, to: str, text: str, *, client_ref: str | None = None) -> SendResult:
		extra = self.config.extra
		url = self.require(self.base_url, "SMS Gateway URL (SMS Settings)")
		if not url.startswith(("http://", "https://")):
			url = "http://" + url
		headers = {"Accept": "text/plain, text/html, */*"}
		payload = {}
		for row in extra.get("parameters") or []:
			if row.get("header"):
				headers[row["parameter"]] = row["value"]
			else:
				payload[row["parameter"]] = row["value"]
		payload[self.require(extra.get("message_parameter"), "message parameter")] = text
		payload[self.require(extra.get("receiver_parameter"), "receiver parameter")] = self.number(to)

		is_json = any(
			key.lower() == "content-type" and str(value).lower().startswith("application/json")
			for key, value in headers.items()
		)
		if is_json:
			response = self.request("POST", url, headers=headers, json=payload)
		elif extra.get("use_post"):
			response = self.request("POST", url, headers=headers, data=payload)
		else:
			response = self.request("GET", url, headers=headers, params=payload)
		detail = self.redact((response.text or "")[:500])
		if response.status_code >= 400:
			raise classify_http(response.status_code, f"{self.name}: HTTP {response.status_code} {detail}")
		return SendResult(provider_message_id=None, detail=detail)
