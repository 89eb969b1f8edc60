"""Periodic service, the rules: which visits a service guide plans for a device, how a visit done
moves the later ones, and what the daily job does with a visit on a given day. Plain Python (no
Frappe), tested in tests/unit/test_periodic_rules.py; the services are in service_desk/periodic.py.

Months are Jalali months, as the warranty counts them: "every 6 months" from 1405/01/15 is
1405/07/15 (a day the month lacks becomes its last day)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from zhira_after_sales.warranty.rules import add_jalali_months

# a visit's statuses
PLANNED = "Planned"
REMINDED = "Reminded"
RECEPTION_CREATED = "Reception Created"
DONE = "Done"
SKIPPED = "Skipped"
OVERDUE = "Overdue"
STATUSES = (PLANNED, REMINDED, RECEPTION_CREATED, DONE, SKIPPED, OVERDUE)
# a visit still to do: the daily job looks only at these
OPEN = (PLANNED, REMINDED, RECEPTION_CREATED, OVERDUE)
# a visit that has no reception yet (and so may be moved, reminded, opened)
WAITING = (PLANNED, REMINDED, OVERDUE)

FROM_START = "Start Date"
FROM_LAST_SERVICE = "Last Service"

# After Sales Settings' "Open the Reception"
ON_DUE_DATE = "On the Due Date"
ON_CONFIRMATION = "Customer Confirmation"

# what the daily job does with a visit
REMIND = "remind"
OPEN_RECEPTION = "open"
MARK_OVERDUE = "overdue"


@dataclass(frozen=True)
class Task:
	task: str
	service_type: str
	every_months: int
	occurrences: int
	first_after_months: int | None = None
	schedule_from: str = FROM_START
	only_under_warranty: bool = False
	only_under_contract: bool = False
	parts: tuple[tuple[str, float], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Visit:
	task: str
	due_date: datetime.date
	service_type: str
	parts: str


class GuideError(ValueError):
	"""A guide that cannot plan anything; the message says what to fix."""


# what check_tasks finds wrong with a guide (service_desk.periodic words each for the user)
TASK_TWICE = "task listed twice"
NO_INTERVAL = "no interval"
NO_VISITS = "no visits"
UNKNOWN_PART_TASK = "part of an unknown task"


def task_key(name: str) -> str:
	"""A task's name as the guide compares it (parts name their task this way too)."""
	return name.strip().casefold()


def check_tasks(tasks: Sequence[Task], part_tasks: Iterable[str]) -> list[tuple[str, str]]:
	"""What is wrong with a guide's tasks and parts, as (problem, the task or part's task named):
	[] when it can plan."""
	problems = []
	seen = set()
	for task in tasks:
		key = task_key(task.task)
		if key in seen:
			problems.append((TASK_TWICE, task.task))
		seen.add(key)
		if int(task.every_months or 0) < 1:
			problems.append((NO_INTERVAL, task.task))
		if int(task.occurrences or 0) < 1:
			problems.append((NO_VISITS, task.task))
	for name in part_tasks:
		if task_key(name) not in seen:
			problems.append((UNKNOWN_PART_TASK, name))
	return problems


def parts_text(parts: Iterable[tuple[str, float]]) -> str:
	"""The parts a visit replaces as one line each, "item × qty"."""
	return "\n".join(f"{item} × {format_qty(qty)}" for item, qty in parts)


def format_qty(qty: float) -> str:
	return str(int(qty)) if float(qty).is_integer() else f"{qty:g}"


def month_offsets(task: Task) -> list[int]:
	first = int(task.first_after_months) if task.first_after_months else int(task.every_months)
	return [first + k * int(task.every_months) for k in range(int(task.occurrences))]


def covered(task: Task, due: datetime.date, warranty_end, has_contract: bool, contract_end) -> bool:
	"""Whether a visit of `task` on `due` belongs to the plan: within the warranty for a task that
	needs it, within the contract for a task that needs one."""
	if task.only_under_warranty and (not warranty_end or due > warranty_end):
		return False
	if task.only_under_contract and (not has_contract or (contract_end and due > contract_end)):
		return False
	return True


def schedule(
	tasks: Sequence[Task],
	start: datetime.date,
	warranty_end: datetime.date | None = None,
	has_contract: bool = False,
	contract_end: datetime.date | None = None,
) -> list[Visit]:
	"""Every visit the guide plans from `start`, by due date (then task)."""
	visits = []
	for task in tasks:
		text = parts_text(task.parts)
		for months in month_offsets(task):
			due = add_jalali_months(start, months)
			if covered(task, due, warranty_end, has_contract, contract_end):
				visits.append(Visit(task.task, due, task.service_type, text))
	return sorted(visits, key=lambda v: (v.due_date, v.task))


def moved_dates(done_on: datetime.date, every_months: int, count: int) -> list[datetime.date]:
	"""The new due dates of the `count` visits of a "from last service" task still waiting after
	one is done on `done_on`: one interval apart from that day."""
	return [add_jalali_months(done_on, every_months * (k + 1)) for k in range(count)]


def actions_for(
	status: str,
	due: datetime.date,
	today: datetime.date,
	remind_days: int,
	grace_days: int,
	reception_on: str = ON_DUE_DATE,
	has_reception: bool = False,
) -> tuple[str, ...]:
	"""What the daily job does today with a visit, in order: remind the customer, open its
	reception, mark it overdue. A second run on the same day finds nothing to do: each action moves
	the visit to a status these rules no longer act on for that day.

	- reminded once, `remind_days` before the due date (not when its reception is already open);
	- with receptions opened on the due date: opened on the due date, or at the first run after it;
	  with customer confirmation, only the customer's answer opens one (service_desk.periodic);
	- overdue once `grace_days` have passed after the due date and the visit is not done (with or
	  without a reception)."""
	if status not in OPEN:
		return ()
	actions = []
	waiting = not has_reception and status != RECEPTION_CREATED
	if waiting and reception_on == ON_DUE_DATE and today >= due:
		actions.append(OPEN_RECEPTION)
	elif waiting and status == PLANNED and today >= due - datetime.timedelta(days=int(remind_days or 0)):
		actions.append(REMIND)
	if status != OVERDUE and today > due + datetime.timedelta(days=int(grace_days or 0)):
		actions.append(MARK_OVERDUE)
	return tuple(actions)


def horizon(today: datetime.date, remind_days: int) -> datetime.date:
	"""The latest due date the daily job needs to look at today (the reminder's lead)."""
	return today + datetime.timedelta(days=int(remind_days or 0))
