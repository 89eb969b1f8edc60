"""Monthly Agency Scorecards: each agency's score for a Jalali month, kept as it was when the
month was snapshotted, so the history head office and the agencies read does not change when old
receptions, surveys or complaints are edited later.

    snapshot_previous_month(today=None)       the daily job: the Jalali month that has ended, once
    recompute(year, month, agency=None, force=False, reason=None) -> dict
                                              a manager's Recompute: refused for a month already
                                              snapshotted unless forced with a reason
    scorecards_of(agency, limit=12)           an agency's history, newest month first

Iranian months are Jalali, so the job runs daily and snapshots the previous Jalali month the first
time it runs in a new one (Frappe's "monthly" event follows the Gregorian calendar). Each agency's
scorecard is written once: the job only adds the ones still missing (an agency that failed, or a
site that was down on the 1st), and never rewrites one. Which agencies get one: those
agency_score.ranking lists for the month (active agencies that existed by the month's end, and
any agency with a service, survey or complaint in it).
"""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from zhira_after_sales.customer_care import agency_score
from zhira_after_sales.customer_care.doctype.agency_scorecard.agency_scorecard import (
	period_label,
	scorecard_name,
)
from zhira_after_sales.exceptions import ScorecardError
from zhira_after_sales.utils import jalali

DOCTYPE = "Agency Scorecard"
SCHEDULER, MANAGER = "Scheduler", "Manager"
MIN_REASON = 10
# what a scorecard keeps of agency_score's figures
FIGURES = (
	"satisfaction",
	"services_completed",
	"penalty_points",
	"weight",
	"responses_count",
	"complaints_count",
	"deduction",
	"score",
	"no_surveys",
)


def jalali_month(value) -> tuple[int, int]:
	day = jalali.to_jalali(getdate(value))
	return day.year, day.month


def previous_month(year: int, month: int) -> tuple[int, int]:
	return (year, month - 1) if month > 1 else (year - 1, 12)


def has_ended(year: int, month: int, on=None) -> bool:
	return jalali.month_range(year, month)[1] < getdate(on or today())


def snapshot_previous_month(on=None) -> list[str]:
	"""Daily: the scorecards still missing for the Jalali month before the one `on` (today) is in."""
	year, month = previous_month(*jalali_month(on or today()))
	return snapshot(year, month, source=SCHEDULER)


def snapshot(
	year: int,
	month: int,
	agency: str | None = None,
	*,
	source: str = SCHEDULER,
	replace: bool = False,
	reason: str | None = None,
) -> list[str]:
	"""Write the month's scorecards (one agency's, or every agency's that ranking lists): the missing
	ones, and with `replace` the existing ones too (a manager's forced recompute). One agency's
	failure is logged and leaves the others written. Returns the names written."""
	start, end = jalali.month_range(year, month)
	rows = [agency_score.score_for(agency, start, end)] if agency else agency_score.ranking(start, end)
	existing = set(frappe.get_all(DOCTYPE, {"jalali_year": year, "jalali_month": month}, pluck="name"))
	written = []
	for row in rows:
		name = scorecard_name(row["agency"], year, month)
		if name in existing and not replace:
			continue
		savepoint = "agency_scorecard"
		frappe.db.savepoint(savepoint)
		try:
			write(name, row, year, month, source, reason, name in existing)
			written.append(name)
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			if source == MANAGER:
				raise
			frappe.log_error(
				title=_("Agency Scorecard {0} could not be written").format(name), reference_doctype=DOCTYPE
			)
	return written


def write(name: str, row: dict, year: int, month: int, source: str, reason: str | None, exists: bool):
	values = {field: row.get(field) for field in FIGURES}
	values["score"] = values["score"] or 0
	values["satisfaction"] = values["satisfaction"] or 0
	values.update(
		computed_on=now_datetime(),
		computed_by=frappe.session.user,
		source=source,
		recompute_reason=reason if exists else None,
	)
	if exists:
		doc = frappe.get_doc(DOCTYPE, name)
		doc.update(values)
	else:
		doc = frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"agency": row["agency"],
				"jalali_year": year,
				"jalali_month": month,
				**values,
			}
		)
	doc.flags.ignore_permissions = True
	# a recompute always leaves its Version (the figures it replaced), whatever the defaults say
	doc.save(ignore_version=False)


def recompute(year, month, agency: str | None = None, force: bool = False, reason: str | None = None) -> dict:
	"""A manager's Recompute of a Jalali month (one agency's, or all): the missing scorecards are
	written; existing ones only when forced with a reason (kept on the scorecard, and the form's
	history keeps the figures it had)."""
	year, month = check_month(year, month)
	if agency and not frappe.db.exists("Service Agency", agency):
		frappe.throw(_("Service Agency {0} does not exist.").format(frappe.bold(agency)), exc=ScorecardError)
	label = period_label(year, month)
	if not has_ended(year, month):
		frappe.throw(
			_(
				"The month {0} has not ended yet: its scorecards are written once it is over. The Agency Ranking report shows its live scores."
			).format(label),
			exc=ScorecardError,
			title=_("Month not over"),
		)
	filters = {"jalali_year": year, "jalali_month": month}
	if agency:
		filters["agency"] = agency
	snapshotted = frappe.get_all(DOCTYPE, filters, ["name", "computed_on"], order_by="computed_on asc")
	reason = (reason or "").strip()
	if snapshotted and not force:
		frappe.throw(
			_(
				"The month {0} was snapshotted on {1} ({2} scorecards): its figures are kept as they were. To compute it again, tick Force and say why."
			).format(label, jalali.format_datetime(snapshotted[0].computed_on), len(snapshotted)),
			exc=ScorecardError,
			title=_("Already snapshotted"),
		)
	if snapshotted and len(reason) < MIN_REASON:
		frappe.throw(
			_("Reason: say in at least {0} characters why the month {1} is computed again.").format(
				MIN_REASON, label
			),
			exc=ScorecardError,
		)
	written = snapshot(year, month, agency, source=MANAGER, replace=bool(snapshotted), reason=reason or None)
	return {
		"period": label,
		"written": written,
		"replaced": [r.name for r in snapshotted if r.name in written],
	}


def check_month(year, month) -> tuple[int, int]:
	try:
		year, month = int(year), int(month)
		jalali.month_range(year, month)
	except (TypeError, ValueError):
		frappe.throw(
			_("Month: choose a Jalali year and a month from 1 to 12 (for example 1405 and 9)."),
			exc=ScorecardError,
		)
	return year, month


def scorecards_of(agency: str, limit: int = 12) -> list[dict]:
	"""The agency's scorecards, newest month first."""
	return frappe.get_all(
		DOCTYPE,
		{"agency": agency},
		[
			"name",
			"period_label",
			"period_start",
			"period_end",
			"jalali_year",
			"jalali_month",
			"computed_on",
			*FIGURES,
		],
		order_by="period_start desc",
		limit=limit,
	)


def scorecard(agency: str, year: int, month: int) -> dict | None:
	name = scorecard_name(agency, year, month)
	rows = frappe.get_all(DOCTYPE, {"name": name}, ["name", "period_label", "computed_on", *FIGURES])
	return rows[0] if rows else None
