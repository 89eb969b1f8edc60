"""/.well-known/assetlinks.json: the Digital Asset Links statement that lets the store build of the
technician app (a Trusted Web Activity around /tech) open this site full screen, from After Sales
Settings (zhira_after_sales.after_sales_setup.store_app); `[]` until the package name and a
fingerprint are set.

A page renderer (hooks.py `page_renderer`), not a www template: the body is JSON built here and
served as application/json, never cached, with no template around it."""

import json

from frappe.website.page_renderers.base_renderer import BaseRenderer

from zhira_after_sales.after_sales_setup import store_app

ROUTE = ".well-known/assetlinks.json"


class AssetLinksPage(BaseRenderer):
	def can_render(self) -> bool:
		return self.path == ROUTE

	def render(self):
		response = self.build_response(json.dumps(store_app.asset_links(), indent=2))
		response.mimetype = "application/json"
		response.headers["Cache-Control"] = "no-cache"
		return response
