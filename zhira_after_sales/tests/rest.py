"""Calling the site's real WSGI application (`frappe.app.application`) as a given user, the way
a browser or an integration would: /api/resource and /api/method go through Frappe's own
authentication, permission checks and hooks. Records a test wants the request to see must be
committed first: the request runs in its own thread and database connection."""

from threading import Thread
from unittest.mock import patch

import frappe
from frappe.utils import get_test_client


def api_credentials(user: str) -> str:
	"""An `Authorization: token key:secret` value for `user` (keys are created and committed)."""
	doc = frappe.get_doc("User", user)
	if not doc.api_key:
		doc.api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.flags.ignore_permissions = True
	doc.save()
	frappe.db.commit()  # nosemgrep: the request thread must see the keys
	return f"token {doc.api_key}:{secret}"


class _Call(Thread):
	def __init__(self, method: str, path: str, headers: dict, **kwargs):
		super().__init__()
		self.method, self.path, self.headers, self.kwargs = method, path, headers, kwargs
		self.site = frappe.local.site
		self.response = None

	def run(self):
		client = get_test_client(use_cookies=False)
		with patch("frappe.app.get_site_name", return_value=self.site):
			self.response = client.open(self.path, method=self.method, headers=self.headers, **self.kwargs)


def call(method: str, path: str, user: str, **kwargs):
	"""Run one HTTP request against the site as `user`; returns werkzeug's TestResponse."""
	headers = {"Authorization": api_credentials(user), "Accept": "application/json"}
	thread = _Call(method.upper(), path, headers, **kwargs)
	thread.start()
	thread.join()
	return thread.response


def call_guest(method: str, path: str, headers: dict | None = None, **kwargs):
	"""Run one HTTP request without credentials (public endpoints, webhooks)."""
	thread = _Call(method.upper(), path, {"Accept": "application/json", **(headers or {})}, **kwargs)
	thread.start()
	thread.join()
	return thread.response


def get_json(path: str, user: str, **kwargs) -> tuple[int, dict]:
	response = call("GET", path, user, **kwargs)
	return response.status_code, response.json if response.is_json else {}
