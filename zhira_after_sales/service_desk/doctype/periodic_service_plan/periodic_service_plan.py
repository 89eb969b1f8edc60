# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from zhira_after_sales.service_desk.periodic import fill_plan


class PeriodicServicePlan(Document):
	"""A device's periodic visits, generated from its item's Service Guide when the plan is made
	(by hand, for a contract, or when its warranty starts); the daily job reminds, opens receptions
	and marks overdue (service_desk/periodic.py)."""

	def validate(self):
		fill_plan(self)


def on_doctype_update():
	# the daily job looks for visits by status and due date
	frappe.db.add_index("Periodic Service Visit", ["status", "due_date"])
