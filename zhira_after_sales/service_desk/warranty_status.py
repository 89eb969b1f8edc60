"""A reception device's warranty state, from the Warranty module's coverage check."""

from frappe import _

from zhira_after_sales.warranty.api import coverage_for_reception_device

UNKNOWN = "Unknown"
COVERED = "Under Warranty"
NOT_COVERED = "Not Covered"


def device_warranty_status(row, on_date=None) -> tuple[str, str | None]:
	"""(status, note) for one Service Reception Device row: covered or not for its service type on
	the reception date, with the reason ("expired on 1405/02/10", "no card", ...). "Unknown" only for
	a device without a serial, which no warranty card can name."""
	if not row.serial_no and not row.customer_device:
		return UNKNOWN, _("No serial number: the warranty cannot be checked.")
	result = coverage_for_reception_device(row, on_date)
	return (COVERED if result.covered else NOT_COVERED), result.message
