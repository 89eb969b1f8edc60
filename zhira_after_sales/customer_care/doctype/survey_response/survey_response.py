# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""A Happy Call (ISO 10004): the survey of one completed reception, by phone or SMS, its answers
and satisfaction %. Made by customer_care.survey when a reception completes (or by hand in the
desk for a completed reception); answered through customer_care.survey's complete(),
record_attempt() and record_sms_answer(). Rules: customer_care.survey_rules.

Other modules read `service_reception`, `service_agency`, `technician`, `status` ("Completed"
counts), `completed_on`, `score`, `max_score`, `satisfaction_percent` and `item_group`."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, now_datetime

from zhira_after_sales.customer_care import survey
from zhira_after_sales.customer_care import survey_rules as rules
from zhira_after_sales.exceptions import SurveyAnswerError, SurveyError


class SurveyResponse(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from zhira_after_sales.customer_care.doctype.survey_response_answer.survey_response_answer import (
			SurveyResponseAnswer,
		)

		answers: DF.Table[SurveyResponseAnswer]
		call_attempts: DF.Int
		channel: DF.Literal["Phone", "SMS"]
		completed_by: DF.Link | None
		completed_on: DF.Datetime | None
		customer: DF.Link | None
		customer_device: DF.Link | None
		customer_name: DF.Data | None
		dispatched_on: DF.Datetime | None
		due_on: DF.Datetime | None
		item_group: DF.Link | None
		last_attempt_on: DF.Datetime | None
		max_score: DF.Float
		mobile_no: DF.Data | None
		naming_series: DF.Literal["HC-.#####"]
		note: DF.SmallText | None
		reception_completed_on: DF.Datetime | None
		satisfaction_percent: DF.Percent
		score: DF.Float
		service_agency: DF.Link | None
		service_reception: DF.Link
		service_type: DF.Link | None
		sms_question: DF.Int
		status: DF.Literal["Pending", "Completed", "No Answer", "Refused"]
		technician: DF.Link | None
		template: DF.Link | None
		tracking_code: DF.Data | None

	# end: auto-generated types
	def validate(self):
		if self.is_new():
			self.fill_from_reception()
			self.set_template()
			self.set_questions()
			self.status = rules.PENDING
			self.due_on = survey.due_on()
		else:
			self.keep_questions()
		self.check_status_move()
		if self.was_final():
			self.keep_final_answers()
			return
		self.set_answers()
		self.set_totals()
		self.check_completion()

	def after_insert(self):
		if not self.flags.dispatch_later:  # survey.create_safely hands it out after its savepoint
			survey.dispatch_if_due(self)

	def on_update(self):
		before = self.get_doc_before_save()
		if self.status in rules.FINAL_STATUSES and (not before or before.status != self.status):
			survey.close_call(self)

	def onload(self):
		self.set_onload("questions", survey.form_questions(self))

	# --- on insert --------------------------------------------------------------------------------

	def fill_from_reception(self):
		"""Only a completed reception without a Happy Call gets one; the survey takes its customer,
		agency, technician and first device."""
		reception = frappe.get_doc("Service Reception", self.service_reception)
		if not survey.is_completed(reception.status):
			frappe.throw(
				_(
					"Reception {0} is not completed (status {1}): a Happy Call follows a completed service. Complete the reception first."
				).format(
					frappe.bold(reception.tracking_code or reception.name), frappe.bold(reception.status)
				),
				exc=SurveyError,
			)
		existing = survey.existing_for(reception.name)
		if existing:
			frappe.throw(
				_("Reception {0} has its Happy Call already: {1}.").format(
					frappe.bold(reception.tracking_code or reception.name), frappe.bold(existing)
				),
				exc=SurveyError,
			)
		device = reception.devices[0] if reception.devices else frappe._dict()
		self.update(
			{
				"tracking_code": reception.tracking_code,
				"customer": reception.customer,
				"customer_name": reception.customer_name,
				"mobile_no": reception.mobile_no,
				"service_agency": reception.service_agency,
				"technician": reception.technician,
				"reception_completed_on": reception.closed_on,
				"customer_device": device.get("customer_device"),
				"service_type": device.get("service_type"),
				"item_group": device.get("item_group"),
			}
		)

	def set_template(self):
		if self.template:
			if not frappe.db.get_value("Survey Template", self.template, "is_active"):
				frappe.throw(
					_("Survey Template {0} is inactive.").format(frappe.bold(self.template)), exc=SurveyError
				)
			return
		self.template = survey.template_for(self.service_type)
		if not self.template:
			frappe.throw(
				_(
					"No Survey Template for service type {0} and no default one: choose the Default Survey Template in After Sales Settings (Happy Call)."
				).format(frappe.bold(self.service_type or "-")),
				exc=SurveyError,
			)

	def set_questions(self):
		"""The template's questions, in order, each with its weight and highest score now (answers
		given with the new document are kept by question)."""
		given = {row.question: row for row in self.answers}
		template = frappe.get_doc("Survey Template", self.template)
		self.set("answers", [])
		for row in template.questions:
			question = frappe.get_cached_doc("Survey Question", row.question)
			answer = given.get(question.name) or frappe._dict()
			self.append(
				"answers",
				{
					"question": question.name,
					"question_text": question.question_text,
					"weight": flt(row.weight) or 1,
					"max_score": question.max_score,
					"option_no": cint(answer.get("option_no")),
					"option": answer.get("option"),
				},
			)

	# --- on every save ----------------------------------------------------------------------------

	def keep_questions(self):
		"""The questions, weights and SMS links stay as made; only the chosen answers change."""
		before = self.get_doc_before_save()
		if not before:
			return
		given = {row.question: row for row in self.answers}
		rows = []
		for old in before.answers:
			row = old.as_dict()
			new = given.get(old.question)
			if new is not None:
				row.update(option_no=cint(new.option_no), option=new.option)
			rows.append(row)
		self.set("answers", rows)

	def check_status_move(self):
		before = self.get_doc_before_save()
		current = before.status if before else None
		problem = rules.transition_problem(current, self.status)
		if not problem:
			return
		messages = {
			rules.UNKNOWN_STATUS: _("{0} is not a Happy Call status.").format(frappe.bold(self.status)),
			rules.FINAL_STATUS: _("Happy Call {0} is {1} already; it cannot become {2}.").format(
				self.name, _(current), _(self.status)
			),
			rules.BACK_TO_PENDING: _("Happy Call {0} is {1}; it does not go back to Pending.").format(
				self.name, _(current)
			),
		}
		frappe.throw(messages[problem], exc=SurveyError)

	def was_final(self) -> bool:
		before = self.get_doc_before_save()
		return bool(before and before.status in rules.FINAL_STATUSES)

	def keep_final_answers(self):
		"""A completed or refused survey is history: its answers and its score stay as they were
		(even if a question's options are edited later); only the note may change."""
		before = self.get_doc_before_save()
		old = {row.question: (cint(row.option_no), row.option or "") for row in before.answers}
		if any(old.get(row.question) != (cint(row.option_no), row.option or "") for row in self.answers):
			frappe.throw(
				_("Happy Call {0} is {1}: its answers no longer change.").format(self.name, _(before.status)),
				exc=SurveyError,
			)
		for fieldname in ("score", "max_score", "satisfaction_percent", "completed_on", "completed_by"):
			self.set(fieldname, before.get(fieldname))

	def set_answers(self):
		"""Each chosen answer (by number, or by its text) takes its text and score from the question;
		an answer that is not one of the question's options is refused."""
		for row in self.answers:
			options = survey.question_options(row.question)
			number = cint(row.option_no)
			if not number and row.option:
				labels = [option.label for option in options]
				number = labels.index(row.option) + 1 if row.option in labels else -1
			if not number:
				row.option_no, row.option, row.score = 0, None, 0
				continue
			try:
				chosen = rules.chosen_option(options, number)
			except ValueError:
				frappe.throw(
					_("Question {0}: {1} is not one of its answers. Choose a number from 1 to {2}.").format(
						frappe.bold(row.question),
						frappe.bold(row.option if number < 0 else number),
						len(options),
					),
					exc=SurveyAnswerError,
					title=_("Answer not allowed"),
				)
			row.option_no, row.option, row.score = number, chosen.label, chosen.score
			row.max_score = rules.max_score(options)

	def rule_answers(self) -> list[rules.Answer]:
		return [
			rules.Answer(row.score if row.option_no else None, flt(row.max_score), flt(row.weight))
			for row in self.answers
		]

	def set_totals(self):
		answers = self.rule_answers()
		self.score, self.max_score = rules.weighted_totals(answers)
		self.satisfaction_percent = rules.satisfaction_percent(answers) or 0

	def check_completion(self):
		if self.status != rules.COMPLETED:
			self.completed_on = self.completed_by = None
			return
		missing = rules.unanswered(self.rule_answers())
		if missing:
			names = ", ".join(self.answers[number - 1].question for number in missing)
			frappe.throw(
				_("Answer every question before completing the Happy Call. Not answered: {0}").format(names),
				exc=SurveyError,
				title=_("Happy Call not complete"),
			)
		if not self.completed_on:
			self.completed_on = now_datetime()
			self.completed_by = None if self.flags.answered_by_sms else frappe.session.user


def on_doctype_update():
	# the agency score and the reports: an agency's completed surveys by date
	frappe.db.add_index("Survey Response", ["service_agency", "completed_on"])
	# the scheduler's surveys waiting for their delay
	frappe.db.add_index("Survey Response", ["status", "due_on"])
	# the ranking of all agencies for a period (customer_care.agency_score; also patch
	# agency_score_indexes for existing sites)
	frappe.db.add_index(
		"Survey Response",
		["completed_on", "status", "service_agency", "satisfaction_percent"],
		"completed_on_status_agency_index",
	)
