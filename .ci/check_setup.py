"""After the app and ERPNext's setup wizard, in either order: one territory root, a consistent
nested set (every node inside its parent's lft/rgt), Iran a group holding the 31 provinces with
their area codes, the company-level setup done, and no Error Log entries.

<bench>/env/bin/python .ci/check_setup.py <bench> <site>
"""

import sys

from bench_site import connect

bench, site = sys.argv[1], sys.argv[2]
frappe = connect(bench, site)

problems = []
nodes = {
	t.name: t
	for t in frappe.get_all("Territory", fields=["name", "parent_territory", "lft", "rgt", "is_group"])
}
roots = [t.name for t in nodes.values() if not t.parent_territory]
if len(roots) != 1:
	problems.append(f"{len(roots)} territory roots: {roots}")
for node in nodes.values():
	parent = nodes.get(node.parent_territory)
	if node.lft >= node.rgt:
		problems.append(f"{node.name}: lft {node.lft} >= rgt {node.rgt}")
	if parent and not (parent.lft < node.lft and node.rgt < parent.rgt):
		problems.append(
			f"{node.name} ({node.lft}-{node.rgt}) lies outside its parent {parent.name} ({parent.lft}-{parent.rgt})"
		)
iran = nodes.get("Iran")
provinces = frappe.get_all(
	"Territory", {"parent_territory": "Iran", "phone_area_code": ("is", "set")}, pluck="name"
)
if not iran or not iran.is_group:
	problems.append("Iran is missing or not a group")
if len(provinces) != 31:
	problems.append(f"{len(provinces)} provinces with area codes under Iran, not 31")
settings = frappe.get_single("After Sales Settings")
if not settings.company or settings.country_territory != "Iran":
	problems.append(
		f"After Sales Settings incomplete: company={settings.company}, country={settings.country_territory}"
	)
if not settings.consignment_parent_warehouse or not settings.defective_parent_warehouse:
	problems.append("the agencies' warehouse groups were not made")
errors = frappe.get_all("Error Log", fields=["method", "error"], limit=5)
if errors:
	problems.append(
		"Error Log entries: " + "; ".join(f"{e.method}: {(e.error or '')[-300:]}" for e in errors)
	)

frappe.destroy()
if problems:
	print("\n".join(problems))
	sys.exit(1)
print(f"{site}: one root, {len(nodes)} territories consistent, 31 provinces, company set up, no errors")
