"""Checking JSON values against the schemas of an OpenAPI 3.0 document, for tests that hold the
app's documented APIs to the real endpoints (jsonschema is not in the bench's environment, and an
OpenAPI 3.0 schema is not quite JSON Schema: `nullable`, `$ref` to components).

Only the keywords the app's documents use are understood: type, properties, required, items, enum,
nullable, additionalProperties (false), format (date-time, uuid; binary for uploads), maxLength, $ref, and the
annotations description and example. Any other keyword is an error, so a schema is never passed
by a check that ignored part of it.

    errors(value, schema, document) -> list of "where: what is wrong" (empty when it conforms)
"""

import datetime
import uuid

KEYWORDS = {
	"type",
	"properties",
	"required",
	"items",
	"enum",
	"nullable",
	"additionalProperties",
	"format",
	"maxLength",
	"$ref",
	"description",
	"example",
}
TYPES = {
	"object": lambda v: isinstance(v, dict),
	"array": lambda v: isinstance(v, list),
	"string": lambda v: isinstance(v, str),
	"integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
	"number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
	"boolean": lambda v: isinstance(v, bool),
}


def resolve(schema: dict, document: dict) -> dict:
	"""The schema a `$ref` ("#/components/schemas/Name") points to; other schemas as they are."""
	while "$ref" in schema:
		reference = schema["$ref"]
		if not reference.startswith("#/"):
			raise ValueError(f"only local references are supported: {reference}")
		target = document
		for part in reference[2:].split("/"):
			target = target[part]
		schema = target
	return schema


def _format_error(value: str, fmt: str) -> str | None:
	try:
		if fmt == "date-time":
			datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
		elif fmt == "uuid":
			uuid.UUID(value)
		elif fmt != "binary":
			return f"unknown format {fmt}"
	except ValueError:
		return f"{value!r} is not a {fmt}"
	return None


def errors(value, schema: dict, document: dict, where: str = "$") -> list[str]:
	schema = resolve(schema, document)
	unknown = set(schema) - KEYWORDS
	if unknown:
		raise ValueError(f"{where}: schema keywords this checker does not know: {sorted(unknown)}")
	if value is None:
		return [] if schema.get("nullable") else [f"{where}: null, but the schema is not nullable"]
	found = []
	kind = schema.get("type")
	if kind:
		if kind not in TYPES:
			raise ValueError(f"{where}: unknown type {kind}")
		if not TYPES[kind](value):
			return [f"{where}: {type(value).__name__} {value!r:.80}, expected {kind}"]
	if "enum" in schema and value not in schema["enum"]:
		found.append(f"{where}: {value!r} is not one of {schema['enum']}")
	if "format" in schema and isinstance(value, str):
		problem = _format_error(value, schema["format"])
		if problem:
			found.append(f"{where}: {problem}")
	if "maxLength" in schema and isinstance(value, str) and len(value) > schema["maxLength"]:
		found.append(f"{where}: {len(value)} characters, at most {schema['maxLength']}")
	if isinstance(value, dict):
		properties = schema.get("properties", {})
		for key in schema.get("required", []):
			if key not in value:
				found.append(f"{where}: required key {key!r} is missing")
		for key, item in value.items():
			if key in properties:
				found.extend(errors(item, properties[key], document, f"{where}.{key}"))
			elif schema.get("additionalProperties") is False:
				found.append(f"{where}: key {key!r} is not documented")
	if isinstance(value, list) and "items" in schema:
		for index, item in enumerate(value):
			found.extend(errors(item, schema["items"], document, f"{where}[{index}]"))
	return found


def schemas_in(document: dict):
	"""Every schema object of the document (components and inline), for checking their keywords."""

	def walk(node, inside_schema=False):
		if isinstance(node, dict):
			if inside_schema:
				yield node
			for key, child in node.items():
				if key in ("schema", "items"):
					yield from walk(child, True)
				elif key in ("properties",) and inside_schema:
					for sub in child.values():
						yield from walk(sub, True)
				elif key == "schemas" and not inside_schema:
					for sub in child.values():
						yield from walk(sub, True)
				elif not inside_schema:
					yield from walk(child, False)
		elif isinstance(node, list) and not inside_schema:
			for child in node:
				yield from walk(child, False)

	yield from walk(document)
