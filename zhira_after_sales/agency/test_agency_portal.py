# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""The agency portal's referrals and work reports: accept, decline with a reason (back to head
office's queue), assign a technician, the statuses an agency may pick, the cartable's tabs, search
and filters, filing a work report with a photo from the agency's consignment stock; and another
agency's names and ids through every page and endpoint, over HTTP."""

import datetime

import frappe
from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate, today

from zhira_after_sales.agency import cartable, portal_invoices
from zhira_after_sales.agency.doctype.service_invoice.test_service_invoice import (
	AGENCY_A_USER,
	AGENCY_B_USER,
	MANAGER,
	TECH_USER,
	make_reception,
	setup_world,
)
from zhira_after_sales.api import agency as api
from zhira_after_sales.exceptions import (
	NotAssignedError,
	PortalInputError,
	ReferralAnswerError,
	ServiceInvoiceError,
	StatusTransitionError,
)
from zhira_after_sales.service_desk import status_service
from zhira_after_sales.tests.factories import TEST_IGNORE, company, make_agency, make_technician, make_user
from zhira_after_sales.tests.rest import _Call, api_credentials, call, call_guest
from zhira_after_sales.utils import jalali

test_ignore = TEST_IGNORE

REGISTERED, REFERRED, ACCEPTED, IN_PROGRESS = "ثبت شده", "ارجاع شده", "پذیرفته شده", "در حال انجام"
PAID_REPAIR = "تعمیر آزاد"
CARTABLE_USER = "zt.portal.cartable@example.com"
# a 1x1 PNG, as a phone would send a (much larger) photo
PNG = bytes.fromhex(
	"89504e470d0a1a0a0000000d4948445200000001000000010806000000"
	"1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class PortalTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = setup_world()
		cls.other_technician = make_technician(cls.w.agency_b, "09390000402", "تکنسین دیگر")

	def tearDown(self):
		frappe.set_user("Administrator")

	def reception(self, agency=None, **values):
		name = make_reception(self.w, agency=agency, **values)
		frappe.db.set_value("Service Reception", name, "technician", None)
		return frappe.get_doc("Service Reception", name)

	def as_agency(self, user=AGENCY_A_USER):
		frappe.set_user(user)


class TestReferralAnswers(PortalTestCase):
	def test_accepting_records_who_and_moves_to_the_accepted_status(self):
		reception = self.reception()
		self.assertEqual(reception.status, REFERRED)
		self.as_agency()
		api.accept_referral(reception.name)
		reception.reload()
		self.assertEqual((reception.status, reception.accepted_by), (ACCEPTED, AGENCY_A_USER))
		self.assertEqual(reception.referrals[-1].accepted_by, AGENCY_A_USER)
		self.assertEqual(
			(reception.status_log[-1].source, reception.status_log[-1].status), ("portal", ACCEPTED)
		)
		self.assertRaisesRegex(ReferralAnswerError, "already accepted", api.accept_referral, reception.name)

	def test_declining_hands_the_reception_back_with_the_reason_and_tells_the_customer_nothing(self):
		reception = self.reception()
		self.as_agency()
		sms_before = frappe.db.count("SMS Message", {"reference_name": reception.name})
		self.assertRaisesRegex(
			ReferralAnswerError, "at least 5 characters", api.decline_referral, reception.name, " no "
		)
		self.assertEqual(
			frappe.db.get_value("Service Reception", reception.name, "service_agency"), self.w.agency_a
		)

		api.decline_referral(reception.name, "تکنسین این مدل در مرخصی است")
		frappe.set_user("Administrator")
		reception.reload()
		self.assertFalse(reception.service_agency or reception.technician or reception.accepted_on)
		self.assertEqual(reception.status, REGISTERED)
		self.assertEqual(reception.decline_reason, "تکنسین این مدل در مرخصی است")
		last = reception.referrals[-1]
		self.assertTrue(last.declined_on and last.ended_on)
		self.assertEqual(last.decline_reason, "تکنسین این مدل در مرخصی است")
		self.assertIn("تکنسین این مدل در مرخصی است", reception.status_log[-1].note)
		self.assertEqual(frappe.db.count("SMS Message", {"reference_name": reception.name}), sms_before)
		# the agency's cartable ToDo is gone, and so is the reception from its pages
		self.assertFalse(
			frappe.get_all(
				"ToDo",
				{"reference_name": reception.name, "allocated_to": AGENCY_A_USER, "status": "Open"},
			)
		)
		self.as_agency()
		self.assertNotIn(reception.name, {r.name for r in cartable.receptions(self.w.agency_a, cartable.NEW)})
		self.assertRaises(frappe.DoesNotExistError, status_service.get_reception, reception.name)

		# head office refers it again: a new referral, the old decline cleared
		frappe.set_user("Administrator")
		reception.service_agency = self.w.agency_b
		reception.save(ignore_permissions=True)
		self.assertEqual(reception.status, REFERRED)
		self.assertFalse(reception.decline_reason)
		self.assertEqual(len(reception.referrals), 2)

	def test_an_agency_that_filed_an_invoice_cancels_it_before_declining(self):
		reception = self.reception(service_type=PAID_REPAIR)
		invoice = frappe.get_doc(
			{
				"doctype": "Service Invoice",
				"invoice_type": "Paid Repair",
				"service_reception": reception.name,
				"customer_device": self.w.covered,
				"services": [{"service_type": PAID_REPAIR}],
			}
		).insert(ignore_permissions=True)
		self.as_agency()
		self.assertRaisesRegex(
			ReferralAnswerError, invoice.name, api.decline_referral, reception.name, "not ours to do"
		)

	def test_moving_the_status_accepts_and_head_office_statuses_are_not_offered(self):
		reception = self.reception()
		self.as_agency()
		offered = {s.name for s in status_service.get_allowed_statuses(reception.name)}
		self.assertIn(IN_PROGRESS, offered)
		self.assertNotIn(REGISTERED, offered)
		self.assertRaisesRegex(
			StatusTransitionError,
			"decline it with a reason",
			status_service.change_status,
			reception.name,
			REGISTERED,
		)
		status_service.change_status(reception.name, IN_PROGRESS)
		self.assertEqual(
			frappe.db.get_value("Service Reception", reception.name, "accepted_by"), AGENCY_A_USER
		)

	def test_assigning_takes_only_the_agencys_own_active_technicians(self):
		reception = self.reception()
		self.as_agency()
		api.assign_technician(reception.name, self.w.technician)
		self.assertEqual(
			frappe.db.get_value("Service Reception", reception.name, "technician"), self.w.technician
		)
		count = len(frappe.get_doc("Service Reception", reception.name).referrals)
		self.assertRaisesRegex(
			frappe.ValidationError,
			"works for agency",
			api.assign_technician,
			reception.name,
			self.other_technician,
		)
		self.assertEqual(
			frappe.db.get_value("Service Reception", reception.name, "technician"), self.w.technician
		)
		self.assertEqual(len(frappe.get_doc("Service Reception", reception.name).referrals), count)

	def test_a_technician_or_another_agency_cannot_answer(self):
		reception = self.reception()
		frappe.db.set_value("Service Reception", reception.name, "technician", self.w.technician)
		frappe.set_user(TECH_USER)
		self.assertRaises(NotAssignedError, api.accept_referral, reception.name)
		self.as_agency(AGENCY_B_USER)
		for method, args in (
			(api.accept_referral, ()),
			(api.decline_referral, ("not ours at all",)),
			(api.assign_technician, (self.other_technician,)),
		):
			self.assertRaises(frappe.DoesNotExistError, method, reception.name, *args)
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Service Reception", reception.name, "service_agency"), self.w.agency_a
		)
		self.assertFalse(frappe.db.get_value("Service Reception", reception.name, "accepted_on"))


class TestCartable(PortalTestCase):
	"""On an agency of its own: other tests leave many referrals with agency A."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(CARTABLE_USER)
		cls.agency = make_agency("ZT-PORTAL-C", "نمایندگی کارتابل", users=(CARTABLE_USER,))

	def test_tabs_count_and_list_only_the_agencys_own_referrals(self):
		new = self.reception(agency=self.agency)
		accepted = self.reception(agency=self.agency)
		working = self.reception(agency=self.agency)
		theirs = self.reception(agency=self.w.agency_b)
		self.as_agency(CARTABLE_USER)
		api.accept_referral(accepted.name)
		status_service.change_status(working.name, IN_PROGRESS)
		rows = {
			tab: {r.name for r in cartable.receptions(self.agency, tab, page_length=100)}
			for tab in cartable.TABS
		}
		self.assertIn(new.name, rows[cartable.NEW])
		self.assertIn(accepted.name, rows[cartable.ACCEPTED])
		self.assertIn(working.name, rows[cartable.IN_PROGRESS])
		self.assertNotIn(theirs.name, set().union(*rows.values()))
		counts = cartable.counts(self.agency)
		for tab in cartable.TABS:
			listed = cartable.receptions(self.agency, tab, page_length=cartable.MAX_PAGE_LENGTH)
			self.assertEqual(counts[tab], len(listed), tab)
		# every reception of the agency is in exactly one tab
		self.assertEqual(
			sum(counts.values()), frappe.db.count("Service Reception", {"service_agency": self.agency})
		)

	def test_search_by_tracking_code_mobile_serial_and_name_and_filter_by_date(self):
		reception = self.reception(agency=self.agency)
		self.as_agency(CARTABLE_USER)
		code = reception.tracking_code
		persian_code = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
		for search in (persian_code, "0912 555 0401", "ztinv-covered", "مشتری فاکتور"):
			names = {
				r.name for r in cartable.receptions(self.agency, cartable.NEW, search=search, page_length=100)
			}
			self.assertIn(reception.name, names, search)
		self.assertFalse(cartable.receptions(self.agency, cartable.NEW, search="ZTINV-NOTHING"))
		self.assertTrue(
			cartable.receptions(self.agency, cartable.NEW, search=code, from_date="امروز", to_date="t")
		)
		self.assertFalse(cartable.receptions(self.agency, cartable.NEW, search=code, to_date="1400/01/01"))
		self.assertRaisesRegex(
			PortalInputError, "is not a date", cartable.receptions, self.agency, from_date="31/31"
		)
		self.assertRaisesRegex(
			PortalInputError, "Unknown tab", cartable.receptions, self.agency, "everything"
		)

	def test_today_is_the_sites_day_even_when_the_machines_clock_is_on_another(self):
		"""The machine's clock runs in UTC; between 00:00 and 03:30 in Tehran its day is yesterday.
		The site is put in a zone whose day differs from UTC's now, so the case is met at any hour."""
		utc_now = datetime.datetime.now(datetime.timezone.utc)
		zone = "Etc/GMT-14" if utc_now.hour >= 10 else "Etc/GMT+12"  # UTC+14 / UTC-12
		before = frappe.db.get_single_value("System Settings", "time_zone")

		def set_zone(name):
			frappe.db.set_single_value("System Settings", "time_zone", name)
			frappe.clear_document_cache("System Settings", "System Settings")
			frappe.local.system_settings = None

		set_zone(zone)
		try:
			self.assertNotEqual(getdate(), utc_now.date())
			reception = self.reception(agency=self.agency)
			self.assertEqual(getdate(reception.received_on), getdate())
			self.as_agency(CARTABLE_USER)
			for word in ("امروز", "t"):
				found = cartable.receptions(
					self.agency, cartable.NEW, search=reception.tracking_code, from_date=word, to_date=word
				)
				self.assertEqual([r.name for r in found], [reception.name], word)
		finally:
			frappe.set_user("Administrator")
			set_zone(before)


class TestWorkReports(PortalTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		warehouse = frappe.db.get_value("Service Agency", cls.w.agency_a, "consignment_warehouse")
		make_stock_entry(item_code=cls.w.pump, qty=2, to_warehouse=warehouse, rate=100, company=company())

	def test_an_agency_files_a_work_report_with_a_photo_and_stock_it_holds(self):
		reception = self.reception()
		self.as_agency()
		api.accept_referral(reception.name)
		on_hand = {r.item: r.qty for r in portal_invoices.consignment_stock(self.w.agency_a)}[self.w.pump]
		invoices = frappe.db.count("Service Invoice")
		self.assertRaisesRegex(
			ServiceInvoiceError,
			"your consignment stock has",
			portal_invoices.save_invoice,
			self.w.agency_a,
			reception.name,
			self.w.covered,
			services=[{"service_type": "تعمیر گارانتی"}],
			parts=[{"item": self.w.pump, "qty": on_hand + 1, "coverage": "Warranty"}],
		)
		self.assertEqual(frappe.db.count("Service Invoice"), invoices)

		invoice = portal_invoices.save_invoice(
			self.w.agency_a,
			reception.name,
			self.w.covered,
			services=[{"service_type": "تعمیر گارانتی"}],
			parts=[{"item": self.w.pump, "qty": 1, "coverage": "Warranty"}],
			service_date=jalali.format_date(today(), persian_digits=True),  # as a Persian phone types it
			photos={"work_photo": ("work_photo.png", PNG)},
		)
		self.assertEqual(
			(invoice.docstatus, invoice.approval_status, invoice.agency), (1, "Pending", self.w.agency_a)
		)
		self.assertEqual(str(invoice.service_date), today())
		self.assertTrue(invoice.work_photo.startswith("/private/files/"))
		photo = frappe.get_doc("File", {"file_url": invoice.work_photo})
		self.assertEqual((photo.attached_to_name, photo.is_private), (invoice.name, 1))
		view = portal_invoices.invoice_view(self.w.agency_a, invoice.name)
		self.assertEqual(view["state_label"], "Pending")
		self.assertEqual([p["item"] for p in view["parts"]], [self.w.pump])

	def test_no_services_a_bad_date_or_another_agencys_referral_is_refused(self):
		reception = self.reception()
		theirs = self.reception(agency=self.w.agency_b)
		self.as_agency()
		count = frappe.db.count("Service Invoice")
		cases = (
			(reception.name, {"services": []}, PortalInputError, "at least one service"),
			(
				reception.name,
				{"services": [{"service_type": "تعمیر گارانتی"}], "service_date": "دیروز"},
				PortalInputError,
				"is not a date",
			),
			(
				theirs.name,
				{"services": [{"service_type": "تعمیر گارانتی"}]},
				frappe.DoesNotExistError,
				"not found",
			),
		)
		for name, values, exc, message in cases:
			self.assertRaisesRegex(
				exc,
				message,
				portal_invoices.save_invoice,
				self.w.agency_a,
				name,
				self.w.covered,
				parts=None,
				**values,
			)
		self.assertEqual(frappe.db.count("Service Invoice"), count)

	def test_photos_must_be_images(self):
		self.assertTrue(portal_invoices.looks_like_image(PNG))
		self.assertFalse(portal_invoices.looks_like_image(b"%PDF-1.4 not a photo"))


class TestPortalOverHttp(PortalTestCase):
	"""Pages and endpoints through Frappe's real WSGI application, as the agency users."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.ours = make_reception(cls.w)
		cls.theirs = make_reception(cls.w, agency=cls.w.agency_b)
		cls.their_invoice = (
			frappe.get_doc(
				{
					"doctype": "Service Invoice",
					"invoice_type": "Paid Repair",
					"service_reception": cls.theirs,
					"customer_device": cls.w.covered,
					"services": [{"service_type": PAID_REPAIR}],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		frappe.db.commit()  # nosemgrep: the requests run in their own transaction

	def page(self, path, user=AGENCY_A_USER):
		"""GET a portal page as `user`, as a browser asks for it."""
		request = _Call("GET", path, {"Authorization": api_credentials(user), "Accept": "text/html"})
		request.start()
		request.join()
		return request.response.status_code, request.response.get_data(as_text=True)

	def test_the_cartable_shows_our_referral_and_not_theirs(self):
		ours, theirs = (
			frappe.db.get_value("Service Reception", n, "tracking_code") for n in (self.ours, self.theirs)
		)
		status, html = self.page(f"/agency?tab=new&q={ours}")
		self.assertEqual(status, 200)
		self.assertIn(f'data-reception="{self.ours}"', html)
		self.assertNotIn(theirs, html)
		status, html = self.page(f"/agency?q={theirs}")
		self.assertNotIn(self.theirs, html)

	def test_their_ids_in_a_url_or_a_request_are_not_found(self):
		for path in (
			f"/agency/referral?name={self.theirs}",
			f"/agency/invoice?name={self.their_invoice}",
			f"/agency/new-invoice?reception={self.theirs}&device={self.w.covered}",
		):
			status, html = self.page(path)
			self.assertEqual(status, 404, path)
			self.assertNotIn("مشتری فاکتور", html, path)
		for method, data in (
			("accept_referral", {"reception": self.theirs}),
			("decline_referral", {"reception": self.theirs, "reason": "not ours at all"}),
			("assign_technician", {"reception": self.theirs, "technician": self.w.technician}),
			("submit_service_invoice", {"name": self.their_invoice}),
		):
			response = call(
				"POST", f"/api/method/zhira_after_sales.api.agency.{method}", AGENCY_A_USER, data=data
			)
			self.assertIn(response.status_code, (403, 404), (method, response.get_data(as_text=True)))
		self.assertFalse(frappe.db.get_value("Service Reception", self.theirs, "accepted_on"))
		self.assertEqual(frappe.db.get_value("Service Invoice", self.their_invoice, "docstatus"), 0)

	def test_a_guest_is_sent_to_log_in_and_head_office_has_its_desk(self):
		response = call_guest("GET", "/agency")
		self.assertIn(response.status_code, (301, 302, 303))
		self.assertIn("/login", response.headers["Location"])
		status, _html = self.page("/agency", MANAGER)
		self.assertEqual(status, 403)
