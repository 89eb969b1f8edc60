# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The agency portal's parts pages: an agency user files and submits a parts request through the
endpoint (the DocType's own permissions and validation deciding), bad input is refused with a
message that names what to fix and leaves nothing saved, only spare parts are offered, hot parts
show their due dates and charges, and another agency's request, hot part or reception is not
found through the endpoint, the services or the rendered pages."""

import frappe
from frappe.utils import add_days, flt, getdate, today

from zhira_after_sales.agency import parts_request, portal_parts
from zhira_after_sales.agency.doctype.agency_parts_request.test_agency_parts_request import (
	PRICE,
	PartsRequestTestCase,
	stock_up,
)
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	AGENCY_B_USER,
	MANAGER,
	OPERATOR,
	make_reception,
	new_invoice,
)
from zhira_after_sales.api import agency_parts
from zhira_after_sales.exceptions import PortalInputError
from zhira_after_sales.tests.factories import TEST_IGNORE, make_item, make_item_group
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.text import to_persian_digits

test_ignore = TEST_IGNORE

DOCTYPE = "Agency Parts Request"
LEDGERS = (DOCTYPE, "Agency Parts Request Item", "Stock Entry", "Sales Invoice", "GL Entry")


def counts() -> dict:
	return {doctype: frappe.db.count(doctype) for doctype in LEDGERS}


def render(path: str, user: str, lang: str = "en", **args) -> tuple[int, str]:
	"""The page at `path` as Frappe's website serves it to `user`: (status, html)."""
	from frappe.utils import set_request
	from frappe.website.serve import get_response

	previous = frappe.session.user
	frappe.set_user(user)
	frappe.local.lang = lang
	query = frappe.utils.urlencode(args)
	set_request(method="GET", path=path, query_string=query)
	frappe.local.form_dict = frappe._dict(args)
	try:
		response = get_response(path)
		return response.status_code, response.get_data(as_text=True)
	finally:
		frappe.local.form_dict = frappe._dict()
		frappe.local.lang = "en"
		frappe.set_user(previous)


def make_return(invoice: str, agency: str, item: str, due_in_days: int, qty: float = 1, **values) -> str:
	"""A Defective Part Return as an invoice approval leaves it, on a draft `invoice` (what the
	portal shows of a return does not depend on the invoice's approval)."""
	doc = frappe.get_doc(
		{
			"doctype": "Defective Part Return",
			"agency": agency,
			"item": item,
			"qty": qty,
			"due_date": add_days(today(), due_in_days),
			"service_invoice": invoice,
			"tracking_code": "123456789",
			**values,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


class PortalPartsTestCase(PartsRequestTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w
		frappe.set_user("Administrator")
		stock_up(w, w.part, 5)
		stock_up(w, w.valve, 5)
		stock_up(w, w.unpriced, 2)
		stock_up(w, w.heater, 1)  # a product model in the same store: not a part
		w.disabled = make_item("ZT-PRQ-DISABLED", make_item_group("ZT Parts Request Parts"))
		# enabled to be stocked (a class whose requests commit keeps it disabled for the next one)
		frappe.db.set_value("Item", w.disabled, "disabled", 0)
		stock_up(w, w.disabled, 1)
		frappe.db.set_value("Item", w.disabled, "disabled", 1)
		cls.invoice = new_invoice(make_reception(w), w.covered).insert().name

	def setUp(self):
		frappe.set_user(AGENCY_A_USER)

	def create(self, user=AGENCY_A_USER, **kwargs):
		frappe.set_user(user)
		return agency_parts.create_parts_request(**kwargs)

	def assert_refused(self, exc, message, **kwargs):
		"""The endpoint refuses with `message` and nothing is saved."""
		before = counts()
		self.assertRaisesRegex(exc, message, self.create, **kwargs)
		self.assertEqual(counts(), before)


class TestNewRequest(PortalPartsTestCase):
	def test_an_agency_user_files_and_submits_a_purchase_request(self):
		w = self.w
		answer = self.create(
			request_type="Purchase",
			items=frappe.as_json(
				[
					{"item": w.part, "qty": to_persian_digits("2")},  # typed on a Persian keyboard
					{"item": "", "qty": ""},  # an empty row of the form
					{"item": w.valve, "qty": "1"},
					{"item": w.part, "qty": "1"},  # the same part again: one line of 3
				]
			),
			notes="  برای انبار  ",
		)
		doc = frappe.get_doc(DOCTYPE, answer["name"])
		self.assertEqual((doc.docstatus, doc.status, answer["status"]), (1, "Pending", "Pending"))
		self.assertEqual((doc.agency, doc.owner, doc.request_type), (w.agency_a, AGENCY_A_USER, "Purchase"))
		self.assertEqual(
			[(row.item, row.qty, row.rate) for row in doc.items], [(w.part, 3, PRICE), (w.valve, 1, PRICE)]
		)
		self.assertEqual(doc.notes, "برای انبار")
		self.assertFalse(doc.service_reception)

	def test_a_warranty_request_names_its_reception_by_tracking_code(self):
		w = self.w
		frappe.set_user("Administrator")
		reception = make_reception(w)
		code = frappe.db.get_value("Service Reception", reception, "tracking_code")
		answer = self.create(
			request_type="Warranty",
			items=[{"item": w.part, "qty": 1}],
			tracking_code=f" {to_persian_digits(code[:3])}-{code[3:]} ",
		)
		doc = frappe.get_doc(DOCTYPE, answer["name"])
		self.assertEqual((doc.docstatus, doc.service_reception, doc.tracking_code), (1, reception, code))
		self.assertEqual((doc.technician, doc.items[0].rate), (w.technician, 0))

	def test_bad_input_is_refused_naming_what_to_fix_and_nothing_is_saved(self):
		w = self.w
		frappe.set_user("Administrator")
		other_reception = make_reception(w, agency=w.agency_b)
		other_code = frappe.db.get_value("Service Reception", other_reception, "tracking_code")
		purchase = {"request_type": "Purchase"}
		for message, kwargs in (
			(
				"Request Type: choose Warranty or Purchase",
				{"request_type": "Free", "items": [{"item": w.part, "qty": 1}]},
			),
			("add at least one part", {**purchase, "items": []}),
			("add at least one part", {**purchase, "items": [{"item": "", "qty": ""}]}),
			("send a list of parts", {**purchase, "items": "not json"}),
			("Part row 1: choose a part for quantity 2", {**purchase, "items": [{"item": "", "qty": "2"}]}),
			(
				"Part row 2: .*0.* is not a quantity",
				{**purchase, "items": [{"item": w.part, "qty": 1}, {"item": w.valve, "qty": "0"}]},
			),
			("Part row 1: .*-1.* is not a quantity", {**purchase, "items": [{"item": w.part, "qty": "-1"}]}),
			(
				"Part row 1: .*abc.* is not a quantity",
				{**purchase, "items": [{"item": w.part, "qty": "abc"}]},
			),
			(
				"Part row 1: .*\\(empty\\).* is not a quantity",
				{**purchase, "items": [{"item": w.part, "qty": ""}]},
			),
			(
				# what was typed comes back escaped (and cut short): the page shows the message as text
				"Part row 1: <strong>&lt;img src=x onerror=a</strong> is not a quantity",
				{**purchase, "items": [{"item": w.part, "qty": "<img src=x onerror=alert(1)>"}]},
			),
			(
				"Part row 1: .*inf.* is not a quantity",
				{**purchase, "items": [{"item": w.part, "qty": "inf"}]},
			),
			(
				f"Part row 1: .*{w.heater}.* is not a spare part",
				{**purchase, "items": [{"item": w.heater, "qty": 1}]},
			),
			(
				f"Part row 1: .*{w.labour}.* is not a spare part",
				{**purchase, "items": [{"item": w.labour, "qty": 1}]},
			),
			(
				f"Part row 1: .*{w.disabled}.* is not a spare part",
				{**purchase, "items": [{"item": w.disabled, "qty": 1}]},
			),
			(
				"Part row 1: .*ZT-NO-SUCH-PART.* is not a spare part",
				{**purchase, "items": [{"item": "ZT-NO-SUCH-PART", "qty": 1}]},
			),
			("type its tracking code", {"request_type": "Warranty", "items": [{"item": w.part, "qty": 1}]}),
			(
				f"no reception with tracking code .*{other_code}.* is referred to your agency",
				{
					"request_type": "Warranty",
					"items": [{"item": w.part, "qty": 1}],
					"tracking_code": other_code,
				},
			),
			(
				"Notes: at most 1000 characters",
				{**purchase, "items": [{"item": w.part, "qty": 1}], "notes": "x" * 1001},
			),
		):
			with self.subTest(message):
				self.assert_refused(PortalInputError, message, **kwargs)
		# the DocType's own check, after the request was inserted: rolled back, nothing kept
		self.assert_refused(
			frappe.ValidationError,
			f"{w.unpriced}.* has no price in price list",
			request_type="Purchase",
			items=[{"item": w.part, "qty": 1}, {"item": w.unpriced, "qty": 1}],
		)

	def test_only_a_user_of_an_active_agency_may_file(self):
		w = self.w
		items = [{"item": w.part, "qty": 1}]
		for user in (OPERATOR, MANAGER, "Guest"):
			with self.subTest(user):
				self.assert_refused(
					frappe.PermissionError, "", user=user, request_type="Purchase", items=items
				)
		frappe.db.set_value("Service Agency", w.agency_a, "is_active", 0)
		try:
			self.assert_refused(
				frappe.PermissionError, "active service agency", request_type="Purchase", items=items
			)
		finally:
			frappe.db.set_value("Service Agency", w.agency_a, "is_active", 1)


class TestSpareParts(PortalPartsTestCase):
	def test_the_picker_offers_stocked_spare_parts_only_with_their_prices(self):
		w = self.w
		parts = {row.item: row for row in portal_parts.spare_parts()}
		self.assertIn(w.part, parts)
		self.assertIn(w.unpriced, parts)
		self.assertEqual((parts[w.part].price, parts[w.unpriced].price), (PRICE, None))
		for item in (w.heater, w.labour, w.disabled):
			self.assertNotIn(item, parts)
		# a part of a group the stores keep, not received yet, is offered; a group never kept is not
		unstocked = make_item("ZT-PRQ-UNSTOCKED", make_item_group("ZT Parts Request Parts"))
		other_group = make_item_group("ZT Portal Never Kept")
		never = make_item("ZT-PRQ-NEVER-KEPT", other_group)
		offered = {row.item for row in portal_parts.spare_parts()}
		self.assertIn(unstocked, offered)
		self.assertNotIn(never, offered)
		# until head office plans to keep one of its group (a reorder row for the central store)
		frappe.set_user("Administrator")
		planned = frappe.get_doc("Item", make_item("ZT-PRQ-PLANNED", other_group))
		planned.append(
			"reorder_levels",
			{
				"warehouse": w.central,
				"warehouse_reorder_level": 1,
				"warehouse_reorder_qty": 5,
				"material_request_type": "Purchase",
			},
		)
		planned.save()
		offered = {row.item for row in portal_parts.spare_parts()}
		self.assertTrue({planned.name, never} <= offered)


class TestRequestDetail(PortalPartsTestCase):
	def test_the_agency_reads_what_head_office_decided_and_sent(self):
		w = self.w
		answer = self.create(
			request_type="Purchase", items=[{"item": w.part, "qty": 3}, {"item": w.valve, "qty": 2}]
		)
		frappe.set_user(MANAGER)
		request = frappe.get_doc(DOCTYPE, answer["name"])
		part_row, valve_row = request.items
		parts_request.approve_lines(request, {part_row.name: 2}, void=[valve_row.name])
		request.reload()
		sale = parts_request.fulfil(request, {part_row.name: 1})

		frappe.set_user(AGENCY_A_USER)
		detail = portal_parts.request_detail(w.agency_a, answer["name"])
		self.assertEqual(detail.status, "Partly Sent")
		self.assertEqual(
			[(l.item, l.qty, l.line_status, l.approved_qty, l.sent_qty, l.to_send_qty) for l in detail.lines],
			[(w.part, 3, "Approved", 2, 1, 1), (w.valve, 2, "Void", 0, 0, 0)],
		)
		self.assertIn("Approved 2 of the 3 asked", detail.lines[0].note)
		self.assertIn("1 still to be sent", detail.lines[0].note)
		self.assertIn("Not approved by head office", detail.lines[1].note)
		self.assertEqual(
			[(s.doctype, s.name, s.qty, s.amount, s.voucher) for s in detail.sends],
			[("Sales Invoice", sale, 1, PRICE, True)],
		)

		status, html = render("/agency/parts-request", AGENCY_A_USER, name=answer["name"])
		self.assertEqual(status, 200)
		self.assertIn(f'data-send="{sale}"', html)
		self.assertIn(f"/agency/voucher?type=Sales%20Invoice&name={sale}", html)

	def test_a_rejected_request_says_why(self):
		w = self.w
		answer = self.create(request_type="Purchase", items=[{"item": w.part, "qty": 1}])
		frappe.set_user(MANAGER)
		parts_request.reject(frappe.get_doc(DOCTYPE, answer["name"]), "قطعه در انبار مرکزی تمام شده است")
		detail = portal_parts.request_detail(w.agency_a, answer["name"])
		self.assertEqual((detail.status, detail.rejected), ("Rejected", True))
		self.assertEqual(detail.rejection_reason, "قطعه در انبار مرکزی تمام شده است")
		self.assertIn("Refused with the whole request", detail.lines[0].note)
		status, html = render("/agency/parts-request", AGENCY_A_USER, lang="fa", name=answer["name"])
		self.assertEqual(status, 200)
		self.assertIn('id="za-rejection"', html)
		self.assertIn("قطعه در انبار مرکزی تمام شده است", html)
		self.assertIn('dir="rtl"', html)


class TestHotParts(PortalPartsTestCase):
	def test_due_dates_overdue_returns_and_charges(self):
		w = self.w
		frappe.set_user("Administrator")
		settings = frappe.get_single("After Sales Settings")
		frappe.db.set_single_value(
			"After Sales Settings", {"hot_part_grace_days": 5, "hot_part_auto_bill": 1}
		)
		self.addCleanup(
			frappe.db.set_single_value,
			"After Sales Settings",
			{
				"hot_part_grace_days": settings.hot_part_grace_days,
				"hot_part_auto_bill": settings.hot_part_auto_bill,
			},
		)
		late = make_return(self.invoice, w.agency_a, w.part, -3, qty=2)
		soon = make_return(self.invoice, w.agency_a, w.valve, 10)
		billed = make_return(self.invoice, w.agency_a, w.part, -40)
		frappe.set_user(MANAGER)
		from zhira_after_sales.agency import hot_parts as service

		service.bill(frappe.get_doc("Defective Part Return", billed))
		charge = frappe.db.get_value(
			"Defective Part Return", billed, ["sales_invoice", "charge_amount"], as_dict=True
		)

		frappe.set_user(AGENCY_A_USER)
		owed = {row.name: row for row in portal_parts.hot_parts(w.agency_a)}
		self.assertIn(late, owed)
		self.assertIn(soon, owed)
		self.assertNotIn(billed, owed)
		self.assertEqual(
			(owed[late].overdue, owed[late].days_overdue, owed[late].outstanding_qty), (True, 3, 2)
		)
		self.assertEqual(
			owed[late].due_display,
			f"{jalali.format_date(add_days(today(), -3))} ({getdate(add_days(today(), -3)).isoformat()})",
		)
		self.assertEqual(owed[late].bill_from, portal_parts.display_date(add_days(today(), 3)))
		self.assertFalse(owed[soon].overdue)
		every = {row.name: row for row in portal_parts.hot_parts(w.agency_a, "all")}
		self.assertEqual(
			(every[billed].status, every[billed].sales_invoice), ("Billed", charge.sales_invoice)
		)
		self.assertEqual(every[billed].charge_amount, flt(charge.charge_amount))

		status, html = render("/agency/parts", AGENCY_A_USER, tab="hot", show="all")
		self.assertEqual(status, 200)
		self.assertIn(f'data-return="{late}" data-overdue="1"', html)
		self.assertIn(f'data-return="{soon}" data-overdue="0"', html)
		self.assertIn(charge.sales_invoice, html)
		status, html = render("/agency/parts", AGENCY_A_USER, lang="fa", tab="hot")
		self.assertIn(to_persian_digits(jalali.format_date(add_days(today(), -3))), html)


class TestIsolation(PortalPartsTestCase):
	"""Agency B's user names agency A's request, return and reception everywhere it can."""

	def test_another_agencys_ids_show_nothing_of_theirs(self):
		w = self.w
		answer = self.create(
			request_type="Purchase", items=[{"item": w.part, "qty": 1}], notes="ZT-SECRET-NOTE-A"
		)
		name = answer["name"]
		frappe.set_user("Administrator")
		hot = make_return(self.invoice, w.agency_a, w.part, -2)
		reception = make_reception(w)
		code = frappe.db.get_value("Service Reception", reception, "tracking_code")

		frappe.set_user(AGENCY_B_USER)
		self.assertRaisesRegex(
			frappe.DoesNotExistError, "not found", portal_parts.request_detail, w.agency_b, name
		)
		self.assertRaisesRegex(
			frappe.DoesNotExistError, "not found", portal_parts.request_detail, w.agency_b, "PRQ-AG-NOPE"
		)
		self.assertNotIn(hot, {row.name for row in portal_parts.hot_parts(w.agency_b, "all")})
		self.assertNotIn(name, {row.name for row in portal_parts.requests(w.agency_b, page_length=100)})
		# a warranty request for A's reception, by its tracking code
		self.assert_refused(
			PortalInputError,
			"is referred to your agency",
			user=AGENCY_B_USER,
			request_type="Warranty",
			items=[{"item": w.part, "qty": 1}],
			tracking_code=code,
		)

		for path, args in (
			("/agency/parts-request", {"name": name}),
			("/agency/parts", {}),
			("/agency/parts", {"tab": "hot", "show": "all"}),
			("/agency/parts", {"tab": "stock"}),
		):
			with self.subTest(path=path, args=args):
				status, html = render(path, AGENCY_B_USER, **args)
				self.assertNotIn(name, html)
				self.assertNotIn("ZT-SECRET-NOTE-A", html)
				self.assertNotIn(hot, html)
				if path == "/agency/parts-request":
					self.assertEqual(status, 404)
				else:
					self.assertEqual(status, 200)
		# and A sees its own
		status, html = render("/agency/parts-request", AGENCY_A_USER, name=name)
		self.assertEqual(status, 200)
		self.assertIn("ZT-SECRET-NOTE-A", html)

	def test_a_user_without_an_agency_is_refused_the_pages(self):
		for user in (OPERATOR, MANAGER):
			for path in ("/agency/parts", "/agency/parts-request"):
				with self.subTest(user=user, path=path):
					status, _html = render(path, user)
					self.assertEqual(status, 403)
		status, _html = render("/agency/parts", "Guest")
		self.assertIn(status, (301, 302))
