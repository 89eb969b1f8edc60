"""After-sales warehouses by kind, as ERPNext Warehouse Types: the central spare-parts store, each
agency's consignment (امانی) and defective-parts (داغی) warehouses, and a repair warehouse per
company. Reports find "the after-sales warehouses" by these types (and what lies under a typed
group), whatever the warehouses are called.

Made idempotently per company by `setup_warehouses(company)` (from the company setup); a
warehouse made later under a typed group takes its parent's type (`set_type_from_parent`, a
Warehouse `before_insert` hook)."""

import frappe

SPARE_PARTS, CONSIGNMENT, DEFECTIVE, REPAIR = "Spare Parts", "Consignment", "Defective", "Repair"
# name (a stable English key, translated in the desk) -> description shown on the Warehouse Type
WAREHOUSE_TYPES = {
	SPARE_PARTS: "انبار قطعات یدکی — the central store of spare parts for after-sales service.",
	CONSIGNMENT: "انبار امانی — parts held at a service agency on consignment; still our stock.",
	DEFECTIVE: "انبار قطعات داغی — defective (hot) parts returned by agencies.",
	REPAIR: "انبار تعمیرات — devices and parts in repair at head office.",
}
AFTER_SALES_TYPES = tuple(WAREHOUSE_TYPES)

REPAIR_WAREHOUSE = "انبار تعمیرات"  # the repair warehouse's name before the company abbreviation
REPAIR_SETTINGS_FIELD = "repair_warehouse"  # in After Sales Settings, used once such a field exists


def ensure_warehouse_types() -> list[str]:
	"""The four Warehouse Types; existing ones are left as they are."""
	for name, description in WAREHOUSE_TYPES.items():
		if frappe.db.exists("Warehouse Type", name):
			continue
		doc = frappe.new_doc("Warehouse Type")
		doc.name = name  # Warehouse Type is named by prompt
		doc.description = description
		doc.insert(ignore_permissions=True, set_name=name)
	return list(AFTER_SALES_TYPES)


def setup_warehouses(company: str):
	"""Types, the repair warehouse and the types on the company's after-sales warehouses;
	idempotent. A warehouse that already has some other type keeps it."""
	ensure_warehouse_types()
	settings = frappe.get_single("After Sales Settings")
	if settings.parts_warehouse:
		set_type(settings.parts_warehouse, SPARE_PARTS, company)
	for group, warehouse_type in (
		(settings.consignment_parent_warehouse, CONSIGNMENT),
		(settings.defective_parent_warehouse, DEFECTIVE),
	):
		if not group or frappe.db.get_value("Warehouse", group, "company") != company:
			continue
		for warehouse in [group, *descendants(group)]:
			set_type(warehouse, warehouse_type, company)
	for fieldname, warehouse_type in (
		("consignment_warehouse", CONSIGNMENT),
		("defective_warehouse", DEFECTIVE),
	):
		for warehouse in frappe.get_all("Service Agency", {"company": company}, pluck=fieldname):
			if warehouse:
				set_type(warehouse, warehouse_type, company)
	repair_warehouse(company)


def set_type(warehouse: str, warehouse_type: str, company: str | None = None) -> bool:
	"""Give `warehouse` the type unless it has one already (or belongs to another company)."""
	current = frappe.db.get_value("Warehouse", warehouse, ["warehouse_type", "company"], as_dict=True)
	if not current or current.warehouse_type or (company and current.company != company):
		return False
	frappe.db.set_value("Warehouse", warehouse, "warehouse_type", warehouse_type)
	return True


def descendants(warehouse: str) -> list[str]:
	lft, rgt = frappe.db.get_value("Warehouse", warehouse, ["lft", "rgt"])
	return frappe.get_all("Warehouse", {"lft": (">", lft), "rgt": ("<", rgt)}, pluck="name", order_by="lft")


def repair_warehouse(company: str) -> str:
	"""The company's repair warehouse: the one in After Sales Settings (once it has the field),
	else "انبار تعمیرات - <abbr>", else the first warehouse someone typed Repair, else a new
	"انبار تعمیرات - <abbr>" under the company's root warehouse."""
	ensure_warehouse_types()
	has_field = frappe.get_meta("After Sales Settings").has_field(REPAIR_SETTINGS_FIELD)
	if has_field:
		configured = frappe.db.get_single_value("After Sales Settings", REPAIR_SETTINGS_FIELD)
		if configured and frappe.db.get_value("Warehouse", configured, "company") == company:
			return configured
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{REPAIR_WAREHOUSE} - {abbr}"
	if frappe.db.exists("Warehouse", name):
		set_type(name, REPAIR, company)
	else:
		name = frappe.db.get_value(
			"Warehouse",
			{"company": company, "warehouse_type": REPAIR, "is_group": 0, "disabled": 0},
			order_by="creation",
		) or new_repair_warehouse(company)
	if has_field and frappe.db.get_single_value("After Sales Settings", "company") in (None, "", company):
		frappe.db.set_single_value("After Sales Settings", REPAIR_SETTINGS_FIELD, name)
	return name


def new_repair_warehouse(company: str) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Warehouse",
			"warehouse_name": REPAIR_WAREHOUSE,
			"company": company,
			"is_group": 0,
			"parent_warehouse": root_warehouse(company),
			"warehouse_type": REPAIR,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def root_warehouse(company: str) -> str | None:
	return frappe.db.get_value(
		"Warehouse", {"company": company, "is_group": 1, "parent_warehouse": ("in", ("", None))}
	)


def set_type_from_parent(doc, method=None):
	"""Warehouse before_insert: a warehouse made under an after-sales group (an agency's
	consignment or defective warehouse) takes the group's type."""
	if doc.warehouse_type or not doc.parent_warehouse:
		return
	parent_type = frappe.db.get_value("Warehouse", doc.parent_warehouse, "warehouse_type")
	if parent_type in AFTER_SALES_TYPES:
		doc.warehouse_type = parent_type


def forget_account_map(doc, method=None):
	"""Warehouse after_insert: ERPNext keeps each company's warehouse -> account map in
	frappe.flags for the whole request or job (outside tests); a warehouse made in it (an agency's
	consignment warehouse, say) is missing there, and the first Stock Entry into it fails with
	"Warehouse ... is not linked to any account". Drop the map so it is read again."""
	frappe.flags.pop("warehouse_account_map", None)


def after_sales_warehouses(
	company: str | None = None, warehouse_types: list[str] | tuple[str, ...] | None = None
) -> list[str]:
	"""Warehouses (groups and leaves) of the after-sales types, with everything under a typed
	group: an agency warehouse made before its group was typed still counts."""
	types = [t for t in (warehouse_types or AFTER_SALES_TYPES) if t]
	filters = {"warehouse_type": ("in", types)}
	if company:
		filters["company"] = company
	typed = frappe.get_all("Warehouse", filters, ["name", "is_group", "lft", "rgt"])
	names = {w.name for w in typed}
	for group in (w for w in typed if w.is_group):
		names.update(
			frappe.get_all("Warehouse", {"lft": (">", group.lft), "rgt": ("<", group.rgt)}, pluck="name")
		)
	return sorted(names)


def warehouse_type_of(warehouse: str) -> str | None:
	"""The after-sales type of a warehouse: its own, else that of its nearest typed group."""
	lft, rgt, own = frappe.db.get_value("Warehouse", warehouse, ["lft", "rgt", "warehouse_type"])
	if own:
		return own
	return frappe.db.get_value(
		"Warehouse",
		{"lft": ("<", lft), "rgt": (">", rgt), "warehouse_type": ("in", AFTER_SALES_TYPES)},
		"warehouse_type",
		order_by="lft desc",
	)
