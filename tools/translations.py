"""The app's Persian catalogue: find every user-facing string and check that fa.po translates it.

    python tools/translations.py check    # exit 1 and list what is missing or untranslated
    python tools/translations.py update   # add missing msgids (empty msgstr) to fa.po, write main.pot

Strings come from `_()` in Python and Jinja, `__()` in JavaScript, DocType JSON and the custom
fields of setup/custom_fields.py (names, labels, descriptions, Select options), standard records
(reports, workspaces, number cards, charts), modules.txt and the roles the app creates. Frappe
compiles locale/fa.po into a .mo on `bench build` (or `bench compile-po-to-mo --app zhira_after_sales`).
"""

import ast
import json
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "zhira_after_sales"
PO = APP / "locale" / "fa.po"
POT = APP / "locale" / "main.pot"

JS_CALL = re.compile(r"""__\(\s*(?P<q>["'`])(?P<text>(?:\\.|(?!(?P=q)).)*?)(?P=q)\s*[,)]""", re.S)
JINJA_CALL = re.compile(r"""_\(\s*(?P<q>["'])(?P<text>(?:\\.|(?!(?P=q)).)*?)(?P=q)\s*[,)]""", re.S)
LATIN = re.compile(r"[A-Za-z]")
DOCTYPE_TEXT_KEYS = ("label", "description")
RECORD_TEXT_KEYS = ("label", "title", "report_name", "chart_name", "description", "heading", "format")
SKIP_DIRS = {"node_modules", "dist", "__pycache__", "locale"}


def wanted(text: str) -> bool:
	"""Only strings with Latin letters need a Persian translation (Persian base data is already
	Persian)."""
	return bool(text and text.strip() and LATIN.search(text))


def files(pattern: str):
	for path in sorted(APP.rglob(pattern)):
		if not SKIP_DIRS.intersection(path.parts):
			yield path


def from_python(path: Path) -> set[str]:
	found = set()
	tree = ast.parse(path.read_text(encoding="utf-8"))
	for node in ast.walk(tree):
		if not isinstance(node, ast.Call) or not node.args:
			continue
		func = node.func
		name = (
			func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
		)
		if (
			name in ("_", "_lt")
			and isinstance(node.args[0], ast.Constant)
			and isinstance(node.args[0].value, str)
		):
			found.add(node.args[0].value)
	return found


def _unescape(text: str) -> str:
	return text.replace("\\'", "'").replace('\\"', '"').replace("\\n", "\n")


def from_js(path: Path) -> set[str]:
	return {
		_unescape(m.group("text"))
		for m in JS_CALL.finditer(path.read_text(encoding="utf-8"))
		if "${" not in m.group("text")
	}


def from_jinja(path: Path) -> set[str]:
	return {_unescape(m.group("text")) for m in JINJA_CALL.finditer(path.read_text(encoding="utf-8"))}


def from_doctype(doc: dict) -> set[str]:
	found = {doc.get("name", ""), doc.get("description") or ""}
	for df in doc.get("fields", []):
		for key in DOCTYPE_TEXT_KEYS:
			found.add(df.get(key) or "")
		if df.get("fieldtype") == "Select" and df.get("fieldname") != "naming_series":
			found.update((df.get("options") or "").split("\n"))
	return found


def from_record(doc: dict) -> set[str]:
	found = set()

	def walk(value):
		if isinstance(value, dict):
			for key, item in value.items():
				if key in RECORD_TEXT_KEYS and isinstance(item, str):
					found.add(item)
				else:
					walk(item)
		elif isinstance(value, list):
			for item in value:
				walk(item)

	walk(doc)
	if doc.get("doctype") == "Workspace" and doc.get("content"):
		for block in json.loads(doc["content"]):
			text = (block.get("data") or {}).get("text") or ""
			found.add(re.sub(r"<[^>]+>", "", text).strip())
	return found


def extract() -> set[str]:
	messages: set[str] = set()
	for path in files("*.py"):
		messages |= from_python(path)
	for path in files("*.js"):
		messages |= from_js(path)
	for path in files("*.html"):
		messages |= from_jinja(path)
	for path in files("*.json"):
		try:
			doc = json.loads(path.read_text(encoding="utf-8"))
		except ValueError:
			continue
		if not isinstance(doc, dict):
			continue
		if doc.get("doctype") == "DocType" and path.stem == path.parent.name:
			messages |= from_doctype(doc)
		elif doc.get("doctype") and path.stem == path.parent.name:
			messages |= from_record(doc)
	messages |= {m.strip() for m in (APP / "modules.txt").read_text(encoding="utf-8").splitlines()}
	sys.path.insert(0, str(ROOT))
	from zhira_after_sales.setup.custom_fields import get_custom_fields
	from zhira_after_sales.setup.default_data import ROLES

	messages |= {role for role, _desk in ROLES}
	for fields in get_custom_fields().values():
		for df in fields:
			messages |= from_doctype({"fields": [df]})
	return {m for m in messages if wanted(m)}


def new_catalog(locale: str | None = None) -> Catalog:
	return Catalog(
		locale=locale,
		project="Zhira After Sales",
		copyright_holder="Zhira After-Sales contributors",
		msgid_bugs_address="dev@zhira.example",
		fuzzy=False,
	)


def load_catalog() -> Catalog:
	if not PO.exists():
		return new_catalog("fa")
	with PO.open("rb") as f:
		return read_po(f)


def problems() -> tuple[list[str], list[str]]:
	catalog = load_catalog()
	missing, untranslated = [], []
	for message in sorted(extract()):
		entry = catalog.get(message)
		if entry is None:
			missing.append(message)
		elif not entry.string:
			untranslated.append(message)
	return missing, untranslated


def write(catalog: Catalog, path: Path):
	catalog.fuzzy = False
	path.parent.mkdir(parents=True, exist_ok=True)
	with path.open("wb") as f:
		write_po(f, catalog, width=0, sort_output=True, omit_header=False)


def update():
	catalog = load_catalog()
	messages = extract()
	for message in sorted(messages):
		if catalog.get(message) is None:
			catalog.add(message, "")
	write(catalog, PO)
	template = new_catalog()
	for message in sorted(messages):
		template.add(message)
	write(template, POT)
	print(f"{len(messages)} messages; catalogue at {PO.relative_to(ROOT)}")


def main(argv):
	command = argv[1] if len(argv) > 1 else "check"
	if command == "update":
		update()
		return 0
	missing, untranslated = problems()
	for message in missing:
		print(f"missing from fa.po: {message!r}")
	for message in untranslated:
		print(f"not translated: {message!r}")
	print(f"{len(extract())} messages: {len(missing)} missing, {len(untranslated)} untranslated")
	return 1 if missing or untranslated else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
