"""Endpoints of periodic service (service_desk.periodic does the work): head office makes plans by
hand or for a contract, skips a visit, opens a visit's reception early, cancels a plan."""

import frappe
from frappe import _

from zhira_after_sales.api.gate import require, require_doc
from zhira_after_sales.service_desk import periodic

PLAN = "Periodic Service Plan"


@frappe.whitelist(methods=["POST"])
def make_plan(customer_device: str, contract: str | None = None, start_date: str | None = None) -> str:
	"""A plan for the device from its item's Service Guide (refused, saying why, when it has no
	guide, no start date or an active plan already)."""
	require(PLAN, "create")
	require_doc("Customer Device", customer_device, "read")
	if contract:
		require_doc("Contract", contract, "read")
	return periodic.make_plan(customer_device, contract=contract, start_date=start_date or None)


@frappe.whitelist(methods=["POST"])
def plans_for_contract(contract: str) -> dict:
	"""A plan under the contract for every device of its customer that has a guide."""
	require(PLAN, "create")
	require_doc("Contract", contract, "read")
	return periodic.plans_for_contract(contract)


@frappe.whitelist(methods=["POST"])
def skip_visit(plan: str, visit: str, reason: str) -> None:
	require_doc(PLAN, plan, "write")
	periodic.skip_visit(plan, visit, reason)


@frappe.whitelist(methods=["POST"])
def open_visit_now(plan: str, visit: str) -> str:
	require_doc(PLAN, plan, "write")
	require("Service Reception", "create")
	return periodic.open_visit_now(plan, visit)


@frappe.whitelist(methods=["POST"])
def cancel_plan(plan: str, reason: str) -> None:
	doc = require_doc(PLAN, plan, "write")
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(_("Give the reason for cancelling the plan."), exc=periodic.PeriodicServiceError)
	if doc.status != "Active":
		frappe.throw(
			_("Plan {0} is {1} already.").format(plan, _(doc.status)), exc=periodic.PeriodicServiceError
		)
	periodic.cancel_plan(doc, reason)
