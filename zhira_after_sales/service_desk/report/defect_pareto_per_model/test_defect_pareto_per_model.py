# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Defect Pareto per Model on crafted receptions, against shares worked out by hand. The models,
item group and defect codes are the class's own (a fresh code per run); the refusal of non
head-office users is tested with the other management reports (test_turnaround_time_by_agency)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.service_desk.report.turnaround_time_by_agency.test_turnaround_time_by_agency import (
	CANCELLED,
	HEAD_OFFICE,
	craft_reception,
	report,
	tag,
)
from zhira_after_sales.tests.factories import TEST_IGNORE, make_item, make_item_group, make_user

test_ignore = TEST_IGNORE


def make_defect(code: str, name: str, item_group: str, parent: str | None = None, is_group: int = 0) -> str:
	if not frappe.db.exists("Defect Code", code):
		frappe.get_doc(
			{
				"doctype": "Defect Code",
				"code": code,
				"defect_name": name,
				"item_group": item_group,
				"parent_defect_code": parent,
				"is_group": is_group,
			}
		).insert(ignore_permissions=True)
	return code


class TestDefectParetoPerModel(FrappeTestCase):
	"""Models M and M2 of group G, defects K1..K4 of G; receptions received in May 2023, by hand:

	    R1..R3  M   K1 K2      R4  M  K1 K3      R5  M  K1 K4
	    R6      M2  K1 K3      R7  M2 K3
	    R8      M   K1, cancelled (left out)     R9  M  K2, received 2023-06-01 (outside)

	M:     K1 5, K2 3, K3 1, K4 1 = 10
	G:     K1 6, K2 3, K3 3, K4 1 = 13"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		code = tag()
		cls.group = make_item_group(f"ZT Pareto Models {code}")
		cls.model = make_item(f"ZT-PAR-M-{code}", cls.group, is_stock_item=0)
		cls.model2 = make_item(f"ZT-PAR-M2-{code}", cls.group, is_stock_item=0)
		parent = make_defect(f"ZT-PAR-{code}", f"Pareto defects {code}", cls.group, is_group=1)
		cls.k = {
			n: make_defect(f"ZT-PAR-{code}-K{n}", f"Defect K{n} {code}", cls.group, parent)
			for n in (1, 2, 3, 4)
		}
		k = cls.k

		def craft(model, defects, received="2023-05-10 10:00", status=None, closed=None):
			craft_reception(
				received,
				None,
				[(model, None, ", ".join(k[n] for n in defects))],
				status=status,
				closed_on=closed,
			)

		for _ in range(3):
			craft(cls.model, (1, 2))
		craft(cls.model, (1, 3))
		craft(cls.model, (1, 4))
		craft(cls.model2, (1, 3))
		craft(cls.model2, (3,))
		craft(cls.model, (1,), status=CANCELLED, closed="2023-05-11 10:00")
		craft(cls.model, (2,), received="2023-06-01 00:00")

	def tearDown(self):
		frappe.set_user("Administrator")

	def pareto(self, **filters):
		return report(
			"Defect Pareto per Model", {"from_date": "2023-05-01", "to_date": "2023-05-31", **filters}
		)

	@staticmethod
	def rows(result) -> list[tuple]:
		"""(code, name, count, %, cumulative %, vital few)."""
		return [
			(
				row.get("defect_code"),
				row.get("defect_name"),
				row["count"],
				round(row["percent"], 1),
				None if row.get("cumulative_percent") is None else round(row["cumulative_percent"], 1),
				row.get("vital_few"),
			)
			for row in result["result"]
		]

	def test_a_model_reaching_80_percent_exactly(self):
		k = self.k
		result = self.pareto(item=self.model)
		self.assertEqual(
			self.rows(result),
			[
				# 5 / 10, 3 / 10: 50% and 80% - the vital few end at 80%
				(k[1], frappe.db.get_value("Defect Code", k[1], "defect_name"), 5, 50.0, 50.0, "Yes"),
				(k[2], frappe.db.get_value("Defect Code", k[2], "defect_name"), 3, 30.0, 80.0, "Yes"),
				# equal counts by code; starts at 80%: not vital
				(k[3], frappe.db.get_value("Defect Code", k[3], "defect_name"), 1, 10.0, 90.0, ""),
				(k[4], frappe.db.get_value("Defect Code", k[4], "defect_name"), 1, 10.0, 100.0, ""),
				(None, "Total", 10, 100.0, None, None),
			],
		)
		summary = {s["label"]: s["value"] for s in result["report_summary"]}
		self.assertEqual(
			(
				summary["Defects"],
				summary["Defect Codes"],
				summary["Vital Few"],
				summary["Share of the Vital Few"],
			),
			(10, 4, 2, 80.0),
		)
		chart = result["chart"]["data"]
		self.assertEqual(chart["datasets"][0]["values"], [5, 3, 1, 1])

	def test_an_item_group_with_the_row_that_crosses_80_percent(self):
		k = self.k
		result = self.pareto(item_group=self.group)
		self.assertEqual(
			[(r[0], r[2], r[3], r[4], r[5]) for r in self.rows(result)],
			[
				(k[1], 6, 46.2, 46.2, "Yes"),  # 6 / 13
				(k[2], 3, 23.1, 69.2, "Yes"),  # 9 / 13
				(k[3], 3, 23.1, 92.3, "Yes"),  # 12 / 13: starts at 69.2%, crosses 80%
				(k[4], 1, 7.7, 100.0, ""),
				(None, 13, 100.0, None, None),
			],
		)

	def test_the_date_range(self):
		result = self.pareto(item=self.model, from_date="2023-06-01", to_date="2023-06-30")
		self.assertEqual(
			[(r[0], r[2], r[5]) for r in self.rows(result)], [(self.k[2], 1, "Yes"), (None, 1, None)]
		)
		self.assertEqual(
			self.pareto(item=self.model, from_date="2024-01-01", to_date="2024-01-31")["result"], []
		)
