"""The Iranian fiscal year, made ahead of time (wired daily in hooks.py `scheduler_events`).

ERPNext refuses any posting outside a Fiscal Year, so on 1 Farvardin postings fail unless the new
year exists. Every day this makes sure the current and the next Jalali year exist as Fiscal Years
(1 Farvardin to the last day of Esfand, in Gregorian dates), linked to every company. ERPNext's
own daily `auto_create_fiscal_year` copies the last year plus one Gregorian year, which is a day
off after some years (1406 ends on 2028-03-19, not the 20th); it only runs three days before the
year ends, finds the year already made here under the same name and leaves it."""

import datetime

import frappe
from frappe.utils import add_days, add_years, getdate, nowdate

from zhira_after_sales.utils.jalali import year_of, year_range


def ensure_next_fiscal_year(today: datetime.date | str | None = None) -> list[str]:
	"""Daily: the current and the next Jalali year as Fiscal Years for every company. Returns
	the names of the Fiscal Years made or given more companies (empty when all was in place)."""
	current = year_of(getdate(today or nowdate()))
	changed = []
	for jalali_year in (current, current + 1):
		name, did_change = ensure_fiscal_year(jalali_year)
		if name and did_change:
			changed.append(name)
	return changed


def fiscal_year_name(start: datetime.date, end: datetime.date) -> str:
	"""As ERPNext's setup wizard and auto-creation name them: "2026-2027" ("2026" within one
	Gregorian year, which an Iranian year never is)."""
	return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"


def ensure_fiscal_year(jalali_year: int) -> tuple[str | None, bool]:
	"""The Fiscal Year of one Jalali year, linked to every company that has no other Fiscal Year
	over those dates. Returns (its name or None when no company can take it, whether anything
	was made or changed)."""
	start, end = year_range(jalali_year)
	companies = frappe.get_all("Company", pluck="name", order_by="creation")
	existing = frappe.db.get_value("Fiscal Year", {"year_start_date": start, "year_end_date": end})
	if existing:
		return existing, link_companies(existing, companies, start, end)
	free = [c for c in companies if not overlapping(start, end, c)]
	if not free or overlapping(start, end, None):
		return None, False
	name = fiscal_year_name(start, end)
	if frappe.db.exists("Fiscal Year", name):  # some other year took the name
		name = str(jalali_year)
	doc = frappe.get_doc(
		{
			"doctype": "Fiscal Year",
			"year": name,
			"year_start_date": start,
			"year_end_date": end,
			# ERPNext wants exactly one Gregorian year unless marked "short/long"; a Jalali year
			# is a day longer or shorter when its leap day and February's do not pair up
			"is_short_year": int(end != add_days(add_years(start, 1), -1)),
			"auto_created": 1,
			"companies": [{"company": c} for c in free],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name, True


def link_companies(name: str, companies: list[str], start, end) -> bool:
	"""Add the companies a Fiscal Year lacks. One without companies already serves them all."""
	doc = frappe.get_doc("Fiscal Year", name)
	linked = {row.company for row in doc.companies}
	if not linked:
		return False
	missing = [c for c in companies if c not in linked and not overlapping(start, end, c, exclude=name)]
	if not missing:
		return False
	for company in missing:
		doc.append("companies", {"company": company})
	doc.save(ignore_permissions=True)
	return True


def overlapping(start, end, company: str | None, exclude: str | None = None) -> list[str]:
	"""Fiscal Years other than `exclude` that share a day with start..end and apply to `company`
	(those without companies apply to all); with company None, only those without companies."""
	fy = frappe.qb.DocType("Fiscal Year")
	query = (
		frappe.qb.from_(fy)
		.select(fy.name)
		.where((fy.year_start_date <= end) & (fy.year_end_date >= start) & (fy.name != (exclude or "")))
	)
	names = query.run(pluck=True)
	out = []
	for name in names:
		linked = frappe.get_all("Fiscal Year Company", {"parent": name}, pluck="company")
		if not linked or (company and company in linked):
			out.append(name)
	return out
