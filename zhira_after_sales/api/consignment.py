"""Endpoints for the consignment stock an agency holds: head office takes it back or bills it."""

import frappe

from zhira_after_sales.agency import consignment
from zhira_after_sales.api.gate import requires


@frappe.whitelist(methods=["POST"])
@requires("Service Agency", "read")
def return_consignment_stock(agency: str, items: list | str) -> dict:
	"""`items`: [{"item": code, "qty": n}]; returns the Stock Entry that moved them back."""
	return {"stock_entry": consignment.return_stock(agency, items)}


@frappe.whitelist(methods=["POST"])
@requires("Service Agency", "read")
def bill_consignment_stock(agency: str, items: list | str) -> dict:
	"""`items`: [{"item": code, "qty": n}]; returns the Sales Invoice billed to the agency."""
	return {"sales_invoice": consignment.bill_stock(agency, items)}
