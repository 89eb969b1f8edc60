"""A realistic Persian data set for demos and manual testing.

    bench --site <site> execute zhira_after_sales.setup.demo.setup

Idempotent: run it again and nothing is duplicated. Demo portal users share the password
printed at the end (DEMO_PASSWORD); never run this on a production site.
"""

import frappe
from frappe.utils import add_days, getdate, nowdate
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.agency.company_setup import setup_company
from zhira_after_sales.setup.demo_data import (
	AGENCIES,
	BRAND,
	CUSTOMERS,
	DEFECTS,
	DEMO_PASSWORD,
	DEMO_SURVEYS,
	DEVICES,
	ITEM_GROUPS,
	PARTS,
	PERIODIC_PAID,
	PERIODIC_PARTS,
	PERIODIC_PLANS,
	PERIODIC_SERVICE_TYPE,
	PERIODIC_SKIP_REASON,
	RATES,
	RECEPTIONS,
	SERIALS_PER_DEVICE,
	SERVICE_GUIDES,
	WARRANTY_PLANS,
)
from zhira_after_sales.warranty.rules import add_jalali_months


def setup():
	"""Fill the current site with the demo data set."""
	company = frappe.defaults.get_global_default("company")
	if not company:
		frappe.throw("Complete the ERPNext setup wizard first: the demo needs a company.")
	setup_company(company)
	make_item_groups()
	offer_products_to_customers()
	make_items(company)
	make_defects()
	make_rates()
	make_agencies()
	make_customers()
	make_warranty(company)
	make_receptions()
	make_service_invoices(company)
	make_agency_documents()
	make_surveys()
	make_periodic_service()
	frappe.db.commit()  # nosemgrep: a bench command, not a request
	print(f"Zhira demo data ready on {frappe.local.site}. Portal users' password: {DEMO_PASSWORD}")


def make_item_groups():
	root = get_root_of("Item Group")
	for name, parent, is_group in ITEM_GROUPS:
		if frappe.db.exists("Item Group", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": name,
				"parent_item_group": parent or root,
				"is_group": is_group,
			}
		).insert(ignore_permissions=True)
	if not frappe.db.exists("Brand", BRAND):
		frappe.get_doc({"doctype": "Brand", "brand": BRAND}).insert(ignore_permissions=True)


def offer_products_to_customers():
	"""The service request page offers the demo's product groups (not the spare parts)."""
	settings = frappe.get_single("After Sales Settings")
	if settings.get("request_item_groups"):
		return
	groups = sorted({group for _code, _name, group, *_rest in DEVICES})
	settings.set("request_item_groups", [{"item_group": group} for group in groups])
	settings.save(ignore_permissions=True)


def make_item(code, name, group, serial_series, valuation, price):
	if frappe.db.exists("Item", code):
		ensure_selling_price(code, price)
		return
	frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": code,
			"item_name": name,
			"item_group": group,
			"brand": BRAND,
			"stock_uom": "Nos",
			"is_stock_item": 1,
			"has_serial_no": 1 if serial_series else 0,
			"serial_no_series": serial_series,
			"valuation_rate": valuation,
			"standard_rate": price,
		}
	).insert(ignore_permissions=True)
	ensure_selling_price(code, price)


def ensure_selling_price(code: str, price):
	"""The item's rate in the selling price list (agencies buy parts at it). ERPNext adds it when an
	item with a standard rate is made, in the price list named in the user's language: make sure."""
	from zhira_after_sales.agency.parts_request import selling_price_list

	price_list = selling_price_list()
	if not price or frappe.db.exists("Item Price", {"item_code": code, "price_list": price_list}):
		return
	frappe.get_doc(
		{"doctype": "Item Price", "item_code": code, "price_list": price_list, "price_list_rate": price}
	).insert(ignore_permissions=True)


def make_items(company: str):
	from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry

	warehouse = frappe.get_cached_doc("After Sales Settings").parts_warehouse
	for code, name, group, series, valuation, price in DEVICES:
		make_item(code, name, group, series, valuation, price)
	for code, name, series, valuation, price in PARTS:
		make_item(code, name, "قطعات یدکی", series, valuation, price)
	if not warehouse:
		return
	for code, _name, _group, series, valuation, _price in DEVICES:
		if frappe.db.count("Serial No", {"item_code": code}):
			continue
		prefix = series.split("-")[0]
		serials = [f"{prefix}-{i:05d}" for i in range(1, SERIALS_PER_DEVICE + 1)]
		for serial in serials:
			if not frappe.db.exists("Serial No", serial):
				frappe.get_doc({"doctype": "Serial No", "serial_no": serial, "item_code": code}).insert(
					ignore_permissions=True
				)
		make_stock_entry(
			item_code=code,
			qty=len(serials),
			to_warehouse=warehouse,
			company=company,
			rate=valuation,
			serial_no=serials,
		)
	for code, _name, series, valuation, _price in PARTS:
		if series or frappe.db.exists("Bin", {"item_code": code, "warehouse": warehouse}):
			continue
		make_stock_entry(item_code=code, qty=50, to_warehouse=warehouse, company=company, rate=valuation)


def make_defects():
	for code, name, group, parent in DEFECTS:
		if frappe.db.exists("Defect Code", code):
			continue
		frappe.get_doc(
			{
				"doctype": "Defect Code",
				"code": code,
				"defect_name": name,
				"item_group": group,
				"parent_defect_code": parent,
				"is_group": 0 if parent else 1,
			}
		).insert(ignore_permissions=True)


def make_rates():
	start = add_days(nowdate(), -30)
	for service_type, group, wage, price in RATES:
		if frappe.db.exists("Service Rate", {"service_type": service_type, "item_group": group}):
			continue
		frappe.get_doc(
			{
				"doctype": "Service Rate",
				"service_type": service_type,
				"item_group": group,
				"valid_from": start,
				"agency_wage": wage,
				"customer_price": price,
			}
		).insert(ignore_permissions=True)


def make_user(email: str, first_name: str, mobile: str | None = None) -> str:
	if frappe.db.exists("User", email):
		return email
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"mobile_no": mobile,
			"send_welcome_email": 0,
			"user_type": "Website User",
			"language": "fa",
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	from frappe.utils.password import update_password

	update_password(email, DEMO_PASSWORD)
	return email


def make_agencies():
	for code, name, territory, city, mobile, phone, portal_user, technicians in AGENCIES:
		if not frappe.db.exists("Service Agency", code):
			agency = frappe.get_doc(
				{
					"doctype": "Service Agency",
					"agency_code": code,
					"agency_name": name,
					"city": city,
					"mobile_no": mobile,
					"phone_no": phone,
					"manager_name": name.split(" - ")[-1],
					"territories": [{"territory": territory}],
					"portal_users": [{"user": make_user(portal_user, name, mobile), "is_manager": 1}],
				}
			)
			agency.insert(ignore_permissions=True)
		if not frappe.db.get_value("Territory", territory, "default_service_agency"):
			frappe.db.set_value("Territory", territory, "default_service_agency", code)
		for index, (tech_name, tech_mobile) in enumerate(technicians, start=1):
			if frappe.db.exists("Service Technician", {"mobile_no": "+98" + tech_mobile[1:]}):
				continue
			user = make_user(f"tech{index}.{code.lower()}@demo.zhira.ir", tech_name, tech_mobile)
			frappe.get_doc(
				{
					"doctype": "Service Technician",
					"full_name": tech_name,
					"agency": code,
					"mobile_no": tech_mobile,
					"user": user,
				}
			).insert(ignore_permissions=True)


def make_customers():
	customer_group = frappe.db.get_single_value("Selling Settings", "customer_group") or get_root_of(
		"Customer Group"
	)
	for name, mobile, phone, city, province, address_line in CUSTOMERS:
		if frappe.db.exists("Customer", {"customer_name": name}):
			continue
		customer = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_type": "Individual",
				"customer_group": customer_group,
				"territory": province,
				"mobile_no": "+98" + mobile[1:],
			}
		).insert(ignore_permissions=True)
		address = frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": name,
				"address_type": "Billing",
				"address_line1": address_line,
				"city": city,
				"state": province,
				"country": "Iran",
				"phone": "+98" + phone[1:],
				"links": [{"link_doctype": "Customer", "link_name": customer.name}],
			}
		).insert(ignore_permissions=True)
		customer.db_set("customer_primary_address", address.name)


# customer index, [(device code, serial index or None, service type, defects)], channel
def make_receptions():
	"""A few receptions in different provinces, referred to their territory's agency."""
	for customer_index, devices, channel in RECEPTIONS:
		name, mobile, phone, city, _province, address_line = CUSTOMERS[customer_index]
		if frappe.db.exists("Service Reception", {"mobile_no": "+98" + mobile[1:], "channel": channel}):
			continue
		rows = []
		for code, serial_index, service_type, defects in devices:
			prefix = next(series for c, _n, _g, series, _v, _p in DEVICES if c == code).split("-")[0]
			rows.append(
				{
					"item": code,
					"serial_no": f"{prefix}-{serial_index:05d}" if serial_index else None,
					"service_type": service_type,
					"declared_defects": defects,
				}
			)
		frappe.get_doc(
			{
				"doctype": "Service Reception",
				"channel": channel,
				"mobile_no": mobile,
				"customer_name": name,
				"phone_no": phone,
				"city": city,
				"address_line": address_line,
				"devices": rows,
			}
		).insert(ignore_permissions=True)


# plan name, item group, months, start basis, covered service types, parts (None = all), terms
def make_warranty(company: str):
	"""Plans for the three product lines, a batch of water heater cards, and a few cards started
	the three ways: two heaters sold by Delivery Note, a cooler installed, a boiler sent out of the
	central store to the Tehran agency."""
	from zhira_after_sales.warranty.api import start_warranty_from_installation
	from zhira_after_sales.warranty.batch import run_batch

	stores = frappe.get_cached_doc("After Sales Settings").parts_warehouse
	for name, group, months, basis, services, parts, terms in WARRANTY_PLANS:
		if frappe.db.exists("Warranty Plan", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Warranty Plan",
				"plan_name": name,
				"item_group": group,
				"duration_months": months,
				"start_basis": basis,
				"exit_warehouse": stores if basis == "Warehouse Exit" else None,
				"covered_service_types": [{"service_type": s} for s in services],
				"parts_covered": "Listed" if parts else "All",
				"parts": [{"item": p} for p in parts or ()],
				"terms": terms,
				"terms_en": "<p>Repairs and parts are free during the warranty period, except for damage from misuse or unauthorised installation.</p>",
			}
		).insert(ignore_permissions=True)

	if not frappe.db.exists("Warranty Card Batch", {"item": "ZH-WH50"}):
		batch = frappe.get_doc(
			{
				"doctype": "Warranty Card Batch",
				"item": "ZH-WH50",
				"source": "Range",
				"prefix": "WH50-",
				"range_from": 1,
				"range_to": 10,
				"digits": 5,
			}
		).insert(ignore_permissions=True)
		run_batch(batch.name, commit=False)

	if not stores:
		return
	customers = [frappe.db.get_value("Customer", {"customer_name": c[0]}) for c in CUSTOMERS]
	if not all(customers):
		return
	sold = ("WH50-00001", "WH50-00002")
	in_store = frappe.db.count("Serial No", {"name": ("in", sold), "warehouse": stores}) == len(sold)
	# (after an uninstall and reinstall the cards are new but ERPNext delivered the serials before)
	if in_store and frappe.db.get_value("Warranty Card", {"serial_no": "WH50-00001"}, "status") == "Issued":
		note = frappe.get_doc(
			{
				"doctype": "Delivery Note",
				"company": company,
				"customer": customers[0],
				"items": [
					{
						"item_code": "ZH-WH50",
						"qty": 2,
						"rate": 240_000_000,
						"warehouse": stores,
						"serial_no": "\n".join(sold),
						"use_serial_batch_fields": 1,
					}
				],
			}
		)
		note.insert(ignore_permissions=True)
		note.submit()

	if not frappe.db.exists("Customer Device", {"item": "ZH-CL35", "serial_no": "CL35-00001"}):
		device = frappe.get_doc(
			{
				"doctype": "Customer Device",
				"item": "ZH-CL35",
				"serial_no": "CL35-00001",
				"customer": customers[-1],
				"territory": frappe.db.get_value("Customer", customers[-1], "territory"),
				"sold_on": add_days(nowdate(), -20),
			}
		).insert(ignore_permissions=True)
		start_warranty_from_installation(
			customer_device=device.name,
			installed_on=add_days(nowdate(), -15),
			source_doctype="Customer Device",
			source_name=device.name,
		)

	if not frappe.db.exists("Warranty Card", {"serial_no": "BL24-00001"}):
		ship_boiler_out(company, stores)


def ship_boiler_out(company: str, stores: str):
	"""BL24-00001 leaves the central store (its plan's exit warehouse): to the Tehran agency's
	consignment warehouse, or - when ERPNext cannot post there (no stock account for it on this
	company) - to Finished Goods."""
	from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry

	targets = [
		frappe.db.get_value("Service Agency", "TEH-01", "consignment_warehouse"),
		frappe.db.get_value(
			"Warehouse", {"company": company, "warehouse_name": "Finished Goods", "is_group": 0}
		),
	]
	for target in filter(None, targets):
		frappe.db.savepoint("demo_boiler")
		try:
			make_stock_entry(
				item_code="ZH-BL24",
				qty=1,
				from_warehouse=stores,
				to_warehouse=target,
				company=company,
				serial_no=["BL24-00001"],
			)
			return
		except frappe.ValidationError:
			frappe.db.rollback(save_point="demo_boiler")
			frappe.clear_messages()


# serial of the device, invoice type, service type, parts [(item, qty, coverage, must come back)],
# paid by the customer, approve it
DEMO_INVOICES = (
	("WH50-00001", "Paid Repair", "تعمیر آزاد", [("PRT-THERMO", 1, "Paid", 0)], 12_700_000, False),
	("CL35-00002", "Installation", "نصب", [], 0, True),
)


def make_service_invoices(company: str):
	"""Work reports of the demo receptions: one awaiting head office, one approved (posted to
	ERPNext, starting the installed device's warranty). Parts are first sent to the agency's
	consignment warehouse from the central store."""
	from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry

	from zhira_after_sales.agency import invoice_approval

	stores = frappe.get_cached_doc("After Sales Settings").parts_warehouse
	for serial, invoice_type, service_type, parts, paid, approve in DEMO_INVOICES:
		device = frappe.db.get_value("Customer Device", {"serial_no": serial}, "name")
		row = frappe.db.get_value(
			"Service Reception Device",
			{"customer_device": device, "parenttype": "Service Reception", "service_type": service_type},
			"parent",
		)
		if not (device and row) or frappe.db.exists("Service Invoice", {"service_reception": row}):
			continue
		agency = frappe.db.get_value("Service Reception", row, "service_agency")
		consignment = frappe.db.get_value("Service Agency", agency, "consignment_warehouse")
		if not (agency and consignment):
			continue
		for item, qty, _coverage, _hot in parts:
			make_stock_entry(
				item_code=item, qty=qty + 2, from_warehouse=stores, to_warehouse=consignment, company=company
			)
		invoice = frappe.get_doc(
			{
				"doctype": "Service Invoice",
				"invoice_type": invoice_type,
				"service_reception": row,
				"customer_device": device,
				"services": [{"service_type": service_type}],
				"parts": [
					{"item": item, "qty": qty, "coverage": coverage, "hot_part_due": hot}
					for item, qty, coverage, hot in parts
				],
				"customer_paid_amount": paid,
			}
		)
		invoice.flags.ignore_permissions = True
		invoice.insert()
		invoice.submit()
		if approve:
			invoice_approval.approve(invoice)


# --- the agencies' download centre -------------------------------------------------------------

# no digits or punctuation inside the Persian lines: wkhtmltopdf misplaces them in RTL text
INSTALLATION_GUIDE = """<div dir="rtl" style="font-family: Vazirmatn, Tahoma, sans-serif; font-size: 15px;
text-align: right; padding: 0 24px; line-height: 1.9">
<h1>راهنمای نصب و سرویس آبگرمکن دیواری ژیرا</h1>
<h2>پیش از نصب</h2>
<p>فشار گاز شهری و قطر لوله دودکش و فاصله دستگاه از کف را بررسی کنید</p>
<h2>نصب</h2>
<p>دستگاه را روی دیوار مقاوم نصب کنید و نشتی گاز را با کف صابون بیازمایید</p>
<h2>سرویس دوره‌ای</h2>
<p>هر سال مشعل را تمیز و آند منیزیمی را بازدید کنید</p>
<p>شماره سریال و تاریخ سرویس را در پرونده دستگاه ثبت کنید</p>
</div>"""

WAGE_CIRCULAR = """بخشنامه نرخ دستمزد خدمات پس از فروش - سال ۱۴۰۵

به نمایندگی‌های محترم خدمات پس از فروش ژیرا

نرخ دستمزد خدمات از ابتدای فروردین ۱۴۰۵ به شرح زیر است:
- نصب آبگرمکن دیواری: ۱٬۲۰۰٬۰۰۰ ریال
- تعمیر گارانتی: ۹۰۰٬۰۰۰ ریال
- سرویس دوره‌ای: ۷۵۰٬۰۰۰ ریال

فاکتورهای نصب و تعمیر با نرخ‌های این بخشنامه تأیید می‌شوند.
مدیریت خدمات پس از فروش
"""


def demo_file(file_name: str, content: bytes) -> str:
	"""A private File (not yet attached: the Agency Document it is given to attaches it on save)."""
	return (
		frappe.get_doc({"doctype": "File", "file_name": file_name, "is_private": 1, "content": content})
		.insert(ignore_permissions=True)
		.file_url
	)


def installation_guide_pdf() -> tuple[str, bytes]:
	"""A small Persian PDF (wkhtmltopdf), or the same text as a .txt where wkhtmltopdf is missing."""
	from frappe.utils.pdf import get_pdf

	from zhira_after_sales.utils.fonts import pdf_fonts

	try:
		return "راهنمای-نصب-آبگرمکن-دیواری.pdf", get_pdf(f"<style>{pdf_fonts()}</style>{INSTALLATION_GUIDE}")
	except OSError:
		text = frappe.utils.strip_html(INSTALLATION_GUIDE)
		return "راهنمای-نصب-آبگرمکن-دیواری.txt", text.encode()


def make_agency_documents():
	"""Two documents in the agencies' download centre: a guide for every agency, a circular for the
	Tehran and Isfahan agencies. Agencies see them at /agency/documents."""
	title = "راهنمای نصب و سرویس آبگرمکن دیواری"
	if not frappe.db.exists("Agency Document", {"title": title}):
		file_name, content = installation_guide_pdf()
		frappe.get_doc(
			{
				"doctype": "Agency Document",
				"title": title,
				"description": "مراحل نصب، آزمون نشتی گاز و سرویس سالانه آبگرمکن‌های دیواری ژیرا.\nبرای تکنسین‌های تازه‌کار چاپ کنید.",
				"audience": "All Agencies",
				"published_on": add_days(nowdate(), -20),
				"is_published": 1,
				"file": demo_file(file_name, content),
			}
		).insert(ignore_permissions=True)
	title = "بخشنامه نرخ دستمزد خدمات ۱۴۰۵"
	if not frappe.db.exists("Agency Document", {"title": title}):
		frappe.get_doc(
			{
				"doctype": "Agency Document",
				"title": title,
				"description": "نرخ‌های دستمزد نصب، تعمیر گارانتی و سرویس دوره‌ای از فروردین ۱۴۰۵.",
				"audience": "Selected Agencies",
				"agencies": [{"agency": "TEH-01"}, {"agency": "ISF-01"}],
				"published_on": add_days(nowdate(), -3),
				"is_published": 1,
				"file": demo_file("wage-circular-1405.txt", WAGE_CIRCULAR.encode()),
			}
		).insert(ignore_permissions=True)


# --- Happy Calls ---------------------------------------------------------------------------------

IN_PROGRESS_STATUS = "در حال انجام"
COMPLETED_STATUS = "انجام شده"


def make_surveys():
	"""Completed services of the last weeks with their Happy Calls, for the agency score and the
	reports: most answered by phone with varied answers, one refused, one still waiting for the call
	centre. Each reception is completed the way an agency completes it, so the Happy Call is made by
	customer_care.survey; the dates are then moved back `days ago`."""
	from frappe.utils import add_to_date, now_datetime

	from zhira_after_sales.customer_care import survey

	for index, (customer_index, code, serial_index, service_type, days_ago, outcome) in enumerate(
		DEMO_SURVEYS, start=1
	):
		marker = f"نمونه نظرسنجی {index}"
		if frappe.db.exists("Service Reception", {"notes": marker}):
			continue
		name, mobile, phone, city, _province, address_line = CUSTOMERS[customer_index]
		prefix = next(series for c, _n, _g, series, _v, _p in DEVICES if c == code).split("-")[0]
		reception = frappe.get_doc(
			{
				"doctype": "Service Reception",
				"channel": "Phone",
				"mobile_no": mobile,
				"customer_name": name,
				"phone_no": phone,
				"city": city,
				"address_line": address_line,
				"notes": marker,
				"devices": [
					{"item": code, "serial_no": f"{prefix}-{serial_index:05d}", "service_type": service_type}
				],
			}
		)
		reception.insert(ignore_permissions=True)
		if not reception.service_agency:
			continue
		reception.technician = frappe.db.get_value(
			"Service Technician", {"agency": reception.service_agency, "is_active": 1}, "name"
		)
		reception.flags.ignore_permissions = True
		reception.change_status(IN_PROGRESS_STATUS, "system")
		reception.change_status(COMPLETED_STATUS, "system")
		response = survey.existing_for(reception.name)
		if not response:
			continue
		if isinstance(outcome, tuple):
			questions = [row.question for row in frappe.get_doc("Survey Response", response).answers]
			survey.complete(response, dict(zip(questions, outcome, strict=False)))
		elif outcome == "Refused":
			survey.record_attempt(response, outcome)
		when = add_to_date(now_datetime(), days=-days_ago)
		frappe.db.set_value("Service Reception", reception.name, "closed_on", when, update_modified=False)
		values = {"reception_completed_on": when}
		if isinstance(outcome, tuple):
			values["completed_on"] = add_to_date(when, hours=3)
		frappe.db.set_value("Survey Response", response, values, update_modified=False)


# --- periodic service --------------------------------------------------------------------------


def make_periodic_service():
	"""Service Guides for the three product lines and plans for a few devices, with visits in each
	state: the plans are made as head office makes them, then the daily job is run for each day of
	the last weeks as the scheduler would have, one visit is done by an approved Periodic Service
	invoice and one skipped by head office."""
	from zhira_after_sales.service_desk import periodic

	make_service_guides()
	made = []
	for serial, due_in_days, _state in PERIODIC_PLANS:
		device = frappe.db.get_value("Customer Device", {"serial_no": serial}, ["name", "item"], as_dict=True)
		if not device or frappe.db.exists("Periodic Service Plan", {"customer_device": device.name}):
			continue
		guide = periodic.guide_for(device.item)
		if not guide:
			continue
		start = None
		if due_in_days is not None:
			first = frappe.get_doc("Service Guide", guide).tasks[0]
			months = first.first_after_months or first.every_months
			start = add_jalali_months(getdate(add_days(nowdate(), due_in_days)), -months)
		made.append((periodic.make_plan(device.name, start_date=start), due_in_days))
	past = [days for _plan, days in made if days is not None]
	if past:
		# the scheduler's days since the earliest reminder, up to today
		first_day = min(past) - periodic.settings().remind_days
		for day in range(min(first_day, 0), 1):
			periodic.run_daily(add_days(nowdate(), day), commit=False)
	finish_demo_visits()


def make_service_guides():
	for name, group, tasks, parts in SERVICE_GUIDES:
		if frappe.db.exists("Service Guide", name) or frappe.db.exists(
			"Service Guide", {"applies_to": "Item Group", "item_group": group, "is_active": 1}
		):
			continue
		for code, part_name, valuation, price in PERIODIC_PARTS:
			if any(item == code for _task, item, _qty in parts):
				make_item(code, part_name, "قطعات یدکی", None, valuation, price)
		frappe.get_doc(
			{
				"doctype": "Service Guide",
				"guide_name": name,
				"is_active": 1,
				"applies_to": "Item Group",
				"item_group": group,
				"tasks": [
					{
						"task": task,
						"service_type": PERIODIC_SERVICE_TYPE,
						"every_months": every,
						"occurrences": visits,
						"schedule_from": counted_from,
						"only_under_warranty": under_warranty,
					}
					for task, every, visits, counted_from, under_warranty in tasks
				],
				"parts": [{"task": task, "item_code": item, "qty": qty} for task, item, qty in parts],
			}
		).insert(ignore_permissions=True)


def finish_demo_visits():
	"""The agency's Periodic Service invoice for the visit meant to be done, approved by head office
	(periodic.on_service_completed marks the visit done); head office skips the visit meant to be
	skipped."""
	from zhira_after_sales.agency import invoice_approval
	from zhira_after_sales.service_desk import periodic

	for serial, _days, state in PERIODIC_PLANS:
		if state not in ("Done", "Skipped"):
			continue
		device = frappe.db.get_value("Customer Device", {"serial_no": serial})
		plan = device and frappe.db.get_value("Periodic Service Plan", {"customer_device": device})
		if not plan:
			continue
		visits = frappe.get_doc("Periodic Service Plan", plan).visits
		if any(row.status == state for row in visits):
			continue
		if state == "Skipped":
			periodic.skip_visit(plan, visits[0].name, PERIODIC_SKIP_REASON)
			continue
		row = next((row for row in visits if row.service_reception), None)
		if not row or frappe.db.exists("Service Invoice", {"service_reception": row.service_reception}):
			continue
		invoice = frappe.get_doc(
			{
				"doctype": "Service Invoice",
				"invoice_type": "Periodic Service",
				"service_reception": row.service_reception,
				"customer_device": device,
				"services": [{"service_type": row.service_type}],
				"customer_paid_amount": PERIODIC_PAID,
			}
		)
		invoice.flags.ignore_permissions = True
		invoice.insert()
		invoice.submit()
		invoice_approval.approve(invoice)
