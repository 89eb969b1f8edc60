# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document

from zhira_after_sales.service_desk.periodic import validate_guide


class ServiceGuide(Document):
	"""An item's (or item group's) periodic tasks: every N months, the service type, the parts to
	replace. Periodic Service Plans are generated from it (service_desk/periodic.py)."""

	def validate(self):
		validate_guide(self)
