"""When the customer would like the technician to come: the times of day a reception's
`preferred_time` offers, as people read them."""

from frappe import _

PREFERRED_TIMES = ("Morning", "Noon", "Afternoon", "Evening")


def time_label(value: str | None) -> str:
	return {
		"Morning": _("Morning (8-12)"),
		"Noon": _("Noon (12-15)"),
		"Afternoon": _("Afternoon (15-18)"),
		"Evening": _("Evening (18-21)"),
	}.get(value or "", value or "")
