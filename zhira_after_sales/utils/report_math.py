"""Report arithmetic shared by every module's reports, as plain rules (no Frappe import):
percentages that do not divide by zero, the Jalali month of a date and a key that sorts months."""

from zhira_after_sales.utils import jalali


def percent(part: float | None, whole: float | None) -> float | None:
	"""part of whole in percent, None when there is no whole."""
	if not whole:
		return None
	return 100.0 * float(part or 0) / float(whole)


def jalali_month(value) -> tuple[int, int] | None:
	"""(Jalali year, month) of a Gregorian date or datetime."""
	jd = jalali.to_jalali(value)
	return (jd.year, jd.month) if jd else None


def month_key(year: int, month: int) -> str:
	"""'1405-09': sorts like the months."""
	return f"{year:04d}-{month:02d}"
