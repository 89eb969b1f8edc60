# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""How customers answered each Happy Call question: per question, how many completed surveys
answered it and its satisfaction (Σ score ÷ Σ highest score); under it, per answer option, how
many chose it and their share of the question's answers.

The database counts the answers by question and option. The options nobody chose are listed with
0, from the question as it is now; an option chosen in the past that the question no longer has
is still listed (as it was answered). Questions come in the template's order when a template is
chosen, else in the order of their names; options in their number's order."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Max, Min, Sum

from zhira_after_sales.customer_care import report_rules, reports
from zhira_after_sales.customer_care.survey_rules import COMPLETED


def execute(filters=None):
	reports.require_head_office()
	filters = frappe._dict(filters or {})
	counts = answer_counts(filters)
	data = get_rows(counts, question_order(filters, counts))
	return get_columns(), data, None, get_chart(data), get_summary(filters, data)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "label", "label": _("Question / Answer"), "fieldtype": "Data", "width": 280},
		{"fieldname": "answers", "label": _("Answers"), "fieldtype": "Int", "width": 100},
		{"fieldname": "share", "label": _("Share %"), "fieldtype": "Percent", "precision": 1, "width": 110},
		{"fieldname": "score", "label": _("Score"), "fieldtype": "Float", "precision": 1, "width": 90},
		{
			"fieldname": "satisfaction_percent",
			"label": _("Satisfaction %"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 130,
		},
		{
			"fieldname": "question",
			"label": _("Survey Question"),
			"fieldtype": "Link",
			"options": "Survey Question",
			"width": 180,
		},
		{"fieldname": "question_text", "label": _("Question as Asked"), "fieldtype": "Data", "width": 320},
	]


def completed_surveys(filters):
	"""The completed surveys the filters choose."""
	response = frappe.qb.DocType("Survey Response")
	query = frappe.qb.from_(response).where(response.status == COMPLETED)
	query = reports.within(query, response.completed_on, filters)
	if filters.service_agency:
		query = query.where(response.service_agency == filters.service_agency)
	if filters.template:
		query = query.where(response.template == filters.template)
	return response, query


def answer_counts(filters) -> list[dict]:
	"""(question, option) -> how many chose it, with the option's number, score and the points."""
	response, query = completed_surveys(filters)
	answer = frappe.qb.DocType("Survey Response Answer")
	return (
		query.join(answer)
		.on(
			(answer.parent == response.name)
			& (answer.parenttype == "Survey Response")
			& (answer.parentfield == "answers")
		)
		.where(answer.option.isnotnull() & (answer.option != ""))
		.select(
			answer.question,
			answer.option,
			Min(answer.option_no).as_("option_no"),
			Max(answer.score).as_("option_score"),
			Count("*").as_("answers"),
			Sum(answer.score).as_("score_sum"),
			Sum(answer.max_score).as_("max_sum"),
		)
		.groupby(answer.question, answer.option)
		.run(as_dict=True)
	)


def question_order(filters, counts: list[dict]) -> list[str]:
	answered = {row.question for row in counts}
	if filters.template:
		ordered = frappe.get_all(
			"Survey Template Question",
			{"parent": filters.template, "parenttype": "Survey Template"},
			pluck="question",
			order_by="idx asc",
		)
		return [*ordered, *sorted(answered - set(ordered))]
	return sorted(answered)


def question_options(questions: list[str]) -> dict[str, list[dict]]:
	"""Each question's options as they are now, in their number's order."""
	rows = frappe.get_all(
		"Survey Answer Option",
		{"parent": ("in", questions or [""]), "parenttype": "Survey Question"},
		["parent", "label", "score", "idx"],
		order_by="parent asc, idx asc",
	)
	options: dict[str, list[dict]] = {}
	for row in rows:
		options.setdefault(row.parent, []).append(row)
	return options


def get_rows(counts: list[dict], questions: list[str]) -> list[dict]:
	by_question: dict[str, list[dict]] = {}
	for row in counts:
		by_question.setdefault(row.question, []).append(row)
	texts = dict(
		frappe.get_all(
			"Survey Question",
			{"name": ("in", questions or [""])},
			["name", "question_text"],
			as_list=1,
		)
	)
	current = question_options(questions)
	data = []
	for question in questions:
		chosen = {row.option: row for row in by_question.get(question, [])}
		answered = sum(row.answers for row in chosen.values())
		score = sum(float(row.score_sum or 0) for row in chosen.values())
		highest = sum(float(row.max_sum or 0) for row in chosen.values())
		data.append(
			{
				"row_id": question,
				"label": question,
				"question": question,
				"question_text": texts.get(question),
				"answers": answered,
				"satisfaction_percent": report_rules.percent(score, highest),
				"indent": 0,
				"is_question": 1,
			}
		)
		options = []
		for number, option in enumerate(current.get(question, []), start=1):
			row = chosen.pop(option.label, None)
			options.append((number, option.label, float(option.score or 0), row.answers if row else 0))
		for row in sorted(chosen.values(), key=lambda r: (r.option_no or 99, r.option)):
			options.append((row.option_no, row.option, float(row.option_score or 0), row.answers))
		for number, label, option_score, answers in options:
			data.append(
				{
					"row_id": f"{question}::{number}::{label}",
					"parent_row": question,
					"label": label,
					"option_no": number,
					"answers": answers,
					"share": report_rules.percent(answers, answered),
					"score": option_score,
					"indent": 1,
				}
			)
	return data


def get_chart(data: list[dict]) -> dict | None:
	"""The share of each answer number, per question (stacked to 100%)."""
	questions = [row for row in data if row.get("is_question") and row["answers"]]
	if not questions:
		return None
	numbers = sorted({row["option_no"] for row in data if row.get("indent") and row.get("option_no")})
	shares = {(row["parent_row"], row["option_no"]): row["share"] or 0 for row in data if row.get("indent")}
	return {
		"data": {
			"labels": [row["label"] for row in questions],
			"datasets": [
				{
					"name": _("Answer {0}").format(number),
					"values": [round(shares.get((row["question"], number), 0), 1) for row in questions],
				}
				for number in numbers
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"fieldtype": "Percent",
	}


def get_summary(filters, data: list[dict]) -> list[dict]:
	_response, query = completed_surveys(filters)
	surveys = query.select(Count("*")).run()[0][0]
	return [
		{"label": _("Completed Surveys"), "value": surveys, "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Questions"),
			"value": sum(1 for row in data if row.get("is_question")),
			"datatype": "Int",
			"indicator": "Blue",
		},
	]
