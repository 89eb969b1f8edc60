"""Sites that had the app before warehouse types: type the after-sales warehouses and make the
repair warehouse of the After Sales Settings company."""

import frappe

from zhira_after_sales.agency.warehouses import setup_warehouses


def execute():
	company = frappe.db.get_single_value("After Sales Settings", "company")
	if company and frappe.db.exists("Company", company):
		setup_warehouses(company)
