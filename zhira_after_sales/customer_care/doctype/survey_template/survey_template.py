# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The questions of a Happy Call, in order, each with its weight in the satisfaction %. One active
template per service type; the default (After Sales Settings, Happy Call) serves the rest."""

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.exceptions import SurveyError
from zhira_after_sales.utils.fields import normalize_text_fields


class SurveyTemplate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.customer_care.doctype.survey_template_question.survey_template_question import (
			SurveyTemplateQuestion,
		)

		is_active: DF.Check
		questions: DF.Table[SurveyTemplateQuestion]
		service_type: DF.Link | None
		template_name: DF.Data

	# end: auto-generated types
	def before_naming(self):
		normalize_text_fields(self, "template_name")

	def validate(self):
		normalize_text_fields(self, "template_name")
		self.validate_questions()
		self.validate_service_type()

	def validate_questions(self):
		if not self.questions:
			frappe.throw(_("Add the questions of the survey."), exc=SurveyError)
		seen = set()
		for row in self.questions:
			if row.question in seen:
				frappe.throw(
					_("Row {0}: question {1} is in the survey already.").format(
						row.idx, frappe.bold(row.question)
					),
					exc=SurveyError,
				)
			seen.add(row.question)
			if not frappe.db.get_value("Survey Question", row.question, "is_active"):
				frappe.throw(
					_("Row {0}: question {1} is inactive. Activate it or choose another.").format(
						row.idx, frappe.bold(row.question)
					),
					exc=SurveyError,
				)
			if (row.weight or 0) <= 0:
				frappe.throw(
					_(
						"Row {0}: the weight of question {1} must be above 0 (1 counts it like the others)."
					).format(row.idx, frappe.bold(row.question)),
					exc=SurveyError,
				)

	def validate_service_type(self):
		if not (self.service_type and self.is_active):
			return
		other = frappe.db.get_value(
			"Survey Template",
			{"service_type": self.service_type, "is_active": 1, "name": ("!=", self.name)},
			"name",
		)
		if other:
			frappe.throw(
				_(
					"Service type {0} has its survey template already: {1}. Deactivate that one, or leave Service Type empty here."
				).format(frappe.bold(self.service_type), frappe.bold(other)),
				exc=SurveyError,
			)
