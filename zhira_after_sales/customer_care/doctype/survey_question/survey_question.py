# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""A Happy Call question (ISO 10004) with its scored answer options, read out or texted in
order; the customer answers with an option's number (customer_care.survey_rules)."""

import frappe
from frappe import _
from frappe.model.document import Document

from zhira_after_sales.customer_care import survey_rules as rules
from zhira_after_sales.exceptions import SurveyError
from zhira_after_sales.utils.fields import normalize_text_fields


class SurveyQuestion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.customer_care.doctype.survey_answer_option.survey_answer_option import (
			SurveyAnswerOption,
		)

		is_active: DF.Check
		max_score: DF.Float
		options: DF.Table[SurveyAnswerOption]
		question: DF.Data
		question_text: DF.SmallText

	# end: auto-generated types
	def before_naming(self):
		# the name is taken from `question`: normalise it first so the two agree
		normalize_text_fields(self, "question")

	def validate(self):
		normalize_text_fields(self, "question", "question_text")
		for row in self.options:
			normalize_text_fields(row, "label")
		self.validate_options()
		self.max_score = rules.max_score(self.rule_options())

	def rule_options(self) -> list[rules.Option]:
		return [rules.Option(row.label, row.score) for row in self.options]

	def validate_options(self):
		problems = rules.option_problems(self.rule_options())
		if problems:
			frappe.throw(
				"<br>".join(option_message(code, number) for code, number in problems),
				exc=SurveyError,
				title=_("Answer options"),
			)


def option_message(code: str, number: int | None) -> str:
	return {
		rules.NO_OPTIONS: _("Add the answers the customer chooses from, each with its score."),
		rules.TOO_MANY_OPTIONS: _(
			"A question has at most {0} answers: the customer answers with one digit."
		).format(rules.MAX_OPTIONS),
		rules.EMPTY_LABEL: _("Answer {0} has no text.").format(number),
		rules.DUPLICATE_LABEL: _("Answer {0} repeats an earlier answer's text.").format(number),
		rules.NEGATIVE_SCORE: _("Answer {0}: a score cannot be negative; give the worst answer 0.").format(
			number
		),
		rules.NO_POSITIVE_SCORE: _(
			"Give the best answer a score above 0: a question every answer scores 0 on measures nothing."
		),
	}[code]
