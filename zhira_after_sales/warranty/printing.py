"""Jinja helpers for the warranty card print formats (registered in hooks.py `jinja`).

    <img src="{{ warranty_qr_code(doc) }}">          a PNG data URI: wkhtmltopdf needs no network
    {{ warranty_verification_url(doc) }}             https://<site>/warranty?serial=...&card=...
    {{ doc.item_name | bidi_safe }}                  Persian text with numbers, safe for wkhtmltopdf

wkhtmltopdf (Qt WebKit without the patched Qt) lays out right-to-left text badly in two ways, both
checked by rendering to PDF: a run of digits inside Persian text in a table cell prints on top of
the words ("آبگرمکن ۵۰ لیتری"), and a right-aligned Persian line that ends in a Latin full stop is
pushed past its box by a few characters. `bidi_safe` wraps every number in a left-to-right embedding
and every run of Latin punctuation in a span of its own, which avoids both. The print formats also
reset Frappe's `text-rendering: optimizeLegibility`, which garbles Persian in the same engine.
"""

import re
from html import unescape

import pyqrcode
from markupsafe import Markup, escape

from zhira_after_sales.warranty.api import verification_url

NUMBER = re.compile(r"[0-9۰-۹٠-٩]+(?:[/.,:\-][0-9۰-۹٠-٩]+)*")
PUNCTUATION = re.compile(r"[.!?:;,]+")
KEEP = re.compile(r"(<[^>]+>|&#?[A-Za-z0-9]+;)")  # tags and entities keep their digits
NUMBER_SPAN = '<span style="unicode-bidi: embed; direction: ltr;">{}</span>'


def warranty_verification_url(doc) -> str:
	return verification_url(doc.serial_no, doc.name)


def warranty_qr_code(doc, scale: int = 4) -> str:
	"""The card's public verification URL as a QR code (error correction M, quiet zone 4)."""
	code = pyqrcode.create(warranty_verification_url(doc), error="M")
	return "data:image/png;base64," + code.png_as_base64_str(scale=scale, quiet_zone=4)


def bidi_safe(value, html: bool = False) -> Markup:
	"""Escape `value` (or, with html=True, keep its tags) and wrap each number in a
	left-to-right embedding. Text is shown as it was typed: Frappe stores typed text that looks like
	HTML with its refused tags escaped (`&lt;script&gt;`), which is undone before escaping once."""
	text = "" if value is None else str(value)
	if not html:
		text = str(escape(unescape(text)))
	return Markup("".join(part if KEEP.fullmatch(part) else _wrap_numbers(part) for part in KEEP.split(text)))


def print_terms(html: str | None, persian_numbers: bool = True) -> Markup:
	"""A plan's terms (Text Editor HTML) ready for wkhtmltopdf: lists become two-column tables
	(Qt misplaces list markers in right-to-left text) and numbers are wrapped as in `bidi_safe`."""
	from bs4 import BeautifulSoup

	from zhira_after_sales.utils.text import to_persian_digits

	soup = BeautifulSoup(html or "", "html.parser")
	for listing in soup.find_all(["ol", "ul"]):
		table = soup.new_tag("table", attrs={"class": "zwc-list"})
		for number, item in enumerate(listing.find_all("li", recursive=False), 1):
			marker = f"{number}." if listing.name == "ol" else "•"
			row = soup.new_tag("tr")
			cell = soup.new_tag("td", attrs={"class": "zwc-list-marker", "width": "28", "nowrap": "nowrap"})
			cell.string = to_persian_digits(marker) if persian_numbers else marker
			body = soup.new_tag("td")
			for child in list(item.contents):
				body.append(child.extract())
			row.append(cell)
			row.append(body)
			table.append(row)
		listing.replace_with(table)
	return bidi_safe(str(soup), html=True)


def _wrap_numbers(text: str) -> str:
	"""Numbers into a left-to-right embedding; Latin punctuation (a sentence's final full stop
	pushes the whole right-aligned line past its box) into a span of its own."""
	out, last = [], 0
	for match in NUMBER.finditer(text):
		out.append(PUNCTUATION.sub(lambda m: f"<span>{m.group(0)}</span>", text[last : match.start()]))
		out.append(NUMBER_SPAN.format(match.group(0)))
		last = match.end()
	out.append(PUNCTUATION.sub(lambda m: f"<span>{m.group(0)}</span>", text[last:]))
	return "".join(out)
