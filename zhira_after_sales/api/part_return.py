"""Endpoints of the Defective Part Return (قطعه داغی): head office receives, rejects, bills and
routes a replaced part an agency owes back. Each posts to ERPNext in the request's transaction."""

import frappe

from zhira_after_sales.agency import hot_parts
from zhira_after_sales.api.gate import require_doc, requires

FIELDS = (
	"name",
	"status",
	"received_qty",
	"stock_entry",
	"sales_invoice",
	"charge_amount",
	"outcome",
	"outcome_entry",
)


def result(ret) -> dict:
	return {f: ret.get(f) for f in FIELDS}


@frappe.whitelist(methods=["POST"])
@requires("Defective Part Return", "write")
def receive(name: str, qty: float, rate: float = 0) -> dict:
	return result(hot_parts.receive(require_doc("Defective Part Return", name, "write"), qty, rate))


@frappe.whitelist(methods=["POST"])
@requires("Defective Part Return", "write")
def reject(name: str, reason: str) -> dict:
	return result(hot_parts.reject(require_doc("Defective Part Return", name, "write"), reason))


@frappe.whitelist(methods=["POST"])
@requires("Defective Part Return", "write")
def bill(name: str) -> dict:
	return result(hot_parts.bill(require_doc("Defective Part Return", name, "write")))


@frappe.whitelist(methods=["POST"])
@requires("Defective Part Return", "write")
def route(name: str, outcome: str, supplier: str | None = None) -> dict:
	return result(hot_parts.route(require_doc("Defective Part Return", name, "write"), outcome, supplier))


@frappe.whitelist(methods=["POST"])
@requires("Defective Part Return", "write")
def repaired(name: str, cost: float = 0) -> dict:
	return result(hot_parts.repaired(require_doc("Defective Part Return", name, "write"), cost))
