# Copyright (c) 2026, Zhira After-Sales contributors
# For license information, please see license.txt
"""Every patch in patches.txt runs again, twice, without harm.

`bench migrate` runs a patch once per site, but a patch runs again whenever its line in
patches.txt changes (a new `#date note` re-runs it), on sites in any state: it must do its work
once, keep what a company changed since, and change nothing on a second run. Each patch here runs
twice on the test site (in patch mode, as `bench migrate` runs it) after the site was put in the
state the patch is for - an older site's data, or a company's own edits - and the data it touches
is compared before, after the first and after the second run.

A patch listed in patches.txt that no test here knows fails `test_every_listed_patch_is_checked`:
a new patch needs its own test below (and an entry in CHECKED).
"""

import frappe
from frappe.tests.utils import FrappeTestCase

from zhira_after_sales.agency import invoice_workflow, warehouses
from zhira_after_sales.patches.v1_0 import happy_call_base_data, periodic_reminder_template
from zhira_after_sales.setup import default_data as data
from zhira_after_sales.setup import erpnext_indexes
from zhira_after_sales.setup.custom_fields import get_custom_fields
from zhira_after_sales.tests.factories import TEST_IGNORE

test_ignore = TEST_IGNORE

PATCH = "zhira_after_sales.patches.v1_0."
# patch module -> the test below that runs it twice
CHECKED = {
	PATCH + "sync_custom_fields": "test_sync_custom_fields",
	PATCH + "create_sms_templates": "test_create_sms_templates",
	PATCH + "service_invoice_workflow": "test_service_invoice_workflow",
	PATCH + "setup_warehouses": "test_setup_warehouses",
	PATCH + "grant_platform_permissions": "test_grant_platform_permissions",
	PATCH + "referral_answers": "test_referral_answers",
	PATCH + "reception_cartable_indexes": "test_indexes",
	PATCH + "agency_score_indexes": "test_indexes",
	PATCH + "allow_tickets_in_global_search": "test_allow_tickets_in_global_search",
	PATCH + "happy_call_base_data": "test_happy_call_base_data",
	PATCH + "periodic_reminder_template": "test_periodic_reminder_template",
	PATCH + "rials_without_decimals": "test_rials_without_decimals",
	PATCH + "erpnext_lookup_indexes": "test_erpnext_lookup_indexes",
}


def listed_patches() -> list[str]:
	"""The patches of patches.txt, each once (a line re-run with a new `#note` is the same patch)."""
	patches = []
	with open(frappe.get_app_path("zhira_after_sales", "patches.txt"), encoding="utf-8") as f:
		for line in f:
			line = line.strip()
			if not line or line.startswith(("#", "[")):
				continue
			patch = line if line.startswith(("execute:", "finally:")) else line.split()[0]
			if patch not in patches:
				patches.append(patch)
	return patches


def content(doctype: str, name: str) -> dict:
	"""A document and its child rows as a user sees them (no name, timestamps or owner)."""
	return frappe.get_doc(doctype, name).as_dict(no_default_fields=True)


def contents(doctype: str, filters=None) -> dict[str, dict]:
	return {
		name: content(doctype, name)
		for name in frappe.get_all(doctype, filters or {}, pluck="name", order_by="name")
	}


def rows(doctype: str, fields: list[str], filters=None) -> list[tuple]:
	"""Sorted rows, duplicates kept (a patch that adds a row twice shows)."""
	return sorted(
		tuple(row[f] for f in fields)
		for row in frappe.get_all(doctype, filters or {}, fields, order_by="name")
	)


class TestPatchesTwice(FrappeTestCase):
	@classmethod
	def tearDownClass(cls):
		# the patches clear and refill caches (permissions, meta) inside transactions rolled back
		frappe.clear_cache()
		super().tearDownClass()

	def setUp(self):
		self.restores = []

	def tearDown(self):
		# nothing here commits; a patch's DDL would, so what a test arranged is also put back by hand
		frappe.db.rollback()
		for restore in reversed(self.restores):
			restore()
		if self.restores:
			frappe.db.commit()  # nosemgrep: puts back what an implicit commit may have kept

	def keep(self, doctype: str, name: str, field: str):
		"""Note a value this test changes, to put it back even if a patch's DDL commits it."""
		original = frappe.db.get_value(doctype, name, field)

		def restore():
			if frappe.db.get_value(doctype, name, field) != original:
				frappe.db.set_value(doctype, name, field, original, update_modified=False)

		self.restores.append(restore)

	def run_twice(self, patch: str, state) -> tuple:
		"""Run `patch` twice in patch mode (the flag `bench migrate` sets, without its commits);
		returns state() before, after the first and after the second run, and asserts that the second
		run changed nothing."""
		self.assertIn(patch, listed_patches(), f"{patch} is not in patches.txt")
		execute = frappe.get_attr(patch + ".execute")
		before = state()
		found = []
		for _run in range(2):
			frappe.local.flags.in_patch = True
			try:
				execute()
			finally:
				frappe.local.flags.in_patch = False
			found.append(state())
		first, second = found
		self.assertEqual(first, second, f"the second run of {patch} changed what the first left")
		return before, first, second

	# --- the registry --------------------------------------------------------------------------

	def test_every_listed_patch_is_checked(self):
		unknown = [patch for patch in listed_patches() if patch not in CHECKED]
		self.assertEqual(
			unknown,
			[],
			"patches.txt lists patches test_patches_twice.py does not run: give each a test there",
		)
		for patch, test in CHECKED.items():
			self.assertTrue(hasattr(self, test), f"CHECKED names {test} for {patch}: no such test")

	# --- one test per patch --------------------------------------------------------------------

	def test_sync_custom_fields(self):
		fields = get_custom_fields()
		columns = [
			(doctype, field["fieldname"])
			for doctype, defs in fields.items()
			for field in defs
			if field["fieldtype"] not in ("Section Break", "Column Break", "Tab Break")
		]

		def state():
			definitions = frappe.get_all(
				"Custom Field",
				# the app's own fields (ERPNext's accounting dimensions add theirs to the same DocTypes)
				{
					"dt": ("in", list(fields)),
					"fieldname": ("in", [field["fieldname"] for defs in fields.values() for field in defs]),
				},
				["dt", "fieldname", "fieldtype", "label", "options", "insert_after", "default", "reqd"],
				order_by="dt, fieldname",
			)
			return {
				"definitions": [tuple(d.values()) for d in definitions],
				"property setters": frappe.db.count("Property Setter", {"doc_type": ("in", list(fields))}),
				# the values users keep in the fields: a re-sync must not touch a single one
				"values": {
					f"{doctype}.{fieldname}": frappe.db.sql(
						f"select name, `{fieldname}` from `tab{doctype}` where `{fieldname}` is not null"  # nosemgrep
						" order by name"
					)
					for doctype, fieldname in columns
				},
				"column types": {
					f"{doctype}.{fieldname}": frappe.db.sql(
						f"show columns from `tab{doctype}` like %s",
						fieldname,  # nosemgrep
					)
					for doctype, fieldname in columns
				},
			}

		before, first, _second = self.run_twice(PATCH + "sync_custom_fields", state)
		self.assertEqual(before, first)
		self.assertEqual(len(first["definitions"]), sum(len(defs) for defs in fields.values()))
		self.assertTrue(first["values"]["Territory.phone_area_code"], "no province kept its area code")

	def test_create_sms_templates(self):
		(edited, _event, _body), (disabled, *_rest), (deleted, _event2, default_body) = data.SMS_TEMPLATES[:3]
		self.keep("SMS Template", edited, "body")
		self.keep("SMS Template", disabled, "enabled")
		frappe.db.set_value("SMS Template", edited, "body", "متن خود شرکت {{ doc.tracking_code }}")
		frappe.db.set_value("SMS Template", disabled, "enabled", 0)
		# a site from before this template: the patch adds it
		frappe.db.delete("SMS Template", deleted)

		def state():
			return rows("SMS Template", ["name", "event", "body", "enabled", "is_default"])

		before, first, _second = self.run_twice(PATCH + "create_sms_templates", state)
		self.assertEqual(len(first), len(before) + 1)
		self.assertIn((deleted, data.SMS_TEMPLATES[2][1], default_body, 1, 1), first)
		self.assertEqual([row for row in first if row[0] != deleted], before, "an edited template changed")

	def test_service_invoice_workflow(self):
		# invoices as the approval left them before it was a workflow: a draft still Pending, a
		# cancelled one with its last decision; submitted ones keep theirs
		old = {
			"PATCH-SI-1": (0, "Pending", invoice_workflow.DRAFT),
			"PATCH-SI-2": (1, "Pending", "Pending"),
			"PATCH-SI-3": (1, "Approved", "Approved"),
			"PATCH-SI-4": (1, "Rejected", "Rejected"),
			"PATCH-SI-5": (2, "Approved", invoice_workflow.CANCELLED),
		}
		for name, (docstatus, status, _expected) in old.items():
			frappe.db.sql(
				"insert into `tabService Invoice` (name, docstatus, approval_status, creation, modified)"
				" values (%s, %s, %s, now(), now())",
				(name, docstatus, status),
			)
		workflow = invoice_workflow.WORKFLOW
		self.keep("Workflow", workflow, "send_email_alert")
		frappe.db.set_value("Workflow", workflow, "send_email_alert", 1)  # a company's own choice

		def state():
			return {
				"invoices": rows("Service Invoice", ["name", "docstatus", "approval_status"]),
				"workflow": content("Workflow", workflow),
				"workflows": frappe.db.count("Workflow", {"document_type": invoice_workflow.DOCTYPE}),
			}

		before, first, _second = self.run_twice(PATCH + "service_invoice_workflow", state)
		statuses = {name: status for name, _docstatus, status in first["invoices"]}
		for name, (_docstatus, _status, expected) in old.items():
			self.assertEqual(statuses[name], expected, name)
		self.assertEqual(first["workflow"], before["workflow"], "the company's workflow was changed")
		self.assertEqual(first["workflows"], 1)

	def test_setup_warehouses(self):
		company = frappe.db.get_single_value("After Sales Settings", "company")
		self.assertTrue(company, "the test site's After Sales Settings have no company")
		repair = warehouses.repair_warehouse(company)
		# a company gave its repair warehouse another type and described a type its own way
		self.keep("Warehouse", repair, "warehouse_type")
		self.keep("Warehouse Type", warehouses.SPARE_PARTS, "description")
		frappe.db.set_value("Warehouse", repair, "warehouse_type", warehouses.SPARE_PARTS)
		frappe.db.set_value("Warehouse Type", warehouses.SPARE_PARTS, "description", "انبار مرکزی ما")

		def state():
			return {
				"warehouses": rows(
					"Warehouse",
					["name", "warehouse_type", "parent_warehouse", "is_group", "disabled", "account"],
					{"company": company},
				),
				"types": rows("Warehouse Type", ["name", "description"]),
				"settings": content("After Sales Settings", "After Sales Settings"),
			}

		before, first, _second = self.run_twice(PATCH + "setup_warehouses", state)
		self.assertEqual(before, first)
		self.assertIn(
			(repair, warehouses.SPARE_PARTS), [(w[0], w[1]) for w in first["warehouses"]], "retyped back"
		)

	def test_grant_platform_permissions(self):
		doctypes = sorted(
			{dt for grants in data.PLATFORM_PERMISSIONS.values() for dts in grants.values() for dt in dts}
		)
		fields = ["parent", "role", "permlevel", "if_owner", "read", "write", "create", "delete", "submit"]
		fields += ["cancel", "amend", "report", "export", "import", "share", "print", "email", "select"]
		# a site manager also let the After Sales Manager export items
		from frappe.permissions import update_permission_property

		update_permission_property("Item", "After Sales Manager", 0, "export", 1, validate=False)

		def state():
			return rows("Custom DocPerm", fields, {"parent": ("in", doctypes)})

		before, first, _second = self.run_twice(PATCH + "grant_platform_permissions", state)
		self.assertEqual(before, first)
		for role, grants in data.PLATFORM_PERMISSIONS.items():
			for ptype, granted in grants.items():
				for doctype in granted:
					self.assertEqual(
						frappe.db.get_value(
							"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0}, ptype
						),
						1,
						f"{role} lost {ptype} on {doctype}",
					)
		self.assertEqual(
			frappe.db.get_value(
				"Custom DocPerm", {"parent": "Item", "role": "After Sales Manager", "permlevel": 0}, "export"
			),
			1,
		)

	def test_referral_answers(self):
		# a site from before the answers: no way back from a referral; the settings name no statuses
		for source, target in data.DECLINE_TRANSITIONS:
			frappe.db.delete("Service Status Next", {"parent": source, "status": target})
		self.keep("After Sales Settings", "After Sales Settings", "declined_status")
		frappe.db.set_single_value("After Sales Settings", "declined_status", None)
		# ...but a company chose its own status for an accepted referral
		initial = frappe.db.get_value("Service Status", {"is_initial": 1})
		self.keep("After Sales Settings", "After Sales Settings", "accepted_status")
		frappe.db.set_single_value("After Sales Settings", "accepted_status", initial)

		def state():
			return {
				"next": rows("Service Status Next", ["parent", "status"]),
				"accepted": frappe.db.get_single_value("After Sales Settings", "accepted_status"),
				"declined": frappe.db.get_single_value("After Sales Settings", "declined_status"),
			}

		before, first, _second = self.run_twice(PATCH + "referral_answers", state)
		self.assertEqual(sorted(set(first["next"]) - set(before["next"])), sorted(data.DECLINE_TRANSITIONS))
		self.assertEqual(len(first["next"]), len(before["next"]) + len(data.DECLINE_TRANSITIONS))
		self.assertEqual(first["accepted"], initial, "the company's accepted status was replaced")
		self.assertEqual(first["declined"], data.DECLINED_STATUS)

	def test_indexes(self):
		def state():
			return {
				table: sorted(
					(row.Key_name, row.Seq_in_index, row.Column_name)
					for row in frappe.db.sql(f"show index from `tab{table}`", as_dict=True)  # nosemgrep
				)
				for table in ("Service Reception", "Complaint", "Survey Response")
			}

		for patch in ("reception_cartable_indexes", "agency_score_indexes"):
			before, first, _second = self.run_twice(PATCH + patch, state)
			self.assertEqual(before, first, f"{patch} changed the indexes of a current site")
		keys = {key for key, _seq, _column in first["Survey Response"]}
		self.assertIn("completed_on_status_agency_index", keys)

	def test_allow_tickets_in_global_search(self):
		ours = [
			row["doctype"]
			for row in frappe.get_hooks("global_search_doctypes", app_name="zhira_after_sales")["Default"]
		]
		# a site from before Service Tickets were searchable
		frappe.db.delete(
			"Global Search DocType", {"parent": "Global Search Settings", "document_type": "Service Ticket"}
		)

		def state():
			return rows("Global Search DocType", ["document_type"], {"parent": "Global Search Settings"})

		before, first, _second = self.run_twice(PATCH + "allow_tickets_in_global_search", state)
		self.assertEqual(sorted(set(first) - set(before)), [("Service Ticket",)])
		self.assertEqual(len(first), len(set(first)), "a DocType is listed twice")
		self.assertTrue({(doctype,) for doctype in ours} <= set(first))

	def test_happy_call_base_data(self):
		name = happy_call_base_data.TEMPLATE
		new_body = next(body for n, _event, body in data.SMS_TEMPLATES if n == name)
		# a site from before Happy Calls: the survey template still has install's old text...
		self.keep("SMS Template", name, "body")
		frappe.db.set_value("SMS Template", name, "body", happy_call_base_data.OLD_BODY)
		# ...and the company reworded a question
		question = data.SURVEY_QUESTIONS[0][0]
		self.keep("Survey Question", question, "question_text")
		frappe.db.set_value("Survey Question", question, "question_text", "کار تعمیرکار را چطور دیدید؟")

		def state():
			return {
				"body": frappe.db.get_value("SMS Template", name, "body"),
				"questions": contents("Survey Question"),
				"templates": contents("Survey Template"),
				"default": frappe.db.get_single_value("After Sales Settings", "default_survey_template"),
			}

		before, first, _second = self.run_twice(PATCH + "happy_call_base_data", state)
		self.assertEqual(first["body"], new_body)
		self.assertEqual(
			{k: v for k, v in first.items() if k != "body"}, {k: v for k, v in before.items() if k != "body"}
		)
		self.assertEqual(first["questions"][question]["question_text"], "کار تعمیرکار را چطور دیدید؟")

	def test_periodic_reminder_template(self):
		name = periodic_reminder_template.NAME
		new_body = next(body for n, _event, body in data.SMS_TEMPLATES if n == name)
		self.keep("SMS Template", name, "body")

		def state():
			return frappe.db.get_value("SMS Template", name, "body")

		# the text earlier installs gave it: replaced by the new default, once
		frappe.db.set_value("SMS Template", name, "body", periodic_reminder_template.OLD_BODY)
		_before, first, _second = self.run_twice(PATCH + "periodic_reminder_template", state)
		self.assertEqual(first, new_body)
		# a company's own text: kept
		frappe.db.set_value("SMS Template", name, "body", "یادآوری سرویس {{ doc.name }}")
		before, first, _second = self.run_twice(PATCH + "periodic_reminder_template", state)
		self.assertEqual(first, before)

	def test_rials_without_decimals(self):
		def state():
			return {
				"IRR": frappe.db.get_value(
					"Currency", "IRR", ["number_format", "smallest_currency_fraction_value"], as_dict=True
				),
				"setting": frappe.db.get_single_value("System Settings", "use_number_format_from_currency"),
				"default": frappe.db.get_default("use_number_format_from_currency"),
				"currencies": frappe.db.count("Currency"),
			}

		before, first, _second = self.run_twice(PATCH + "rials_without_decimals", state)
		self.assertEqual(before, first)
		self.assertEqual(first["IRR"].number_format, "#,###")
		self.assertEqual(first["setting"], 1)

	def test_erpnext_lookup_indexes(self):
		# a site from before the indexes (removing them commits: DDL); whatever happens below, the
		# site gets them back
		self.restores.append(erpnext_indexes.add_indexes)
		erpnext_indexes.remove_indexes()
		self.assertEqual(
			erpnext_indexes.missing(),
			["Customer.mobile_no", "Contact.mobile_no", "Contact Phone.phone"],
		)

		def state():
			return {
				"setters": rows(
					"Property Setter",
					["doc_type", "field_name", "value", "module"],
					{
						"property": "search_index",
						"doc_type": ("in", ("Customer", "Contact", "Contact Phone")),
					},
				),
				"missing": erpnext_indexes.missing(),
			}

		_before, first, _second = self.run_twice(PATCH + "erpnext_lookup_indexes", state)
		self.assertEqual(first["missing"], [])
		self.assertEqual(
			first["setters"],
			[
				("Contact", "mobile_no", "1", "After Sales Setup"),
				("Contact Phone", "phone", "1", "After Sales Setup"),
				("Customer", "mobile_no", "1", "After Sales Setup"),
			],
		)
