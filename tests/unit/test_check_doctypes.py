"""The static DocType check must pass this app and catch each kind of broken DocType."""

import copy
import json
from pathlib import Path

import pytest

from tools.check_doctypes import check_app

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "zhira_after_sales"

GOOD = {
	"doctype": "DocType",
	"name": "Repair Job",
	"module": "Service Desk",
	"autoname": "naming_series:",
	"is_submittable": 1,
	"title_field": "customer",
	"search_fields": "customer,status",
	"field_order": ["naming_series", "customer", "status", "devices", "amended_from"],
	"fields": [
		{
			"fieldname": "naming_series",
			"fieldtype": "Select",
			"options": "JOB-.####",
			"reqd": 1,
			"default": "JOB-.####",
		},
		{"fieldname": "customer", "fieldtype": "Link", "options": "Customer", "reqd": 1},
		{"fieldname": "status", "fieldtype": "Select", "options": "Open\nClosed", "default": "Open"},
		{"fieldname": "devices", "fieldtype": "Table", "options": "Repair Job Device"},
		{
			"fieldname": "amended_from",
			"fieldtype": "Link",
			"options": "Repair Job",
			"read_only": 1,
			"no_copy": 1,
		},
	],
	"permissions": [{"role": "System Manager", "read": 1, "write": 1, "create": 1, "submit": 1, "cancel": 1}],
}
CHILD = {
	"doctype": "DocType",
	"name": "Repair Job Device",
	"module": "Service Desk",
	"istable": 1,
	"field_order": ["item"],
	"fields": [{"fieldname": "item", "fieldtype": "Link", "options": "Item"}],
	"permissions": [],
}


def write_doctype(app: Path, doc: dict, module_folder: str = "service_desk", folder: str | None = None):
	folder_name = folder or doc["name"].replace(" ", "_").lower()
	target = app / module_folder / "doctype" / folder_name
	target.mkdir(parents=True, exist_ok=True)
	(target / f"{folder_name}.json").write_text(json.dumps(doc))
	(target / f"{folder_name}.py").write_text("")
	(target / "__init__.py").write_text("")


def make_app(tmp_path: Path, doc: dict, **kw) -> Path:
	app = tmp_path / "demo_app"
	app.mkdir()
	(app / "modules.txt").write_text("Service Desk\n")
	write_doctype(app, CHILD)
	write_doctype(app, doc, **kw)
	return app


def messages(tmp_path, doc, **kw):
	return [p.message for p in check_app(make_app(tmp_path, doc, **kw))]


def broken(change):
	doc = copy.deepcopy(GOOD)
	change(doc)
	doc["field_order"] = [f["fieldname"] for f in doc["fields"]]
	return doc


def field(doc, fieldname):
	return next(f for f in doc["fields"] if f["fieldname"] == fieldname)


def test_this_app_passes():
	assert [str(p) for p in check_app(APP)] == []


def test_a_good_doctype_passes(tmp_path):
	assert messages(tmp_path, GOOD) == []


def test_invalid_json_is_reported(tmp_path):
	app = make_app(tmp_path, GOOD)
	(app / "service_desk" / "doctype" / "repair_job" / "repair_job.json").write_text("{not json")
	assert any("not valid JSON" in m for m in (p.message for p in check_app(app)))


CASES = [
	("fieldtype 'Textarea' does not exist", lambda d: field(d, "customer").update(fieldtype="Textarea")),
	("'Custmer' is not a DocType", lambda d: field(d, "customer").update(options="Custmer")),
	("Link needs options", lambda d: field(d, "customer").pop("options")),
	("'Customer' is not a child table", lambda d: field(d, "devices").update(options="Customer")),
	("no naming_series field", lambda d: d["fields"].pop(0)),
	("needs an amended_from field", lambda d: d["fields"].pop()),
	(
		"amended_from must be a Link to the DocType itself",
		lambda d: field(d, "amended_from").update(options="Customer"),
	),
	(
		"default 'Pending' is not one of the Select options",
		lambda d: field(d, "status").update(default="Pending"),
	),
	("must be snake_case", lambda d: field(d, "status").update(fieldname="Status")),
	(
		"appears more than once",
		lambda d: d["fields"].insert(2, {"fieldname": "customer", "fieldtype": "Data"}),
	),
	("reserved by Frappe", lambda d: d["fields"].insert(2, {"fieldname": "owner", "fieldtype": "Data"})),
	("title_field 'customer_name' is not a field", lambda d: d.update(title_field="customer_name")),
	("search_fields names 'city'", lambda d: d.update(search_fields="customer,city")),
	("autoname 'field:code'", lambda d: d.update(autoname="field:code")),
	(
		"cannot be mandatory",
		lambda d: d["fields"].insert(1, {"fieldname": "sb", "fieldtype": "Section Break", "reqd": 1}),
	),
	("mandatory and hidden without a default", lambda d: field(d, "customer").update(hidden=1)),
	(
		"fetch_from 'status.x' does not start with a Link field",
		lambda d: d["fields"].append({"fieldname": "x", "fieldtype": "Data", "fetch_from": "status.x"}),
	),
	("not submittable", lambda d: d.update(is_submittable=0) or d["fields"].pop()),
	("no permissions", lambda d: d.update(permissions=[])),
	("cancel without submit", lambda d: d["permissions"][0].pop("submit")),
	("module 'Warehouse Stuff' is not in modules.txt", lambda d: d.update(module="Warehouse Stuff")),
	(
		"Data options must be one of",
		lambda d: d["fields"].append({"fieldname": "mail", "fieldtype": "Data", "options": "E-mail"}),
	),
	(
		"Dynamic Link options must name a Link field",
		lambda d: d["fields"].append(
			{"fieldname": "party", "fieldtype": "Dynamic Link", "options": "party_type"}
		),
	),
]


@pytest.mark.parametrize("expected,change", CASES, ids=[c[0][:40] for c in CASES])
def test_each_kind_of_breakage_is_caught(tmp_path, expected, change):
	found = messages(tmp_path, broken(change))
	assert any(expected in m for m in found), found


def test_field_order_out_of_step_is_caught(tmp_path):
	doc = copy.deepcopy(GOOD)
	doc["field_order"] = list(reversed(doc["field_order"]))
	assert any("field_order" in m for m in messages(tmp_path, doc))


def test_folder_must_be_the_scrubbed_name(tmp_path):
	found = messages(tmp_path, GOOD, folder="repairjob")
	assert any("should be 'repair_job'" in m for m in found), found


def test_tree_doctype_needs_nested_set_fields(tmp_path):
	doc = broken(lambda d: d.update(is_tree=1, nsm_parent_field="parent_repair_job"))
	found = messages(tmp_path, doc)
	assert any("'lft'" in m for m in found)
	assert any("'parent_repair_job'" in m for m in found)


def test_standard_record_with_unknown_doctype_is_caught(tmp_path):
	app = make_app(tmp_path, GOOD)
	report = app / "service_desk" / "report" / "job_register"
	report.mkdir(parents=True)
	(report / "job_register.json").write_text(
		json.dumps(
			{
				"doctype": "Report",
				"name": "Job Register",
				"module": "Service Desk",
				"ref_doctype": "Repair Jobz",
			}
		)
	)
	assert any("ref_doctype 'Repair Jobz'" in p.message for p in check_app(app))
