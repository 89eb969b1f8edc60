# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""First-Time Fix and Repeat Visits on crafted receptions, against counts made by hand. The
agencies, item groups and models are the class's own (a fresh code per run); the refusal of
non head-office users is tested with the other management reports (test_turnaround_time_by_agency)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.service_desk.report.turnaround_time_by_agency.test_turnaround_time_by_agency import (
	CANCELLED,
	DONE,
	HEAD_OFFICE,
	REFERRED,
	craft_reception,
	report,
	tag,
)
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency, make_item, make_item_group, make_user
from zhira_after_sales.utils.report_query import month_label

test_ignore = TEST_IGNORE


class TestFirstTimeFixRate(FrappeTestCase):
	"""Receptions of agencies A and B, devices D1..D8 (H: heater, C: cooler), 2023, by hand:

	    R1   A  D1 H         done 05-03            D1 back in R2 05-20 (17 d)         repeated
	    R2   A  D1 H         rec 05-20, done 05-23 (Khordad 2)                         not repeated
	    R3   A  D2 H         done 05-05            D2 back in R4 06-10 (36 d)         repeated only within 40 d
	    R4   A  D2 H         rec 06-10, open
	    R5   A  D3 H, D4 C   done 05-10 12:00      D4 back in R6 05-12, cancelled: no; D3 back in R7 05-15   repeated (H)
	    R6   -  D4 C         rec 05-12, cancelled
	    R7   B  D3 H         rec 05-15, open
	    R8   B  D5 C         done 05-08 12:00      D5 back in R9 06-05 08:00 (27.8 d, after the range)  repeated
	    R9   B  D5 C         rec 06-05, open
	    R10  B  C, no serial done 05-09            cannot come back                    not repeated
	    R14  B  D8 C         done 05-20                                                not repeated
	    R11  A  D6 H         done 04-30 23:00 (before the range), D6 back in R12 05-02: not counted
	    R12  A  D6 H         rec 05-02, open
	    R13  A  D7 H         cancelled 05-06: not done

	Range 2023-05-01 .. 2023-05-31, 30 days: done R1 R2 R3 R5 R8 R10 R14 = 7, repeated R1 R5 R8 = 3."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(HEAD_OFFICE, roles=("Reception Operator",))
		code = tag()
		cls.a = make_agency(f"ZT-FTF-A-{code}", f"نمایندگی رفع الف {code}")
		cls.b = make_agency(f"ZT-FTF-B-{code}", f"نمایندگی رفع ب {code}")
		cls.group = make_item_group(f"ZT FTF Appliances {code}", is_group=1)
		cls.heaters = make_item_group(f"ZT FTF Heaters {code}", parent=cls.group)
		cls.coolers = make_item_group(f"ZT FTF Coolers {code}", parent=cls.group)
		heater = make_item(f"ZT-FTF-H-{code}", cls.heaters, is_stock_item=0)
		cooler = make_item(f"ZT-FTF-C-{code}", cls.coolers, is_stock_item=0)
		h = {n: (heater, f"FTF-{code}-D{n}", None) for n in (1, 2, 3, 6, 7)}
		c = {n: (cooler, f"FTF-{code}-D{n}", None) for n in (4, 5, 8)}
		a, b = cls.a, cls.b

		def done(agency, devices, received, closed):
			return craft_reception(
				f"2023-{received}", agency, devices, f"2023-{received}", f"2023-{closed}", DONE
			)

		def received(agency, devices, at, status=REFERRED, closed=None):
			return craft_reception(
				f"2023-{at}",
				agency,
				devices,
				f"2023-{at}" if agency else None,
				f"2023-{closed}" if closed else None,
				status,
			)

		done(a, [h[1]], "05-01 09:00", "05-03 12:00")  # R1
		done(a, [h[1]], "05-20 09:00", "05-23 12:00")  # R2
		done(a, [h[2]], "05-03 09:00", "05-05 12:00")  # R3
		received(a, [h[2]], "06-10 09:00")  # R4
		done(a, [h[3], c[4]], "05-08 09:00", "05-10 12:00")  # R5
		received(None, [c[4]], "05-12 09:00", CANCELLED, "05-12 10:00")  # R6
		received(b, [h[3]], "05-15 09:00")  # R7
		done(b, [c[5]], "05-06 09:00", "05-08 12:00")  # R8
		received(b, [c[5]], "06-05 08:00")  # R9
		done(b, [(cooler, None, None)], "05-07 09:00", "05-09 12:00")  # R10
		done(b, [c[8]], "05-18 09:00", "05-20 12:00")  # R14
		done(a, [h[6]], "04-28 09:00", "04-30 23:00")  # R11
		received(a, [h[6]], "05-02 09:00")  # R12
		received(a, [h[7]], "05-04 09:00", CANCELLED, "05-06 12:00")  # R13

	def tearDown(self):
		frappe.set_user("Administrator")

	def fix_rate(self, group_by="Agency", **filters):
		return report(
			"First Time Fix Rate",
			{
				"group_by": group_by,
				"from_date": "2023-05-01",
				"to_date": "2023-05-31",
				"item_group": self.group,
				**filters,
			},
		)

	@staticmethod
	def rows(result) -> list[tuple]:
		"""(group, done, first-time fixed, repeated, first-time fix %, repeat %)."""
		return [
			(
				row["group_label"],
				row["done"],
				row["first_time_fixed"],
				row["repeated"],
				None if row["first_time_fix_percent"] is None else round(row["first_time_fix_percent"], 1),
				None if row["repeat_percent"] is None else round(row["repeat_percent"], 1),
			)
			for row in result["result"]
		]

	def test_per_agency(self):
		result = self.fix_rate()
		self.assertEqual(
			self.rows(result),
			[
				# A: R1 R2 R3 R5 done, R1 R5 repeated (by R2, R7): 2 / 4 = 50%
				(self.a, 4, 2, 2, 50.0, 50.0),
				# B: R8 R10 R14 done, R8 repeated (by R9): 2 / 3 = 66.7%
				(self.b, 3, 2, 1, 66.7, 33.3),
				# 4 / 7 = 57.1%, 3 / 7 = 42.9%
				("Total", 7, 4, 3, 57.1, 42.9),
			],
		)
		summary = {s["label"]: s["value"] for s in result["report_summary"]}
		self.assertEqual((summary["Done"], summary["Repeated"], summary["First-Time Fix %"]), (7, 3, 57.1))
		chart = result["chart"]["data"]
		self.assertEqual(chart["datasets"][0]["values"], [50.0, 66.7])

	def test_a_longer_repeat_window_catches_the_later_call_back(self):
		result = self.fix_rate(repeat_days=40)
		# R3's D2 came back 36 days later (R4): A 1 / 4 first time = 25%
		self.assertEqual(self.rows(result)[0], (self.a, 4, 1, 3, 25.0, 75.0))
		self.assertEqual(self.rows(result)[-1], ("Total", 7, 3, 4, 42.9, 57.1))

	def test_per_item_group_counts_a_reception_in_each_of_its_devices_groups(self):
		result = self.fix_rate("Item Group")
		self.assertEqual(
			self.rows(result),
			[
				# C: R5 (D4) R8 R10 R14 done; R8 repeated (R9); R5's D4 came back only in a cancelled one
				(self.coolers, 4, 3, 1, 75.0, 25.0),
				# H: R1 R2 R3 R5 (D3) done; R1 (R2) and R5 (R7) repeated
				(self.heaters, 4, 2, 2, 50.0, 50.0),
				# R5 is in both groups but once in the total
				("Total", 7, 4, 3, 57.1, 42.9),
			],
		)

	def test_the_item_group_filter_keeps_that_groups_devices(self):
		result = self.fix_rate(item_group=self.coolers)
		# A: R5 by its cooler D4 (not repeated); B: R8 R10 R14
		self.assertEqual(
			self.rows(result),
			[
				(self.b, 3, 2, 1, 66.7, 33.3),
				(self.a, 1, 1, 0, 100.0, 0.0),
				("Total", 4, 3, 1, 75.0, 25.0),
			],
		)

	def test_by_jalali_month_done(self):
		result = self.fix_rate("Jalali Month", service_agency=self.a)
		self.assertEqual(
			self.rows(result),
			[
				# Ordibehesht 1402 (to 05-21): R1 R3 R5, R1 R5 repeated
				(month_label(1402, 2), 3, 1, 2, 33.3, 66.7),
				# Khordad 1402: R2
				(month_label(1402, 3), 1, 1, 0, 100.0, 0.0),
				("Total", 4, 2, 2, 50.0, 50.0),
			],
		)

	def test_bad_filters_are_refused(self):
		for days in (0, -5, 5000):
			with self.assertRaises(frappe.ValidationError, msg=days) as caught:
				self.fix_rate(repeat_days=days)
			self.assertIn("Repeat Within Days", str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:
			self.fix_rate("Colour")
		self.assertIn("Group By", str(caught.exception))
