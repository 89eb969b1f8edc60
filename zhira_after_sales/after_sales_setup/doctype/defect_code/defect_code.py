# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from zhira_after_sales.exceptions import DefectCodeScopeError
from zhira_after_sales.utils.fields import normalize_text_fields
from zhira_after_sales.utils.trees import item_group_lineage


class DefectCode(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		code: DF.Data
		defect_name: DF.Data
		description: DF.SmallText | None
		is_active: DF.Check
		is_group: DF.Check
		item_group: DF.Link | None
		lft: DF.Int
		old_parent: DF.Link | None
		parent_defect_code: DF.Link | None
		rgt: DF.Int
	# end: auto-generated types
	nsm_parent_field = "parent_defect_code"

	def before_naming(self):
		self.normalize_code()

	def validate(self):
		normalize_text_fields(self, "defect_name")
		self.normalize_code()
		self.inherit_item_group()
		self.validate_item_group_within_parent()

	def normalize_code(self):
		self.code = (self.code or "").strip().upper()

	def parent_item_group(self) -> str | None:
		if not self.parent_defect_code:
			return None
		return frappe.db.get_value("Defect Code", self.parent_defect_code, "item_group")

	def inherit_item_group(self):
		if not self.item_group:
			self.item_group = self.parent_item_group()

	def validate_item_group_within_parent(self):
		parent_group = self.parent_item_group()
		if not parent_group or not self.item_group or parent_group == self.item_group:
			return
		if parent_group not in item_group_lineage(self.item_group):
			frappe.throw(
				_(
					"Item Group {0} is outside the parent defect's group {1}. Choose {1} or one of its sub-groups, or another parent."
				).format(frappe.bold(self.item_group), frappe.bold(parent_group)),
				exc=DefectCodeScopeError,
			)


def defect_applies(defect_item_group: str | None, device_item_group: str | None) -> bool:
	"""A defect with no item group applies to every device; otherwise to its group's devices and
	those of its sub-groups."""
	if not defect_item_group:
		return True
	return defect_item_group in item_group_lineage(device_item_group)


def get_defect_codes_for_item_group(item_group: str | None) -> list[dict]:
	"""Active leaf defect codes that apply to devices of `item_group`."""
	lineage = item_group_lineage(item_group)
	filters = {"is_group": 0, "is_active": 1}
	rows = frappe.get_all(
		"Defect Code", filters=filters, fields=["name", "defect_name", "item_group"], order_by="lft"
	)
	return [r for r in rows if not r.item_group or r.item_group in lineage]


def search_defect_codes(txt: str, item_group: str | None, start: int, page_len: int):
	"""Leaf defect codes of a device's item group (and codes of no group), searched by code or
	name (the link-field query api.setup.defect_code_query)."""
	lineage = item_group_lineage(item_group)
	defect = frappe.qb.DocType("Defect Code")
	query = (
		frappe.qb.from_(defect)
		.select(defect.name, defect.defect_name, defect.item_group)
		.where(defect.is_group == 0)
		.where(defect.is_active == 1)
		.where((defect.name.like(f"%{txt}%")) | (defect.defect_name.like(f"%{txt}%")))
	)
	if lineage:
		query = query.where(
			defect.item_group.isin(lineage) | defect.item_group.isnull() | (defect.item_group == "")
		)
	else:
		query = query.where(defect.item_group.isnull() | (defect.item_group == ""))
	return query.orderby(defect.lft).limit(page_len).offset(start).run()
