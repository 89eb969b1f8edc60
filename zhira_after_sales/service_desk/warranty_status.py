"""A reception device's warranty state, from the Warranty module's coverage check."""

from frappe import _

from zhira_after_sales.warranty.api import coverage_for_reception_devices

UNKNOWN = "Unknown"
COVERED = "Under Warranty"
NOT_COVERED = "Not Covered"


def devices_warranty_status(rows: list, on_date=None) -> list[tuple[str, str | None]]:
	"""(status, note) for each Service Reception Device row: covered or not for its service type
	on the reception date, with the reason ("expired on 1405/02/10", "no card", ...). "Unknown" only
	for a device without a serial, which no warranty card can name. The cards of all the rows are
	read at once."""
	checkable = [row for row in rows if row.serial_no or row.customer_device]
	answers = dict(zip(map(id, checkable), coverage_for_reception_devices(checkable, on_date), strict=True))
	return [
		((COVERED if answers[id(row)].covered else NOT_COVERED), answers[id(row)].message)
		if id(row) in answers
		else (UNKNOWN, _("No serial number: the warranty cannot be checked."))
		for row in rows
	]
