"""What people typed into a text field, made ready for an HTML page.

Frappe sanitises a value that looks like HTML when it saves it (frappe.utils.html_utils
.sanitize_html, for every field but Code and the like): tags it refuses become text
(`<script>` is stored as `&lt;script&gt;`), `&` becomes `&amp;`, and the tags it allows stay tags -
`<b>`, `<a href>`, `<form action>`, `<style>`, `<link>`. A page that escapes such a value shows the
reader `&lt;script&gt;`; a page that prints it as it is lets another party's `<form>` or `<style>`
act in the reader's page. Text without `<` or `>` is not sanitised at all, so a quote in it breaks
out of an HTML attribute unless escaped.

    typed(value) -> Markup                the text as it was typed (entities undone), escaped once
    typed_fields(record, *fields)         the same for fields of a dict or a Document, in place

A Markup is escaped already: Jinja's `| e` leaves it as it is, and printed without `| e` it is still
text, so a template can get it wrong neither way. Use it for what a page shows, never for what it
puts in a URL or a script (`| urlencode`, `| tojson` of a Markup carry the escaped text).
"""

import html

from markupsafe import Markup, escape


def typed(value) -> Markup:
	if value is None:
		return Markup("")
	return escape(html.unescape(str(value)))


def typed_fields(record, *fields: str):
	"""Each of `fields` of `record` (a dict or a Document) that holds text made typed(); returns
	`record`."""
	if record is None:
		return record
	for field in fields:
		value = record.get(field)
		if not isinstance(value, str):
			continue
		if isinstance(record, dict):
			record[field] = typed(value)
		else:
			setattr(record, field, typed(value))
	return record


def plain(value) -> str:
	"""The text as it was typed, unescaped: for a URL or a script, which escape it their own way."""
	return html.unescape(str(value)) if value is not None else ""
