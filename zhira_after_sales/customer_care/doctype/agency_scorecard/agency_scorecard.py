# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Agency Scorecard: an agency's score for one Jalali month as it was when the month was
snapshotted (customer_care.scorecards), so history does not change when old data is edited later.
One per agency and month, named <agency>-<year>-<month>. Nobody creates or edits one by hand: the
daily job snapshots the month that has just ended, a manager recomputes a snapshotted month only
with a reason (api.agency_score.recompute), and the form's history shows what changed."""

import frappe
from frappe.model.document import Document

from zhira_after_sales.utils import jalali


def scorecard_name(agency: str, year: int, month: int) -> str:
	return f"{agency}-{int(year)}-{int(month):02d}"


def period_label(year: int, month: int) -> str:
	"""1405/09"""
	return f"{int(year)}/{int(month):02d}"


class AgencyScorecard(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link
		agency_name: DF.Data | None
		complaints_count: DF.Int
		computed_by: DF.Link | None
		computed_on: DF.Datetime
		deduction: DF.Float
		jalali_month: DF.Int
		jalali_year: DF.Int
		no_surveys: DF.Check
		penalty_points: DF.Float
		period_end: DF.Date
		period_label: DF.Data
		period_start: DF.Date
		recompute_reason: DF.SmallText | None
		responses_count: DF.Int
		satisfaction: DF.Float
		score: DF.Float
		services_completed: DF.Int
		source: DF.Literal["Scheduler", "Manager"]
		weight: DF.Float
	# end: auto-generated types

	def autoname(self):
		self.name = scorecard_name(self.agency, self.jalali_year, self.jalali_month)

	def validate(self):
		self.set_period()

	def set_period(self):
		"""The month's Gregorian first and last days and its label, from the Jalali year and month."""
		self.period_start, self.period_end = jalali.month_range(self.jalali_year, self.jalali_month)
		self.period_label = period_label(self.jalali_year, self.jalali_month)


def on_doctype_update():
	frappe.db.add_unique(
		"Agency Scorecard", ["agency", "period_start"], constraint_name="unique_agency_month"
	)
