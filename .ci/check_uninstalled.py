"""After `bench uninstall-app zhira_after_sales`: nothing the app installed may remain.

<bench>/env/bin/python .ci/check_uninstalled.py <bench> <site>
"""

import sys

from bench_site import connect

bench, site = sys.argv[1], sys.argv[2]
frappe = connect(bench, site)

MODULES = ("After Sales Setup", "Service Desk", "Warranty", "Agency", "Customer Care", "Messaging")
ROLES = ("After Sales Manager", "Reception Operator", "Service Agency", "Service Technician")
problems = []
if "zhira_after_sales" in frappe.get_installed_apps():
	problems.append("still listed in installed apps")
for module in MODULES:
	if frappe.db.exists("Module Def", module):
		problems.append(f"Module Def {module} remains")
	doctypes = frappe.get_all("DocType", {"module": module}, pluck="name")
	if doctypes:
		problems.append(f"DocTypes of {module} remain: {doctypes}")
for table in ("tabService Agency", "tabService Status", "tabService Rate"):
	if frappe.db.sql("show tables like %s", table):
		problems.append(f"table {table} remains")
fields = frappe.get_all(
	"Custom Field",
	{"dt": "Territory", "fieldname": ("in", ("phone_area_code", "default_service_agency"))},
	pluck="name",
)
if fields:
	problems.append(f"custom fields remain: {fields}")
if frappe.get_all("Custom Field", {"dt": "User", "fieldname": "zhira_calendar"}, pluck="name"):
	problems.append("custom field User.zhira_calendar remains")
if frappe.get_meta("User").has_field("zhira_calendar"):
	problems.append("User meta still has zhira_calendar")
if frappe.db.has_column("Territory", "phone_area_code") and frappe.get_meta("Territory").has_field(
	"phone_area_code"
):
	problems.append("Territory meta still has phone_area_code")
for role in ROLES:
	if frappe.db.exists("Role", role):
		problems.append(f"role {role} remains")
if frappe.db.has_column("Territory", "default_service_agency"):
	stale = frappe.db.sql("select count(*) from tabTerritory where ifnull(default_service_agency, '') != ''")[
		0
	][0]
	if stale:
		problems.append(f"{stale} territories still name a (dropped) Service Agency as their default")
own_doctypes = ("Complaint", "Service Ticket", "Service Reception", "Service Invoice", "Warranty Card")
for doctype, field in (("Custom Field", "dt"), ("Property Setter", "doc_type")):
	rows = frappe.get_all(doctype, {field: ("in", own_doctypes)}, pluck="name")
	if rows:
		problems.append(f"{len(rows)} {doctype} row(s) of the dropped DocTypes remain: {rows[:6]}")
orphans = frappe.db.sql(
	"""select count(*) from `tabWorkflow Action Permitted Role` where role in %s
	and parent not in (select name from `tabWorkflow Action`)""",
	[ROLES],
)[0][0]
if orphans:
	problems.append(
		f"{orphans} Workflow Action Permitted Role row(s) of deleted actions name the app's roles"
	)
# the caller-lookup indexes on ERPNext's fields (setup/erpnext_indexes.py): a fresh ERPNext site
# has neither these indexes nor search_index Property Setters on the fields
for doctype, column in (("Customer", "mobile_no"), ("Contact", "mobile_no"), ("Contact Phone", "phone")):
	if frappe.db.get_column_index(f"tab{doctype}", column, unique=False):
		problems.append(f"an index on {doctype}.{column} remains")
	if frappe.db.exists(
		"Property Setter", {"doc_type": doctype, "field_name": column, "property": "search_index"}
	):
		problems.append(f"a search_index Property Setter on {doctype}.{column} remains")
if frappe.db.exists("Workflow", "Service Invoice Approval"):
	problems.append("the Service Invoice Approval workflow remains")
workflow_actions = frappe.db.count("Workflow Action", {"reference_doctype": "Service Invoice"})
if workflow_actions:
	problems.append(f"{workflow_actions} Workflow Action(s) of Service Invoices remain")
searchable = frappe.get_all(
	"Global Search DocType",
	{"parent": "Global Search Settings", "document_type": ("in", ("Service Reception", "Customer Device"))},
	pluck="document_type",
)
if searchable:
	problems.append(f"still in Global Search Settings: {searchable}")
leftover_perms = frappe.get_all(
	"Custom DocPerm",
	{
		"parent": (
			"in",
			("Item", "Territory", "Customer", "Serial No", "Bin", "Stock Ledger Entry", "Warehouse Type"),
		)
	},
	["parent", "role"],
)
if leftover_perms:
	problems.append(f"Custom DocPerm rows remain (a fresh site has none): {leftover_perms}")


def linked_from(doctype: str, name: str) -> list[str]:
	"""DocTypes whose records still link to `name` (uninstall keeps territories in use, e.g. by the
	demo's customers and delivery notes)."""
	fields = frappe.get_all("DocField", {"fieldtype": "Link", "options": doctype}, ["parent", "fieldname"])
	fields += frappe.get_all(
		"Custom Field", {"fieldtype": "Link", "options": doctype}, ["dt as parent", "fieldname"]
	)
	users = []
	for field in fields:
		if frappe.get_meta(field.parent).issingle or not frappe.db.table_exists(field.parent):
			continue
		if frappe.db.exists(field.parent, {field.fieldname: name}):
			users.append(field.parent)
	return sorted(set(users))


provinces = frappe.get_all(
	"Territory", {"parent_territory": "Iran", "name": ("in", ("تهران", "اصفهان", "فارس"))}, pluck="name"
)
unused = [p for p in provinces if not linked_from("Territory", p)]
if unused:
	problems.append(f"province territories nothing uses remain: {unused}")

frappe.destroy()
for problem in problems:
	print(problem)
print("clean" if not problems else f"{len(problems)} leftover(s)")
sys.exit(1 if problems else 0)
