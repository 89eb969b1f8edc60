"""An agency's score for a period, live from the database (the formula: customer_care.score_rules).

    score_for(agency, from_date, to_date) -> dict     one agency: S, N, P, w, counts and the score
    ranking(from_date, to_date) -> list[dict]         every agency, best first, with its rank
    counted_complaints(agency, from_date, to_date)    the upheld complaints that make its P
    satisfaction_by_item_group(agency, ...)           its survey responses by product group

`from_date` and `to_date` are days, both included (a Jalali month: utils.jalali.month_range).
What counts in a period, each on the date it became final, so a month's figures stop moving once
the month is over (which is what lets the monthly Agency Scorecard keep them):

- N: the agency's Service Receptions whose status is of the Completed category and whose
  `closed_on` (the moment the reception reached that status, service_desk.status.move) lies in
  the period. Receptions, not Service Invoices: one reception is one service to the customer
  however many invoices it has (an installation and a repair, a resubmitted invoice), a reception
  is completed even when no invoice is filed, and head office's approval of an invoice is what
  closes its reception anyway. A reception moved back out of Completed loses its `closed_on` and
  stops counting; a cancelled one never counts.
- S: the agency's Survey Responses with status Completed, by `completed_on`: the mean of their
  `satisfaction_percent`.
- P: the penalty points of the agency's complaints that are upheld and closed, by `closed_on`:
  the decision is final when the complaint closes (it may change while the complaint is being
  assessed or investigated), and a reopened complaint loses its `closed_on` until it closes again.
  A complaint counts against the agency named in its `service_agency`.

Each figure is one grouped query. For one agency it reads an index whose first column is the
agency (Service Reception (service_agency, closed_on, status), Survey Response (service_agency,
completed_on), Complaint (service_agency, closed_on)); for the ranking of every agency, an index
whose first column is the date and which holds every column the query reads (Service Reception
(closed_on, status, service_agency), Survey Response (completed_on, status, service_agency,
satisfaction_percent)), so a month is a range of the index and no table row is read. The indexes
come with the DocTypes' on_doctype_update and, on existing sites, the patch
v1_0.agency_score_indexes. Timings at a million receptions: docs/benchmarks.md.
"""

import datetime

import frappe
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, getdate

from zhira_after_sales.customer_care import score_rules as rules
from zhira_after_sales.customer_care.complaint_rules import CLOSED

COMPLETED_CATEGORY = "Completed"
SURVEY_COMPLETED = "Completed"
SETTINGS = "After Sales Settings"
WEIGHT_FIELD = "complaint_penalty_weight"


def bounds(from_date, to_date) -> tuple[datetime.datetime, datetime.datetime]:
	"""The period's first moment and the moment after its last day (datetimes compared with < end)."""
	start, end = getdate(from_date), getdate(to_date)
	if end < start:
		start, end = end, start
	return (
		datetime.datetime.combine(start, datetime.time()),
		datetime.datetime.combine(getdate(add_days(end, 1)), datetime.time()),
	)


def weight() -> float:
	"""w from After Sales Settings; 10 when it was never set (0 is a choice: complaints ignored)."""
	singles = frappe.qb.DocType("Singles")
	value = (
		frappe.qb.from_(singles)
		.select(singles.value)
		.where((singles.doctype == SETTINGS) & (singles.field == WEIGHT_FIELD))
		.run()
	)
	value = value[0][0] if value else None
	return rules.DEFAULT_WEIGHT if value in (None, "") else float(value)


def completed_statuses() -> list[str]:
	"""Every Service Status of the Completed category (an inactive one still marks old receptions)."""
	return frappe.get_all("Service Status", {"category": COMPLETED_CATEGORY}, pluck="name")


# --- the three grouped queries ------------------------------------------------------------------


def services_completed(start, end, agency: str | None = None) -> dict[str, int]:
	"""{agency: N}"""
	statuses = completed_statuses()
	if not statuses:
		return {}
	return {row[0]: int(row[1]) for row in services_query(start, end, statuses, agency).run() if row[0]}


def services_query(start, end, statuses: list[str], agency: str | None = None):
	reception = frappe.qb.DocType("Service Reception")
	query = (
		frappe.qb.from_(reception)
		.select(reception.service_agency, Count("*"))
		.where(reception.closed_on >= start)
		.where(reception.closed_on < end)
		.where(reception.status.isin(statuses))
		.groupby(reception.service_agency)
	)
	return by_agency(query, reception, agency)


def by_agency(query, table, agency: str | None):
	"""One agency's rows, or every agency's (grouped; the group of rows without an agency is left
	out by the caller: a condition on the agency would steer MariaDB to the agency-first index)."""
	return query.where(table.service_agency == agency) if agency else query


def survey_totals(start, end, agency: str | None = None) -> dict[str, tuple[int, float]]:
	"""{agency: (responses, sum of their satisfaction %)}"""
	return {
		row[0]: (int(row[1]), float(row[2] or 0)) for row in surveys_query(start, end, agency).run() if row[0]
	}


def surveys_query(start, end, agency: str | None = None):
	response = frappe.qb.DocType("Survey Response")
	query = (
		frappe.qb.from_(response)
		.select(response.service_agency, Count("*"), Sum(response.satisfaction_percent))
		.where(response.completed_on >= start)
		.where(response.completed_on < end)
		.where(response.status == SURVEY_COMPLETED)
		.groupby(response.service_agency)
	)
	return by_agency(query, response, agency)


def penalty_totals(start, end, agency: str | None = None) -> dict[str, tuple[int, float]]:
	"""{agency: (upheld complaints, sum of their penalty points)}"""
	return {
		row[0]: (int(row[1]), float(row[2] or 0))
		for row in penalties_query(start, end, agency).run()
		if row[0]
	}


def penalties_query(start, end, agency: str | None = None):
	complaint = frappe.qb.DocType("Complaint")
	query = (
		frappe.qb.from_(complaint)
		.select(complaint.service_agency, Count("*"), Sum(complaint.penalty_points))
		.where(complaint.closed_on >= start)
		.where(complaint.closed_on < end)
		.where(complaint.upheld == 1)
		.where(complaint.iso_stage == CLOSED)
		.groupby(complaint.service_agency)
	)
	return by_agency(query, complaint, agency)


# --- scores -------------------------------------------------------------------------------------


def figures(
	services: int, responses: int, total_percent: float, complaints: int, points: float, w: float
) -> dict:
	"""The scorecard's figures from the raw totals (the names are Agency Scorecard's fields)."""
	satisfaction = rules.satisfaction(total_percent, responses)
	score = rules.score(satisfaction, services, points, w)
	return {
		"satisfaction": satisfaction,
		"services_completed": services,
		"penalty_points": round(points, rules.PRECISION),
		"weight": w,
		"responses_count": responses,
		"complaints_count": complaints,
		"deduction": rules.deduction(services, points, w),
		"score": score,
		"no_surveys": int(score is None),
	}


def score_for(agency: str, from_date, to_date) -> dict:
	"""S, N, P, w, the counts and the score of one agency for the days from_date..to_date."""
	start, end = bounds(from_date, to_date)
	services = services_completed(start, end, agency).get(agency, 0)
	responses, total_percent = survey_totals(start, end, agency).get(agency, (0, 0.0))
	complaints, points = penalty_totals(start, end, agency).get(agency, (0, 0.0))
	return {
		"agency": agency,
		"from_date": getdate(from_date),
		"to_date": getdate(to_date),
		**figures(services, responses, total_percent, complaints, points, weight()),
	}


def agencies_to_rank(start, end, with_data: set[str]) -> dict[str, dict]:
	"""{agency: its name and whether active}: the active agencies that existed before the period
	ended, and any agency (active or not) with a service, survey or complaint in the period."""
	agency = frappe.qb.DocType("Service Agency")
	query = frappe.qb.from_(agency).select(agency.name, agency.agency_name, agency.is_active)
	condition = (agency.is_active == 1) & (agency.creation < end)
	if with_data:
		condition = condition | agency.name.isin(list(with_data))
	return {
		name: {"agency_name": agency_name, "is_active": int(is_active or 0)}
		for name, agency_name, is_active in query.where(condition).run()
	}


def ranking(from_date, to_date) -> list[dict]:
	"""Every agency's figures for the period (three grouped queries in all), best score first with
	its rank; agencies without survey responses last, unranked."""
	start, end = bounds(from_date, to_date)
	services = services_completed(start, end)
	surveys = survey_totals(start, end)
	penalties = penalty_totals(start, end)
	w = weight()
	agencies = agencies_to_rank(start, end, set(services) | set(surveys) | set(penalties))
	rows = []
	for name, info in agencies.items():
		responses, total_percent = surveys.get(name, (0, 0.0))
		complaints, points = penalties.get(name, (0, 0.0))
		rows.append(
			{
				"name": name,
				"agency": name,
				**info,
				**figures(services.get(name, 0), responses, total_percent, complaints, points, w),
			}
		)
	return rules.rank(rows)


# --- what the agency sees behind its figures ----------------------------------------------------


def counted_complaints(agency: str, from_date, to_date) -> list[dict]:
	"""The upheld complaints closed in the period that make the agency's P, oldest first."""
	start, end = bounds(from_date, to_date)
	complaint = frappe.qb.DocType("Complaint")
	reception = frappe.qb.DocType("Service Reception")
	return (
		frappe.qb.from_(complaint)
		.left_join(reception)
		.on(reception.name == complaint.service_reception)
		.select(
			complaint.name,
			complaint.closed_on,
			complaint.penalty_points,
			complaint.subject,
			reception.tracking_code,
		)
		.where(complaint.service_agency == agency)
		.where(complaint.closed_on >= start)
		.where(complaint.closed_on < end)
		.where(complaint.upheld == 1)
		.where(complaint.iso_stage == CLOSED)
		.orderby(complaint.closed_on)
		.run(as_dict=True)
	)


def satisfaction_by_item_group(agency: str, from_date, to_date) -> list[dict]:
	"""The agency's completed survey responses of the period by product group: how many, and their
	mean satisfaction %, most answered first."""
	start, end = bounds(from_date, to_date)
	response = frappe.qb.DocType("Survey Response")
	rows = (
		frappe.qb.from_(response)
		.select(
			response.item_group,
			Count("*").as_("responses"),
			Sum(response.satisfaction_percent).as_("total_percent"),
		)
		.where(response.service_agency == agency)
		.where(response.completed_on >= start)
		.where(response.completed_on < end)
		.where(response.status == SURVEY_COMPLETED)
		.groupby(response.item_group)
		.run(as_dict=True)
	)
	for row in rows:
		row.satisfaction = rules.satisfaction(row.total_percent, row.responses)
	return sorted(rows, key=lambda row: (-row.responses, row.item_group or ""))
