"""What the agency portal's Scores page (/agency/scores) shows an agency about itself: its score for
the current Jalali month (live, so far) and the previous one (its scorecard once snapshotted, else
live), with S, N, P and w beside each and the calculation written out, the upheld complaints that
make each month's P, its survey responses by product group, and its scorecards' history. Only the
agency given (the page takes it from the user): nothing here reads another agency's rows."""

import frappe
from frappe import _
from frappe.utils import flt, getdate, today

from zhira_after_sales.customer_care import agency_score, scorecards
from zhira_after_sales.customer_care import score_rules as rules
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.text import to_persian_digits

HISTORY_MONTHS = 12


def persian() -> bool:
	return frappe.local.lang == "fa"


def number(value, decimals: int = 2) -> str:
	"""85, 81.75, 0.5: at most `decimals` decimals, no trailing zeros; Persian digits and decimal
	separator for Persian."""
	if value is None:
		return ""
	text = f"{round(flt(value), decimals):.{decimals}f}".rstrip("0").rstrip(".")
	text = "0" if text in ("-0", "") else text
	return to_persian_digits(text.replace(".", "\u066b")) if persian() else text


def month_title(year: int, month: int) -> str:
	"""آذر ۱۴۰۵ / Azar 1405"""
	name = jalali.month_name(month, "fa" if persian() else "en")
	return f"{name} {to_persian_digits(str(year)) if persian() else year}"


def calculation(figures: dict) -> str | None:
	"""The formula with the month's numbers: 85 − 10 × 8 ÷ 20 = 81 (None without a score)."""
	if figures.get("score") is None:
		return None
	services = max(int(figures.get("services_completed") or 0), 1)
	parts = (
		figures["satisfaction"],
		figures["weight"],
		figures["penalty_points"],
		services,
		figures["score"],
	)
	text = "{} − {} × {} ÷ {} = {}".format(*(number(value) for value in parts))
	raw = flt(figures["satisfaction"]) - flt(figures["deduction"])
	if raw != flt(figures["score"]):
		text += " " + _("(kept between 0 and 100)")
	return text


def month_card(agency: str, year: int, month: int, on) -> frappe._dict:
	"""One month's figures: its scorecard when it has one, else live up to `on`."""
	start, end = jalali.month_range(year, month)
	snapshot = scorecards.scorecard(agency, year, month)
	if snapshot:
		figures = dict(snapshot)
		if figures.get("no_surveys"):
			figures.update(score=None, satisfaction=None)
	else:
		figures = agency_score.score_for(agency, start, min(end, getdate(on)))
	card = frappe._dict(figures)
	card.update(
		year=year,
		month=month,
		title=month_title(year, month),
		start=start,
		end=end,
		snapshot=bool(snapshot),
		computed_on=snapshot.computed_on if snapshot else None,
		calculation=calculation(figures),
		divisor=max(int(figures.get("services_completed") or 0), 1),
		complaints=agency_score.counted_complaints(agency, start, end),
	)
	return card


def scores_page(agency: str, on=None) -> frappe._dict:
	on = getdate(on or today())
	year, month = scorecards.jalali_month(on)
	current = month_card(agency, year, month, on)
	previous = month_card(agency, *scorecards.previous_month(year, month), on)
	history = scorecards.scorecards_of(agency, HISTORY_MONTHS)
	for row in history:
		row.title = month_title(row.jalali_year, row.jalali_month)
		if row.no_surveys:
			row.score = row.satisfaction = None
	return frappe._dict(
		current=current,
		previous=previous,
		history=history,
		by_item_group=agency_score.satisfaction_by_item_group(agency, previous.start, on),
		weight=agency_score.weight(),
		default_weight=rules.DEFAULT_WEIGHT,
		surveys_since=previous.start,
	)
