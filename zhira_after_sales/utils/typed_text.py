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
    disarm_tags(doc, method=None)         before a save (doc_events): no tag stays a tag in the
                                          plain-text fields of the document and its rows

Frappe's own print format ("Standard") and its desk show a plain-text field's value as the HTML
Frappe stored, so a customer's `<form>`, `<style>` or `<link>` would act in head office's print
preview; `disarm_tags` stores such tags escaped, as Frappe already stores the tags it refuses.

A Markup is escaped already: Jinja's `| e` leaves it as it is, and printed without `| e` it is still
text, so a template can get it wrong neither way. Use it for what a page shows, never for what it
puts in a URL or a script (`| urlencode`, `| tojson` of a Markup carry the escaped text).
"""

import html

from markupsafe import Markup, escape

# fields people type plain text into (Text Editor, HTML Editor, Code and the like hold markup)
PLAIN_TEXT_FIELDTYPES = ("Data", "Small Text", "Text", "Long Text")


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


def has_tag(value: str) -> bool:
	"""Whether Frappe's sanitiser would see HTML in `value` (its own test: a tag that parses)."""
	if "<" not in value or ">" not in value:
		return False
	from bs4 import BeautifulSoup

	return BeautifulSoup(value, "html.parser").find() is not None


def disarm_tags(doc, method=None):
	"""Plain-text fields of `doc` and its child rows that hold a tag are stored escaped: the
	text reads the same wherever it is shown as text, and no tag of it acts as HTML."""
	for record in (doc, *doc.get_all_children()):
		for df in record.meta.fields:
			if df.fieldtype not in PLAIN_TEXT_FIELDTYPES:
				continue
			value = record.get(df.fieldname)
			if isinstance(value, str) and has_tag(value):
				record.set(df.fieldname, html.escape(html.unescape(value), quote=False))
