"""Install, setup-wizard, test and uninstall hooks."""

import frappe
from frappe import _
from frappe.database.database import savepoint
from frappe.utils.nestedset import get_root_of

from zhira_after_sales import consts
from zhira_after_sales.agency import invoice_workflow
from zhira_after_sales.agency.company_setup import setup_company
from zhira_after_sales.customer_care.complaint_sla import ensure_complaint_sla, remove_complaint_sla
from zhira_after_sales.service_desk import ticket_sla
from zhira_after_sales.setup import default_data as data
from zhira_after_sales.setup import erpnext_indexes
from zhira_after_sales.setup.custom_fields import apply_custom_fields, links_to, remove_custom_fields
from zhira_after_sales.utils.provinces import PROVINCES

COUNTRY_TERRITORY = "Iran"


def after_install():
	create_roles()
	grant_platform_permissions()
	apply_custom_fields()
	create_base_data()
	create_survey_base_data()
	allow_in_global_search()
	invoice_workflow.ensure_workflow()
	ensure_complaint_sla()
	ticket_sla.ensure_default_sla()
	rials_without_decimals()
	erpnext_indexes.add_indexes()
	# before ERPNext's setup wizard the territory tree is not ours to start: the wizard makes its
	# root (in the wizard's language) and the country; the wizard's completion hook adds the rest
	if frappe.is_setup_complete():
		after_setup_wizard()


def rials_without_decimals():
	"""The rial has no coin below one rial in use: amounts in IRR show as 1,250,000 rather than
	1,250,000.00. Frappe's currency list gives IRR two decimals, and the desk formats amounts with
	the system's number format unless told to use each currency's own: IRR gets `#,###` and the
	desk its currency's format (display and typing only; stored amounts and ERPNext's rounding
	follow the system's precision as before; public/js/desk/currency_desk.js does the same for
	read-only amounts)."""
	if frappe.db.exists("Currency", "IRR"):
		frappe.db.set_value(
			"Currency", "IRR", {"number_format": "#,###", "smallest_currency_fraction_value": 1}
		)
	# the setting and the desk's copy of it (System Settings keeps its values as defaults on save)
	frappe.db.set_single_value("System Settings", "use_number_format_from_currency", 1)
	frappe.db.set_default("use_number_format_from_currency", 1)


def after_migrate():
	"""What a new version adds to a site that already has the app."""
	invoice_workflow.ensure_workflow()
	ensure_complaint_sla()
	ticket_sla.ensure_default_sla()


def after_setup_wizard(args=None):
	"""ERPNext's wizard has made the territory root, the country and the company: add the
	provinces and finish what needs a company."""
	create_territories()
	company = frappe.defaults.get_global_default("company")
	if company:
		setup_company(company)


def before_tests():
	"""A test site needs a company; a fresh one gets an Iranian company for the current Jalali
	fiscal year (ERPNext refuses postings outside a fiscal year)."""
	from zhira_after_sales.setup.wizard import complete_for_iran

	frappe.clear_cache()
	if not frappe.db.a_row_exists("Company"):
		complete_for_iran(
			"Zhira Test Company",
			abbr="ZTC",
			full_name="Test User",
			email="test@zhira.example",
			password="test",
		)
	company = frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {}, "name")
	create_territories()
	setup_company(company)
	frappe.db.commit()  # nosemgrep: test setup runs outside any request


# --- roles and base data ----------------------------------------------------------------------


def create_roles():
	for role_name, desk_access in data.ROLES:
		if frappe.db.exists("Role", role_name):
			frappe.db.set_value("Role", role_name, "desk_access", desk_access)
			continue
		frappe.get_doc({"doctype": "Role", "role_name": role_name, "desk_access": desk_access}).insert(
			ignore_permissions=True
		)


def grant_platform_permissions():
	"""Role permissions on ERPNext DocTypes, as Custom DocPerm rows (the desk's Role Permissions
	Manager shows and edits them)."""
	from frappe.permissions import add_permission, update_permission_property

	for role, grants in data.PLATFORM_PERMISSIONS.items():
		for ptype, doctypes in grants.items():
			for doctype in doctypes:
				if not frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0}):
					add_permission(doctype, role, 0, "read")
				if ptype != "read":
					update_permission_property(doctype, role, 0, ptype, 1, validate=False)


def revoke_platform_permissions():
	"""Remove this app's rows; where the rest is exactly the standard set, go back to standard."""
	from frappe.permissions import reset_perms

	doctypes = {dt for grants in data.PLATFORM_PERMISSIONS.values() for dts in grants.values() for dt in dts}
	roles = [role for role, _desk in data.ROLES]
	for doctype in doctypes:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ("in", roles)})
		if perm_rows("Custom DocPerm", doctype) == perm_rows("DocPerm", doctype):
			reset_perms(doctype)


def perm_rows(table: str, doctype: str) -> list[tuple]:
	keys = ("role", "permlevel", "if_owner", "read", "write", "create", "delete", "submit", "cancel", "amend")
	rows = frappe.get_all(table, {"parent": doctype}, list(keys))
	return sorted(tuple(row[k] or 0 for k in keys) for row in rows)


def insert_if_missing(doctype: str, name: str, values: dict):
	if frappe.db.exists(doctype, name):
		return
	doc = frappe.get_doc({"doctype": doctype, **values})
	doc.flags.ignore_permissions = True
	doc.insert()


def create_base_data():
	for name, code, requires_warranty, starts_warranty in data.SERVICE_TYPES:
		insert_if_missing(
			"Service Type",
			name,
			{
				"service_type_name": name,
				"code": code,
				"requires_warranty": requires_warranty,
				"starts_warranty": starts_warranty,
			},
		)

	# statuses first without transitions (they reference each other), then the transitions
	for name, label, category, sms_code, notify, color, order, initial, _next in data.SERVICE_STATUSES:
		insert_if_missing(
			"Service Status",
			name,
			{
				"status_name": name,
				"customer_label": label,
				"category": category,
				"sms_code": sms_code,
				"notify_customer": notify,
				"color": color,
				"sort_order": order,
				"is_initial": initial,
			},
		)
	for name, *_rest, allowed in data.SERVICE_STATUSES:
		status = frappe.get_doc("Service Status", name)
		if status.allowed_next:
			continue
		for target in allowed:
			status.append("allowed_next", {"status": target})
		status.save(ignore_permissions=True)

	for name, stage, label, notify, order, color in data.COMPLAINT_STATUSES:
		insert_if_missing(
			"Complaint Status",
			name,
			{
				"status_name": name,
				"iso_stage": stage,
				"customer_label": label,
				"notify_customer": notify,
				"sort_order": order,
				"color": color,
			},
		)

	for name, factor_type, points in data.COMPLAINT_FACTORS:
		insert_if_missing(
			"Complaint Factor",
			name,
			{"factor_name": name, "factor_type": factor_type, "default_penalty_points": points},
		)

	for code, name, parent, is_group in data.DEFECT_CODES:
		insert_if_missing(
			"Defect Code",
			code,
			{"code": code, "defect_name": name, "parent_defect_code": parent, "is_group": is_group},
		)

	create_sms_templates()

	settings = frappe.get_single("After Sales Settings")
	if not settings.default_service_status:
		settings.default_service_status = frappe.db.get_value("Service Status", {"is_initial": 1})
	if not settings.referral_status and frappe.db.exists("Service Status", data.REFERRAL_STATUS):
		settings.referral_status = data.REFERRAL_STATUS
		settings.auto_refer = 1
	set_referral_answer_statuses(settings)
	settings.flags.ignore_permissions = True
	settings.save()


def set_referral_answer_statuses(settings):
	"""The statuses an agency's accept and decline move a reception to, where the site has them."""
	if not settings.accepted_status and frappe.db.exists("Service Status", data.ACCEPTED_STATUS):
		settings.accepted_status = data.ACCEPTED_STATUS
	if not settings.declined_status and frappe.db.exists("Service Status", data.DECLINED_STATUS):
		settings.declined_status = data.DECLINED_STATUS


def allow_in_global_search():
	"""Add this app's searchable DocTypes to Global Search Settings, keeping the site's own list."""
	settings = frappe.get_single("Global Search Settings")
	allowed = {row.document_type for row in settings.allowed_in_global_search}
	wanted = [
		row["doctype"]
		for row in frappe.get_hooks("global_search_doctypes", app_name="zhira_after_sales")["Default"]
	]
	missing = [doctype for doctype in wanted if doctype not in allowed]
	if not missing:
		return
	for doctype in missing:
		settings.append("allowed_in_global_search", {"document_type": doctype})
	settings.save(ignore_permissions=True)


def create_sms_templates():
	"""The Persian default template of each SMS event (only those missing; edits are kept)."""
	for name, event, body in data.SMS_TEMPLATES:
		insert_if_missing(
			"SMS Template",
			name,
			{"template_name": name, "event": event, "body": body, "is_default": 1, "enabled": 1},
		)


def create_survey_base_data():
	"""The Happy Call's Persian default questions and template, the template as the default of After
	Sales Settings (only what is missing; edits are kept)."""
	for question, text, options in data.SURVEY_QUESTIONS:
		insert_if_missing(
			"Survey Question",
			question,
			{
				"question": question,
				"question_text": text,
				"options": [{"label": label, "score": score} for label, score in options],
			},
		)
	name, questions = data.SURVEY_TEMPLATE
	insert_if_missing(
		"Survey Template",
		name,
		{
			"template_name": name,
			"questions": [{"question": question, "weight": weight} for question, weight in questions],
		},
	)
	if not frappe.db.get_single_value("After Sales Settings", "default_survey_template"):
		frappe.db.set_single_value("After Sales Settings", "default_survey_template", name)


# --- territories ------------------------------------------------------------------------------


def territory_root() -> str:
	root = get_root_of("Territory")
	if root:
		return root
	return (
		frappe.get_doc({"doctype": "Territory", "territory_name": _("All Territories"), "is_group": 1})
		.insert(ignore_permissions=True)
		.name
	)


def create_territories():
	"""Iran under the root territory and its 31 provinces under Iran, each with its area code."""
	if not frappe.db.exists("Territory", COUNTRY_TERRITORY):
		frappe.get_doc(
			{
				"doctype": "Territory",
				"territory_name": COUNTRY_TERRITORY,
				"parent_territory": territory_root(),
				"is_group": 1,
			}
		).insert(ignore_permissions=True)
	elif not frappe.db.get_value("Territory", COUNTRY_TERRITORY, "is_group"):
		frappe.db.set_value("Territory", COUNTRY_TERRITORY, "is_group", 1)

	for province in PROVINCES:
		if frappe.db.exists("Territory", province.name_fa):
			if not frappe.db.get_value("Territory", province.name_fa, "phone_area_code"):
				frappe.db.set_value("Territory", province.name_fa, "phone_area_code", province.area_code)
			continue
		frappe.get_doc(
			{
				"doctype": "Territory",
				"territory_name": province.name_fa,
				"parent_territory": COUNTRY_TERRITORY,
				"is_group": 1,
				"phone_area_code": province.area_code,
			}
		).insert(ignore_permissions=True)

	settings = frappe.get_single("After Sales Settings")
	if not settings.country_territory:
		settings.country_territory = COUNTRY_TERRITORY
		settings.flags.ignore_permissions = True
		settings.save()


# --- uninstall --------------------------------------------------------------------------------


def before_uninstall():
	invoice_workflow.remove_workflow()
	remove_complaint_sla()
	ticket_sla.remove_agreements()
	ours = own_doctypes()
	clear_links_to_own_doctypes(ours)
	remove_custom_fields()
	remove_customizations_of_own_doctypes(ours)
	remove_from_global_search()
	erpnext_indexes.remove_indexes()


def own_doctypes() -> list[str]:
	modules = frappe.get_all("Module Def", {"app_name": "zhira_after_sales"}, pluck="name")
	return frappe.get_all("DocType", {"module": ("in", modules)}, pluck="name") if modules else []


def clear_links_to_own_doctypes(ours: list[str]):
	"""Frappe keeps a removed Custom Field's column and its values: the app's Link fields on
	ERPNext's DocTypes (a territory's default agency) would name agencies that no longer exist, and
	show them again after a reinstall. Their values are cleared before the fields go."""
	for doctype, column in links_to(ours):
		if frappe.db.has_column(doctype, column):
			table = frappe.qb.DocType(doctype)
			frappe.qb.update(table).set(table[column], None).where(table[column].isnotnull()).run()


def remove_customizations_of_own_doctypes(doctypes: list[str]):
	"""Custom Fields and Property Setters made on the app's own DocTypes (ERPNext's Service Level
	Agreement adds its fields to Complaint and Service Ticket, a user may customize any form):
	Frappe drops the DocTypes on uninstall but keeps these rows, naming DocTypes that no longer
	exist."""
	if doctypes:
		frappe.db.delete("Custom Field", {"dt": ("in", doctypes)})
		frappe.db.delete("Property Setter", {"doc_type": ("in", doctypes)})


def remove_from_global_search():
	ours = {
		row["doctype"]
		for row in frappe.get_hooks("global_search_doctypes", app_name="zhira_after_sales")["Default"]
	}
	settings = frappe.get_single("Global Search Settings")
	rows = [row for row in settings.allowed_in_global_search if row.document_type not in ours]
	if len(rows) != len(settings.allowed_in_global_search):
		settings.allowed_in_global_search = rows
		settings.save(ignore_permissions=True)
	frappe.db.delete("__global_search", {"doctype": ("in", list(ours))})


def after_uninstall():
	"""Remove what install added that nothing else has come to use. Agencies' Customers,
	Suppliers, Party Links and warehouses stay: they carry ledger entries. Runs after Frappe has
	dropped this app's DocTypes, so nothing of ours still links to these records."""
	for province in PROVINCES:
		delete_if_unused("Territory", province.name_fa)
	for doctype, name in (
		("Customer Group", consts.AGENCY_CUSTOMER_GROUP),
		("Supplier Group", consts.AGENCY_SUPPLIER_GROUP),
	):
		delete_if_unused(doctype, name)
	revoke_platform_permissions()
	for role_name, _desk in data.ROLES:
		frappe.db.delete("Has Role", {"role": role_name})
		frappe.db.delete("Custom DocPerm", {"role": role_name})
		# Frappe deletes a document's Workflow Actions without their Permitted Role rows (when an
		# invoice is deleted, or an action is replaced), and those orphans would keep the role
		frappe.db.sql(
			"""delete from `tabWorkflow Action Permitted Role` where role = %s
			and parent not in (select name from `tabWorkflow Action`)""",
			role_name,
		)
		delete_if_unused("Role", role_name)
	frappe.db.commit()  # nosemgrep: uninstall runs outside any request


def delete_if_unused(doctype: str, name: str):
	"""Delete a record unless other records link to it (then it stays, silently)."""
	if not frappe.db.exists(doctype, name):
		return
	with savepoint(catch=(frappe.LinkExistsError, frappe.ValidationError)):
		frappe.delete_doc(doctype, name, ignore_permissions=True, force=False)
