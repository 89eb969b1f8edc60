"""A reply handler for tests, registered with frappe.tests.utils.patch_hooks the way the survey
feature will register its own in hooks.py."""

import frappe
from frappe import _


class AnswerOutOfRange(frappe.ValidationError):
	pass


def record_answer(inbound, request, answer: int) -> str:
	"""Scores 1 to 5 are accepted and written as a comment on the survey SMS."""
	if not 1 <= answer <= 5:
		frappe.throw(_("Please answer with a number from 1 to 5."), exc=AnswerOutOfRange)
	frappe.get_doc("SMS Message", request.name).add_comment("Comment", f"survey answer {answer}")
	return f"score {answer}"


def crash(inbound, request, answer: int):
	raise RuntimeError("the survey module is down")


def echo_command(inbound) -> str | None:
	"""A command handler: takes "ping" and answers "pong"; passes on anything else."""
	return "pong" if (inbound.body or "").strip() == "ping" else None
