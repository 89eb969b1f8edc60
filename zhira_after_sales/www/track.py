"""/track: anyone may follow a request with its tracking code and the mobile it was registered
with (zhira_after_sales.customer_care.guest_tracking says what is told, and how brute force is
stopped). The form posts to zhira_after_sales.api.tracking.track; a link from an SMS may carry the
code (?code=)."""

import frappe
from frappe import _

from zhira_after_sales.customer_care.customer_portal import guest_context
from zhira_after_sales.service_desk import tracking

no_cache = 1


def get_context(context):
	guest_context(context, "track", _("Track a request"))
	context.code = tracking.normalize(frappe.form_dict.get("code") or "")[:12]
	return context
