"""Happy Call (ISO 10004): a survey for every completed reception, asked by phone or by SMS.

When a reception's status moves to a status of the category Completed (by hand, by a technician,
or by head office approving the last Service Invoice), one Survey Response is made for it, from
the survey template of its service type, else the default template of After Sales Settings. A
reception has one Happy Call at most: completing it again (after a reopening) makes none.

    create_for_reception(reception) -> name | None   idempotent; refuses a reception not completed
    create_safely(reception)                          the same from another document's save: a
                                                      failure is noted on the reception, never raised
    on_service_completed(invoice)                     the `zhira_service_completed` hook
    on_reception_update(reception)                    doc_events Service Reception on_update

It is handed to the customer once due (After Sales Settings: delay in hours; `dispatch_due` runs
on the scheduler), by the channel the settings choose:

- **Phone**: a ToDo for a call-centre operator: the user chosen in the settings, else the user with
  the role Reception Operator who has the fewest open Happy Calls (ties: the one assigned longest
  ago, so equal operators take turns). The operator asks the questions in the keyboard-only form
  and completes it, or records No Answer (the ToDo stays open for another try) or Refused.
- **SMS**: the first question is texted (SMS event "Survey Request", its template filled with
  `question`, `options`, `question_no` and `question_count`), the customer answers with the
  option's digit, and each answer sends the next question; the last answer completes the survey
  and thanks the customer. Every question of the template is asked, one SMS each, so keep SMS
  templates short. A digit that is not an option is refused with a reply saying which digits are;
  an answer to a question answered already, or to a closed survey, is refused politely. A survey
  the customer stops answering stays Pending with the answers so far: an operator can finish it by
  phone. When the SMS cannot be sent at all (no mobile, SMS switched off) the Happy Call goes to
  the call centre instead.

Completing needs every question answered; a completed or refused survey is final.
"""

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.query_builder import Case
from frappe.query_builder.functions import Max, Sum
from frappe.utils import add_to_date, cint, get_datetime, getdate, now_datetime, strip_html_tags

from zhira_after_sales.consts import OPERATOR_ROLE
from zhira_after_sales.customer_care import survey_rules as rules
from zhira_after_sales.exceptions import SurveyAnswerError, SurveyError
from zhira_after_sales.messaging.guard import guarded
from zhira_after_sales.messaging.outbox import queue_sms, send_event
from zhira_after_sales.service_desk.status import category_of

DOCTYPE = "Survey Response"
SMS_EVENT = "Survey Request"
COMPLETED_CATEGORY = "Completed"
PHONE, SMS = "Phone", "SMS"


def setting(fieldname: str):
	return frappe.db.get_single_value("After Sales Settings", fieldname)


# --- which template -------------------------------------------------------------------------------


def template_for(service_type: str | None) -> str | None:
	"""The active template of the service type, else the default of After Sales Settings (if
	active)."""
	if service_type:
		own = frappe.db.get_value("Survey Template", {"service_type": service_type, "is_active": 1}, "name")
		if own:
			return own
	default = setting("default_survey_template")
	if default and frappe.db.get_value("Survey Template", default, "is_active"):
		return default
	return None


def question_options(question: str) -> list[rules.Option]:
	doc = frappe.get_cached_doc("Survey Question", question)
	return [rules.Option(row.label, row.score) for row in doc.options]


# --- creation ---------------------------------------------------------------------------------------


def is_completed(reception_status: str | None) -> bool:
	return category_of(reception_status) == COMPLETED_CATEGORY


def existing_for(reception: str) -> str | None:
	return frappe.db.get_value(DOCTYPE, {"service_reception": reception}, "name")


def create_for_reception(reception: str, dispatch: bool = True) -> str | None:
	"""The reception's Happy Call, made now if it has none and is completed; None if it is not
	completed. Runs with the system's rights: whoever completed the reception need not be head
	office."""
	existing = existing_for(reception)
	if existing:
		return existing
	if not is_completed(frappe.db.get_value("Service Reception", reception, "status")):
		return None
	doc = frappe.get_doc(
		{"doctype": DOCTYPE, "service_reception": reception, "channel": setting("survey_channel") or PHONE}
	)
	doc.flags.ignore_permissions = True
	doc.flags.dispatch_later = not dispatch
	doc.insert()
	return doc.name


def create_safely(reception: str) -> str | None:
	"""create_for_reception() from another document's save (a status change, an invoice approval):
	if the Happy Call cannot be made (no survey template, ...) that save still succeeds and the
	reason is noted on the reception's timeline."""
	messages_before = len(frappe.local.message_log)
	with guarded() as outcome:
		name = create_for_reception(reception, dispatch=False)
	if not outcome.failed:
		if name:
			dispatch_safely(name)
		return name
	# the refusal is in the comment below, not in the response of the save that completed the work
	del frappe.local.message_log[messages_before:]
	if not isinstance(outcome.error, frappe.ValidationError):
		outcome.log("Happy Call: creation failed", "Service Reception", reception)
	reason = strip_html_tags(str(outcome.error)) or type(outcome.error).__name__
	frappe.get_doc("Service Reception", reception).add_comment(
		"Comment", _("No Happy Call was made for this reception: {0}").format(reason)
	)
	return None


def dispatch_safely(name: str):
	"""Hand a new Happy Call out after it is stored, outside the savepoint that stored it: handing it
	out may commit (Frappe sends an assignment's notification mail at once in its test mode, and
	that mail commits), which would end the savepoint. If it fails, the survey stays stored and
	not handed out: the scheduler's dispatch_due tries again, and the reason is on its timeline."""
	doc = frappe.get_doc(DOCTYPE, name)
	messages_before = len(frappe.local.message_log)
	try:
		dispatch_if_due(doc)
	except Exception as error:
		del frappe.local.message_log[messages_before:]
		frappe.log_error(
			"Happy Call: could not be handed out", reference_doctype=DOCTYPE, reference_name=name
		)
		doc.db_set("dispatched_on", None, update_modified=False)
		doc.add_comment(
			"Comment",
			_(
				"This Happy Call could not be handed out yet ({0}); it is tried again every 15 minutes."
			).format(strip_html_tags(str(error)) or type(error).__name__),
		)


def on_service_completed(invoice):
	"""`zhira_service_completed`: head office approved a Service Invoice; once that completed its
	reception (every device invoiced), the reception gets its Happy Call."""
	if invoice.service_reception:
		create_safely(invoice.service_reception)


def on_reception_update(reception):
	"""A reception saved with a status change into the category Completed gets its Happy Call."""
	moved = reception.flags.status_changed
	if moved and is_completed(reception.status) and not existing_for(reception.name):
		create_safely(reception.name)


# --- handing it to the customer ----------------------------------------------------------------------


def due_on(start=None):
	return add_to_date(start or now_datetime(), hours=cint(setting("survey_delay_hours")))


def dispatch_if_due(doc):
	if not doc.dispatched_on and doc.status == rules.PENDING and get_datetime(doc.due_on) <= now_datetime():
		dispatch(doc)


def dispatch(doc):
	"""Hand the survey to the call centre (ToDo) or text its first question."""
	doc.db_set("dispatched_on", now_datetime(), update_modified=False)
	if doc.channel == SMS:
		row = next_question(doc)
		if row and not send_question(doc, row):
			return switch_to_phone(doc)
		if row:
			return
	assign_call(doc)


def dispatch_due(*, commit: bool = True) -> int:
	"""Scheduler: Happy Calls whose delay has passed, committed one by one (commit=False: the
	caller owns the transaction). One that fails is logged and tried again next time; the others
	go on."""
	names = frappe.get_all(
		DOCTYPE,
		{"status": rules.PENDING, "dispatched_on": ("is", "not set"), "due_on": ("<=", now_datetime())},
		pluck="name",
		order_by="due_on asc",
		limit=500,
	)
	done = 0
	for name in names:
		# no savepoint around the handing out: it may commit (see dispatch_safely)
		try:
			dispatch(frappe.get_doc(DOCTYPE, name))
		except Exception:
			if commit:
				frappe.db.rollback()  # this survey's partial writes; the ones before are committed
			frappe.log_error("Happy Call: dispatch failed", reference_doctype=DOCTYPE, reference_name=name)
		else:
			done += 1
		if commit:
			frappe.db.commit()  # nosemgrep: a scheduler job, one survey at a time
	return done


def pick_operator() -> str | None:
	"""The call-centre user for a new Happy Call: the one chosen in After Sales Settings, else the
	enabled Reception Operator with the fewest open Happy Calls, then the one assigned longest ago."""
	chosen = setting("survey_operator")
	if chosen and frappe.db.get_value("User", chosen, "enabled"):
		return chosen
	users = frappe.get_all(
		"User",
		filters={
			"enabled": 1,
			"user_type": "System User",
			"name": ("in", operators() or [""]),
		},
		pluck="name",
	)
	if not users:
		return None
	todo = frappe.qb.DocType("ToDo")
	rows = (
		frappe.qb.from_(todo)
		.select(
			todo.allocated_to,
			Sum(Case().when(todo.status == "Open", 1).else_(0)),
			Max(todo.creation),
		)
		.where(todo.reference_type == DOCTYPE)
		.where(todo.allocated_to.isin(users))
		.groupby(todo.allocated_to)
	).run()
	never = get_datetime("1900-01-01")
	load = {user: (int(open_count or 0), last or never) for user, open_count, last in rows}
	return min(users, key=lambda user: (*load.get(user, (0, never)), user))


def operators() -> list[str]:
	return [
		user
		for user in frappe.get_all(
			"Has Role", {"role": OPERATOR_ROLE, "parenttype": "User"}, pluck="parent", distinct=True
		)
		if user not in ("Administrator", "Guest")
	]


def assign_call(doc) -> str | None:
	user = pick_operator()
	if not user:
		doc.add_comment(
			"Comment",
			_(
				"No call-centre user to give this Happy Call to: give users the role Reception Operator, or choose one in After Sales Settings."
			),
		)
		return None
	# the ToDo itself (what assign_to.add makes, without its notification mail: the operator works
	# from the ToDo list, and Frappe sends that mail - and commits - at once in its test mode)
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"reference_type": DOCTYPE,
			"reference_name": doc.name,
			"assigned_by": frappe.session.user,
			"description": _("Happy Call: {0} ({1}), service {2}").format(
				doc.customer_name, doc.mobile_no or "-", doc.tracking_code or doc.service_reception
			),
			"date": getdate(doc.due_on or now_datetime()),
		}
	).insert(ignore_permissions=True)
	return user


def close_call(doc):
	assign_to.close_all_assignments(DOCTYPE, doc.name, ignore_permissions=True)


def switch_to_phone(doc):
	doc.db_set("channel", PHONE, update_modified=False)
	doc.add_comment(
		"Comment", _("The survey SMS could not be sent, so the Happy Call goes to the call centre.")
	)
	assign_call(doc)


# --- SMS -------------------------------------------------------------------------------------------------


def next_question(doc):
	return next((row for row in doc.answers if not row.option_no), None)


def send_question(doc, row) -> bool:
	"""Text question `row` (the template's "Survey Request" SMS, filled by template_context);
	False if the SMS could not be stored for sending."""
	doc.sms_question = row.idx
	sms = send_event(SMS_EVENT, doc)
	row.db_set("sms_message", sms, update_modified=False)
	doc.db_set("sms_question", row.idx, update_modified=False)
	return frappe.db.get_value("SMS Message", sms, "status") != "Failed"


def template_context(doc) -> dict:
	"""`zhira_sms_template_context`: a Survey Response's SMS asks its current question."""
	if doc.doctype != DOCTYPE:
		return {}
	index = cint(doc.sms_question) or ((next_question(doc) or frappe._dict(idx=1)).idx)
	if not doc.answers or index > len(doc.answers):
		return {}
	row = doc.answers[index - 1]
	return {
		"question": row.question_text or row.question,
		"options": rules.options_line(question_options(row.question)),
		"question_no": index,
		"question_count": len(doc.answers),
	}


def record_sms_answer(inbound, request, answer: int) -> str | None:
	"""`zhira_sms_reply_handlers` for "Survey Request": the customer's digit answers the question
	that SMS asked. Raises (and Messaging replies with the message) for a digit that is not an
	option, a question answered already, or a closed survey."""
	if request.reference_doctype != DOCTYPE or not request.reference_name:
		return None
	if not frappe.db.exists(DOCTYPE, request.reference_name):
		return None
	doc = frappe.get_doc(DOCTYPE, request.reference_name)
	row = next((row for row in doc.answers if row.sms_message == request.name), None)
	if row is None:
		return None
	if doc.status in rules.FINAL_STATUSES:
		frappe.throw(_("Thank you: your answers to this survey were recorded already."), exc=SurveyError)
	if row.option_no:
		frappe.throw(_("Thank you: your answer to this question was recorded already."), exc=SurveyError)
	options = question_options(row.question)
	try:
		rules.chosen_option(options, answer)
	except ValueError:
		frappe.throw(
			_("{0} is not one of the answers. Please reply with one digit from 1 to {1}.").format(
				answer, len(options)
			),
			exc=SurveyAnswerError,
		)
	row.option_no = answer
	doc.flags.ignore_permissions = True
	following = next_question(doc)
	if following:
		doc.save()
		send_question(doc, following)
		return _("Happy Call {0}: question {1} answered; question {2} sent.").format(
			doc.name, row.idx, following.idx
		)
	doc.status = rules.COMPLETED
	doc.flags.answered_by_sms = True
	doc.save()
	queue_sms(
		inbound.from_number,
		_("Thank you for answering our survey."),
		reference_doctype=DOCTYPE,
		reference_name=doc.name,
		gateway=inbound.gateway,
	)
	return _("Happy Call {0} completed by SMS: satisfaction {1}%.").format(doc.name, doc.satisfaction_percent)


# --- the call centre's form -------------------------------------------------------------------------------


def form_questions(doc) -> list[dict]:
	"""Each answer row's question with its numbered options, for the keyboard form."""
	questions = []
	for row in doc.answers:
		options = question_options(row.question) if frappe.db.exists("Survey Question", row.question) else []
		questions.append(
			{
				"row": row.name,
				"question": row.question,
				"text": row.question_text or row.question,
				"weight": row.weight,
				"options": [{"label": o.label, "score": o.score} for o in options],
			}
		)
	return questions


def set_answers(doc, answers: dict):
	"""{question: option number} onto the answer rows (checked on save)."""
	rows = {row.question: row for row in doc.answers}
	for question, number in (answers or {}).items():
		if question not in rows:
			frappe.throw(
				_("Question {0} is not in Happy Call {1}.").format(frappe.bold(question), doc.name),
				exc=SurveyAnswerError,
			)
		rows[question].option_no = cint(number) if number not in (None, "") else 0


def complete(name: str, answers: dict | None = None, note: str | None = None) -> dict:
	"""The operator's call succeeded: the answers, the note, Completed, in one save (refused as a
	whole: an answer outside the options or a question left unanswered saves nothing)."""
	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission("write")
	set_answers(doc, answers)
	if note is not None:
		doc.note = note
	count_attempt(doc)
	doc.status = rules.COMPLETED
	doc.save()
	return summary(doc)


def record_attempt(name: str, outcome: str, note: str | None = None, answers: dict | None = None) -> dict:
	"""A call that did not complete the survey: No Answer (it stays with the operator for another
	try) or Refused (final). Counted and noted on the timeline; the answers given before the call
	ended are kept."""
	if outcome not in rules.ATTEMPT_OUTCOMES:
		frappe.throw(
			_("A call attempt ends with No Answer or Refused, not {0}.").format(frappe.bold(outcome)),
			exc=SurveyError,
		)
	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission("write")
	set_answers(doc, answers)
	if note is not None:
		doc.note = note
	count_attempt(doc)
	doc.status = outcome
	doc.save()
	text = _("Call attempt {0}: {1}").format(doc.call_attempts, _(outcome))
	doc.add_comment("Info", text + (f" - {note}" if note else ""))
	return summary(doc)


def count_attempt(doc):
	doc.call_attempts = cint(doc.call_attempts) + 1
	doc.last_attempt_on = now_datetime()


def summary(doc) -> dict:
	return {
		"name": doc.name,
		"status": doc.status,
		"call_attempts": doc.call_attempts,
		"score": doc.score,
		"max_score": doc.max_score,
		"satisfaction_percent": doc.satisfaction_percent,
	}
