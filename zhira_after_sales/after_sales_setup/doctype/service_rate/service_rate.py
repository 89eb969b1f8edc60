# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, format_date, getdate, nowdate
from frappe.utils.nestedset import get_root_of

from zhira_after_sales.after_sales_setup.rates import RateRow, find_conflicts, pick_rate
from zhira_after_sales.exceptions import ServiceRateConflictError
from zhira_after_sales.utils import trees


class ServiceRate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency_wage: DF.Currency
		customer_price: DF.Currency
		description: DF.SmallText | None
		is_active: DF.Check
		item: DF.Link | None
		item_group: DF.Link | None
		service_type: DF.Link
		territory: DF.Link | None
		travel_wage: DF.Currency
		valid_from: DF.Date
		valid_to: DF.Date | None

	# end: auto-generated types
	def validate(self):
		self.validate_scope()
		self.validate_period()
		self.validate_amounts()
		self.validate_no_conflict()

	def validate_scope(self):
		# Frappe fills Link fields from user/global defaults ("All Territories"); the root of a tree
		# means "everywhere", which this rate card writes as empty
		for fieldname, doctype in (("territory", "Territory"), ("item_group", "Item Group")):
			if self.get(fieldname) and self.get(fieldname) == get_root_of(doctype):
				self.set(fieldname, None)
		if self.item and self.item_group:
			frappe.throw(
				_(
					"Choose either an Item or an Item Group, not both: a rate is for one model or for a whole group."
				)
			)

	def validate_period(self):
		if self.valid_to and getdate(self.valid_to) < getdate(self.valid_from):
			frappe.throw(
				_("Valid To ({0}) is before Valid From ({1}). Correct the dates.").format(
					format_date(self.valid_to), format_date(self.valid_from)
				)
			)

	def validate_amounts(self):
		for fieldname in ("agency_wage", "customer_price", "travel_wage"):
			if flt(self.get(fieldname)) < 0:
				frappe.throw(_("{0} cannot be negative.").format(_(self.meta.get_label(fieldname))))

	def validate_no_conflict(self):
		if not self.is_active:
			return
		conflicts = find_conflicts(as_rate_row(self), load_rate_rows(self.service_type))
		if conflicts:
			other = conflicts[0]
			frappe.throw(
				_(
					"Rate {0} already covers the same service type, item or group and territory from {1} to {2}. Close it (set its Valid To) or change this rate's dates."
				).format(
					frappe.get_desk_link("Service Rate", other.name),
					format_date(other.valid_from) if other.valid_from else "-",
					format_date(other.valid_to) if other.valid_to else _("open-ended"),
				),
				exc=ServiceRateConflictError,
			)


def as_rate_row(doc) -> RateRow:
	return RateRow(
		name=doc.name,
		service_type=doc.service_type,
		item=doc.item or None,
		item_group=doc.item_group or None,
		territory=doc.territory or None,
		valid_from=getdate(doc.valid_from) if doc.valid_from else None,
		valid_to=getdate(doc.valid_to) if doc.valid_to else None,
		agency_wage=flt(doc.agency_wage),
		customer_price=flt(doc.customer_price),
	)


def load_rate_rows(service_type: str) -> list[RateRow]:
	rows = frappe.get_all(
		"Service Rate",
		filters={"service_type": service_type, "is_active": 1},
		fields=[
			"name",
			"service_type",
			"item",
			"item_group",
			"territory",
			"valid_from",
			"valid_to",
			"agency_wage",
			"customer_price",
		],
	)
	return [as_rate_row(frappe._dict(r)) for r in rows]


def lineage(doctype: str, name: str | None) -> list[str]:
	if not name or not frappe.db.exists(doctype, name):
		return []
	return trees.lineage(doctype, name)


def find_service_rate(
	service_type: str,
	item: str | None = None,
	territory: str | None = None,
	on_date=None,
	item_group: str | None = None,
) -> str | None:
	"""Name of the Service Rate that applies, or None. The rule is `rates.pick_rate`."""
	if item and not item_group:
		item_group = frappe.db.get_value("Item", item, "item_group")
	row = pick_rate(
		load_rate_rows(service_type),
		service_type=service_type,
		on_date=getdate(on_date or nowdate()),
		item=item,
		item_groups=lineage("Item Group", item_group),
		territories=lineage("Territory", territory),
	)
	return row.name if row else None


def get_service_rate(
	service_type: str,
	item: str | None = None,
	territory: str | None = None,
	on_date: str | None = None,
	item_group: str | None = None,
) -> dict | None:
	"""The applicable rate card row with its amounts, or None when no row applies (the endpoint
	is api.setup.get_service_rate)."""
	name = find_service_rate(
		service_type, item=item, territory=territory, on_date=on_date, item_group=item_group
	)
	if not name:
		return None
	return frappe.db.get_value(
		"Service Rate",
		name,
		[
			"name",
			"service_type",
			"item",
			"item_group",
			"territory",
			"agency_wage",
			"customer_price",
			"travel_wage",
			"valid_from",
			"valid_to",
		],
		as_dict=True,
	)
