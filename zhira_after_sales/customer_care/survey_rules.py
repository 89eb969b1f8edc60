"""Happy Call surveys (ISO 10004) as plain rules: a question's answer options, the satisfaction a
set of answers gives, and how a survey's status may move. Plain Python: no Frappe import. The
DocTypes turn each problem code into a translated message.

Satisfaction: each answered question contributes its chosen option's score and the question's
highest score, both times the question's weight in the template:

    satisfaction % = 100 × Σ(weight · score) / Σ(weight · max score)

Unanswered questions count in neither sum. No answers at all give no satisfaction (None): a
survey nobody answered says nothing about the service.

Options are chosen by their number, 1 to 9: the operator's keys 1..9 and the customer's one-digit
SMS answer. A question has 1 to 9 options with distinct labels, no negative score and at least one
score above zero (a question everyone scores 0 on measures nothing).

Statuses:

    Pending -> Completed | No Answer | Refused
    No Answer -> No Answer (another attempt) | Completed | Refused
    Completed, Refused: final

Completing needs every question answered.
"""

from collections.abc import Iterable
from dataclasses import dataclass

MAX_OPTIONS = 9  # chosen by one digit

PENDING = "Pending"
COMPLETED = "Completed"
NO_ANSWER = "No Answer"
REFUSED = "Refused"
STATUSES = (PENDING, COMPLETED, NO_ANSWER, REFUSED)
FINAL_STATUSES = (COMPLETED, REFUSED)
# the outcomes of a call attempt that did not complete the survey
ATTEMPT_OUTCOMES = (NO_ANSWER, REFUSED)

# problem codes
NO_OPTIONS = "no_options"
TOO_MANY_OPTIONS = "too_many_options"
EMPTY_LABEL = "empty_label"
DUPLICATE_LABEL = "duplicate_label"
NEGATIVE_SCORE = "negative_score"
NO_POSITIVE_SCORE = "no_positive_score"
OPTION_OUT_OF_RANGE = "option_out_of_range"
UNKNOWN_STATUS = "unknown_status"
FINAL_STATUS = "final_status"
BACK_TO_PENDING = "back_to_pending"


@dataclass(frozen=True)
class Option:
	label: str
	score: float


@dataclass(frozen=True)
class Answer:
	"""One question of a survey: the chosen option's score (None: not answered yet), the
	question's highest score and its weight."""

	score: float | None
	max_score: float
	weight: float = 1.0

	@property
	def answered(self) -> bool:
		return self.score is not None


# --- a question's options ------------------------------------------------------------------------


def option_problems(options: Iterable[Option]) -> list[tuple[str, int | None]]:
	"""What is wrong with a question's options: (code, 1-based option number or None)."""
	options = list(options)
	problems: list[tuple[str, int | None]] = []
	if not options:
		return [(NO_OPTIONS, None)]
	if len(options) > MAX_OPTIONS:
		problems.append((TOO_MANY_OPTIONS, None))
	seen: set[str] = set()
	for number, option in enumerate(options, start=1):
		label = (option.label or "").strip()
		if not label:
			problems.append((EMPTY_LABEL, number))
		elif label in seen:
			problems.append((DUPLICATE_LABEL, number))
		seen.add(label)
		if (option.score or 0) < 0:
			problems.append((NEGATIVE_SCORE, number))
	if not any((option.score or 0) > 0 for option in options):
		problems.append((NO_POSITIVE_SCORE, None))
	return problems


def max_score(options: Iterable[Option]) -> float:
	return max((float(option.score or 0) for option in options), default=0.0)


def chosen_option(options: list[Option], number) -> Option:
	"""The option chosen by its number (1-based); ValueError(OPTION_OUT_OF_RANGE) for a number
	that is not one of them."""
	try:
		index = int(number)
	except (TypeError, ValueError):
		raise ValueError(OPTION_OUT_OF_RANGE) from None
	if not 1 <= index <= len(options):
		raise ValueError(OPTION_OUT_OF_RANGE)
	return options[index - 1]


def options_line(options: Iterable[Option], separator: str = "  ") -> str:
	"""The options as one line to read out or text: "1- Excellent  2- Good  3- Poor"."""
	return separator.join(f"{number}- {option.label}" for number, option in enumerate(options, start=1))


# --- satisfaction ----------------------------------------------------------------------------------


def weighted_totals(answers: Iterable[Answer]) -> tuple[float, float]:
	"""(Σ weight · score, Σ weight · max score) over the answered questions."""
	score = total = 0.0
	for answer in answers:
		if not answer.answered:
			continue
		weight = float(answer.weight or 0)
		score += weight * float(answer.score)
		total += weight * float(answer.max_score or 0)
	return score, total


def satisfaction_percent(answers: Iterable[Answer], precision: int = 2) -> float | None:
	"""100 × Σ(weight · score) / Σ(weight · max score) over the answered questions; None when
	nothing was answered (or nothing answered could score)."""
	score, total = weighted_totals(answers)
	if total <= 0:
		return None
	return round(100 * score / total, precision)


def unanswered(answers: Iterable[Answer]) -> list[int]:
	"""1-based numbers of the questions not answered yet."""
	return [number for number, answer in enumerate(answers, start=1) if not answer.answered]


# --- status ------------------------------------------------------------------------------------------


def transition_problem(current: str | None, target: str) -> str | None:
	"""Why a survey may not move from `current` to `target` (None: it may)."""
	if target not in STATUSES:
		return UNKNOWN_STATUS
	if not current or current == target:
		return None
	if current in FINAL_STATUSES:
		return FINAL_STATUS
	if target == PENDING:
		return BACK_TO_PENDING
	return None
