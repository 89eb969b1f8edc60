# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceGuidePart(Document):
	pass
