# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Agency Parts Request: an agency asks, head office approves lines and sends, each send a real
ERPNext document posted all or nothing; bad input is named; each agency sees only its own
requests; cancelling never leaves a send behind silently. Balances are read from the stock
ledger and the GL."""

import re
from unittest.mock import patch

import frappe
from erpnext.stock import get_warehouse_account_map
from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry
from erpnext.stock.utils import get_stock_balance
from frappe.tests.utils import FrappeTestCase
from frappe.utils import flt, getdate, today

from zhira_after_sales.agency import parts_request
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	AGENCY_B_USER,
	CANCELLED,
	MANAGER,
	OPERATOR,
	TECH_USER,
	make_reception,
	setup_world,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice_approval import (
	party_balance,
)
from zhira_after_sales.exceptions import HeadOfficeOnlyError, PartsRequestError
from zhira_after_sales.tests.factories import (
	TEST_IGNORE,
	make_agency,
	make_item,
	make_item_group,
	stores_warehouse,
)
from zhira_after_sales.tests.rest import call, get_json

test_ignore = TEST_IGNORE

DOCTYPE = "Agency Parts Request"
VALUATION = 800_000
PRICE = 1_200_000
LEDGERS = ("Purchase Invoice", "Stock Entry", "Sales Invoice", "GL Entry", "Stock Ledger Entry")


def counts() -> dict:
	return {doctype: frappe.db.count(doctype) for doctype in LEDGERS}


def setup_parts(w) -> frappe._dict:
	"""Idempotent: the central warehouse in After Sales Settings, two stock parts with a standard
	selling price, a non-stock item, a part without a price."""
	if not frappe.db.get_single_value("After Sales Settings", "parts_warehouse"):
		frappe.db.set_single_value("After Sales Settings", "parts_warehouse", stores_warehouse())
	group = make_item_group("ZT Parts Request Parts")
	w.central = frappe.db.get_single_value("After Sales Settings", "parts_warehouse")
	w.company = frappe.db.get_value("Warehouse", w.central, "company")
	w.consignment = frappe.db.get_value("Service Agency", w.agency_a, "consignment_warehouse")
	w.part = make_item("ZT-PRQ-PUMP", group)
	w.valve = make_item("ZT-PRQ-VALVE", group)
	w.unpriced = make_item("ZT-PRQ-UNPRICED", group)
	w.labour = make_item("ZT-PRQ-LABOUR", group, is_stock_item=0)
	for item in (w.part, w.valve):
		if not frappe.db.exists(
			"Item Price", {"item_code": item, "price_list": parts_request.selling_price_list()}
		):
			frappe.get_doc(
				{
					"doctype": "Item Price",
					"item_code": item,
					"price_list": parts_request.selling_price_list(),
					"price_list_rate": PRICE,
				}
			).insert(ignore_permissions=True)
	return w


def as_administrator(fn, **kwargs):
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		return fn(**kwargs)
	finally:
		frappe.set_user(user)


def stock_up(w, item, qty):
	as_administrator(
		make_stock_entry, item_code=item, qty=qty, to_warehouse=w.central, rate=VALUATION, company=w.company
	)


def new_request(request_type="Warranty", items=(), reception=None, **values):
	return frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"request_type": request_type,
			"service_reception": reception,
			"items": [{"item": item, "qty": qty} for item, qty in items],
			**values,
		}
	)


class PartsRequestTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_parts(setup_world())

	def tearDown(self):
		frappe.set_user("Administrator")

	def submitted(self, items, request_type="Warranty", reception=None, user=AGENCY_A_USER, **values):
		"""A request the agency filed and submitted, returned as head office sees it."""
		if request_type == "Warranty" and not reception:
			reception = make_reception(self.w)
		frappe.set_user(user)
		doc = new_request(request_type, items, reception, **values).insert()
		doc.submit()
		frappe.set_user(MANAGER)
		return frappe.get_doc(DOCTYPE, doc.name)

	def balances(self, item) -> tuple[float, float]:
		return (
			flt(get_stock_balance(item, self.w.central)),
			flt(get_stock_balance(item, self.w.consignment)),
		)

	def gl_debit(self, account, vouchers) -> float:
		rows = frappe.get_all(
			"GL Entry",
			filters={"voucher_no": ("in", vouchers), "account": account, "is_cancelled": 0},
			fields=["sum(debit) - sum(credit) as balance"],
		)
		return flt(rows[0].balance)

	def assert_refused(self, exc, message, fn, *args):
		"""`fn` raises `exc` matching `message`, and nothing is posted."""
		before = counts()
		self.assertRaisesRegex(exc, message, fn, *args)
		self.assertEqual(counts(), before)


class TestSending(PartsRequestTestCase):
	def test_a_warranty_request_sent_in_two_parts_moves_stock_to_the_consignment_warehouse(self):
		w = self.w
		stock_up(w, w.part, 5)
		central, consignment = self.balances(w.part)
		request = self.submitted([(w.part, 3)])
		self.assertEqual((request.agency, request.technician), (w.agency_a, w.technician))
		self.assertEqual((request.status, getdate(request.request_date)), ("Pending", getdate(today())))
		self.assertEqual(request.items[0].line_status, "Pending")

		parts_request.approve_lines(request)  # every pending line at the requested quantity
		request.reload()
		row = request.items[0]
		self.assertEqual((row.line_status, row.approved_qty, row.to_send_qty), ("Approved", 3, 3))
		self.assertEqual(request.approved_by, MANAGER)

		first = parts_request.fulfil(request, {row.name: 1})
		request.reload()
		self.assertEqual(
			(request.status, request.items[0].sent_qty, request.items[0].to_send_qty), ("Partly Sent", 1, 2)
		)
		se = frappe.get_doc("Stock Entry", first)
		self.assertEqual((se.docstatus, se.purpose), (1, "Material Transfer"))
		self.assertEqual(
			[(i.item_code, i.qty, i.s_warehouse, i.t_warehouse) for i in se.items],
			[(w.part, 1, w.central, w.consignment)],
		)
		self.assertEqual(self.balances(w.part), (central - 1, consignment + 1))

		second = parts_request.fulfil(request, {row.name: 2})
		request.reload()
		self.assertEqual(
			(request.status, request.total_sent_qty, request.items[0].to_send_qty), ("Sent", 3, 0)
		)
		self.assertEqual(
			[(f.reference_doctype, f.reference_name, f.qty) for f in request.fulfilments],
			[("Stock Entry", first, 1), ("Stock Entry", second, 2)],
		)
		self.assertEqual(self.balances(w.part), (central - 3, consignment + 3))

		# the consignment stock account carries the value of what was moved there
		accounts = get_warehouse_account_map(w.company)
		consignment_account = accounts[w.consignment].account
		self.assertNotEqual(consignment_account, accounts[w.central].account)
		self.assertEqual(self.gl_debit(consignment_account, [first, second]), 3 * VALUATION)
		self.assertEqual(self.gl_debit(accounts[w.central].account, [first, second]), -3 * VALUATION)

		self.assert_refused(
			PartsRequestError,
			f"Parts row 1: only 0 of .*{w.part}.* are left to send",
			parts_request.fulfil,
			request,
			{row.name: 1},
		)

	def test_a_purchase_request_bills_the_agency_at_the_standard_price(self):
		w = self.w
		stock_up(w, w.part, 3)
		central, _consignment = self.balances(w.part)
		balance = party_balance(w.agency_a)
		request = self.submitted([(w.part, 2)], "Purchase")
		self.assertEqual((request.items[0].rate, request.total_amount), (PRICE, 2 * PRICE))
		self.assertFalse(request.service_reception)

		parts_request.approve_lines(request)
		name = parts_request.fulfil(request, {request.items[0].name: 2})
		si = frappe.get_doc("Sales Invoice", name)
		self.assertEqual((si.docstatus, si.update_stock, si.grand_total), (1, 1, 2 * PRICE))
		self.assertEqual(si.customer, frappe.db.get_value("Service Agency", w.agency_a, "customer"))
		self.assertEqual([(i.item_code, i.qty, i.warehouse) for i in si.items], [(w.part, 2, w.central)])
		self.assertEqual(party_balance(w.agency_a), balance + 2 * PRICE)
		self.assertEqual(self.balances(w.part)[0], central - 2)
		request.reload()
		self.assertEqual(request.status, "Sent")
		self.assertEqual(
			[(f.reference_doctype, f.reference_name, f.amount) for f in request.fulfilments],
			[("Sales Invoice", name, 2 * PRICE)],
		)

	def test_voided_lines_are_not_sent_and_a_lowered_approval_caps_the_send(self):
		w = self.w
		stock_up(w, w.part, 10)
		stock_up(w, w.valve, 10)
		request = self.submitted([(w.part, 4), (w.valve, 2)])
		part, valve = (row.name for row in request.items)

		self.assertRaisesRegex(
			PartsRequestError,
			r"Parts row 1: Approved Qty \(5\) cannot be more than the requested 4",
			parts_request.approve_lines,
			request,
			{part: 5},
		)
		request.reload()
		parts_request.approve_lines(request, {part: 3}, void=[valve])
		request.reload()
		self.assertEqual(
			[(r.line_status, r.approved_qty) for r in request.items], [("Approved", 3), ("Void", 0)]
		)
		self.assert_refused(
			PartsRequestError,
			f"Parts row 1: only 3 of .*{w.part}.* are left to send \\(approved 3, already sent 0\\); 4 asked",
			parts_request.fulfil,
			request,
			{part: 4},
		)
		self.assert_refused(
			PartsRequestError,
			f"Parts row 2: .*{w.valve}.* is Void; only approved lines are sent",
			parts_request.fulfil,
			request,
			{part: 1, valve: 1},
		)
		self.assert_refused(
			PartsRequestError, "cannot be negative", parts_request.fulfil, request, {part: -1}
		)
		self.assert_refused(
			PartsRequestError, "at least one approved line", parts_request.fulfil, request, {part: 0}
		)

		name = parts_request.fulfil(request, {part: 2})
		self.assertEqual([i.item_code for i in frappe.get_doc("Stock Entry", name).items], [w.part])
		request.reload()
		self.assertEqual(request.status, "Partly Sent")

		request.items[0].approved_qty = 1
		self.assertRaisesRegex(PartsRequestError, "cannot be less than the 2 already sent", request.save)
		request.reload()
		self.assertRaisesRegex(PartsRequestError, "already sent", parts_request.void_lines, request, [part])
		request.reload()
		# head office closes the line at what was sent: nothing is left to send
		parts_request.approve_lines(request, {part: 2})
		request.reload()
		self.assertEqual((request.status, request.total_sent_qty, request.total_approved_qty), ("Sent", 2, 2))

	def test_a_stock_shortage_is_named_and_nothing_is_posted(self):
		w = self.w
		scarce = make_item("ZT-PRQ-SCARCE", "ZT Parts Request Parts")
		stock_up(w, scarce, 1)
		stock_up(w, w.part, 1)
		available = flt(get_stock_balance(scarce, w.central))
		request = self.submitted([(w.part, 1), (scarce, available + 2)])
		parts_request.approve_lines(request)
		request.reload()
		self.assert_refused(
			PartsRequestError,
			f"{re.escape(w.central)}.*holds {available:g} of.*{scarce}.*this send needs {available + 2:g}",
			parts_request.fulfil,
			request,
			{row.name: row.qty for row in request.items},
		)
		request.reload()
		self.assertEqual(
			(request.status, request.total_sent_qty, len(request.fulfilments)), ("Pending", 0, 0)
		)

	def test_an_erpnext_failure_during_a_send_leaves_nothing_once_rolled_back(self):
		"""Without the stock check ERPNext itself refuses at submit, after writing part of the
		send: rolling back the transaction (as a request does) leaves no row, so the send committed
		nothing on the way."""
		w = self.w
		scarce = make_item("ZT-PRQ-SCARCE", "ZT Parts Request Parts")
		request = self.submitted([(scarce, flt(get_stock_balance(scarce, w.central)) + 5)])
		parts_request.approve_lines(request)
		request.reload()
		before = counts()
		frappe.db.savepoint("before_send")
		with patch.object(parts_request, "check_central_stock"):
			self.assertRaises(
				frappe.ValidationError,
				parts_request.fulfil,
				request,
				{request.items[0].name: request.items[0].qty},
			)
		self.assertGreater(frappe.db.count("Stock Entry"), before["Stock Entry"])
		frappe.db.rollback(save_point="before_send")
		self.assertEqual(counts(), before)
		self.assertEqual(frappe.db.get_value(DOCTYPE, request.name, "total_sent_qty"), 0)


class TestBadInput(PartsRequestTestCase):
	def assert_not_filed(self, doc, exc, message):
		count = frappe.db.count(DOCTYPE)
		self.assertRaisesRegex(exc, message, doc.insert)
		self.assertEqual(frappe.db.count(DOCTYPE), count)

	def test_each_bad_line_is_named(self):
		w = self.w
		reception = make_reception(w)
		frappe.set_user(AGENCY_A_USER)
		self.assert_not_filed(
			new_request("Warranty", [(w.part, 1), (w.labour, 1)], reception),
			PartsRequestError,
			f"Parts row 2: .*{w.labour}.* is not a stocked part",
		)
		for qty in (0, -1):
			self.assert_not_filed(
				new_request("Warranty", [(w.part, qty)], reception),
				PartsRequestError,
				"Parts row 1: Requested Qty must be more than zero",
			)
		self.assert_not_filed(
			new_request("Purchase", [(w.unpriced, 1)]),
			PartsRequestError,
			f"Parts row 1: .*{w.unpriced}.* has no price in price list",
		)
		self.assert_not_filed(
			new_request("Warranty", [], reception), frappe.MandatoryError, "Parts: add at least one"
		)

	def test_a_warranty_request_needs_the_agencys_own_open_reception(self):
		w = self.w
		foreign = make_reception(w, agency=w.agency_b)
		cancelled = make_reception(w)
		frappe.get_doc("Service Reception", cancelled).change_status(CANCELLED)
		frappe.set_user(AGENCY_A_USER)
		self.assert_not_filed(
			new_request("Warranty", [(w.part, 1)]),
			frappe.MandatoryError,
			"Service Reception: a warranty request names the reception",
		)
		self.assert_not_filed(
			new_request("Warranty", [(w.part, 1)], foreign),
			PartsRequestError,
			f"Service Reception: reception .*{foreign}.* is not referred to agency .*{w.agency_a}",
		)
		self.assert_not_filed(
			new_request("Warranty", [(w.part, 1)], cancelled),
			PartsRequestError,
			f"Service Reception: reception .*{cancelled}.* is cancelled",
		)
		self.assert_not_filed(
			new_request("Warranty", [(w.part, 1)], foreign, agency=w.agency_b), frappe.PermissionError, ""
		)

	def test_a_purchase_for_an_agency_without_a_customer_account_is_refused(self):
		agency = make_agency("ZT-PRQ-NOCUST", "نمایندگی بدون حساب")
		frappe.db.set_value("Service Agency", agency, "customer", None)
		frappe.set_user(MANAGER)
		self.assert_not_filed(
			new_request("Purchase", [(self.w.part, 1)], agency=agency),
			PartsRequestError,
			f"Agency .*{agency}.* has no customer account",
		)

	def test_a_draft_carries_no_decision_whatever_the_client_sends(self):
		frappe.set_user(AGENCY_A_USER)
		doc = new_request("Warranty", [], make_reception(self.w))
		doc.append(
			"items",
			{"item": self.w.part, "qty": 2, "line_status": "Approved", "approved_qty": 2, "sent_qty": 2},
		)
		doc.approved_by = AGENCY_A_USER
		doc.insert()
		row = doc.items[0]
		self.assertEqual(
			(row.line_status, row.approved_qty, row.sent_qty, doc.approved_by), ("Pending", 0, 0, None)
		)
		self.assertEqual(doc.agency, self.w.agency_a)

	def test_only_head_office_decides_and_sends(self):
		request = self.submitted([(self.w.part, 1)])
		frappe.set_user(AGENCY_A_USER)
		doc = frappe.get_doc(DOCTYPE, request.name)
		row = doc.items[0].name
		self.assertRaises(HeadOfficeOnlyError, parts_request.approve_lines, doc)
		self.assertRaises(HeadOfficeOnlyError, parts_request.fulfil, doc, {row: 1})
		self.assertRaises(HeadOfficeOnlyError, parts_request.reject, doc, "x")
		doc.items[0].line_status = "Approved"
		self.assertRaises(HeadOfficeOnlyError, doc.save)
		frappe.set_user(MANAGER)
		doc = frappe.get_doc(DOCTYPE, request.name)
		doc.items[0].sent_qty = 1
		self.assertRaisesRegex(HeadOfficeOnlyError, "set by sending parts", doc.save)
		self.assertEqual(frappe.db.get_value(DOCTYPE, request.name, "status"), "Pending")

	def test_rejection_needs_a_reason_and_ends_the_request(self):
		w = self.w
		request = self.submitted([(w.part, 1)])
		self.assertRaisesRegex(
			PartsRequestError, "Rejection Reason: say why", parts_request.reject, request, " "
		)
		request.reload()
		parts_request.reject(request, "قطعه جایگزین دارد")
		request.reload()
		self.assertEqual(
			(request.status, request.rejected_by, request.items[0].line_status), ("Rejected", MANAGER, "Void")
		)
		self.assertRaisesRegex(PartsRequestError, "is Rejected", parts_request.approve_lines, request)
		self.assertRaisesRegex(
			PartsRequestError, "is Rejected", parts_request.fulfil, request, {request.items[0].name: 1}
		)

		stock_up(w, w.part, 1)
		sent = self.submitted([(w.part, 2)])
		parts_request.approve_lines(sent)
		parts_request.fulfil(sent, {sent.items[0].name: 1})
		self.assertRaisesRegex(PartsRequestError, "already sent", parts_request.reject, sent, "دیر شد")


class TestCancel(PartsRequestTestCase):
	def test_sends_are_cancelled_only_by_head_office_cancelling_the_request(self):
		w = self.w
		stock_up(w, w.part, 3)
		central, consignment = self.balances(w.part)
		request = self.submitted([(w.part, 3)])
		parts_request.approve_lines(request)
		row = request.items[0].name
		first = parts_request.fulfil(request, {row: 1})
		second = parts_request.fulfil(request, {row: 2})

		# ERPNext refuses to cancel one send on its own while the request stands
		frappe.set_user("Administrator")
		frappe.db.savepoint("cancel_send")
		self.assertRaises(frappe.LinkExistsError, frappe.get_doc("Stock Entry", first).cancel)
		frappe.db.rollback(save_point="cancel_send")
		self.assertEqual(frappe.db.get_value("Stock Entry", first, "docstatus"), 1)

		# the agency cannot withdraw a request that was sent
		frappe.set_user(AGENCY_A_USER)
		self.assertRaisesRegex(
			HeadOfficeOnlyError,
			f"{first}, {second}; only head office",
			frappe.get_doc(DOCTYPE, request.name).cancel,
		)
		self.assertEqual(frappe.db.get_value(DOCTYPE, request.name, "docstatus"), 1)
		self.assertEqual(self.balances(w.part), (central - 3, consignment + 3))

		frappe.set_user(MANAGER)
		doc = frappe.get_doc(DOCTYPE, request.name)
		doc.cancel()
		for name in (first, second):
			self.assertEqual(frappe.db.get_value("Stock Entry", name, "docstatus"), 2, name)
		self.assertEqual(self.balances(w.part), (central, consignment))
		doc.reload()
		self.assertEqual((doc.status, doc.total_sent_qty, doc.items[0].sent_qty), ("Cancelled", 0, 0))
		self.assertEqual([f.is_cancelled for f in doc.fulfilments], [1, 1])
		comment = frappe.get_all(
			"Comment", {"reference_doctype": DOCTYPE, "reference_name": doc.name}, pluck="content"
		)
		self.assertTrue(any(second in c and first in c for c in comment), comment)

	def test_a_send_whose_parts_were_used_is_not_cancelled(self):
		w = self.w
		stock_up(w, w.valve, 2)
		request = self.submitted([(w.valve, 2)])
		parts_request.approve_lines(request)
		name = parts_request.fulfil(request, {request.items[0].name: 2})
		held = flt(get_stock_balance(w.valve, w.consignment))
		as_administrator(
			make_stock_entry, item_code=w.valve, qty=held, from_warehouse=w.consignment, company=w.company
		)
		doc = frappe.get_doc(DOCTYPE, request.name)
		self.assertRaisesRegex(
			PartsRequestError, f"{re.escape(w.consignment)}.*holds 0 of.*{w.valve}", doc.cancel
		)
		self.assertEqual(frappe.db.get_value("Stock Entry", name, "docstatus"), 1)

	def test_the_agency_withdraws_a_request_nothing_was_sent_for(self):
		request = self.submitted([(self.w.part, 1)])
		frappe.set_user(AGENCY_A_USER)
		doc = frappe.get_doc(DOCTYPE, request.name)
		doc.cancel()
		self.assertEqual((doc.docstatus, frappe.db.get_value(DOCTYPE, doc.name, "status")), (2, "Cancelled"))


class TestIsolation(PartsRequestTestCase):
	"""Each agency sees only its own requests, through frappe.get_list and the real API."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w
		cls.reception_a = make_reception(w)
		cls.reception_b = make_reception(w, agency=w.agency_b)
		for attr, user, reception in (
			("request_a", AGENCY_A_USER, cls.reception_a),
			("request_b", AGENCY_B_USER, cls.reception_b),
		):
			frappe.set_user(user)
			doc = new_request("Warranty", [(w.part, 1)], reception).insert()
			doc.submit()
			setattr(cls, attr, doc.name)
		frappe.set_user("Administrator")
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction

	def ours(self, names) -> set:
		return set(names) & {self.request_a, self.request_b}

	def listed(self, user) -> set:
		frappe.set_user(user)
		try:
			return self.ours(frappe.get_list(DOCTYPE, pluck="name", limit_page_length=0))
		finally:
			frappe.set_user("Administrator")

	def rest_names(self, user) -> set:
		status, body = get_json(
			f'/api/resource/{DOCTYPE}?limit_page_length=0&filters=[["name","in",["{self.request_a}","{self.request_b}"]]]',
			user,
		)
		self.assertEqual(status, 200, body)
		return {row["name"] for row in body["data"]}

	def rest_count(self, user) -> int:
		response = call(
			"POST",
			"/api/method/frappe.client.get_count",
			user,
			json={"doctype": DOCTYPE, "filters": {"name": self.request_a}},
		)
		self.assertEqual(response.status_code, 200, response.json)
		return response.json["message"]

	def test_get_list_is_narrowed_to_the_agency_and_the_technician(self):
		self.assertEqual(self.listed(AGENCY_A_USER), {self.request_a})
		self.assertEqual(self.listed(AGENCY_B_USER), {self.request_b})
		self.assertEqual(self.listed(TECH_USER), {self.request_a})
		self.assertEqual(self.listed(MANAGER), {self.request_a, self.request_b})
		self.assertEqual(self.listed(OPERATOR), {self.request_a, self.request_b})

	def test_agency_b_cannot_read_list_or_count_agency_as_requests_through_rest(self):
		url = f"/api/resource/{DOCTYPE}/{self.request_a}"
		self.assertEqual(get_json(url, AGENCY_A_USER)[0], 200)
		self.assertEqual(get_json(url, AGENCY_B_USER)[0], 403)
		self.assertEqual(get_json(url, TECH_USER)[0], 200)
		self.assertEqual(self.rest_names(AGENCY_A_USER), {self.request_a})
		self.assertEqual(self.rest_names(AGENCY_B_USER), {self.request_b})
		self.assertEqual((self.rest_count(AGENCY_A_USER), self.rest_count(AGENCY_B_USER)), (1, 0))
		self.assertEqual(call("PUT", url, AGENCY_B_USER, json={"notes": "x"}).status_code, 403)
		response = call(
			"POST",
			"/api/method/frappe.client.get_list",
			AGENCY_B_USER,
			json={
				"doctype": "Agency Parts Request Item",
				"parent": DOCTYPE,
				"fields": ["parent"],
				"filters": {"parent": self.request_a},
				"limit_page_length": 0,
			},
		)
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(response.json["message"], [])

	def test_endpoints_are_head_office_only_and_an_agency_files_for_its_own_reception_only(self):
		base = "/api/method/zhira_after_sales.api.parts_request."
		row = frappe.get_doc(DOCTYPE, self.request_a).items[0].name
		for user in (AGENCY_A_USER, AGENCY_B_USER):
			for method, body in (
				("approve_lines", {"name": self.request_a}),
				("fulfil", {"name": self.request_a, "quantities": {row: 1}}),
				("reject", {"name": self.request_a, "reason": "x"}),
			):
				response = call("POST", base + method, user, json=body)
				self.assertEqual(response.status_code, 403, (user, method, response.json))
		frappe.db.commit()  # nosemgrep: read what the requests committed
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.request_a, "status"), "Pending")

		response = call("POST", base + "reject", MANAGER, json={"name": self.request_a, "reason": ""})
		self.assertEqual(response.status_code, 417, response.json)
		response = call("POST", base + "approve_lines", MANAGER, json={"name": self.request_a})
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(response.json["message"]["items"][0]["line_status"], "Approved")

		body = {
			"request_type": "Warranty",
			"service_reception": self.reception_a,
			"items": [{"item": self.w.part, "qty": 1}],
		}
		before = frappe.db.count(DOCTYPE)
		refused = call("POST", f"/api/resource/{DOCTYPE}", AGENCY_B_USER, json=body)
		self.assertIn(refused.status_code, (403, 417), refused.json)
		frappe.db.commit()  # nosemgrep
		self.assertEqual(frappe.db.count(DOCTYPE), before)
		response = call("POST", f"/api/resource/{DOCTYPE}", AGENCY_A_USER, json={**body, "docstatus": 1})
		self.assertEqual(response.status_code, 200, response.json)
		data = response.json["data"]
		self.assertEqual((data["agency"], data["status"], data["docstatus"]), (self.w.agency_a, "Pending", 1))
