"""The agency score, as plain rules (DESIGN.md §3 "Agency score"). Plain Python: no Frappe import.

For one agency and one period:

    S = satisfaction %: the mean of the satisfaction % of its completed survey responses
    N = services it completed: its receptions that reached a Completed status in the period
    P = penalty points of its upheld complaints closed in the period
    score = clamp(S - w x P / max(N, 1), 0, 100)       w: After Sales Settings, default 10

- S is the mean over responses (each customer's call counts once), not the sum of scores over the
  sum of maximum scores: a longer survey template does not weigh more than a shorter one.
- No survey responses: S is unknown, and so is the score (None, shown as "no surveys"). Neither
  100 (a perfect score nobody gave) nor 0 (a failure nobody reported) would be true. N and P are
  still shown, so upheld complaints stay visible.
- No services: P is divided by 1 (max(N, 1)), so an agency that completed nothing still carries
  its penalties in full rather than escaping them by a division by zero.
- The score is kept between 0 and 100 and rounded to 2 decimals (what the scorecard stores).
"""

from collections.abc import Iterable

DEFAULT_WEIGHT = 10.0
LOWEST, HIGHEST = 0.0, 100.0
PRECISION = 2


def clamp(value: float, low: float = LOWEST, high: float = HIGHEST) -> float:
	return max(low, min(high, value))


def satisfaction(total_percent: float | None, responses: int) -> float | None:
	"""S from the sum of the responses' satisfaction % and their number; None without responses."""
	if not responses:
		return None
	return round(float(total_percent or 0) / responses, PRECISION)


def satisfaction_of(percents: Iterable[float | None]) -> float | None:
	"""S from the responses' satisfaction % themselves."""
	values = [float(p or 0) for p in percents]
	return satisfaction(sum(values), len(values))


def penalty_per_service(penalty_points: float | None, services: int | None) -> float:
	"""P / max(N, 1): the penalty points per completed service."""
	return float(penalty_points or 0) / max(int(services or 0), 1)


def score(
	satisfaction_percent: float | None,
	services: int | None,
	penalty_points: float | None,
	weight: float | None = DEFAULT_WEIGHT,
) -> float | None:
	"""clamp(S - w x P / max(N, 1), 0, 100), rounded; None when S is unknown (no surveys)."""
	if satisfaction_percent is None:
		return None
	weight = DEFAULT_WEIGHT if weight is None else float(weight)
	value = float(satisfaction_percent) - weight * penalty_per_service(penalty_points, services)
	return round(clamp(value), PRECISION)


def deduction(services: int | None, penalty_points: float | None, weight: float | None) -> float:
	"""w x P / max(N, 1): what the complaints take off S (before clamping)."""
	weight = DEFAULT_WEIGHT if weight is None else float(weight)
	return round(weight * penalty_per_service(penalty_points, services), PRECISION)


def rank(rows: list[dict], key: str = "score") -> list[dict]:
	"""Rows sorted best first with `rank` set: equal scores share a rank (1, 2, 2, 4); rows without a
	score (no surveys) come last, unranked (rank None), by fewest penalty points. Ties keep the order
	of `name` when the rows have one, so the list is stable."""
	scored = sorted(
		(row for row in rows if row.get(key) is not None),
		key=lambda row: (-row[key], str(row.get("name") or "")),
	)
	unscored = sorted(
		(row for row in rows if row.get(key) is None),
		key=lambda row: (float(row.get("penalty_points") or 0), str(row.get("name") or "")),
	)
	previous, position = None, 0
	for index, row in enumerate(scored, start=1):
		if row[key] != previous:
			position, previous = index, row[key]
		row["rank"] = position
	for row in unscored:
		row["rank"] = None
	return scored + unscored
