"""Endpoints of the agency score (customer_care.agency_score and customer_care.scorecards)."""

import frappe
from frappe import _

from zhira_after_sales.access import require_manager
from zhira_after_sales.customer_care import scorecards


@frappe.whitelist(methods=["POST"])
def recompute(
	year: int, month: int, agency: str | None = None, force: int = 0, reason: str | None = None
) -> dict:
	"""Compute the Agency Scorecards of a Jalali month that has ended (one agency's, or all): a month
	already snapshotted is refused unless `force` is set with a `reason`."""
	require_manager(_("Only an After Sales Manager may recompute agency scorecards."))
	return scorecards.recompute(
		year, month, agency=agency or None, force=bool(int(force or 0)), reason=reason
	)
