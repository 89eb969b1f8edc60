"""The money side of the agency portal (/agency/statement, /agency/voucher): the agency's
statement of account (agency.statement.get_statement) for a Jalali period, its Excel copy, and one
voucher of it read-only.

    period(from_text, to_text)        (from_date, to_date) from what the user typed (Jalali or ISO);
                                      empty: the current Jalali month
    statement_page(agency, from, to)  the statement with dates, labels and links for the page
    statement_workbook(agency, ...)   the statement as an .xlsx (RTL for Persian, Jalali dates,
                                      numbers as numbers): (filename, bytes)
    voucher(agency, type, name)       one voucher with a GL Entry on the agency's own parties:
                                      date, lines, total, remarks, the Service Invoice it pays;
                                      any other voucher (or none) is "not found", the same answer

Callers pass the agency of the session user (agency.portal.require_agency), never one from the
request. ERPNext's vouchers are read here as the system: an agency user has no permission on
them, and sees only what this module shows of the ones on its own account.
"""

import datetime
import io

import frappe
from frappe import _
from frappe.utils import cint, cstr, escape_html, flt, fmt_money, getdate, today

from zhira_after_sales.agency import statement
from zhira_after_sales.agency.cartable import display_date
from zhira_after_sales.exceptions import PortalInputError
from zhira_after_sales.utils import jalali
from zhira_after_sales.utils.text import to_persian_digits

VOUCHER_TYPES = ("Purchase Invoice", "Sales Invoice", "Payment Entry", "Journal Entry")


def voucher_type_label(voucher_type: str) -> str:
	return {
		"Purchase Invoice": _("Purchase Invoice"),
		"Sales Invoice": _("Sales Invoice"),
		"Payment Entry": _("Payment Entry"),
		"Journal Entry": _("Journal Entry"),
	}.get(voucher_type, voucher_type)


def persian() -> bool:
	return frappe.local.lang == "fa"


def amount(value) -> str:
	"""An amount as the page shows it: grouped, no currency (the page names it once), Persian
	digits for Persian."""
	value = flt(value)
	text = fmt_money(value, precision=0 if value == int(value) else 2)
	return persian_number(text) if persian() else text


def persian_number(text: str) -> str:
	"""1,234.5 -> ۱٬۲۳۴٫۵: Persian digits and the Persian thousands and decimal separators."""
	return to_persian_digits(text.replace(",", "\u066c").replace(".", "\u066b"))


def quantity(value) -> str:
	text = f"{flt(value):g}"
	return persian_number(text) if persian() else text


def currency_label(currency: str | None) -> str:
	if currency == "IRR":
		return _("Rial")
	return currency or ""


# --- the period ---------------------------------------------------------------------------------


def parse_day(value, label: str) -> datetime.date | None:
	text = cstr(value).strip()
	if not text:
		return None
	try:
		return jalali.parse_date(text, today=getdate())
	except jalali.JalaliParseError:
		frappe.throw(
			_("{0}: {1} is not a date. Type it as 1405/09/01 (or 2026-11-22).").format(label, text[:40]),
			exc=PortalInputError,
		)


def period(from_text=None, to_text=None) -> tuple[datetime.date, datetime.date]:
	"""The statement's period from what was typed: the current Jalali month when nothing is; the
	month of the one date typed, up to the current month, when one is."""
	from_date = parse_day(from_text, _("From Date"))
	to_date = parse_day(to_text, _("To Date"))
	this_month = jalali.month_range_of(getdate(today()))
	if not from_date:
		from_date = jalali.month_range_of(to_date)[0] if to_date else this_month[0]
	if not to_date:
		to_date = max(this_month[1], jalali.month_range_of(from_date)[1])
	if from_date > to_date:
		frappe.throw(
			_("{0} must not be after {1}.").format(_("From Date"), _("To Date")), exc=PortalInputError
		)
	return from_date, to_date


def jalali_text(value) -> str:
	"""1405/09/01 (Persian digits for Persian): what a date input shows."""
	return jalali.format_date(value, persian_digits=persian())


def quick_periods() -> list[dict]:
	"""This month, last month and this year, in Jalali, as links."""
	now = getdate(today())
	this_month = jalali.month_range_of(now)
	last_month = jalali.month_range_of(frappe.utils.add_days(this_month[0], -1))
	this_year = jalali.year_range(jalali.year_of(now))
	return [
		{"label": label, "from": jalali.format_date(start), "to": jalali.format_date(end)}
		for label, (start, end) in (
			(_("This month"), this_month),
			(_("Last month"), last_month),
			(_("This year"), this_year),
		)
	]


# --- the statement ------------------------------------------------------------------------------


def statement_page(agency: str, from_date, to_date) -> frappe._dict:
	data = statement.get_statement(agency, from_date, to_date)
	for line in data.lines:
		line.date_display = display_date(line.posting_date)
		line.kind_label = statement.kind_label(line.kind)
		line.type_label = voucher_type_label(line.voucher_type)
	for total in data.totals:
		total.kind_label = statement.kind_label(total.kind)
	data.currency_label = currency_label(data.currency)
	return data


def balance_words(value) -> str:
	"""Who owes whom, in words: a positive balance is what the agency owes the company."""
	value = flt(value)
	if abs(value) < 0.005:
		return _("Settled")
	if value > 0:
		return _("You owe head office")
	return _("Head office owes you")


def statement_workbook(agency: str, from_date, to_date) -> tuple[str, bytes]:
	"""The statement as Excel: a title, the period, the opening balance, one row per voucher
	(Jalali date, Gregorian date, kind, voucher type, voucher, Service Invoice, debit, credit,
	running balance), the totals and the closing balance. Right to left for Persian."""
	from openpyxl import Workbook
	from openpyxl.styles import Alignment, Font

	data = statement.get_statement(agency, from_date, to_date)
	number_format = "#,##0" if all(is_whole(v) for v in amounts_of(data)) else "#,##0.00"
	book = Workbook()
	sheet = book.active
	sheet.title = _("Statement")[:31]
	sheet.sheet_view.rightToLeft = persian()
	bold = Font(bold=True)

	sheet.append([_("Statement of {0}").format(data.agency_name or data.agency)])
	sheet["A1"].font = Font(bold=True, size=13)
	sheet.append(
		[
			_("From Date"),
			jalali.format_date(data.from_date),
			_("To Date"),
			jalali.format_date(data.to_date),
			_("Currency"),
			data.currency,
		]
	)
	sheet.append([])
	headers = [
		_("Date"),
		_("Gregorian Date"),
		_("Kind"),
		_("Voucher Type"),
		_("Voucher"),
		_("Service Invoice"),
		_("Debit"),
		_("Credit"),
		_("Balance"),
	]
	sheet.append(headers)
	header_row = sheet.max_row
	for cell in sheet[header_row]:
		cell.font = bold
	sheet.append(
		[
			jalali.format_date(data.from_date),
			data.from_date,
			_("Opening Balance"),
			None,
			None,
			None,
			None,
			None,
			flt(data.opening),
		]
	)
	for line in data.lines:
		sheet.append(
			[
				jalali.format_date(line.posting_date),
				getdate(line.posting_date),
				statement.kind_label(line.kind),
				voucher_type_label(line.voucher_type),
				line.voucher_no,
				line.service_invoice or None,
				flt(line.debit),
				flt(line.credit),
				flt(line.balance),
			]
		)
	sheet.append([None, None, _("Total"), None, None, None, flt(data.debit), flt(data.credit), None])
	sheet.append(
		[
			jalali.format_date(data.to_date),
			data.to_date,
			_("Closing Balance"),
			None,
			None,
			None,
			None,
			None,
			flt(data.closing),
		]
	)
	for cell in sheet[sheet.max_row - 1] + sheet[sheet.max_row]:
		cell.font = bold
	first_data = header_row + 1
	for row in sheet.iter_rows(min_row=first_data, max_row=sheet.max_row):
		row[1].number_format = "yyyy-mm-dd"
		row[0].alignment = Alignment(horizontal="center")
		for cell in row[6:9]:
			cell.number_format = number_format
	for column, width in zip("ABCDEFGHI", (12, 12, 26, 16, 24, 18, 16, 16, 18), strict=True):
		sheet.column_dimensions[column].width = width
	sheet.freeze_panes = sheet.cell(row=first_data, column=1)

	if data.totals:
		sheet.append([])
		sheet.append([_("Totals by kind"), None, None, None, None, None, _("Debit"), _("Credit")])
		for cell in sheet[sheet.max_row]:
			cell.font = bold
		for total in data.totals:
			sheet.append(
				[
					statement.kind_label(total.kind),
					None,
					None,
					None,
					None,
					None,
					flt(total.debit),
					flt(total.credit),
				]
			)
			for cell in sheet[sheet.max_row][6:8]:
				cell.number_format = number_format

	out = io.BytesIO()
	book.save(out)
	filename = "statement-{}-{}-{}.xlsx".format(
		frappe.scrub(data.agency).replace("_", "-") or "agency",
		jalali.format_date(data.from_date, "%Y%m%d"),
		jalali.format_date(data.to_date, "%Y%m%d"),
	)
	return filename, out.getvalue()


def amounts_of(data) -> list[float]:
	values = [data.opening, data.closing, data.debit, data.credit]
	for line in data.lines:
		values += [line.debit, line.credit, line.balance]
	return values


def is_whole(value) -> bool:
	return abs(flt(value) - round(flt(value))) < 0.005


# --- one voucher --------------------------------------------------------------------------------


def not_found(name):
	frappe.throw(
		_("Voucher {0} not found in your statement.").format(frappe.bold(escape_html(cstr(name)[:140]))),
		frappe.DoesNotExistError,
	)


def effect_on_agency(agency: str, voucher_type: str, name: str) -> frappe._dict | None:
	"""The voucher's debit and credit on the agency's parties (None when it has no such entry)."""
	parties = statement.parties_of(agency)
	if not parties.customer and not parties.supplier:
		return None
	condition, values = statement.party_condition(parties)
	values.update(voucher_type=voucher_type, voucher_no=name)
	row = frappe.db.sql(
		f"""select count(*) as entries, sum(gle.debit) as debit, sum(gle.credit) as credit,
			min(gle.posting_date) as posting_date
		from `tabGL Entry` gle
		where {condition} and gle.voucher_type = %(voucher_type)s and gle.voucher_no = %(voucher_no)s""",
		values,
		as_dict=True,
	)[0]
	if not cint(row.entries):
		return None
	row.parties = parties
	return row


def voucher(agency: str, voucher_type: str | None, name: str | None) -> frappe._dict:
	"""One voucher of the agency's statement; anything else is not found."""
	if voucher_type not in VOUCHER_TYPES or not name:
		not_found(name)
	effect = effect_on_agency(agency, voucher_type, name)
	if not effect:
		not_found(name)
	doc = frappe.get_doc(voucher_type, name)
	kind, service_invoice = statement.kinds_of(
		[frappe._dict(voucher_type=voucher_type, voucher_no=name)], effect.parties
	).get((voucher_type, name), (statement.OTHER, None))
	net = flt(effect.debit) - flt(effect.credit)
	result = frappe._dict(
		voucher_type=voucher_type,
		type_label=voucher_type_label(voucher_type),
		name=name,
		kind=kind,
		kind_label=statement.kind_label(kind),
		date_display=display_date(doc.posting_date),
		debit=max(net, 0.0),
		credit=max(-net, 0.0),
		currency_label=currency_label(effect.parties.currency),
		remarks=remarks_of(doc),
		lines=[],  # not "items": a _dict's items is dict.items, in Jinja too
		accounts=[],
		references=[],
		service_invoice=service_invoice
		if service_invoice and frappe.db.get_value("Service Invoice", service_invoice, "agency") == agency
		else None,
		part_return=None,
		parts_request=None,
		payment=None,
	)
	if voucher_type in ("Sales Invoice", "Purchase Invoice"):
		result.lines = [
			frappe._dict(
				item_name=row.item_name or row.item_code,
				description=row.description if cstr(row.description) != cstr(row.item_name) else "",
				qty=flt(row.qty),
				uom=row.uom or row.stock_uom,
				rate=flt(row.rate),
				amount=flt(row.amount),
			)
			for row in doc.items
		]
		result.total = flt(doc.grand_total)
		if voucher_type == "Sales Invoice":
			result.part_return = frappe.db.get_value(
				"Defective Part Return", {"sales_invoice": name, "agency": agency}, "name"
			)
			result.parts_request = frappe.db.get_value(
				"Agency Parts Request Fulfilment",
				{
					"reference_doctype": "Sales Invoice",
					"reference_name": name,
					"parenttype": "Agency Parts Request",
				},
				"parent",
			)
			if result.parts_request and (
				frappe.db.get_value("Agency Parts Request", result.parts_request, "agency") != agency
			):
				result.parts_request = None
	elif voucher_type == "Payment Entry":
		result.payment = frappe._dict(
			direction=_("Paid to you") if doc.payment_type == "Pay" else _("Received from you"),
			mode_of_payment=doc.mode_of_payment,
			reference_no=doc.reference_no,
			reference_date=display_date(doc.reference_date) if doc.reference_date else "",
		)
		result.total = flt(doc.paid_amount)
		result.references = [
			frappe._dict(
				voucher_type=row.reference_doctype,
				type_label=voucher_type_label(row.reference_doctype),
				name=row.reference_name,
				allocated=flt(row.allocated_amount),
				link=row.reference_doctype in VOUCHER_TYPES,
			)
			for row in doc.references
		]
	else:  # Journal Entry: only its lines on the agency's own accounts
		parties = {
			("Customer", effect.parties.customer),
			("Supplier", effect.parties.supplier),
		}
		result.accounts = [
			frappe._dict(
				account=_("Your customer account")
				if row.party_type == "Customer"
				else _("Your supplier account"),
				debit=flt(row.debit),
				credit=flt(row.credit),
			)
			for row in doc.accounts
			if (row.party_type, row.party) in parties
		]
		result.total = sum(row.debit for row in result.accounts)
	return result


def remarks_of(doc) -> str:
	text = cstr(doc.get("user_remark") if doc.doctype == "Journal Entry" else doc.get("remarks")).strip()
	return "" if text in ("", "No Remarks", _("No Remarks")) else text
