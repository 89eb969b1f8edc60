"""What the Customer Care reports share: head office only, the date range they read, the total
row and the Jalali month labels. The arithmetic is in customer_care.report_rules.

The reports are head office's (their roles: System Manager, After Sales Manager, Reception
Operator); `require_head_office` refuses anyone else even when a report is called directly, so
an agency or a technician gets no complaint or survey figure of any agency."""

from frappe import _

from zhira_after_sales import access
from zhira_after_sales.utils.report_query import (  # noqa: F401 - the reports' shared helpers
	TOTAL,
	add_up,
	date_range,
	group_key,
	grouped,
	month_label,
	within,
)


def require_head_office():
	access.require_head_office(_("Only head office reads the Customer Care reports."))
