"""Static check of an app's DocType and standard-record JSON against Frappe v15's rules.

Catches, before a bench ever sees the app, what would make `install-app` or `migrate` fail or
leave a broken form. Runs without Frappe:

    python tools/check_doctypes.py [app_dir]     # exit status 1 when a problem is found
"""

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

FIELDTYPES = frozenset(
	(
		"Autocomplete", "Attach", "Attach Image", "Barcode", "Button", "Check", "Code", "Color",
		"Column Break", "Currency", "Data", "Date", "Datetime", "Duration", "Dynamic Link", "Float",
		"Fold", "Geolocation", "Heading", "HTML", "HTML Editor", "Icon", "Image", "Int", "JSON", "Link",
		"Long Text", "Markdown Editor", "Password", "Percent", "Phone", "Read Only", "Rating",
		"Section Break", "Select", "Signature", "Small Text", "Tab Break", "Table", "Table MultiSelect",
		"Text", "Text Editor", "Time",
	)
)  # fmt: skip
NO_VALUE = frozenset(
	(
		"Section Break",
		"Column Break",
		"Tab Break",
		"HTML",
		"Table",
		"Table MultiSelect",
		"Button",
		"Image",
		"Fold",
		"Heading",
	)
)
TABLES = frozenset(("Table", "Table MultiSelect"))
RESERVED = frozenset(
	(
		"doctype",
		"name",
		"owner",
		"creation",
		"modified",
		"modified_by",
		"docstatus",
		"idx",
		"parent",
		"parentfield",
		"parenttype",
		"meta",
		"flags",
		"parent_doc",
		"_user_tags",
		"_comments",
		"_assign",
		"_liked_by",
		"_seen",
	)
)
FIELDNAME = re.compile(r"^[a-z][a-z0-9_]*$")
DATA_OPTIONS = frozenset(("", "Email", "Name", "Phone", "URL", "Barcode", "IBAN"))
PERM_KEYS = ("read", "write", "create", "delete", "submit", "cancel", "amend")

# standard records: folder name -> (JSON "doctype", fields naming a DocType)
RECORD_TYPES = {
	"report": ("Report", ("ref_doctype",)),
	"print_format": ("Print Format", ("doc_type",)),
	"number_card": ("Number Card", ("document_type",)),
	"dashboard_chart": ("Dashboard Chart", ("document_type",)),
	"notification": ("Notification", ("document_type",)),
	"web_form": ("Web Form", ("doc_type",)),
	"workspace": ("Workspace", ()),
	"dashboard": ("Dashboard", ()),
	"page": ("Page", ()),
}


def scrub(name: str) -> str:
	return name.replace(" ", "_").replace("-", "_").lower()


@dataclass
class Problem:
	path: str
	message: str

	def __str__(self):
		return f"{self.path}: {self.message}"


@dataclass
class Platform:
	"""DocTypes that exist without this app (Frappe and ERPNext v15)."""

	doctypes: dict[str, dict] = field(default_factory=dict)

	@classmethod
	def load(cls, tsv: Path = HERE / "platform_doctypes.tsv") -> "Platform":
		doctypes = {}
		for line in tsv.read_text(encoding="utf-8").splitlines():
			if not line or line.startswith("#"):
				continue
			name, app, istable, issingle = line.split("\t")
			doctypes[name] = {"app": app, "istable": int(istable), "issingle": int(issingle)}
		return cls(doctypes)


def load_json(path: Path, problems: list[Problem]):
	try:
		return json.loads(path.read_text(encoding="utf-8"))
	except (OSError, ValueError) as e:
		problems.append(Problem(str(path), f"not valid JSON: {e}"))
		return None


def find_doctype_files(app_dir: Path) -> Iterable[Path]:
	yield from sorted(app_dir.glob("*/doctype/*/*.json"))


def check_app(app_dir: Path, platform: Platform | None = None) -> list[Problem]:
	"""Every problem found in the app at `app_dir` (the package folder holding modules.txt)."""
	platform = platform or Platform.load()
	problems: list[Problem] = []
	modules_txt = app_dir / "modules.txt"
	modules = [m.strip() for m in modules_txt.read_text(encoding="utf-8").splitlines() if m.strip()]
	module_folders = {scrub(m): m for m in modules}

	docs: dict[str, tuple[Path, dict]] = {}
	for path in find_doctype_files(app_dir):
		if path.stem != path.parent.name:
			continue  # other JSON beside a DocType (fixtures, test records)
		doc = load_json(path, problems)
		if doc is None or doc.get("doctype") != "DocType":
			continue
		docs[doc.get("name", "")] = (path, doc)

	known = dict(platform.doctypes)
	for name, (_path, doc) in docs.items():
		known[name] = {"app": "self", "istable": doc.get("istable", 0), "issingle": doc.get("issingle", 0)}

	for path, doc in docs.values():
		problems.extend(check_doctype(path, doc, known, module_folders, app_dir))

	problems.extend(check_records(app_dir, known, module_folders))
	return problems


def check_doctype(path: Path, doc: dict, known: dict, module_folders: dict, app_dir: Path) -> list[Problem]:
	out: list[Problem] = []
	rel = str(path.relative_to(app_dir.parent))

	def bad(message):
		out.append(Problem(rel, message))

	name = doc.get("name") or ""
	if not name or name != name.strip():
		bad("DocType name is empty or has surrounding spaces")
	if path.parent.name != scrub(name):
		bad(f"folder {path.parent.name!r} should be {scrub(name)!r} (the scrubbed DocType name)")
	module = doc.get("module")
	if module not in module_folders.values():
		bad(f"module {module!r} is not in modules.txt")
	elif path.parent.parent.parent.name != scrub(module):
		bad(f"DocType of module {module!r} must live under {scrub(module)}/doctype/")

	fields = doc.get("fields") or []
	by_name: dict[str, dict] = {}
	for index, df in enumerate(fields, start=1):
		fieldname = df.get("fieldname") or ""
		fieldtype = df.get("fieldtype") or ""
		where = f"field {index} ({fieldname or '?'})"
		if not FIELDNAME.match(fieldname):
			bad(f"{where}: fieldname must be snake_case (a-z, 0-9, _), starting with a letter")
		elif len(fieldname) > 64:
			bad(f"{where}: fieldname longer than 64 characters")
		if fieldname in RESERVED:
			bad(f"{where}: {fieldname!r} is reserved by Frappe")
		if fieldname in by_name:
			bad(f"{where}: fieldname {fieldname!r} appears more than once")
		by_name[fieldname] = df
		if fieldtype not in FIELDTYPES:
			bad(f"{where}: fieldtype {fieldtype!r} does not exist in Frappe v15")
			continue
		options = (df.get("options") or "").strip()
		if fieldtype in ("Link", *TABLES):
			if not options:
				bad(f"{where}: {fieldtype} needs options naming a DocType")
			elif options not in known:
				bad(
					f"{where}: {fieldtype} options {options!r} is not a DocType of Frappe, ERPNext or this app"
				)
			elif fieldtype in TABLES and not known[options]["istable"]:
				bad(f"{where}: {fieldtype} options {options!r} is not a child table (istable)")
			elif fieldtype == "Link" and known[options]["istable"]:
				bad(f"{where}: Link to child table {options!r}")
		if fieldtype == "Data" and options not in DATA_OPTIONS:
			bad(f"{where}: Data options must be one of {sorted(DATA_OPTIONS - {''})}")
		if fieldtype == "Select" and "default" in df and df["default"] not in (None, ""):
			choices = [c for c in (df.get("options") or "").split("\n")]
			if str(df["default"]) not in choices:
				bad(f"{where}: default {df['default']!r} is not one of the Select options")
		if fieldtype in NO_VALUE and fieldtype not in TABLES and df.get("reqd"):
			bad(f"{where}: a {fieldtype} cannot be mandatory")
		if df.get("reqd") and df.get("hidden") and not df.get("default"):
			bad(f"{where}: mandatory and hidden without a default: nobody could fill it in")
		if df.get("unique") and fieldtype in ("Text", "Small Text", "Long Text", "Text Editor", "Code"):
			bad(f"{where}: unique is not allowed on long text fields")

	field_order = doc.get("field_order")
	if field_order is not None and field_order != [f.get("fieldname") for f in fields]:
		bad("field_order does not match the order of fields")

	for index, df in enumerate(fields, start=1):
		fieldname = df.get("fieldname") or ""
		if df.get("fieldtype") == "Dynamic Link":
			target = by_name.get(df.get("options") or "")
			if not target or target.get("fieldtype") not in ("Link", "Select", "Data"):
				bad(
					f"field {index} ({fieldname}): Dynamic Link options must name a Link field to DocType in this DocType"
				)
		fetch_from = df.get("fetch_from") or ""
		if fetch_from:
			link_field = fetch_from.split(".")[0]
			if by_name.get(link_field, {}).get("fieldtype") not in ("Link", "Dynamic Link"):
				bad(
					f"field {index} ({fieldname}): fetch_from {fetch_from!r} does not start with a Link field"
				)

	autoname = (doc.get("autoname") or "").strip()
	if autoname.startswith("field:") and autoname[6:] not in by_name:
		bad(f"autoname {autoname!r} names a field that does not exist")
	if autoname.lower().startswith("naming_series:"):
		series = by_name.get("naming_series")
		if not series:
			bad("autoname uses naming_series: but there is no naming_series field")
		elif series.get("fieldtype") != "Select" or not (series.get("options") or "").strip():
			bad("naming_series must be a Select field with at least one series in options")

	if doc.get("is_submittable"):
		amended = by_name.get("amended_from")
		if not amended:
			bad("submittable DocType needs an amended_from field (Link to itself, read only, no copy)")
		elif amended.get("fieldtype") != "Link" or amended.get("options") != name:
			bad("amended_from must be a Link to the DocType itself")
		elif not amended.get("read_only") or not amended.get("no_copy"):
			bad("amended_from must be read only and no copy")

	if doc.get("is_tree"):
		parent_field = doc.get("nsm_parent_field") or f"parent_{scrub(name)}"
		for required, fieldtype in (
			(parent_field, "Link"),
			("lft", "Int"),
			("rgt", "Int"),
			("is_group", "Check"),
			("old_parent", "Link"),
		):
			if by_name.get(required, {}).get("fieldtype") != fieldtype:
				bad(f"tree DocType needs a {fieldtype} field {required!r}")

	for prop in ("title_field", "image_field", "timeline_field", "sender_field", "subject_field"):
		value = doc.get(prop)
		if value and value not in by_name:
			bad(f"{prop} {value!r} is not a field")
	for fieldname in (doc.get("search_fields") or "").split(","):
		fieldname = fieldname.strip()
		if fieldname and fieldname not in by_name and fieldname != "name":
			bad(f"search_fields names {fieldname!r}, which is not a field")
	sort_field = doc.get("sort_field")
	if sort_field and sort_field not in by_name and sort_field not in ("modified", "creation", "name", "idx"):
		bad(f"sort_field {sort_field!r} is not a field")

	if doc.get("istable"):
		if doc.get("permissions"):
			bad("a child table must not have permissions of its own")
	elif not doc.get("permissions"):
		bad("no permissions: nobody but Administrator could use it")
	for perm in doc.get("permissions") or []:
		role = perm.get("role")
		if not role:
			bad("a permission row without a role")
			continue
		if not any(perm.get(k) for k in (*PERM_KEYS, "select", "report")):
			bad(f"permission for {role!r} grants nothing")
		if (perm.get("submit") or perm.get("cancel") or perm.get("amend")) and not doc.get("is_submittable"):
			bad(f"permission for {role!r} has submit/cancel/amend on a DocType that is not submittable")
		if perm.get("cancel") and not perm.get("submit"):
			bad(f"permission for {role!r}: cancel without submit")
		if (perm.get("submit") or perm.get("amend")) and not perm.get("write"):
			bad(f"permission for {role!r}: submit/amend without write")

	if not (path.parent / f"{path.stem}.py").exists():
		bad(f"controller {path.stem}.py is missing")
	if not (path.parent / "__init__.py").exists():
		bad("__init__.py is missing in the DocType folder")
	return out


def check_records(app_dir: Path, known: dict, module_folders: dict) -> list[Problem]:
	out: list[Problem] = []
	for module_folder in module_folders:
		for folder, (record_doctype, link_fields) in RECORD_TYPES.items():
			for path in sorted((app_dir / module_folder / folder).glob("*/*.json")):
				if path.stem != path.parent.name:
					continue
				rel = str(path.relative_to(app_dir.parent))
				doc = load_json(path, out)
				if doc is None:
					continue
				if doc.get("doctype") != record_doctype:
					out.append(Problem(rel, f"a {folder} record must have doctype {record_doctype!r}"))
				if doc.get("module") and scrub(doc["module"]) != module_folder:
					out.append(
						Problem(rel, f"module {doc['module']!r} does not match its folder {module_folder!r}")
					)
				if scrub(doc.get("name") or "") != path.parent.name:
					out.append(Problem(rel, "folder name is not the scrubbed record name"))
				for link_field in link_fields:
					target = doc.get(link_field)
					if target and target not in known:
						out.append(Problem(rel, f"{link_field} {target!r} is not a DocType"))
	return out


def main(argv: list[str]) -> int:
	root = Path(argv[1]) if len(argv) > 1 else HERE.parent
	app_dir = root / "zhira_after_sales" if (root / "zhira_after_sales" / "modules.txt").exists() else root
	problems = check_app(app_dir)
	for problem in problems:
		print(problem)
	count = len(list(find_doctype_files(app_dir)))
	print(f"checked {count} DocType files: {len(problems)} problem(s)")
	return 1 if problems else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
