"""Declared defects of a reception's devices: codes typed or picked (one per line, or separated
by commas, Persian commas or semicolons), checked against the model's item group.

`parse_codes` and `check_defects` are plain Python (no Frappe import at module level, so they are
unit-tested without a site); `load_defects` reads every code of a reception in one query."""

import re
from dataclasses import dataclass

SEPARATORS = re.compile(r"[\n,،؛;]+")


@dataclass(frozen=True)
class Defect:
	code: str
	defect_name: str
	item_group: str | None
	is_group: bool
	is_active: bool


class DefectProblem(Exception):
	"""`kind` is "unknown" (not an active leaf code) or "scope" (a defect of another group)."""

	def __init__(self, kind: str, code: str, defect: Defect | None = None):
		super().__init__(kind, code)
		self.kind, self.code, self.defect = kind, code, defect


def parse_codes(text: str | None) -> list[str]:
	"""Codes in the order typed, upper case, each once."""
	codes = [c.strip().upper() for c in SEPARATORS.split(text or "") if c.strip()]
	return list(dict.fromkeys(codes))


def check_defects(codes: list[str], defects: dict[str, Defect], lineage: list[str]) -> list[Defect]:
	"""The defects of `codes` for a device whose item group lineage (nearest first) is `lineage`;
	raises DefectProblem for the first code that is not an active leaf or belongs to a group
	outside the lineage."""
	found = []
	for code in codes:
		defect = defects.get(code)
		if not defect or defect.is_group or not defect.is_active:
			raise DefectProblem("unknown", code, defect)
		if defect.item_group and defect.item_group not in lineage:
			raise DefectProblem("scope", code, defect)
		found.append(defect)
	return found


def load_defects(codes) -> dict[str, Defect]:
	"""The Defect Codes named in `codes`, in one query."""
	import frappe

	codes = sorted(set(codes))
	if not codes:
		return {}
	rows = frappe.get_all(
		"Defect Code",
		filters={"name": ("in", codes)},
		fields=["name", "defect_name", "item_group", "is_group", "is_active"],
	)
	return {
		r.name: Defect(r.name, r.defect_name, r.item_group, bool(r.is_group), bool(r.is_active)) for r in rows
	}
