"""A reception device's warranty state, from the Warranty module's coverage check."""

from frappe import _

UNKNOWN = "Unknown"
COVERED = "Under Warranty"
NOT_COVERED = "Not Covered"


def device_warranty_status(row, on_date=None) -> tuple[str, str | None]:
	"""(status, note) for one Service Reception Device row. "Unknown" while no warranty data can
	answer (no serial, or warranty cards not available on this site)."""
	if not row.serial_no and not row.customer_device:
		return UNKNOWN, _("No serial number: the warranty cannot be checked.")
	try:
		from zhira_after_sales.warranty.api import coverage_for_reception_device
	except ImportError:
		return UNKNOWN, None
	result = coverage_for_reception_device(row, on_date)
	return (COVERED if result.covered else NOT_COVERED), result.message
