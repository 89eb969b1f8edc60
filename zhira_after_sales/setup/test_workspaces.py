# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

"""The After Sales workspaces: every block names a record that exists, the role workspaces are
for their roles, and the Overdue Referrals card counts what its name says."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from zhira_after_sales.after_sales_setup.boot import extend_bootinfo, referral_overdue_days
from zhira_after_sales.api.reception import open_receptions_by_status
from zhira_after_sales.service_desk.doctype.service_reception.test_service_reception import (
	new_reception,
	setup_catalogue,
)
from zhira_after_sales.tests.factories import TEST_IGNORE, make_agency

test_ignore = TEST_IGNORE

WORKSPACES = ("After Sales", "Reception Desk", "After Sales Accounts")


class TestWorkspaces(FrappeTestCase):
	def test_every_block_names_an_existing_record(self):
		for name in WORKSPACES:
			workspace = frappe.get_doc("Workspace", name)
			for card in workspace.number_cards:
				self.assertTrue(frappe.db.exists("Number Card", card.number_card_name), (name, card))
			for chart in workspace.charts:
				self.assertTrue(frappe.db.exists("Dashboard Chart", chart.chart_name), (name, chart))
			for shortcut in workspace.shortcuts:
				target = "Report" if shortcut.type == "Report" else "DocType"
				self.assertTrue(frappe.db.exists(target, shortcut.link_to), (name, shortcut.label))
			for link in workspace.links:
				if link.type == "Link":
					self.assertTrue(frappe.db.exists(link.link_type, link.link_to), (name, link.link_to))
			named = {c.number_card_name for c in workspace.number_cards}
			named |= {c.chart_name for c in workspace.charts} | {s.label for s in workspace.shortcuts}
			named |= {link.label for link in workspace.links if link.type == "Card Break"}
			for block in json.loads(workspace.content):
				data = block["data"]
				key = next((k for k in data if k.endswith("_name")), None)
				if key:  # a block shows only what the workspace lists
					self.assertIn(data[key], named, (name, block))

	def test_the_daily_work_is_one_click_away(self):
		shortcuts = {s.label: s for s in frappe.get_doc("Workspace", "After Sales").shortcuts}
		self.assertEqual(shortcuts["New Reception"].doc_view, "New")
		for label in ("Receptions", "Reception Register", "Warranty Card", "SMS Outbox", "Unmatched SMS"):
			self.assertIn(label, shortcuts)
		unmatched = json.loads(shortcuts["Unmatched SMS"].stats_filter)
		self.assertIn(["SMS Message", "status", "=", "Unmatched", False], unmatched)

	def test_role_workspaces_are_for_their_roles(self):
		desk = {r.role for r in frappe.get_doc("Workspace", "Reception Desk").roles}
		self.assertIn("Reception Operator", desk)
		self.assertNotIn("Service Agency", desk)
		accounts = {r.role for r in frappe.get_doc("Workspace", "After Sales Accounts").roles}
		self.assertIn("Accounts Manager", accounts)
		self.assertNotIn("Reception Operator", accounts)


class TestOverdueReferrals(FrappeTestCase):
	def setUp(self):
		setup_catalogue()
		self.agency = make_agency("ZT-WS-AG", "نمایندگی آزمایشی میز کار", mobile_no="09130000951")

	def reception(self, referred_days_ago: int, closed: bool = False) -> str:
		name = new_reception(mobile="09135550951").insert().name
		values = {"service_agency": self.agency, "referred_on": add_days(today(), -referred_days_ago)}
		if closed:
			values["closed_on"] = today()
		frappe.db.set_value("Service Reception", name, values)
		return name

	def overdue(self) -> set[str]:
		"""What the card counts: its filters, and its dynamic filter (referred before today minus
		the setting's days, evaluated in the browser from the boot value) done here."""
		card = frappe.get_doc("Number Card", "Overdue Referrals")
		filters = [f[:4] for f in json.loads(card.filters_json)]
		dynamic = json.loads(card.dynamic_filters_json)
		self.assertEqual([f[:3] for f in dynamic], [["Service Reception", "referred_on", "<"]])
		self.assertIn("referral_overdue_days", dynamic[0][3])
		boot = frappe._dict()
		extend_bootinfo(boot)
		limit = add_days(getdate(today()), -boot.zhira_after_sales["referral_overdue_days"])
		filters.append(["Service Reception", "referred_on", "<", limit])
		return set(frappe.get_all("Service Reception", filters=filters, pluck="name"))

	def test_open_referrals_older_than_the_setting_are_overdue(self):
		frappe.db.set_single_value("After Sales Settings", "referral_overdue_days", 3)
		late = self.reception(5)
		fresh = self.reception(2)
		done = self.reception(5, closed=True)
		found = self.overdue()
		self.assertIn(late, found)
		self.assertNotIn(fresh, found)
		self.assertNotIn(done, found)
		# two days is the manager's limit now: the reception referred two days ago is late too
		frappe.db.set_single_value("After Sales Settings", "referral_overdue_days", 1)
		self.assertIn(fresh, self.overdue())

	def test_an_empty_setting_means_three_days(self):
		frappe.db.set_single_value("After Sales Settings", "referral_overdue_days", 0)
		self.assertEqual(referral_overdue_days(), 3)


class TestOpenReceptionsChart(FrappeTestCase):
	def setUp(self):
		setup_catalogue()

	def counts(self) -> dict:
		data = open_receptions_by_status()
		return dict(zip(data["labels"], data["datasets"][0]["values"], strict=True))

	def test_the_donut_counts_open_receptions_by_status(self):
		before = self.counts()
		opened = new_reception(mobile="09135550952").insert()
		closed = new_reception(mobile="09135550953").insert()
		frappe.db.set_value("Service Reception", closed.name, "closed_on", today())
		after = self.counts()
		# one more open reception in the new reception's status; the closed one is not counted
		self.assertEqual(after[opened.status], before.get(opened.status, 0) + 1)
		self.assertEqual(sum(after.values()), sum(before.values()) + 1)
