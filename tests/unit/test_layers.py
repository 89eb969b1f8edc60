"""The app's layers (docs/architecture.md): a package imports only packages of a lower layer, so
the import structure has no circles and messaging, warranty and utils never reach up into
service_desk, agency or customer_care. Read from the source with `ast`, imports inside functions
included; tests, benchmarks and patches are not part of the layering."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "zhira_after_sales"

# lower number, lower layer
LAYER = {
	# plain rules and shared constants
	"utils": 0,
	"exceptions": 0,
	"consts": 0,
	# platform adapters: who a portal user is, what Frappe's own endpoints are replaced with
	"access": 1,
	"overrides": 2,
	# DocTypes and their services, by business area
	"after_sales_setup": 3,
	"messaging": 4,
	"warranty": 5,
	"service_desk": 6,
	"agency": 7,
	"customer_care": 8,
	# entry points
	"api": 9,
	"www": 9,
	"tasks": 9,
	"events": 9,
	"commands": 9,  # bench commands (the national data generator)
	# installing, demo data and wiring
	"setup": 10,
	"demo": 11,  # the old path of setup.demo, kept for `bench execute zhira_after_sales.demo.setup`
	"hooks": 11,
}
OUTSIDE = {"tests", "benchmarks", "patches", "public", "templates", "locale", "config"}


def package_of(module: str) -> str | None:
	parts = module.split(".")
	if parts[0] != "zhira_after_sales" or len(parts) < 2:
		return None
	return parts[1]


def source_files():
	for path in sorted(APP.rglob("*.py")):
		relative = path.relative_to(APP)
		top = relative.parts[0].removesuffix(".py")
		if top in OUTSIDE or path.name.startswith("test_") or "tests" in relative.parts:
			continue
		yield top, path


def imports_of(path: Path):
	tree = ast.parse(path.read_text(), str(path))
	for node in ast.walk(tree):
		if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
			yield node.lineno, node.module
		elif isinstance(node, ast.Import):
			for alias in node.names:
				yield node.lineno, alias.name


def test_every_package_has_a_layer():
	tops = {top for top, _path in source_files()} - {"__init__"}
	assert tops <= set(LAYER), (
		f"packages without a layer in this test and docs/architecture.md: {tops - set(LAYER)}"
	)


def violations():
	found = []
	for top, path in source_files():
		if top == "__init__":
			continue
		for line, module in imports_of(path):
			target = package_of(module)
			if target is None or target == top or target in OUTSIDE:
				continue
			if LAYER.get(target, 99) >= LAYER[top] and not (LAYER[top] == 0 and LAYER.get(target) == 0):
				found.append(
					f"{path.relative_to(APP.parent)}:{line} imports {module} ({top} may not import {target})"
				)
	return found


def test_no_package_imports_a_higher_or_equal_layer():
	assert violations() == []


@pytest.mark.parametrize("lower", ["messaging", "warranty", "utils"])
def test_lower_layers_never_reach_business_modules(lower):
	reaching = [
		v
		for v in violations()
		if f"({lower} may not import" in v
		and any(f"import {b})" in v for b in ("service_desk", "agency", "customer_care"))
	]
	assert reaching == []
