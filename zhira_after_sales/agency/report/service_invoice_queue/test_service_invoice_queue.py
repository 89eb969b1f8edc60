# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Service Invoice Queue and the Pending … Invoices number cards: the counts per invoice type and
state move by exactly the invoices filed, for head office; agency B's user sees only agency B's
invoices in the report and in the cards' counts (through the real API).

Other test modules leave committed invoices of the same agencies behind, so counts are compared
before and after the invoices filed here."""

import json

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	AGENCY_B_USER,
	MANAGER,
	PAID_REPAIR,
	WAGE,
	make_reception,
	new_invoice,
	setup_world,
)
from zhira_after_sales.tests.factories import TEST_IGNORE
from zhira_after_sales.tests.rest import call

test_ignore = TEST_IGNORE

REPORT = "Service Invoice Queue"
TYPES = ("Installation", "Warranty Repair", "Paid Repair", "Periodic Service")
STATES = ("draft", "pending", "approved", "rejected")
CARDS = {t: f"Pending {t} Invoices" for t in TYPES}
OLD_PENDING_DAYS = 30


def file_invoice(w, invoice_type: str, state: str, agency=None, device=None) -> str:
	"""A real invoice of `invoice_type` left in `state` ("draft", "pending", "approved",
	"rejected"). The decision itself is the approval workflow's business (tested with it); here
	only its outcome on the record matters, so approval_status is written directly."""
	device = device or w.covered
	reception = make_reception(w, agency=agency, devices=[device])
	services = None if invoice_type == "Warranty Repair" else [{"service_type": PAID_REPAIR}]
	values = {"services": services} if services else {}
	invoice = new_invoice(reception, device, invoice_type, **values).insert()
	if state == "draft":
		return invoice.name
	invoice.submit()
	if state in ("approved", "rejected"):
		frappe.db.set_value("Service Invoice", invoice.name, "approval_status", state.title())
	return invoice.name


def queue(filters=None, user="Administrator") -> tuple[dict, dict]:
	"""The report as `user` runs it: {invoice type (or "Total"): row}, and the chart."""
	frappe.set_user(user)
	try:
		result = run(REPORT, filters=filters or {}, ignore_prepared_report=True)
	finally:
		frappe.set_user("Administrator")
	rows = {row["invoice_type_key"] or "Total": row for row in result["result"]}
	return rows, result["chart"]


def counts(rows: dict) -> dict:
	return {key: {state: row[state] for state in STATES} for key, row in rows.items()}


def delta(before: dict, after: dict) -> dict:
	return {
		key: {state: after[key][state] - before[key][state] for state in STATES}
		for key in after
		if any(after[key][state] != before[key][state] for state in STATES)
	}


class TestServiceInvoiceQueue(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = setup_world()
		cls.before_a, _chart = queue({"agency": w.agency_a}, MANAGER)
		cls.before_b_user, _chart = queue({}, AGENCY_B_USER)
		cls.before_card_counts = {t: card_count(CARDS[t], AGENCY_B_USER) for t in TYPES}
		# agency A
		for invoice_type, state in (
			("Installation", "draft"),
			("Installation", "pending"),
			("Warranty Repair", "draft"),
			("Warranty Repair", "pending"),
			("Warranty Repair", "pending"),
			("Warranty Repair", "approved"),
			("Warranty Repair", "rejected"),
			("Paid Repair", "pending"),
			("Paid Repair", "rejected"),
			("Periodic Service", "approved"),
		):
			file_invoice(w, invoice_type, state)
		cls.old_pending = file_invoice(w, "Installation", "pending")
		frappe.db.set_value(
			"Service Invoice",
			cls.old_pending,
			"submitted_on",
			add_days(now_datetime(), -OLD_PENDING_DAYS),
		)
		# agency B
		cls.b_pending = file_invoice(w, "Warranty Repair", "pending", agency=w.agency_b)
		cls.b_draft = file_invoice(w, "Paid Repair", "draft", agency=w.agency_b)
		frappe.db.commit()  # nosemgrep: the number cards are counted through the API

	def test_head_office_counts_per_type_and_state(self):
		after, chart = queue({"agency": self.w.agency_a}, MANAGER)
		self.assertEqual(
			delta(counts(self.before_a), counts(after)),
			{
				"Installation": {"draft": 1, "pending": 2, "approved": 0, "rejected": 0},
				"Warranty Repair": {"draft": 1, "pending": 2, "approved": 1, "rejected": 1},
				"Paid Repair": {"draft": 0, "pending": 1, "approved": 0, "rejected": 1},
				"Periodic Service": {"draft": 0, "pending": 0, "approved": 1, "rejected": 0},
				"Total": {"draft": 2, "pending": 5, "approved": 2, "rejected": 2},
			},
		)
		self.assertEqual(list(after)[:4], list(TYPES))
		# the wages waiting for head office: two warranty repairs at the rate card's wage
		self.assertEqual(
			after["Warranty Repair"].pending_wages - self.before_a["Warranty Repair"].pending_wages, 2 * WAGE
		)
		self.assertEqual(after["Paid Repair"].pending_wages, self.before_a["Paid Repair"].pending_wages)
		self.assertEqual(
			after["Installation"].oldest_pending_days,
			max(OLD_PENDING_DAYS, self.before_a["Installation"].oldest_pending_days or 0),
		)
		self.assertEqual(
			after["Total"].oldest_pending_days,
			max(row.oldest_pending_days or 0 for key, row in after.items() if key != "Total"),
		)
		# the chart draws the same numbers
		datasets = {d["name"]: d["values"] for d in chart["data"]["datasets"]}
		self.assertEqual(datasets["Pending"], [after[t].pending for t in TYPES])
		self.assertEqual(datasets["Rejected"], [after[t].rejected for t in TYPES])

	def test_cancelled_invoices_and_other_dates_are_left_out(self):
		before, _chart = queue({"agency": self.w.agency_a}, MANAGER)
		name = file_invoice(self.w, "Periodic Service", "pending")
		frappe.get_doc("Service Invoice", name).cancel()
		after, _chart = queue({"agency": self.w.agency_a}, MANAGER)
		self.assertEqual(counts(after), counts(before))
		tomorrow = add_days(now_datetime(), 1).date()
		future, _chart = queue({"agency": self.w.agency_a, "from_date": tomorrow}, MANAGER)
		self.assertEqual(future["Total"].draft + future["Total"].pending, 0)

	def test_agency_b_sees_only_its_own_invoices(self):
		b_user, _chart = queue({}, AGENCY_B_USER)
		# its own new invoices are counted ...
		self.assertEqual(
			delta(counts(self.before_b_user), counts(b_user)),
			{
				"Warranty Repair": {"draft": 0, "pending": 1, "approved": 0, "rejected": 0},
				"Paid Repair": {"draft": 1, "pending": 0, "approved": 0, "rejected": 0},
				"Total": {"draft": 1, "pending": 1, "approved": 0, "rejected": 0},
			},
		)
		# ... and nothing else: what head office sees of agency B, not of everyone
		head_office_b, _chart = queue({"agency": self.w.agency_b}, MANAGER)
		self.assertEqual(counts(b_user), counts(head_office_b))
		everyone, _chart = queue({}, MANAGER)
		self.assertGreater(everyone["Total"].pending, b_user["Total"].pending)
		# asking for agency A's invoices gives nothing
		foreign, _chart = queue({"agency": self.w.agency_a}, AGENCY_B_USER)
		self.assertEqual(sum(n for row in counts(foreign).values() for n in row.values()), 0)
		self.assertEqual(foreign["Total"].pending_wages, 0)

	def test_agency_a_does_not_count_agency_bs_invoices(self):
		a_user, _chart = queue({}, AGENCY_A_USER)
		head_office_a, _chart = queue({"agency": self.w.agency_a}, MANAGER)
		self.assertEqual(counts(a_user), counts(head_office_a))

	def test_number_cards_count_only_the_agencys_own_pending_invoices(self):
		for invoice_type in TYPES:
			card = frappe.get_doc("Number Card", CARDS[invoice_type])
			self.assertEqual((card.document_type, card.function), ("Service Invoice", "Count"))
			filters = json.loads(card.filters_json)
			head_office = frappe.get_list(
				"Service Invoice", filters=[f[:4] for f in filters], fields=["agency"], limit_page_length=0
			)
			own = sum(1 for row in head_office if row.agency == self.w.agency_b)
			with self.subTest(card=card.name):
				count = card_count(card.name, AGENCY_B_USER)
				self.assertEqual(count, own)
				self.assertEqual(card_result(card, AGENCY_B_USER), own)
				self.assertEqual(card_count(card.name, MANAGER), len(head_office))
				expected_new = 1 if invoice_type == "Warranty Repair" else 0
				self.assertEqual(count - self.before_card_counts[invoice_type], expected_new)
		# agency A has pending invoices of every type but Periodic Service; B's user counts none
		for invoice_type in ("Installation", "Warranty Repair", "Paid Repair"):
			self.assertGreater(
				card_count(CARDS[invoice_type], MANAGER), card_count(CARDS[invoice_type], AGENCY_B_USER)
			)


def card_count(card_name: str, user: str) -> int:
	"""frappe.client.get_count with the card's filters, as `user` through the API."""
	filters = json.loads(frappe.db.get_value("Number Card", card_name, "filters_json"))
	response = call(
		"POST",
		"/api/method/frappe.client.get_count",
		user,
		json={"doctype": "Service Invoice", "filters": [f[:4] for f in filters]},
	)
	assert response.status_code == 200, response.json
	return response.json["message"]


def card_result(card, user: str) -> int:
	"""What the card itself shows (the desk's number card endpoint), as `user`."""
	response = call(
		"POST",
		"/api/method/frappe.desk.doctype.number_card.number_card.get_result",
		user,
		json={"doc": card.as_dict(convert_dates_to_str=True), "filters": card.filters_json},
	)
	assert response.status_code == 200, response.json
	return int(response.json["message"])
