"""Is a device covered by its warranty for this service / part on this date, and if not, why?

Plain Python (no Frappe import) so the rule is tested in milliseconds. The Frappe wrapper that
loads a device's cards and translates the answer is `zhira_after_sales.warranty.api.get_coverage` (the endpoint: api.warranty.check_coverage).

    check(cards, on_date, service_type="تعمیر گارانتی", part="PRT-PUMP") -> Coverage

The answer's `reason` is a stable code (`Reason`), one of:

    covered              the card in force on that date covers the service and the part
    no_card              the serial has no warranty card
    not_started          a card exists but its warranty has not started (or starts later)
    expired              the last card ended before that date (`end_date` says when)
    service_not_covered  the card in force does not cover this service type
    part_not_covered     the card in force does not cover this part
    void                 the serial's only card(s) were voided
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

PARTS_ALL = "All"
PARTS_LISTED = "Listed"
PARTS_NONE = "None"


class Reason(str, Enum):
	COVERED = "covered"
	NO_CARD = "no_card"
	NOT_STARTED = "not_started"
	EXPIRED = "expired"
	SERVICE_NOT_COVERED = "service_not_covered"
	PART_NOT_COVERED = "part_not_covered"
	VOID = "void"

	def __str__(self) -> str:
		return self.value


@dataclass(frozen=True)
class Terms:
	"""What a plan covers. `service_types=None` means every service type."""

	service_types: frozenset[str] | None = None
	parts: str = PARTS_ALL
	listed_parts: frozenset[str] = frozenset()
	labor_covered: bool = True

	def covers_service(self, service_type: str | None) -> bool:
		return not service_type or self.service_types is None or service_type in self.service_types

	def covers_part(self, part: str | None) -> bool:
		if not part or self.parts == PARTS_ALL:
			return True
		if self.parts == PARTS_LISTED:
			return part in self.listed_parts
		return False


@dataclass(frozen=True)
class Card:
	name: str
	status: str  # Issued / Active / Expired / Void
	start_date: datetime.date | None = None
	end_date: datetime.date | None = None
	terms: Terms = field(default_factory=Terms)

	@property
	def started(self) -> bool:
		return self.status != "Void" and bool(self.start_date and self.end_date)

	def in_force_on(self, day: datetime.date) -> bool:
		return self.started and self.start_date <= day <= self.end_date


@dataclass(frozen=True)
class Coverage:
	covered: bool
	reason: Reason
	card: str | None = None
	start_date: datetime.date | None = None
	end_date: datetime.date | None = None
	labor_covered: bool | None = None


def check(
	cards: Iterable[Card],
	on_date: datetime.date,
	service_type: str | None = None,
	part: str | None = None,
) -> Coverage:
	"""The answer for one serial's cards (any order). A card in force on `on_date` is judged on
	its terms; otherwise the most telling reason wins: not started, then expired, then void."""
	cards = list(cards)
	live = [c for c in cards if c.status != "Void"]

	in_force = [c for c in live if c.in_force_on(on_date)]
	if in_force:
		card = max(in_force, key=lambda c: c.start_date)
		found = dict(card=card.name, start_date=card.start_date, end_date=card.end_date)
		if not card.terms.covers_service(service_type):
			return Coverage(False, Reason.SERVICE_NOT_COVERED, labor_covered=False, **found)
		if not card.terms.covers_part(part):
			return Coverage(False, Reason.PART_NOT_COVERED, labor_covered=card.terms.labor_covered, **found)
		return Coverage(True, Reason.COVERED, labor_covered=card.terms.labor_covered, **found)

	waiting = [c for c in live if not c.started or c.start_date > on_date]
	if waiting:
		card = min(waiting, key=lambda c: c.start_date or datetime.date.max)
		return Coverage(False, Reason.NOT_STARTED, card.name, card.start_date, card.end_date)

	ended = [c for c in live if c.started and c.end_date < on_date]
	if ended:
		card = max(ended, key=lambda c: c.end_date)
		return Coverage(False, Reason.EXPIRED, card.name, card.start_date, card.end_date)

	if cards:
		card = cards[-1]
		return Coverage(False, Reason.VOID, card.name, card.start_date, card.end_date)
	return Coverage(False, Reason.NO_CARD)
